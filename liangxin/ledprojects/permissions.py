"""What each role may do here (scope is separate: core.scoping). Everyone who reads the
registries reads the projects in their scope; the district and the towns keep projects and
their milestones; the 赛马 rounds and their scores are the district's (the 两新工委 holds
the 擂台赛 [L:平湖])."""

from liangxin.core import roles
from liangxin.core.roles import Role

KEEPERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})


def sees_projects(user) -> bool:
    """Projects are held by regions (a town's, the district's): those who hold
    organizations, not regions (a secretary, an instructor), have none in scope and are not
    shown the menu."""
    return roles.can_view_registry(user) and user.role in roles.REGION_SCOPED


def can_keep(user) -> bool:
    """Projects and their milestones (progress, evidence)."""
    return user.is_authenticated and user.role in KEEPERS


def can_race(user) -> bool:
    """推进会 and 擂台赛 rounds and their results."""
    return user.is_authenticated and user.role == Role.DISTRICT_ADMIN
