"""One enterprise's coverage gap and the action that closes it, shown on its own page
(issue 14, item 8: act where you see). The same facts and conditions as the work lists
(DOMAIN.md §3; worklists.py): not covered by a Party organization → 建立党组织 (on its
own with enough full members, jointly otherwise); not covered and no active instructor
→ 选派党建指导员 (work coverage).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from liangxin.core import roles
from liangxin.core.scoping import scoped
from liangxin.coverage.definitions import with_facts
from liangxin.enterprises.models import Enterprise, OperatingStatus
from liangxin.workforce.models import Instructor

INSTRUCTORS_OFFERED = 500  # as the work list offers them


@dataclass(frozen=True)
class Gap:
    enterprise: Enterprise
    organization_missing: bool
    instructor_missing: bool
    full_members: int
    single: bool  # enough full members for an organization of its own

    @property
    def any(self) -> bool:
        return self.organization_missing or self.instructor_missing


def enterprise_gap(enterprise: Enterprise) -> Gap | None:
    """The gap of an operating or preparing unit (a deregistered one has none to close)."""
    if enterprise.status not in (OperatingStatus.OPERATING, OperatingStatus.PREPARING):
        return None
    today = timezone.localdate()
    unit = with_facts(Enterprise.objects.filter(pk=enterprise.pk), today).values(
        "is_covered", "has_instructor", "has_three_full", "facts__full_members"
    )[0]
    return Gap(
        enterprise=enterprise,
        organization_missing=not unit["is_covered"],
        instructor_missing=not unit["is_covered"] and not unit["has_instructor"],
        full_members=unit["facts__full_members"] or 0,
        single=bool(unit["has_three_full"]),
    )


def create_organization_url(gap: Gap) -> str:
    """The organization form pre-filled as the work lists fill it: region, a name to
    start from, the enterprise it covers, and the formation its members allow."""
    enterprise = gap.enterprise
    single = gap.single
    query = {
        "name": f"{enterprise.name}{'党支部' if single else '联合党支部'}",
        "region": enterprise.region.code,
        "covered_enterprises": enterprise.uscc,
        "formation": "single" if single else "joint",
        "kind": "branch" if single else "joint_branch",
    }
    return f"{reverse('organizations:create')}?{urlencode(query)}"


def gap_actions(gap: Gap, user) -> dict:
    """What this user may do about the gap: the pre-filled form, the instructors to choose."""
    create_url = None
    if gap.organization_missing and roles.can_edit(user, "organizations"):
        create_url = create_organization_url(gap)
    instructors = None
    if gap.instructor_missing and roles.can_edit(user, "instructors"):
        active = scoped(Instructor.objects.filter(active=True), user).select_related("region")
        active = active.order_by("name", "id")
        instructors = list(active[:INSTRUCTORS_OFFERED])
    return {"create_url": create_url, "instructors": instructors}
