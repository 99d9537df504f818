"""Members who have not taken part in organization life for six months running are
listed for the branch to act on (党章 art. 9) — listed, never removed."""

import datetime

from liangxin.life.models import Attendance, Meeting, MeetingKind, Presence
from liangxin.life.selectors import absent_members
from liangxin.members.models import Member

D = datetime.date


def attended(member, day, presence, reason=""):
    meeting = Meeting.objects.create(
        organization=member.organization, kind=MeetingKind.THEME_DAY, held_on=day, topic="主题党日"
    )
    Attendance.objects.create(meeting=meeting, member=member, presence=presence, reason=reason)


def listed(on):
    return set(absent_members(on).values_list("name", flat=True))


def test_listed_once_six_months_have_passed_since_the_first_missed_meeting(world):
    attended(world.member_a, D(2026, 5, 15), Presence.ABSENT)
    attended(world.member_a, D(2026, 8, 15), Presence.ABSENT)
    assert "林晓红" not in listed(D(2026, 11, 14))
    assert "林晓红" in listed(D(2026, 11, 15))


def test_taking_part_or_asking_leave_breaks_the_run(world):
    attended(world.member_a, D(2026, 4, 1), Presence.PRESENT)
    attended(world.member_a, D(2026, 5, 15), Presence.ABSENT)
    assert "林晓红" in listed(D(2026, 11, 20))  # absent since 15 May, after taking part 1 April
    attended(world.member_a, D(2026, 7, 1), Presence.EXCUSED, "住院")
    assert "林晓红" not in listed(D(2026, 11, 20))  # excused in July: a reason, the run restarts


def test_a_member_never_absent_is_not_listed_and_no_one_is_removed(world):
    attended(world.member_b, D(2026, 1, 15), Presence.PRESENT)
    attended(world.member_a, D(2026, 1, 15), Presence.ABSENT)
    assert listed(D(2026, 12, 1)) == {"林晓红"}
    assert Member.objects.filter(name="林晓红").exists()


def test_the_work_list_is_scoped(world, login):
    attended(world.member_a, D(2026, 1, 15), Presence.ABSENT)
    from liangxin.core.home import todos_for

    def absent_for(persona):
        todos = {todo.todo.key: todo for todo in todos_for(world.user(persona))}
        return todos["life_absent_members"].count if "life_absent_members" in todos else 0

    assert absent_for("secretary") == 1
    assert absent_for("town_b_admin") == 0
