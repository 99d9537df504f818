"""One engine for every form (editions.Form): a cell is a conditional aggregate over the
units' facts, computed in the database for a region subtree as of a date.

As of the date, as far as the registry allows:
- units: registered (成立日期) on or before it, or with no date; status is today's 在营
  (the registry keeps no date of a status change);
- organizations: established on or before it (or undated) and not dissolved by it;
- members: admitted (入党日期) on or before it (or undated); full when 转正日期 is on or
  before it; employer and 管理类型 are today's;
- instructors: an active 党建指导员 linked to the unit (the ledger's 联系企业, as the
  coverage engine reads it) or a 派驻 whose term spans the date (not recalled/adjusted).
"""

import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from liangxin.enterprises.models import Enterprise, OperatingStatus
from liangxin.members.models import FlowType, Member, MemberStatus
from liangxin.organizations.models import (
    COVERING_KINDS,
    CoverageLink,
    Formation,
    OrgKind,
    PartyOrganization,
)
from liangxin.statforms import editions
from liangxin.workforce.models import AssignedEnterprise, AssignmentState, Instructor

# 已单独建立: the highest kind among the unit's own organizations (党委 > 总支部 > 支部;
# a 临时党支部 formed alone counts as a 支部).
RANK = Case(
    When(organization__kind=OrgKind.COMMITTEE, then=Value(3)),
    When(organization__kind=OrgKind.GENERAL_BRANCH, then=Value(2)),
    default=Value(1),
    output_field=IntegerField(),
)


def active_org_q(as_of: datetime.date, prefix: str = "") -> Q:
    p = prefix
    return (
        Q(**{f"{p}kind__in": COVERING_KINDS})
        & (Q(**{f"{p}established_on__isnull": True}) | Q(**{f"{p}established_on__lte": as_of}))
        & (Q(**{f"{p}dissolved_on__isnull": True}) | Q(**{f"{p}dissolved_on__gt": as_of}))
    )


def _links(as_of):
    return CoverageLink.objects.filter(
        active_org_q(as_of, "organization__"), enterprise=OuterRef("pk")
    )


def _member_count(as_of, extra: Q | None = None):
    members = (
        Member.objects.filter(employer=OuterRef("pk"))
        .exclude(flow_type=FlowType.DEPARTED)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=as_of))
        .filter(extra or Q())
        .order_by()
        .values("employer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), Value(0))


def instructed_q(as_of) -> Exists:
    ledger = Instructor.enterprises.through.objects.filter(
        enterprise=OuterRef("pk"), instructor__active=True
    )
    return Exists(ledger)


def assigned_q(as_of) -> Exists:
    return Exists(
        AssignedEnterprise.objects.filter(
            enterprise=OuterRef("pk"),
            assignment__starts_on__lte=as_of,
            assignment__ends_on__gte=as_of,
            assignment__state__in=(AssignmentState.ACTIVE, AssignmentState.EXPIRED),
        )
    )


def base_units(form: editions.Form, region, as_of: datetime.date):
    """The form's units in the region's subtree on the date (no facts yet)."""
    return Enterprise.objects.filter(
        region__path__startswith=region.path,
        category__in=form.categories,
        is_legal_entity=True,
        status=OperatingStatus.OPERATING,
    ).filter(Q(registered_on__isnull=True) | Q(registered_on__lte=as_of))


def unit_facts(form: editions.Form, region, as_of: datetime.date):
    """Units annotated with the facts the rows and columns filter on (one correlated
    subquery each, evaluated once per unit inside the aggregate's subquery)."""
    own = (
        _links(as_of)
        .filter(organization__formation=Formation.SINGLE)
        .order_by()
        .values("enterprise")
        .annotate(rank=Max(RANK))
        .values("rank")
    )
    own_group = _links(as_of).filter(
        organization__formation=Formation.SINGLE, organization__has_party_group=True
    )
    return base_units(form, region, as_of).annotate(
        members_all=_member_count(as_of),
        members_full=_member_count(
            as_of,
            Q(status=MemberStatus.FULL)
            & (Q(full_member_on__isnull=True) | Q(full_member_on__lte=as_of)),
        ),
        members_inflow=_member_count(as_of, Q(flow_type=FlowType.INFLOW)),
        members_floating=_member_count(as_of, Q(flow_type=FlowType.FLOATING)),
        own_rank=Coalesce(Subquery(own, output_field=IntegerField()), Value(0)),
        is_covered=Exists(_links(as_of)),
        has_group=Exists(own_group),
        has_instructor=Case(
            When(instructed_q(as_of) | assigned_q(as_of), then=Value(True)), default=Value(False)
        ),
        staff=Coalesce("staff_on_post", "employee_count"),
    )


SUMS = {
    editions.STAFF: "staff",
    editions.EMPLOYEES: "employee_count",
    editions.MEMBERS: "members_all",
    editions.INFLOW: "members_inflow",
}


UNBOUNDED = 2**62  # a LIMIT no region reaches


def _cell_alias(row, col) -> str:
    return f"c__{row.key}__{col.key}"


def compute(form: editions.Form, region, as_of: datetime.date) -> dict:
    """{(row key, col key): int} for every cell, in a few queries (one aggregate over the
    units; one per column for the distinct organizations and instructors)."""
    facts = unit_facts(form, region, as_of)
    aggregates = {}
    for row in form.rows:
        for col in form.cols:
            where = row.where & col.where
            if row.measure == editions.UNITS:
                aggregates[_cell_alias(row, col)] = Count("pk", filter=where)
            elif row.measure in SUMS:
                aggregates[_cell_alias(row, col)] = Coalesce(
                    Sum(SUMS[row.measure], filter=where), Value(0)
                )
    values = {}
    if aggregates:
        # Sliced, so that the facts are a subquery of their own: SQLite and PostgreSQL
        # flatten an unsliced one into the aggregate and then run every correlated
        # subquery once per cell that reads it (30 s instead of 0.1 s for 4,000 units).
        result = facts.order_by()[:UNBOUNDED].aggregate(**aggregates)
        for row in form.rows:
            for col in form.cols:
                alias = _cell_alias(row, col)
                if alias in result:
                    values[(row.key, col.key)] = int(result[alias] or 0)
    for row in form.rows:
        if row.measure in (editions.UNITS, *SUMS):
            continue
        for col in form.cols:
            values[(row.key, col.key)] = distinct_count(row, col, facts, as_of)
    return values


def cell_units(form, row, col, region, as_of):
    """The units behind a cell (the drill-down)."""
    return unit_facts(form, region, as_of).filter(row.where & col.where)


def distinct_count(row, col, facts, as_of) -> int:
    units = facts.filter(row.where & col.where).values("pk")
    return behind_distinct(row, units, as_of).values("pk").count()


def behind_distinct(row, units, as_of):
    """The organizations or instructors a distinct-count cell counts."""
    if row.measure == editions.JOINT_ORGS:
        return PartyOrganization.objects.filter(
            active_org_q(as_of),
            ~Q(formation=Formation.SINGLE),
            coverage_links__enterprise__in=units,
        ).distinct()
    if row.measure == editions.UNTRANSFERRED_ORGS:
        return PartyOrganization.objects.filter(
            active_org_q(as_of),
            formed_by_untransferred=True,
            coverage_links__enterprise__in=units,
        ).distinct()
    if row.measure == editions.INSTRUCTORS:
        assigned = AssignedEnterprise.objects.filter(
            enterprise__in=units,
            assignment__starts_on__lte=as_of,
            assignment__ends_on__gte=as_of,
            assignment__state__in=(AssignmentState.ACTIVE, AssignmentState.EXPIRED),
        ).values("assignment__instructor")
        return Instructor.objects.filter(
            Q(active=True, enterprises__in=units) | Q(pk__in=assigned)
        ).distinct()
    raise ValueError(row.measure)


def base_difference(form, region, as_of) -> dict:
    """Relation vs employer base (WORK.md §7): the members counted here by employer, and
    of them the 流入 (relation elsewhere: out of 党内统计's count for this place) and the
    流动 (relation here, working away: counted by 党内统计 here)."""
    totals = (
        unit_facts(form, region, as_of)
        .order_by()[:UNBOUNDED]
        .aggregate(
            by_employer=Coalesce(Sum("members_all"), Value(0)),
            inflow=Coalesce(Sum("members_inflow"), Value(0)),
            floating=Coalesce(Sum("members_floating"), Value(0)),
        )
    )
    totals["by_relation"] = totals["by_employer"] - totals["inflow"]
    return totals
