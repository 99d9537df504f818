"""What each role may do here (scope is separate: core.scoping). Leaders read only."""

from liangxin.core.roles import Role

# The liaison desk: who keeps the liaisons and pushes notices.
DESK = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})
# Who records a head's confirmation (the liaison on a phone signs in with one of these).
CONFIRMERS = frozenset(
    {Role.DISTRICT_ADMIN, Role.TOWN_ADMIN, Role.GRID_OFFICER, Role.INSTRUCTOR, Role.SECRETARY}
)
# 三联三会 and 党员联系职工 are the organization's own records.
RECORDERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN, Role.SECRETARY})


def can_push(user) -> bool:
    return user.is_authenticated and user.role in DESK


def can_confirm(user) -> bool:
    return user.is_authenticated and user.role in CONFIRMERS


def can_record(user) -> bool:
    return user.is_authenticated and user.role in RECORDERS
