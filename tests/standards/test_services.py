"""The checklist workflow's rules: 草稿 → 自查已提交 → 镇核验退回 / 达标认定."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liangxin.organizations.models import PartyOrganization
from liangxin.standards import auto, services
from liangxin.standards.models import ChecklistEvent, ChecklistTemplate, ItemState, ResultStatus


@pytest.fixture
def wuyou(db):
    return ChecklistTemplate.objects.get(name="五有", version=1)


def answer_evidence_items(world, result):
    secretary = world.user("secretary")
    for item in result.template.items.exclude(evidence_kind="auto"):
        services.item_self_check(
            actor=secretary, result=result, item=item, state=ItemState.NOT_APPLICABLE, note="无"
        )


def hold_the_year_of_meetings(organization, until: datetime.date) -> None:
    """Every theme day, 党员大会 and 党课 owed by ``until`` (life.compliance), so that the
    auto item 三会一课 (life.meetings_held) is met from the recorded meetings."""
    from liangxin.life.models import Meeting, MeetingKind

    for month in range(1, until.month):
        kinds = [MeetingKind.THEME_DAY]
        if month % 3 == 2:
            kinds += [MeetingKind.GENERAL_ASSEMBLY, MeetingKind.LECTURE]
        for kind in kinds:
            Meeting.objects.create(
                organization=organization,
                kind=kind,
                held_on=datetime.date(until.year, month, 15),
                topic="按期召开",
            )


def test_verification_names_the_items_not_met_and_a_return_reopens_the_self_check(world, wuyou):
    secretary, town = world.user("secretary"), world.user("town_a_admin")
    hold_the_year_of_meetings(world.org_a, datetime.date(2026, 12, 4))
    result = services.result_open(
        actor=secretary, organization=world.org_a, template=wuyou, year=2026
    )
    answer_evidence_items(world, result)
    services.result_submit(actor=secretary, result=result)
    with pytest.raises(ValidationError, match="以下项目未达标：书记已配备、班子按期换届"):
        services.result_verify(actor=town, result=result)
    with pytest.raises(PermissionDenied):
        services.result_return(actor=secretary, result=result, reason="自己退回")
    with pytest.raises(ValidationError, match="退回须写明原因"):
        services.result_return(actor=town, result=result, reason=" ")
    services.result_return(actor=town, result=result, reason="请先登记书记和本届任期")
    result.refresh_from_db()
    assert result.status == ResultStatus.RETURNED

    PartyOrganization.objects.filter(pk=world.org_a.pk).update(
        secretary_name="林晓红", term_started_on=datetime.date(2025, 3, 1)
    )
    services.result_submit(actor=secretary, result=result)
    if auto.source_for(auto.LIFE_MEETINGS_HELD) is None:
        meetings = wuyou.items.get(auto_source=auto.LIFE_MEETINGS_HELD)
        services.item_verify(actor=town, result=result, item=meetings, state=ItemState.MET)
    services.result_verify(actor=town, result=result, on=datetime.date(2026, 12, 4))
    result.refresh_from_db()
    assert result.status == ResultStatus.MET
    assert result.met_on == datetime.date(2026, 12, 4)
    steps = list(ChecklistEvent.objects.filter(result=result).values_list("status", flat=True))
    assert steps == ["submitted", "returned", "submitted", "met"]


def test_a_submitted_self_check_is_not_changed_by_the_organization(world, wuyou):
    secretary = world.user("secretary")
    result = services.result_open(
        actor=secretary, organization=world.org_a, template=wuyou, year=2026
    )
    answer_evidence_items(world, result)
    services.result_submit(actor=secretary, result=result)
    item = wuyou.items.exclude(evidence_kind="auto").first()
    with pytest.raises(ValidationError, match="自查当前为“自查已提交”，不能再修改"):
        services.item_self_check(actor=secretary, result=result, item=item, state="na", note="x")


def test_an_auto_item_takes_no_self_check(world, wuyou):
    secretary = world.user("secretary")
    result = services.result_open(
        actor=secretary, organization=world.org_a, template=wuyou, year=2026
    )
    roster = wuyou.items.get(auto_source="members.roster")
    with pytest.raises(ValidationError, match="自动项由平台已有数据判断"):
        services.item_self_check(actor=secretary, result=result, item=roster, state="met")
