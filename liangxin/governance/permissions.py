"""What each role may do here (scope is separate: core.scoping). The district and the
towns keep the committees of the organizations in their regions; a secretary keeps their
own organization's; leaders, grid officers and instructors read."""

from liangxin.core.roles import Role

KEEPERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN, Role.SECRETARY})


def can_keep(user) -> bool:
    return user.is_authenticated and user.role in KEEPERS
