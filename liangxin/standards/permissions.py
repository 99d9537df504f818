"""Who may do what with checklists and inspections (the scope of each record is
core.scoping's): a secretary fills the self-check and works a rectification; the town and
the district check, inspect and close; the district edits the checklists themselves."""

from liangxin.core.roles import Role

SELF_CHECK = frozenset({Role.SECRETARY, Role.TOWN_ADMIN, Role.DISTRICT_ADMIN})
VERIFY = frozenset({Role.TOWN_ADMIN, Role.DISTRICT_ADMIN})


def _has(user, roles) -> bool:
    return user is not None and user.is_authenticated and user.role in roles


def can_self_check(user) -> bool:
    return _has(user, SELF_CHECK)


def can_verify(user) -> bool:
    return _has(user, VERIFY)


def can_inspect(user) -> bool:
    return _has(user, VERIFY)


def can_rectify(user) -> bool:
    return _has(user, SELF_CHECK)


def can_edit_templates(user) -> bool:
    return _has(user, {Role.DISTRICT_ADMIN})
