"""The auto item the platform answers from the request loop (core.checklist_sources):
``requests.on_time`` "诉求按期办结", named by the seeded rubrics of liangxin.ratings.

An organization meets it on ``as_of`` when every request of the enterprises it covers
(organizations.CoverageLink) received in ``as_of``'s year and due on or before ``as_of``
was finished (办结 or 无法办理, the unit's answer) by its due, the approved extension
included. A request not yet due is not counted; an organization whose enterprises had no
request due has nothing late and meets it. A request finished late, or still open past its
due, fails it (WORK.md §5 "按时办结")."""

import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from liangxin.core.checklist_sources import ChecklistSource
from liangxin.requests import deadlines
from liangxin.requests.models import Request


def late_requests(as_of: datetime.date) -> QuerySet:
    year_start = deadlines.start_of_day(datetime.date(as_of.year, 1, 1))
    return Request.objects.filter(
        received_at__gte=year_start,
        due_at__lte=deadlines.end_of_day(as_of),
    ).filter(Q(finished_at__isnull=True) | Q(finished_at__gt=F("due_at")))


def on_time(organizations: QuerySet, as_of: datetime.date) -> set[int]:
    late = late_requests(as_of).filter(enterprise__coverage_links__organization_id=OuterRef("pk"))
    return set(organizations.exclude(Exists(late)).order_by().values_list("id", flat=True))


SOURCES = [
    ChecklistSource(
        key="requests.on_time",
        label="诉求按期办结",
        met=on_time,
        missing="本年度所联系企业有诉求逾期未办结或超期办结（见助企服务诉求清单）",
    )
]
