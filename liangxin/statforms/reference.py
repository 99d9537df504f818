"""A naive per-record reference of the forms' cells (for the bench and a cross-check, never
for pages): every unit is read with its members, organizations and instructors one query
at a time, and every cell is counted in Python. Same definitions as engine/editions."""

from liangxin.enterprises.models import SocialSubtype, UnitCategory
from liangxin.members.models import FlowType, MemberStatus
from liangxin.organizations.models import COVERING_KINDS, Formation, OrgKind
from liangxin.statforms import editions, engine
from liangxin.workforce.models import AssignedEnterprise, AssignmentState

RANK = {OrgKind.COMMITTEE: 3, OrgKind.GENERAL_BRANCH: 2}


def _before(value, as_of) -> bool:
    return value is None or value <= as_of


def unit_record(unit, as_of) -> dict:
    orgs = [
        o
        for o in unit.covering_organizations.all()
        if o.kind in COVERING_KINDS
        and _before(o.established_on, as_of)
        and (o.dissolved_on is None or o.dissolved_on > as_of)
    ]
    own = [o for o in orgs if o.formation == Formation.SINGLE]
    members = [
        m
        for m in unit.employed_members.all()
        if m.flow_type != FlowType.DEPARTED and _before(m.joined_on, as_of)
    ]
    instructors = {i.pk for i in unit.instructors.all() if i.active}
    for link in AssignedEnterprise.objects.filter(enterprise=unit).select_related("assignment"):
        a = link.assignment
        if a.starts_on <= as_of <= a.ends_on and a.state in (
            AssignmentState.ACTIVE,
            AssignmentState.EXPIRED,
        ):
            instructors.add(a.instructor_id)
    return {
        "unit": unit,
        "own_rank": max((RANK.get(o.kind, 1) for o in own), default=0),
        "covered": bool(orgs),
        "has_group": any(o.has_party_group for o in own),
        "joint_orgs": {o.pk for o in orgs if o.formation != Formation.SINGLE},
        "untransferred_orgs": {o.pk for o in orgs if o.formed_by_untransferred},
        "members": len(members),
        "full": sum(
            1 for m in members if m.status == MemberStatus.FULL and _before(m.full_member_on, as_of)
        ),
        "inflow": sum(1 for m in members if m.flow_type == FlowType.INFLOW),
        "instructors": instructors,
        "staff": unit.staff_on_post if unit.staff_on_post is not None else unit.employee_count,
    }


ROWS = {
    "units": lambda r: True,
    "units_instructed": lambda r: bool(r["instructors"]),
    "own": lambda r: r["own_rank"] > 0,
    "own_committee": lambda r: r["own_rank"] == 3,
    "own_general": lambda r: r["own_rank"] == 2,
    "own_branch": lambda r: r["own_rank"] == 1,
    "own_group": lambda r: r["own_rank"] > 0 and r["has_group"],
    "joint": lambda r: r["covered"] and not r["own_rank"],
    "joint_3plus": lambda r: r["covered"] and not r["own_rank"] and r["members"] >= 3,
    "joint_orgs": lambda r: r["covered"] and not r["own_rank"],
    "none": lambda r: not r["covered"],
    "none_should": lambda r: not r["covered"] and r["full"] >= 3,
    "none_few": lambda r: not r["covered"] and r["full"] < 3 and r["members"] >= 1,
    "none_zero": lambda r: not r["covered"] and r["members"] == 0,
    "none_instructed": lambda r: not r["covered"] and bool(r["instructors"]),
    "sup_instructors": lambda r: bool(r["instructors"]),
    "sup_staff_all": lambda r: True,
    "sup_staff_org": lambda r: r["covered"],
    "sup_staff_instr": lambda r: not r["covered"] and bool(r["instructors"]),
    "sup_members_all": lambda r: True,
    "sup_members_org": lambda r: r["covered"],
    "sup_members_instr": lambda r: not r["covered"] and bool(r["instructors"]),
    "sup_inflow": lambda r: True,
    "sup_employees": lambda r: True,
    "sup_members": lambda r: True,
    "sup_untransferred_orgs": lambda r: r["covered"],
}

CONTROL = {key: set(codes) for key, _, codes in editions.T27_CONTROL}


def column(key):
    if key == "total":
        return lambda u: True
    if key == "emp50":
        return lambda u: u.employee_count >= 50
    if key == "emp100":
        return lambda u: u.employee_count >= 100
    if key == "rep_member":
        return lambda u: u.legal_rep_is_member
    if key == "rep_secretary":
        return lambda u: u.legal_rep_is_member and u.legal_rep_is_secretary
    if key in CONTROL:
        return lambda u: u.control_type in CONTROL[key]
    if key == "law_firm":
        return lambda u: (
            u.social_subtype == SocialSubtype.LAW_FIRM
            or (u.category == UnitCategory.LAW_FIRM and not u.social_subtype)
        )
    return lambda u: u.social_subtype == key


def measure(key, records) -> int:
    if key in ("joint_orgs", "sup_untransferred_orgs", "sup_instructors"):
        field = {"joint_orgs": "joint_orgs", "sup_untransferred_orgs": "untransferred_orgs"}
        return len(set().union(*(r[field.get(key, "instructors")] for r in records)))
    if key.startswith("sup_staff"):
        return sum(r["staff"] for r in records)
    if key == "sup_employees":
        return sum(r["unit"].employee_count for r in records)
    if key.startswith("sup_members"):
        return sum(r["members"] for r in records)
    if key == "sup_inflow":
        return sum(r["inflow"] for r in records)
    return len(records)


def reference_cells(form: editions.Form, region, as_of) -> dict:
    records = [unit_record(u, as_of) for u in engine.base_units(form, region, as_of)]
    return {
        (row.key, col.key): measure(
            row.key,
            [r for r in records if ROWS[row.key](r) and column(col.key)(r["unit"])],
        )
        for row in form.rows
        for col in form.cols
    }
