"""The services of the workflow: create, record steps, admit, confirm full membership."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from liangxin.core.audit import CHANNEL_WEB, audit_context
from liangxin.development import services
from liangxin.development.checks import violations
from liangxin.development.models import CaseStatus, CaseStep, DevelopmentCase, Stage, Step
from liangxin.members.models import Member, MemberStatus
from tests import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date
NUMBER = f.id_number("350503", D(1995, 6, 1), male=True)

# (step, date, details by name of a world/dev object or value): a case that breaks no rule.
PLAN = [
    (Step.TALK, D(2022, 1, 20), {}),
    (Step.ACTIVIST, D(2022, 7, 4), {}),
    (Step.CONTACTS, D(2022, 7, 5), {"contact_first": "member_a", "contact_second": "introducer"}),
    (Step.EDUCATION, D(2023, 1, 4), {}),
    (Step.TARGET, D(2023, 7, 4), {}),
    (
        Step.INTRODUCERS,
        D(2023, 7, 5),
        {"introducer_first": "member_a", "introducer_second": "introducer"},
    ),
    (Step.POLITICAL_REVIEW, D(2023, 7, 10), {}),
    (Step.TRAINING, D(2023, 7, 17), {"training_end_on": D(2023, 7, 19), "training_hours": 24}),
    (
        Step.PRE_REVIEW,
        D(2023, 8, 1),
        {"notice_start_on": D(2023, 7, 24), "notice_end_on": D(2023, 7, 28)},
    ),
    (Step.BRANCH_MEETING, D(2023, 8, 10), {}),
    (Step.APPROVAL, D(2023, 9, 1), {}),
    (Step.OATH, D(2023, 9, 15), {}),
]
FULL_MEETING = (
    Step.FULL_MEETING,
    D(2024, 8, 10),
    {
        "full_decision": "full",
        "full_notice_start_on": D(2024, 7, 29),
        "full_notice_end_on": D(2024, 8, 2),
    },
)


def new_case(world, actor=None, **data) -> DevelopmentCase:
    fields = {
        "name": "孙发展",
        "id_number": NUMBER,
        "phone": "13812345678",
        "organization": world.org_a,
        "employer": world.ent_a,
        "post_level": "technical",
        "applied_on": D(2022, 1, 4),
        **data,
    }
    actor = actor or world.user("town_a_admin")
    return services.development_create(actor=actor, data=fields)


def resolve(details: dict, world, dev) -> dict:
    people = {"member_a": world.member_a, "introducer": dev.introducer_a}
    return {k: people.get(v, v) if isinstance(v, str) else v for k, v in details.items()}


def record(case, world, dev, step, done_on, details, actor=None):
    return services.development_record_step(
        actor=actor or world.user("town_a_admin"),
        case=case,
        step=step,
        done_on=done_on,
        details=resolve(details, world, dev),
    )


def run(case, world, dev, plan=PLAN):
    for step, done_on, details in plan:
        record(case, world, dev, step, done_on, details)
    return DevelopmentCase.objects.get(pk=case.pk)


def raw_row(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        return repr(cursor.fetchone())


# --- creation ---------------------------------------------------------------------------


def test_create_opens_the_case_at_step_one(world):
    case = new_case(world)
    assert (case.stage, case.step, case.status) == (Stage.APPLICATION, 1, CaseStatus.OPEN)
    assert (case.gender, case.birth_date) == ("M", D(1995, 6, 1))  # from the ID (GB 11643)
    assert case.id_number_masked.startswith("3505") and NUMBER not in raw_row(
        "development_developmentcase", case.pk
    )
    entry = case.steps.get()
    assert (entry.step, entry.done_on) == (1, D(2022, 1, 4))
    assert entry.actor == world.user("town_a_admin")


def test_create_needs_a_valid_id_number(world):
    with pytest.raises(ValidationError) as exc:
        new_case(world, id_number="350503199506011234")
    assert "校验码" in exc.value.message_dict["id_number"][0]


def test_a_second_open_case_for_the_same_person_is_refused(world):
    new_case(world)
    with pytest.raises(ValidationError) as exc:
        new_case(world, name="孙发展（重复）")
    assert exc.value.message_dict["id_number"] == ["该公民身份号码已有进行中的发展党员记录"]


def test_a_closed_case_may_be_followed_by_a_new_one(world):
    case = new_case(world)
    services.development_close(actor=world.user("town_a_admin"), case=case, reason="本人撤回申请")
    assert new_case(world).status == CaseStatus.OPEN


def test_an_existing_member_cannot_apply(world):
    with pytest.raises(ValidationError) as exc:
        new_case(world, id_number=world.member_a_id_number)
    assert exc.value.message_dict["id_number"] == ["该公民身份号码已登记为党员"]


def test_a_branch_outside_the_scope_is_refused(world):
    with pytest.raises(ValidationError):
        new_case(world, actor=world.user("town_b_admin"))
    assert not DevelopmentCase.objects.exists()


def test_the_leader_may_not_create(world):
    with pytest.raises(PermissionDenied):
        new_case(world, actor=world.user("leader"))


def test_a_date_in_the_future_is_impossible(world):
    with pytest.raises(ValidationError) as exc:
        new_case(world, applied_on=D(2099, 1, 1))
    assert exc.value.message_dict["applied_on"] == ["日期不能晚于今天"]


# --- steps ------------------------------------------------------------------------------


def test_a_later_step_dated_before_an_earlier_one_is_impossible(world, dev):
    case = new_case(world)
    with pytest.raises(ValidationError) as exc:
        record(case, world, dev, Step.ACTIVIST, D(2021, 12, 1), {})
    assert "不能早于递交入党申请书日期" in exc.value.message_dict["activist_on"][0]
    assert DevelopmentCase.objects.get(pk=case.pk).activist_on is None


def test_a_rule_broken_is_saved_and_listed(world, dev):
    case = new_case(world)
    record(case, world, dev, Step.TALK, D(2022, 2, 4), {})  # day 31
    case.refresh_from_db()
    assert case.talked_on == D(2022, 2, 4)
    assert [v.key for v in violations(case)] == ["dev.talk_within_days"]


def test_steps_advance_the_stage_and_log_the_actor(world, dev):
    case = run(new_case(world), world, dev, PLAN[:5])
    assert (case.step, case.stage) == (Step.TARGET, Stage.TARGET)
    assert case.evaluations == 1
    assert CaseStep.objects.filter(case=case).count() == 6
    assert set(case.steps.values_list("actor__username", flat=True)) == {"town_a"}


def test_the_same_introducer_twice_is_refused(world, dev):
    case = new_case(world)
    with pytest.raises(ValidationError) as exc:
        record(
            case,
            world,
            dev,
            Step.INTRODUCERS,
            D(2022, 2, 1),
            {"introducer_first": "member_a", "introducer_second": "member_a"},
        )
    assert exc.value.message_dict["introducer_second"] == ["两名人员不能是同一人"]


def test_an_introducer_outside_the_scope_is_refused(world, dev):
    case = new_case(world)
    with pytest.raises(ValidationError) as exc:
        services.development_record_step(
            actor=world.user("secretary"),
            case=case,
            step=Step.INTRODUCERS,
            done_on=D(2022, 2, 1),
            details={"introducer_first": world.member_a, "introducer_second": world.member_b},
        )
    assert "introducer_second" in exc.value.message_dict


def test_details_of_another_step_are_refused(world, dev):
    case = new_case(world)
    with pytest.raises(ValidationError) as exc:
        record(case, world, dev, Step.TALK, D(2022, 1, 10), {"training_hours": 24})
    assert "training_hours" in exc.value.message_dict


def test_probation_steps_need_the_admission_first(world, dev):
    case = new_case(world)
    with pytest.raises(ValidationError, match="尚未经上级党委审批"):
        record(case, world, dev, Step.OATH, D(2022, 3, 1), {})


def test_another_scope_cannot_record_steps(world, dev):
    from liangxin.core.services import OutOfScope

    case = new_case(world)
    with pytest.raises(OutOfScope):
        record(case, world, dev, Step.TALK, D(2022, 1, 10), {}, actor=world.user("town_b_admin"))


# --- admission and full membership ------------------------------------------------------


def test_approval_admits_exactly_one_probationary_member(world, dev):
    before = Member.objects.count()
    case = run(new_case(world), world, dev)
    assert Member.objects.count() == before + 1
    member = case.member
    assert member.status == MemberStatus.PROBATIONARY
    assert member.joined_on == D(2023, 8, 10)  # the branch meeting: 入党日期
    assert member.full_member_on is None
    assert (member.organization, member.employer, member.post_level) == (
        world.org_a,
        world.ent_a,
        "technical",
    )
    assert member.reveal_id_number() == NUMBER
    assert member.id_number_cipher != case.id_number_cipher  # encrypted again, new nonce
    assert NUMBER not in raw_row("members_member", member.pk)
    assert case.probation_ends_on == D(2024, 8, 10)
    assert violations(case) == []


def test_recording_the_approval_again_does_not_admit_twice(world, dev):
    case = run(new_case(world), world, dev, PLAN[:11])
    count = Member.objects.count()
    record(case, world, dev, Step.APPROVAL, D(2023, 9, 2), {})
    assert Member.objects.count() == count


def test_full_membership_counts_from_the_end_of_probation(world, dev):
    case = run(new_case(world), world, dev, [*PLAN, FULL_MEETING])
    record(case, world, dev, Step.FULL_APPROVAL, D(2024, 8, 20), {})
    case.refresh_from_db()
    assert case.status == CaseStatus.FULL
    assert case.member.status == MemberStatus.FULL
    # 党章 第七条: 党龄从预备期满转为正式党员之日算起 = branch meeting + 1 year.
    assert case.member.full_member_on == D(2024, 8, 10)


def test_an_extended_probation_moves_the_full_membership_date(world, dev):
    case = run(new_case(world), world, dev)
    extend = {"full_decision": "extend", "extension_months": 6}
    record(case, world, dev, Step.FULL_MEETING, D(2024, 8, 12), extend)
    case.refresh_from_db()
    assert case.probation_ends_on == D(2025, 2, 10)
    with pytest.raises(ValidationError, match="只能延长一次"):
        record(case, world, dev, Step.FULL_MEETING, D(2024, 8, 13), extend)
    full = {
        "full_decision": "full",
        "full_notice_start_on": D(2025, 2, 3),
        "full_notice_end_on": D(2025, 2, 7),
    }
    record(case, world, dev, Step.FULL_MEETING, D(2025, 2, 10), full)
    record(case, world, dev, Step.FULL_APPROVAL, D(2025, 2, 20), {})
    case.refresh_from_db()
    assert case.member.full_member_on == D(2025, 2, 10)
    assert violations(case) == []


def test_a_case_with_a_member_cannot_be_closed(world, dev):
    case = run(new_case(world), world, dev)
    with pytest.raises(ValidationError):
        services.development_close(actor=world.user("town_a_admin"), case=case, reason="x")


def test_writes_are_in_the_audit_log_with_the_actor(world, dev):
    actor = world.user("town_a_admin")
    with audit_context(actor, channel=CHANNEL_WEB):
        case = new_case(world)
        record(case, world, dev, Step.TALK, D(2022, 1, 10), {})
    entries = LogEntry.objects.get_for_object(case)
    assert entries.count() >= 2 and {e.actor for e in entries} == {actor}
    assert all("id_number_cipher" not in (e.changes_dict or {}) for e in entries)
