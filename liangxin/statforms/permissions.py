"""What each role may do with the 党内统计 forms (scope is separate: core.scoping).

The forms count every unit of a region subtree, so only the region-scoped roles read
them (a secretary or an instructor sees records, not a region's totals). A town admin
approves 镇审核; the district admin approves 区审核 and sends (已报送). A return for a
region above the towns has no town admin who sees it: its district admin may take the
town step too."""

from liangxin.core.roles import REGION_SCOPED, Role

KEEPERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})


def can_view(user) -> bool:
    return user.is_authenticated and user.role in REGION_SCOPED


def can_keep(user) -> bool:
    """Create returns (drafts) in one's regions."""
    return user.is_authenticated and user.role in KEEPERS


def can_town_review(user) -> bool:
    return user.is_authenticated and user.role in KEEPERS


def can_district_review(user) -> bool:
    return user.is_authenticated and user.role == Role.DISTRICT_ADMIN
