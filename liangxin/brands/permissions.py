"""Who may do what with brands and 标杆 projects (the scope of each record is core.scoping's):
a secretary keeps their own organization's brand and reports its nodes' progress; the town
registers brands and projects; the district names, reviews and revokes brands and sets up
its programmes."""

from liangxin.core.roles import Role

KEEP = frozenset({Role.SECRETARY, Role.TOWN_ADMIN, Role.DISTRICT_ADMIN})
MANAGE = frozenset({Role.TOWN_ADMIN, Role.DISTRICT_ADMIN})
DISTRICT = frozenset({Role.DISTRICT_ADMIN})


def _has(user, roles) -> bool:
    return user is not None and user.is_authenticated and user.role in roles


def can_keep_brand(user) -> bool:
    return _has(user, KEEP)


def can_name_brand(user) -> bool:
    return _has(user, DISTRICT)


def can_edit_programmes(user) -> bool:
    return _has(user, DISTRICT)


def can_manage_projects(user) -> bool:
    return _has(user, MANAGE)


def can_report_progress(user) -> bool:
    return _has(user, KEEP)
