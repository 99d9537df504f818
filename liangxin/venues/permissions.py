"""What each role may do with the places (scope is separate: core.scoping). The town's and
the district's desks keep the places and check them; a secretary reads the places serving
its organizations; the kinds, levels and standards are the district's vocabulary."""

from liangxin.core.roles import Role

KEEPERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})


def can_keep(user) -> bool:
    """Create and edit places, record checks."""
    return user.is_authenticated and user.role in KEEPERS


def can_edit_vocabulary(user) -> bool:
    return user.is_authenticated and user.role == Role.DISTRICT_ADMIN
