"""What each role may do with campaigns (scope is separate: core.scoping). Leaders read."""

from liangxin.core.roles import Role

# Who launches a drive, sets its targets and opens a 摸底 round.
ORGANIZERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})
# Who confirms or corrects a round's rows (in their own grid or town).
CONFIRMERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN, Role.GRID_OFFICER})


def can_organize(user) -> bool:
    return user.is_authenticated and user.role in ORGANIZERS


def can_confirm(user) -> bool:
    return user.is_authenticated and user.role in CONFIRMERS


def is_grid_officer(user) -> bool:
    return user.is_authenticated and user.role == Role.GRID_OFFICER


def can_edit_kinds(user) -> bool:
    """The kinds of drive are the district's reference data."""
    return user.is_authenticated and user.role == Role.DISTRICT_ADMIN
