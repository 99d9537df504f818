"""What each role may do with requests (scope is separate: core.scoping). Units have no
accounts here: the town's or district's service desk acts for them."""

from liangxin.core.roles import Role

SUBMITTERS = frozenset(
    {Role.DISTRICT_ADMIN, Role.TOWN_ADMIN, Role.GRID_OFFICER, Role.SECRETARY, Role.INSTRUCTOR}
)
HANDLERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})


def can_submit(user) -> bool:
    return user.is_authenticated and user.role in SUBMITTERS


def can_handle(user) -> bool:
    return user.is_authenticated and user.role in HANDLERS


def can_edit_settings(user) -> bool:
    """Categories, units and deadline rules: the district's (a town adds its own units)."""
    return can_handle(user)
