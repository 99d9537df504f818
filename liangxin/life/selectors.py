"""Reads of organization life; every list passes the scoping function."""

import datetime

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from liangxin.core.dates import add_months
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.life.models import Attendance, CorrectionCase, CorrectionOutcome, Meeting, Presence
from liangxin.members.models import Member
from liangxin.rules.values import rule_value


def meeting_list(*, user) -> QuerySet:
    return scoped(Meeting.objects.select_related("organization"), user)


def meeting_detail(*, user, pk: int) -> Meeting:
    return get_scoped_or_404(
        Meeting.objects.select_related("organization", "guide", "created_by", "station"),
        user,
        pk=pk,
    )


def absent_members(on: datetime.date | None = None) -> QuerySet:
    """Members who have not taken part in organization life for ``life.absence_months``
    running (党章 art. 9): an unexcused absence that long ago or longer, and no meeting
    attended or excused since. Listed for the branch to act on, never removed.

    Not scoped: the to-do list and the page scope it (core.home, the view)."""
    on = on or timezone.localdate()
    since = add_months(on, -rule_value("life.absence_months"))
    took_part = Attendance.objects.filter(
        member=OuterRef("pk"), presence__in=(Presence.PRESENT, Presence.EXCUSED)
    ).values("member")
    last_part = Subquery(took_part.annotate(last=Max("meeting__held_on")).values("last")[:1])
    streak_start = Attendance.objects.filter(
        member=OuterRef("pk"),
        presence=Presence.ABSENT,
        meeting__held_on__lte=since,
    )
    return (
        Member.objects.annotate(last_part=last_part)
        .filter(
            Exists(streak_start.filter(Q(meeting__held_on__gt=OuterRef("last_part"))))
            | Q(last_part__isnull=True, pk__in=_absent_once_by(since))
        )
        .select_related("organization")
        .order_by("organization__path", "name")
    )


def _absent_once_by(since: datetime.date):
    return Attendance.objects.filter(presence=Presence.ABSENT, meeting__held_on__lte=since).values(
        "member_id"
    )


def corrections_due(on: datetime.date | None = None, *, within_days: int = 30) -> QuerySet:
    """Open 限期改正 cases due within ``within_days`` or overdue (scoped by the caller)."""
    on = on or timezone.localdate()
    return CorrectionCase.objects.filter(
        outcome=CorrectionOutcome.OPEN, due_on__lte=on + datetime.timedelta(days=within_days)
    ).select_related("member")
