"""The records pages of organization life: 民主评议 with the 限期改正 it opens, 谈心谈话,
不计入应到会人数, 提示单 with their take-up, and the study counts — each in scope only,
each bad form answered in Chinese with what was typed kept."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from liangxin.core.services import OutOfScope
from liangxin.life import services, study
from liangxin.life.models import (
    Appraisal,
    CorrectionCase,
    CorrectionOutcome,
    Grade,
    MeetingKind,
    Presence,
    QuorumExclusion,
    Talk,
    TalkPair,
)
from liangxin.life.services import SheetLine
from liangxin.members.models import MemberStatus
from tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def posted(response) -> str:
    assert response.status_code == 200, response.status_code  # shown again, not saved
    return response.content.decode()


def sheet(response):
    return CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)


@pytest.fixture
def colleague(world):
    """A second member of ORG-A, so talks and appraisals have two people."""
    return f.MemberFactory(name="周海燕", organization=world.org_a, employer=world.ent_a)


@pytest.fixture
def neighbour(world):
    """Another branch in town A (in the town admin's scope) with one member."""
    org = f.organization("ORG-A2", "川姜电子有限公司党支部", region=world.grid_a)
    member = f.MemberFactory(name="吴志强", organization=org, employer=world.ent_a2)
    return org, member


def lecture(world, *, form="车间微党课", first_topic=False, guide=None, kind=MeetingKind.LECTURE):
    return services.meeting_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        data={
            "kind": kind,
            "held_on": TODAY,
            "topic": "学习二十大精神",
            "study_form": form,
            "first_topic": first_topic,
            "guide": guide,
        },
        sheet=[SheetLine(world.member_a, Presence.PRESENT)],
    )


def guide_for(world, region=None):
    return services.guide_publish(
        actor=world.user("district_admin"),
        data={
            "region": region or world.town_a,
            "year": YEAR,
            "month": TODAY.month,
            "theme": "学习新修订的支部工作条例",
            "published_on": TODAY,
        },
    )


# --- every page in scope, nothing out of it ---------------------------------------------


@pytest.mark.parametrize("persona", ["secretary", "town_a_admin", "district_admin"])
def test_every_page_opens_within_scope(login, world, colleague, persona):
    services.talk_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        data={
            "held_on": TODAY,
            "first": world.member_a,
            "second": colleague,
            "pair": TalkPair.MEMBER_MEMBER,
        },
    )
    services.appraisal_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        year=YEAR,
        grades={world.member_a: Grade.QUALIFIED, colleague: Grade.UNQUALIFIED},
    )
    services.exclusion_record(
        actor=world.user("secretary"),
        data={"member": colleague, "category": "abroad", "starts_on": TODAY},
    )
    guide = guide_for(world)
    lecture(world, guide=guide)
    client = login(persona)
    assert "周海燕" in page(client, reverse("life:appraisals") + "?organization=ORG-A")
    assert world.org_a.name in page(client, reverse("life:appraisals"))
    assert "周海燕" in page(client, reverse("life:corrections"))
    assert "林晓红 — 周海燕" in page(client, reverse("life:talks"))
    assert "因私出国" in page(client, reverse("life:exclusions"))
    assert guide.theme in page(client, reverse("life:guides"))
    assert world.org_a.name in page(client, reverse("life:guide-detail", args=[guide.pk]))
    assert "车间微党课" in page(client, reverse("life:study"))


def test_out_of_scope_is_not_found_or_empty(login, world, colleague):
    services.talk_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        data={"held_on": TODAY, "first": world.member_a, "second": colleague, "pair": "mm"},
    )
    services.appraisal_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        year=YEAR,
        grades={colleague: Grade.UNQUALIFIED},
    )
    services.exclusion_record(
        actor=world.user("secretary"),
        data={"member": colleague, "category": "illness", "starts_on": TODAY},
    )
    guide = guide_for(world)
    lecture(world)
    case = CorrectionCase.objects.get()
    client = login("town_b_admin")
    for name in ("appraisals", "talks", "exclusions"):
        url = reverse(f"life:{name}") + "?organization=ORG-A"
        assert client.get(url).status_code == 404, name
    assert client.get(reverse("life:guide-detail", args=[guide.pk])).status_code == 404
    assert client.get(reverse("life:guide-export", args=[guide.pk])).status_code == 404
    assert client.get(reverse("life:correction-close", args=[case.pk])).status_code == 404
    closing = {"outcome": CorrectionOutcome.CORRECTED, "closed_on": TODAY.isoformat()}
    response = client.post(reverse("life:correction-close", args=[case.pk]), closing)
    assert response.status_code == 404
    for name in ("appraisals", "corrections", "talks", "exclusions", "guides", "study"):
        text = page(client, reverse(f"life:{name}"))
        assert "周海燕" not in text and world.org_a.name not in text, name
        assert guide.theme not in text, name
    assert CorrectionCase.objects.get().outcome == CorrectionOutcome.OPEN


def test_reading_roles_cannot_record(login, world, colleague):
    client = login("leader")
    data = {"organization": "ORG-A", "year": YEAR, f"grade-{colleague.pk}": Grade.QUALIFIED}
    assert client.post(reverse("life:appraisals"), data).status_code == 403
    assert client.post(reverse("life:talks"), {"organization": "ORG-A"}).status_code == 403
    guide = {"region": world.town_a.code, "year": YEAR, "month": 1, "theme": "主题"}
    assert login("secretary").post(reverse("life:guides"), guide).status_code == 403
    assert not Appraisal.objects.exists()


# --- 民主评议 and 限期改正 -----------------------------------------------------------------


def test_appraisal_grades_warn_and_open_a_correction_closed_once(login, world, colleague):
    third = f.MemberFactory(
        name="郑可",
        organization=world.org_a,
        status=MemberStatus.PROBATIONARY,
        full_member_on=None,
    )
    client = login("secretary")
    url = reverse("life:appraisals")
    grades = {
        f"grade-{world.member_a.pk}": Grade.EXCELLENT,
        f"grade-{third.pk}": Grade.EXCELLENT,
        f"grade-{colleague.pk}": Grade.UNQUALIFIED,
    }
    response = client.post(url, {"organization": "ORG-A", "year": YEAR, **grades}, follow=True)
    text = response.content.decode()
    assert "已保存 3 名党员的评议结果" in text
    assert "超过参评人数的三分之一" in text and "预备党员一般不评为优秀：郑可" in text
    assert "周海燕评定为不合格，已开始限期改正" in text
    assert 'id="count-excellent">2<' in text and 'id="count-unqualified">1<' in text

    case = CorrectionCase.objects.get(member=colleague)
    assert "周海燕" in page(client, reverse("life:corrections"))
    close = reverse("life:correction-close", args=[case.pk])
    missing = posted(client.post(close, {"closed_on": TODAY.isoformat()}))
    assert "请选择办结结果" in missing and f'value="{TODAY.isoformat()}"' in missing
    done = {"outcome": CorrectionOutcome.CORRECTED, "closed_on": TODAY.isoformat()}
    response = client.post(close, done, follow=True)
    assert "已办结：周海燕（已改正）" in response.content.decode()
    case.refresh_from_db()
    assert (case.outcome, case.closed_on) == (CorrectionOutcome.CORRECTED, TODAY)
    again = posted(client.post(close, {**done, "outcome": CorrectionOutcome.REMOVED}))
    assert "不能重复办结" in again
    assert CorrectionCase.objects.get().outcome == CorrectionOutcome.CORRECTED


def test_appraisal_without_grades_or_with_a_bad_one_keeps_the_choices(login, world, colleague):
    client = login("secretary")
    url = reverse("life:appraisals")
    empty = posted(client.post(url, {"organization": "ORG-A", "year": YEAR}))
    assert "请为参评党员选择评定等次" in empty
    data = {
        "organization": "ORG-A",
        "year": YEAR,
        f"grade-{world.member_a.pk}": Grade.QUALIFIED,
        f"grade-{colleague.pk}": "perfect",
    }
    text = posted(client.post(url, data))
    assert "周海燕的评定等次无效" in text
    assert f'name="grade-{world.member_a.pk}"' in text
    assert '<option value="qualified" selected>' in text
    assert not Appraisal.objects.exists()


def test_appraisal_refuses_a_member_graded_this_year(world, colleague):
    services.appraisal_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        year=YEAR,
        grades={colleague: Grade.QUALIFIED},
    )
    with pytest.raises(services.ValidationError, match="本年度已有评议结果"):
        services.appraisal_record(
            actor=world.user("secretary"),
            organization=world.org_a,
            year=YEAR,
            grades={colleague: Grade.BASIC},
        )


def test_correction_close_checks_dates_and_outcome(world, colleague):
    services.appraisal_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        year=YEAR,
        grades={colleague: Grade.UNQUALIFIED},
    )
    case = CorrectionCase.objects.get()
    user = world.user("secretary")
    tomorrow = TODAY + datetime.timedelta(days=1)
    with pytest.raises(services.ValidationError, match="不能晚于今天"):
        services.correction_close(actor=user, case=case, outcome="corrected", closed_on=tomorrow)
    with pytest.raises(services.ValidationError, match="请选择办结结果"):
        services.correction_close(actor=user, case=case, outcome="open", closed_on=TODAY)
    with pytest.raises(OutOfScope):
        services.correction_close(
            actor=world.user("town_b_admin"), case=case, outcome="removed", closed_on=TODAY
        )


# --- 谈心谈话 ----------------------------------------------------------------------------


def test_talk_recorded_and_coverage_counts_members_who_talked(login, world, colleague):
    f.MemberFactory(name="郑可", organization=world.org_a)
    client = login("town_a_admin")
    form = page(client, reverse("life:talks") + "?organization=ORG-A")
    assert "周海燕" in form and "吴志强" not in form
    data = {
        "organization": "ORG-A",
        "held_on": TODAY.isoformat(),
        "first": world.member_a.pk,
        "second": colleague.pk,
        "pair": TalkPair.COMMITTEE_MEMBER,
        "occasion": "政治生日",
        "note": "谈工作打算",
    }
    response = client.post(reverse("life:talks"), data, follow=True)
    text = response.content.decode()
    assert "已记录谈心谈话" in text and "林晓红 — 周海燕" in text
    assert Talk.objects.get().occasion == "政治生日"
    coverage = text.split('id="coverage"')[1].split("</table>")[0]
    assert world.org_a.name in coverage
    assert '<td class="text-end">2</td><td class="text-end">3</td>' in coverage  # 2 of 3


def test_talk_with_a_member_of_another_organization_is_refused(login, world, neighbour):
    _org, stranger = neighbour
    client = login("town_a_admin")
    data = {
        "organization": "ORG-A",
        "held_on": TODAY.isoformat(),
        "first": world.member_a.pk,
        "second": stranger.pk,
        "pair": TalkPair.MEMBER_MEMBER,
        "note": "谈学习体会",
    }
    text = posted(client.post(reverse("life:talks"), data))
    assert "所选党员不是该党组织的党员" in text and 'value="谈学习体会"' in text
    missing = posted(client.post(reverse("life:talks"), {**data, "second": "", "pair": ""}))
    assert "请选择谈话对象" in missing and "请选择类别" in missing
    assert not Talk.objects.exists()


def test_talk_service_refuses_strangers(world, neighbour):
    _org, stranger = neighbour
    with pytest.raises(services.ValidationError, match="不是本组织党员"):
        services.talk_record(
            actor=world.user("town_a_admin"),
            organization=world.org_a,
            data={"held_on": TODAY, "first": world.member_a, "second": stranger, "pair": "mm"},
        )


# --- 不计入应到会人数 ---------------------------------------------------------------------


def test_exclusion_recorded_and_listed_while_current(login, world, colleague):
    client = login("secretary")
    data = {
        "organization": "ORG-A",
        "member": colleague.pk,
        "category": "bedridden",
        "starts_on": (TODAY - datetime.timedelta(days=30)).isoformat(),
        "approved_by": "川姜镇党委",
        "document_no": "川党〔2026〕5号",
    }
    response = client.post(reverse("life:exclusions"), data, follow=True)
    text = response.content.decode()
    assert "已登记不计入应到会人数：周海燕（年老体弱卧床不起）" in text
    assert "川党〔2026〕5号" in text
    QuorumExclusion.objects.create(
        member=world.member_a,
        category="abroad",
        starts_on=TODAY - datetime.timedelta(days=400),
        ends_on=TODAY - datetime.timedelta(days=10),
    )
    listed = page(client, reverse("life:exclusions")).split('id="exclusions"')[1]
    assert "周海燕" in listed and "林晓红" not in listed  # ended ten days ago


def test_exclusion_ending_before_it_starts_is_refused(login, world, colleague):
    client = login("secretary")
    data = {
        "organization": "ORG-A",
        "member": colleague.pk,
        "category": "abroad",
        "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "approved_by": "川姜镇党委",
    }
    text = posted(client.post(reverse("life:exclusions"), data))
    assert "结束日期不能早于开始日期" in text and 'value="川姜镇党委"' in text
    assert not QuorumExclusion.objects.exists()


# --- 提示单 -----------------------------------------------------------------------------


def test_guide_published_and_take_up_counted(login, world, neighbour):
    client = login("town_a_admin")
    data = {
        "region": world.town_a.code,
        "year": YEAR,
        "month": TODAY.month,
        "theme": "七一主题党日",
        "content": "重温入党誓词",
        "published_on": TODAY.isoformat(),
    }
    response = client.post(reverse("life:guides"), data, follow=True)
    assert "已下发提示单" in response.content.decode()
    guide = services.StudyGuide.objects.get()
    lecture(world, guide=guide, kind=MeetingKind.THEME_DAY, form="")

    text = page(client, reverse("life:guide-detail", args=[guide.pk]))
    assert 'id="guide-total">2<' in text and 'id="guide-held">1<' in text
    assert 'id="guide-missing">1<' in text
    rows = text.split('id="guide-organizations"')[1]
    assert world.org_a.name in rows and "川姜电子有限公司党支部" in rows
    assert world.group_a.name not in rows  # a 党小组 is not sent a 提示单
    assert "七一主题党日" in page(login("secretary"), reverse("life:guides"))

    export = client.get(reverse("life:guide-export", args=[guide.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet(export).to_python()
    held = next(row for row in rows if row[0] == world.org_a.code)
    missed = next(row for row in rows if row[0] == "ORG-A2")
    assert held[3] == "是" and held[4] == TODAY  # a date cell, not text
    assert missed[3] == "否" and missed[4] == ""


def test_guide_form_refuses_month_13_and_keeps_the_theme(login, world):
    client = login("district_admin")
    data = {
        "region": world.town_a.code,
        "year": YEAR,
        "month": 13,
        "theme": "学习贯彻全会精神",
        "published_on": TODAY.isoformat(),
    }
    text = posted(client.post(reverse("life:guides"), data))
    assert "月份应为 1–12" in text and 'value="学习贯彻全会精神"' in text
    neither = posted(client.post(reverse("life:guides"), {**data, "month": ""}))
    assert "提示单须指定月份或季度之一" in neither
    outside = posted(client.post(reverse("life:guides"), {**data, "month": 1, "region": "360100"}))
    assert "不存在或不在您的管辖范围内" in outside
    assert not services.StudyGuide.objects.exists()


# --- 学习教育 ----------------------------------------------------------------------------


def test_study_counts_by_form_first_topic_and_theme_day(login, world):
    lecture(world, form="车间微党课")
    lecture(world, form="车间微党课", first_topic=True)
    lecture(world, form="情景互动式党课")
    lecture(world, kind=MeetingKind.THEME_DAY, form="")
    client = login("town_a_admin")
    text = page(client, reverse("life:study"))
    header = text.split('id="study"')[1].split("</thead>")[0]
    assert header.index("情景互动式党课") < header.index("车间微党课")  # the forms used, sorted
    row = text.split(world.org_a.name)[-1].split("</tr>")[0]
    # 情景互动式 1, 车间微党课 2, 党课 3, 第一议题 1, 主题党日 1
    assert row.count('class="text-end"') == 5
    cells = [cell.split("<")[0] for cell in row.split('class="text-end">')[1:]]
    assert cells == ["1", "2", "3", "1", "1"]

    export = client.get(reverse("life:study-export") + f"?year={YEAR}")
    rows = sheet(export).to_python()
    header_row = next(row for row in rows if row and row[0] == "组织编码")
    assert header_row[2:] == [
        "党课：情景互动式党课",
        "党课：车间微党课",
        "党课合计",
        "第一议题",
        "主题党日",
    ]
    line = next(row for row in rows if row[0] == world.org_a.code)
    assert line[2:] == [1, 2, 3, 1, 1] and all(isinstance(v, (int, float)) for v in line[2:])
    assert world.org_a.name not in page(login("town_b_admin"), reverse("life:study"))


def test_the_counts_are_one_query_each_whatever_the_organizations(
    world, neighbour, colleague, django_assert_num_queries
):
    guide = guide_for(world)
    lecture(world, guide=guide)
    user = world.user("district_admin")
    forms = study.study_forms(user=user, year=YEAR)
    with django_assert_num_queries(1):
        assert len(list(study.study_counts(user=user, year=YEAR, forms=forms))) == 1
    with django_assert_num_queries(1):
        assert len(list(study.guide_organizations(user=user, guide=guide))) == 2
    with django_assert_num_queries(1):
        coverage = {
            row["organization__code"]: row for row in study.talk_coverage(user=user, year=YEAR)
        }
    assert coverage["ORG-A"]["members"] == 2 and coverage["ORG-A2"]["members"] == 1


def test_talk_form_with_an_unknown_organization_code_says_so(login, world):
    client = login("town_a_admin")
    data = {"organization": "ORG-B", "held_on": TODAY.isoformat(), "note": "谈思想"}
    text = posted(client.post(reverse("life:talks"), data))
    assert "党组织“ORG-B”不存在或不在您的管辖范围内" in text and 'value="谈思想"' in text
