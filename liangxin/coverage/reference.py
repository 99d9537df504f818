"""A straightforward per-enterprise implementation of DOMAIN.md §3.

Not used by the application: it is the oracle the property tests compare the
SQL engine with, and the peer ``make bench`` measures it against. It walks the
enterprises one by one through the ORM, the way a first version would.
"""

import datetime

from liangxin.coverage.definitions import (
    CATEGORIES,
    INDICATOR_KEYS,
    MEMBER_ENTERPRISE_MIN_EMPLOYEES,
    SINGLE_FORMATION_MIN_EMPLOYEES,
    branch_min_full_members,
)
from liangxin.enterprises.models import Enterprise
from liangxin.members.models import FlowType
from liangxin.organizations.models import COVERING_KINDS, Formation


def _facts(enterprise: Enterprise, on: datetime.date) -> dict:
    orgs = [
        org
        for org in enterprise.covering_organizations.all()
        if org.kind in COVERING_KINDS and (org.dissolved_on is None or org.dissolved_on > on)
    ]
    employed = [m for m in enterprise.employed_members.all() if m.flow_type != FlowType.DEPARTED]
    return {
        "covered": bool(orgs),
        "own": any(org.formation == Formation.SINGLE for org in orgs),
        "instructor": any(i.active for i in enterprise.instructors.all()),
        "members": len(employed),
        "full": sum(1 for m in employed if m.status == "full"),
    }


def _tally(enterprise: Enterprise, facts: dict, branch_min: int) -> dict:
    e = enterprise
    return {
        "org_coverage": (True, facts["covered"]),
        "above_scale_org_coverage": (e.above_scale, facts["covered"]),
        "work_coverage": (True, facts["covered"] or facts["instructor"]),
        "single_formation_100": (
            e.employee_count >= SINGLE_FORMATION_MIN_EMPLOYEES,
            facts["own"],
        ),
        "member_enterprise_coverage_50": (
            e.employee_count >= MEMBER_ENTERPRISE_MIN_EMPLOYEES and facts["members"] >= 1,
            facts["covered"],
        ),
        "should_build": (facts["full"] >= branch_min, facts["own"]),
    }


def reference_counts(*, region, category: str = "enterprise", on: datetime.date) -> dict:
    counts = {key: [0, 0] for key in INDICATOR_KEYS}
    branch_min = branch_min_full_members()
    enterprises = Enterprise.objects.filter(
        region__path__startswith=region.path,
        category__in=CATEGORIES[category],
        status="operating",
    )
    for enterprise in enterprises:
        for key, (in_denominator, in_numerator) in _tally(
            enterprise, _facts(enterprise, on), branch_min
        ).items():
            if in_denominator:
                counts[key][1] += 1
                counts[key][0] += int(in_numerator)
    return {key: tuple(value) for key, value in counts.items()}
