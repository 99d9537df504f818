"""The auto item the platform answers from the coverage facts (core.checklist_sources):
"覆盖空白按期消除" (``coverage.gaps_closed``, named by liangxin.ratings).

What an organization answers for (DOMAIN.md §3 work lists): the enterprises it is tied to —

- those it **covers** (its 覆盖企业, CoverageLink), and
- those it **hosts**: enterprises employing one of its members who has not departed (a
  联合/区域 branch or a town committee holding the members of a unit without its own
  organization, 挂靠).

It meets the item on ``as_of`` when none of those enterprises is on an open work list of
``worklists.WORK_LISTS`` that day — 应建未建 (≥3 employed full members, no own
organization → 单独组建), 1–2 full members not covered (→ 联合组建或挂靠), no member and not
work-covered (→ 选派党建指导员), 筹建 with no organization (→ 三个同步). The lists and
their conditions are read from worklists, so the item and the dashboard's lists agree;
coverage is read on ``as_of`` (covered_until), member counts are the trigger-kept facts of
today. An organization tied to no enterprise has no gap to close and meets it.
"""

import datetime
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet

from liangxin.core.checklist_sources import ChecklistSource
from liangxin.coverage.worklists import WORK_LISTS, _facts
from liangxin.enterprises.models import Enterprise, UnitCategory
from liangxin.members.models import Member
from liangxin.organizations.models import CoverageLink


def on_a_work_list(as_of: datetime.date) -> QuerySet:
    """The enterprises on any work list on ``as_of`` (one query, each list's own condition)."""
    listed = reduce(or_, (Q(status=spec.status) & spec.condition() for spec in WORK_LISTS.values()))
    units = Enterprise.objects.filter(category=UnitCategory.ENTERPRISE)
    return _facts(units, as_of).filter(listed).order_by()


def gaps_closed(organizations: QuerySet, as_of: datetime.date) -> set[int]:
    """Ids of the organizations none of whose covered or hosted enterprises is on a list."""
    gaps = on_a_work_list(as_of).values("pk")
    covers_a_gap = CoverageLink.objects.filter(organization_id=OuterRef("pk"), enterprise__in=gaps)
    hosts_a_gap = Member.objects.not_departed().filter(
        organization_id=OuterRef("pk"), employer__in=gaps
    )
    return set(
        organizations.exclude(Exists(covers_a_gap))
        .exclude(Exists(hosts_a_gap))
        .order_by()
        .values_list("id", flat=True)
    )


SOURCES = [
    ChecklistSource(
        key="coverage.gaps_closed",
        label="覆盖空白按期消除",
        met=gaps_closed,
        missing=(
            "所覆盖或有党员就业的企业中有列入应建未建、未覆盖工作清单的："
            "请按清单建议单独组建、联合组建或挂靠、选派党建指导员"
        ),
    )
]
