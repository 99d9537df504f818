"""What each role may do with the three lists (scope is separate: core.scoping).

The town's and the district's desks keep the offers (resources, the service menu), match
and deliver, and record events; a grid officer or a secretary also records the needs they
hear and the activities they run. A leader and an instructor read."""

from liangxin.core.roles import Role

KEEPERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})
RECORDERS = KEEPERS | {Role.GRID_OFFICER, Role.SECRETARY}


def can_keep(user) -> bool:
    """Resources, the service menu, matches, service records and events."""
    return user.is_authenticated and user.role in KEEPERS


def can_record(user) -> bool:
    """Needs and activities."""
    return user.is_authenticated and user.role in RECORDERS


def can_edit_types(user) -> bool:
    """Activity and event types: the district's vocabulary."""
    return user.is_authenticated and user.role == Role.DISTRICT_ADMIN
