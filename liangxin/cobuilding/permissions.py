"""What each role may do here (scope is separate: core.scoping). Leaders and instructors
read only; the district and the towns keep the records in their regions; a secretary also
records what their own organization's pairings, alliances and workshops produced."""

from liangxin.core.roles import Role

KEEPERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})
RECORDERS = KEEPERS | {Role.SECRETARY}


def can_keep(user) -> bool:
    """Pairings, alliances (members, chairs), workshops."""
    return user.is_authenticated and user.role in KEEPERS


def can_record(user) -> bool:
    """Outcomes, 联席会议 and their issues, workshop figures."""
    return user.is_authenticated and user.role in RECORDERS


def can_edit_sets(user) -> bool:
    """Programmes and types: the district's vocabulary."""
    return user.is_authenticated and user.role == Role.DISTRICT_ADMIN
