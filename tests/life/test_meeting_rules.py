"""Quorum and majority where a meeting is entered (《中国共产党支部工作条例（试行）》2018
arts. 11–12; 《中国共产党基层组织选举工作条例》2020 for elections; 党章 on who votes)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liangxin.core.services import OutOfScope
from liangxin.life import services
from liangxin.life.models import Attendance, ExclusionCategory, MeetingKind, Presence
from liangxin.life.services import SheetLine, Vote
from tests import factories as f

DAY = datetime.date(2026, 11, 10)


@pytest.fixture
def branch(world):
    """org_a with ten members: member_a and nine more, two of them 预备党员."""
    extra = [f.MemberFactory(organization=world.org_a, name=f"党员{i}") for i in range(7)]
    probationary = [
        f.MemberFactory(
            organization=world.org_a, name=f"预备{i}", status="probationary", full_member_on=None
        )
        for i in range(2)
    ]
    return [world.member_a, *extra, *probationary]


def _assembly(world, members, present: int, *, votes=(), election=False, **extra):
    sheet = [
        SheetLine(m, Presence.PRESENT if i < present else Presence.ABSENT)
        for i, m in enumerate(members)
    ]
    data = {
        "kind": MeetingKind.GENERAL_ASSEMBLY,
        "held_on": DAY,
        "topic": "第四季度党员大会",
        "is_election": election,
        **extra,
    }
    return services.meeting_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        data=data,
        sheet=sheet,
        votes=list(votes),
    )


def test_probationary_members_come_but_do_not_vote(world, branch):
    # Full members first in `branch`: 8 full, 2 probationary, all present.
    meeting = _assembly(world, branch, present=10)
    assert (meeting.expected_count, meeting.present_count) == (10, 10)
    assert (meeting.voters_expected, meeting.voters_present) == (8, 8)
    probationary = Attendance.objects.filter(meeting=meeting, member__status="probationary")
    assert not any(row.can_vote for row in probationary)


def test_more_than_half_of_the_voters_make_a_quorum(world, branch):
    """Art. 11: 有表决权的党员到会人数超过应到会有表决权党员的半数 — 5 of 8, not 4."""
    assert _assembly(world, branch, present=5).quorate is True
    assert _assembly(world, branch, present=4, topic="另一次").quorate is False


def test_a_motion_needs_more_than_half_of_all_voters_not_of_those_present(world, branch):
    """Art. 11: 赞成票超过应到会有表决权的党员的半数 — 5 yes of 8 voters passes, 4 fails
    even when all 6 present voted and 4 is a majority of them."""
    meeting = _assembly(
        world,
        branch,
        present=6,
        votes=[Vote("吸收张三为预备党员", 5, 1, 0), Vote("调整党费", 4, 1, 1)],
    )
    passed = {d.text: d for d in meeting.decisions.all()}
    assert passed["吸收张三为预备党员"].passed is True
    assert passed["调整党费"].passed is False
    assert "第十一条" in passed["调整党费"].outcome_note


def test_below_quorum_the_meeting_is_kept_and_passes_nothing(world, branch):
    meeting = _assembly(world, branch, present=3, votes=[Vote("吸收张三为预备党员", 3)])
    assert meeting.pk and meeting.quorate is False
    decision = meeting.decisions.get()
    assert decision.passed is False and "未达到法定人数" in decision.outcome_note


def test_an_election_needs_more_than_four_fifths(world, branch):
    """选举条例: 到会有选举权的党员超过应到会人数的五分之四 — 7 of 8 (87.5%) yes, 6 (75%) no."""
    assert _assembly(world, branch, present=7, election=True).quorate is True
    assert _assembly(world, branch, present=6, election=True, topic="再选").quorate is False
    _, why = services.quorum(_assembly(world, branch, present=6, election=True, topic="三选"))
    assert "五分之四" in why and "选举工作条例" in why


def test_excluded_and_disciplined_members_leave_the_quorum_base(world, branch):
    """留党察看 (党章 art. 40) and an approved absence abroad are out of 应到会有表决权."""
    for member, category in (
        (branch[1], ExclusionCategory.PROBATION_DISCIPLINE),
        (branch[2], ExclusionCategory.ABROAD),
    ):
        services.exclusion_record(
            actor=world.user("secretary"),
            data={"member": member, "category": category, "starts_on": datetime.date(2026, 1, 1)},
        )
    meeting = _assembly(world, branch, present=5)  # 5 present, of whom 3 of the 6 voters
    assert meeting.voters_expected == 6
    assert meeting.voters_present == 3 and meeting.quorate is False


def test_an_exclusion_that_ended_counts_again(world, branch):
    services.exclusion_record(
        actor=world.user("secretary"),
        data={
            "member": branch[1],
            "category": ExclusionCategory.ILLNESS,
            "starts_on": datetime.date(2026, 1, 1),
            "ends_on": datetime.date(2026, 6, 30),
        },
    )
    assert _assembly(world, branch, present=10).voters_expected == 8


def test_committee_quorum_is_half_of_the_committee(world, branch):
    """Art. 12: 有半数以上委员到会 — 2 of 3 yes, 1 of 3 no; a motion needs 2 of 3."""
    committee = branch[:3]
    sheet = [SheetLine(committee[0], Presence.PRESENT), SheetLine(committee[1], Presence.PRESENT)]
    sheet.append(SheetLine(committee[2], Presence.EXCUSED, "出差"))
    meeting = services.meeting_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        data={"kind": MeetingKind.COMMITTEE, "held_on": DAY, "topic": "支委会"},
        sheet=sheet,
        votes=[Vote("研究发展对象", 2)],
    )
    assert (meeting.expected_count, meeting.present_count, meeting.quorate) == (3, 2, True)
    assert meeting.decisions.get().passed is True


def test_unlisted_members_count_as_absent_at_a_theme_day(world, branch):
    meeting = services.meeting_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        data={"kind": MeetingKind.THEME_DAY, "held_on": DAY, "topic": "主题党日"},
        sheet=[SheetLine(branch[0], Presence.PRESENT)],
    )
    assert (meeting.expected_count, meeting.present_count, meeting.absent_count) == (10, 1, 9)
    assert meeting.quorate is None  # no vote at a theme day


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (lambda b, w: [SheetLine(b[0], Presence.EXCUSED)], "请假须填写事由"),
        (lambda b, w: [SheetLine(b[0], Presence.PRESENT)] * 2, "重复出现"),
        (lambda b, w: [SheetLine(w.member_b, Presence.PRESENT)], "不是本组织党员"),
        (lambda b, w: [SheetLine(b[0], "maybe")], "出席情况无效"),
    ],
)
def test_a_bad_sign_in_sheet_is_refused_in_chinese(world, branch, sheet, message):
    with pytest.raises(ValidationError, match=message):
        services.meeting_record(
            actor=world.user("secretary"),
            organization=world.org_a,
            data={"kind": MeetingKind.THEME_DAY, "held_on": DAY, "topic": "主题党日"},
            sheet=sheet(branch, world),
        )


def test_more_votes_than_voters_present_are_refused(world, branch):
    with pytest.raises(ValidationError, match="超过到会有表决权的人数 5"):
        _assembly(world, branch, present=5, votes=[Vote("议题", 5, 1)])


def test_a_held_meeting_cannot_be_dated_tomorrow(world, branch):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        _assembly(world, branch, present=5, held_on=datetime.date.today() + datetime.timedelta(2))


def test_out_of_scope_and_read_only_roles_cannot_record(world, branch):
    data = {"kind": MeetingKind.THEME_DAY, "held_on": DAY, "topic": "主题党日"}
    with pytest.raises(OutOfScope):
        services.meeting_record(
            actor=world.user("town_b_admin"), organization=world.org_a, data=data, sheet=[]
        )
    with pytest.raises(PermissionDenied):
        services.meeting_record(
            actor=world.user("leader"), organization=world.org_a, data=data, sheet=[]
        )
