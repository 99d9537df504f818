"""One engine for every form (editions.Form): a cell is a conditional aggregate over the
units' facts for a region subtree as of a date. compute_many reads the units, their
members, coverage links and instructors by one grouped query each (for any number of
regions at once) and aggregates in one Python pass; unit_facts states the same facts as
annotations for the drill-down (cell_units), whose filters are the same Q objects.

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
import os

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.constants import LOOKUP_SEP
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
from liangxin.regions.models import Region
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
    subquery each: fine for one cell's drill-down; compute_many derives the same facts
    from grouped queries for the whole form)."""
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


def compute(form: editions.Form, region, as_of: datetime.date) -> dict:
    """{(row key, col key): int} for every cell of one region (compute_many of one)."""
    return compute_many(form, [region], as_of)[region]


# The facts unit_facts annotates, as the Python pass below derives them from the grouped
# queries; every other name a row or column filters on is one of the unit's own fields.
DERIVED = {
    "own_rank",
    "is_covered",
    "has_group",
    "has_instructor",
    "members_all",
    "members_full",
    "members_inflow",
    "members_floating",
    "staff",
}
DISTINCT_MEASURES = (editions.JOINT_ORGS, editions.UNTRANSFERRED_ORGS, editions.INSTRUCTORS)


def compute_many(form: editions.Form, regions, as_of: datetime.date) -> dict:
    """{region: {(row key, col key): int}} for every region, in one pass: the units and
    their members, coverage links and instructors are each read by one grouped query (no
    correlated subquery per unit), then every unit's row and column filters are evaluated
    in Python once per distinct combination of the facts they read, and the cells are
    summed (or, for 联合党支部数/指导员数, counted as sets) over those combinations.
    Same definitions as unit_facts + the conditional aggregate (cell_units lists a cell's
    units by them); the naive reference (reference.py) checks both."""
    regions = list(regions)
    results = {region: {} for region in regions}
    if not regions:
        return results
    paths = [region.path for region in regions]
    units, region_paths = _units_under(form, os.path.commonprefix(paths), as_of)
    unit_ids = units.order_by().values("pk")

    row_fields = sorted(set().union(*(_fields_of(row.where) for row in form.rows)))
    col_fields = sorted(set().union(*(_fields_of(col.where) for col in form.cols)))
    own_fields = [name for name in dict.fromkeys([*row_fields, *col_fields]) if name not in DERIVED]

    members = _members_by_employer(unit_ids, as_of)
    links = _links_by_unit(unit_ids, as_of)
    instructors = _instructors_by_unit(unit_ids, as_of)

    # region id → the requested regions whose subtree holds it (prefix of its path).
    owners_of_region = {}

    def owners(region_id):
        found = owners_of_region.get(region_id)
        if found is None:
            path = region_paths[region_id]
            found = tuple(i for i, p in enumerate(paths) if path.startswith(p))
            owners_of_region[region_id] = found
        return found

    row_masks, col_masks = {}, {}
    # (owners, row mask, col mask) → [units, staff, employees, members, inflow]
    groups: dict = {}
    # (owners, row mask, col mask) → {measure: set of ids}
    distinct: dict = {}
    no_links = (0, False, False, (), ())
    no_members = (0, 0, 0, 0)
    for unit in units.order_by().values_list(
        "pk", "region", "employee_count", "staff_on_post", *own_fields
    ):
        pk, region_id, employees, staff_on_post = unit[:4]
        owned = owners(region_id)
        if not owned:
            continue
        rank, covered, group, joint, untransferred = links.get(pk, no_links)
        count_all, count_full, count_inflow, count_floating = members.get(pk, no_members)
        taught = instructors.get(pk, ())
        facts = dict(zip(own_fields, unit[4:], strict=True))
        facts.update(
            own_rank=rank,
            is_covered=covered,
            has_group=group,
            has_instructor=bool(taught),
            members_all=count_all,
            members_full=count_full,
            members_inflow=count_inflow,
            members_floating=count_floating,
            staff=employees if staff_on_post is None else staff_on_post,
        )
        row_key = tuple(facts[name] for name in row_fields)
        row_mask = row_masks.get(row_key)
        if row_mask is None:
            row_mask = row_masks[row_key] = _mask(form.rows, facts)
        col_key = tuple(facts[name] for name in col_fields)
        col_mask = col_masks.get(col_key)
        if col_mask is None:
            col_mask = col_masks[col_key] = _mask(form.cols, facts)
        key = (owned, row_mask, col_mask)
        sums = groups.get(key)
        if sums is None:
            sums = groups[key] = [0, 0, 0, 0, 0]
        sums[0] += 1
        sums[1] += facts["staff"]
        sums[2] += employees
        sums[3] += count_all
        sums[4] += count_inflow
        if joint or untransferred or taught:
            sets = distinct.get(key)
            if sets is None:
                sets = distinct[key] = {m: set() for m in DISTINCT_MEASURES}
            sets[editions.JOINT_ORGS].update(joint)
            sets[editions.UNTRANSFERRED_ORGS].update(untransferred)
            sets[editions.INSTRUCTORS].update(taught)

    slot = {
        editions.UNITS: 0,
        editions.STAFF: 1,
        editions.EMPLOYEES: 2,
        editions.MEMBERS: 3,
        editions.INFLOW: 4,
    }
    totals = [[[0] * len(form.cols) for _ in form.rows] for _ in regions]
    ids = [[[set() for _ in form.cols] for _ in form.rows] for _ in regions]
    for (owned, row_mask, col_mask), sums in groups.items():
        sets = distinct.get((owned, row_mask, col_mask))
        rows = _bits(row_mask, len(form.rows))
        cols = _bits(col_mask, len(form.cols))
        for r in rows:
            measure = form.rows[r].measure
            for owner in owned:
                for c in cols:
                    if measure in slot:
                        totals[owner][r][c] += sums[slot[measure]]
                    elif sets is not None:
                        ids[owner][r][c] |= sets[measure]
    for owner, region in enumerate(regions):
        for r, row in enumerate(form.rows):
            for c, col in enumerate(form.cols):
                if row.measure in slot:
                    value = totals[owner][r][c]
                elif row.measure in DISTINCT_MEASURES:
                    value = len(ids[owner][r][c])
                else:
                    continue
                results[region][(row.key, col.key)] = value
    return results


# Up to this many regions in the subtree, the units are found by region id: the prefix
# LIKE on the joined region path makes SQLite walk every unit of the category instead
# (0.3 s against 0.01 s for a county of the province dataset, per query that reads them).
BY_REGION_ID = 2000


def _units_under(form: editions.Form, prefix: str, as_of: datetime.date):
    """base_units for the subtree under a path prefix, and {region id: path} of it."""
    region_paths = dict(Region.objects.filter(path__startswith=prefix).values_list("pk", "path"))
    if len(region_paths) <= BY_REGION_ID:
        where = Q(region__in=list(region_paths))
    else:
        where = Q(region__path__startswith=prefix)
    units = Enterprise.objects.filter(
        where,
        category__in=form.categories,
        is_legal_entity=True,
        status=OperatingStatus.OPERATING,
    ).filter(Q(registered_on__isnull=True) | Q(registered_on__lte=as_of))
    return units, region_paths


def _fields_of(q: Q) -> set:
    names = set()
    for child in q.children:
        if isinstance(child, Q):
            names |= _fields_of(child)
        else:
            names.add(child[0].split(LOOKUP_SEP)[0])
    return names


def _mask(items, facts: dict) -> int:
    mask = 0
    for i, item in enumerate(items):
        if _holds(item.where, facts):
            mask |= 1 << i
    return mask


def _bits(mask: int, n: int) -> list[int]:
    return [i for i in range(n) if mask >> i & 1]


def _holds(q: Q, facts: dict) -> bool:
    """A Q of plain lookups evaluated on one unit's facts as SQL would (a comparison with
    NULL is false); an unknown field or lookup raises rather than guess."""
    results = (
        _holds(child, facts) if isinstance(child, Q) else _lookup(facts, *child)
        for child in q.children
    )
    held = all(results) if q.connector == Q.AND else any(results)
    return not held if q.negated else held


def _lookup(facts: dict, lookup: str, value) -> bool:
    name, _, operator = lookup.partition(LOOKUP_SEP)
    actual = facts[name]
    if operator == "isnull":
        return (actual is None) == value
    if actual is None:
        return False
    if operator in ("", "exact"):
        return actual == value
    if operator == "in":
        return actual in value
    if operator == "gt":
        return actual > value
    if operator == "gte":
        return actual >= value
    if operator == "lt":
        return actual < value
    if operator == "lte":
        return actual <= value
    raise ValueError(f"unsupported lookup in a form's filter: {lookup}")


def _members_by_employer(unit_ids, as_of) -> dict:
    """employer id → (all, full, 流入, 流动) members as of the date (as _member_count)."""
    full = Q(status=MemberStatus.FULL) & (
        Q(full_member_on__isnull=True) | Q(full_member_on__lte=as_of)
    )
    rows = (
        Member.objects.filter(employer__in=unit_ids)
        .exclude(flow_type=FlowType.DEPARTED)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=as_of))
        .order_by()
        .values("employer")
        .annotate(
            n_all=Count("pk"),
            n_full=Count("pk", filter=full),
            n_inflow=Count("pk", filter=Q(flow_type=FlowType.INFLOW)),
            n_floating=Count("pk", filter=Q(flow_type=FlowType.FLOATING)),
        )
        .values_list("employer", "n_all", "n_full", "n_inflow", "n_floating")
    )
    return {employer: counts for employer, *counts in rows}


def _links_by_unit(unit_ids, as_of) -> dict:
    """unit id → (own rank, covered, has 党小组, joint org ids, untransferred org ids),
    over the active covering organizations linked to it (as unit_facts/behind_distinct)."""
    rank_of = {OrgKind.COMMITTEE: 3, OrgKind.GENERAL_BRANCH: 2}
    facts: dict = {}
    rows = (
        CoverageLink.objects.filter(active_org_q(as_of, "organization__"), enterprise__in=unit_ids)
        .order_by()
        .values_list(
            "enterprise",
            "organization",
            "organization__kind",
            "organization__formation",
            "organization__has_party_group",
            "organization__formed_by_untransferred",
        )
    )
    for unit, org, kind, formation, group, untransferred in rows:
        rank, _, has_group, joint, by_untransferred = facts.get(unit, (0, True, False, (), ()))
        if formation == Formation.SINGLE:
            rank = max(rank, rank_of.get(kind, 1))
            has_group = has_group or group
        else:
            joint = (*joint, org)
        if untransferred:
            by_untransferred = (*by_untransferred, org)
        facts[unit] = (rank, True, has_group, joint, by_untransferred)
    return facts


def _instructors_by_unit(unit_ids, as_of) -> dict:
    """unit id → instructor ids: active ledger links, and 派驻 spanning the date."""
    found: dict = {}
    ledger = (
        Instructor.enterprises.through.objects.filter(
            enterprise__in=unit_ids, instructor__active=True
        )
        .order_by()
        .values_list("enterprise", "instructor")
    )
    assigned = (
        AssignedEnterprise.objects.filter(
            enterprise__in=unit_ids,
            assignment__starts_on__lte=as_of,
            assignment__ends_on__gte=as_of,
            assignment__state__in=(AssignmentState.ACTIVE, AssignmentState.EXPIRED),
        )
        .order_by()
        .values_list("enterprise", "assignment__instructor")
    )
    for rows in (ledger, assigned):
        for unit, instructor in rows:
            found.setdefault(unit, set()).add(instructor)
    return found


def cell_units(form, row, col, region, as_of):
    """The units behind a cell (the drill-down)."""
    return unit_facts(form, region, as_of).filter(row.where & col.where)


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
    units, _ = _units_under(form, region.path, as_of)
    counts = _members_by_employer(units.order_by().values("pk"), as_of).values()
    totals = {
        "by_employer": sum(c[0] for c in counts),
        "inflow": sum(c[2] for c in counts),
        "floating": sum(c[3] for c in counts),
    }
    totals["by_relation"] = totals["by_employer"] - totals["inflow"]
    return totals
