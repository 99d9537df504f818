"""Who makes annual reports (scope is separate: core.scoping). A town admin makes its
town's report, the district admin any region's in the district; only the district's own
template replaces the default one."""

from liangxin.core.roles import Role

MAKERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})


def can_make(user) -> bool:
    return user.is_authenticated and user.role in MAKERS


def can_read(user) -> bool:
    return can_make(user) or (user.is_authenticated and user.role == Role.LEADER)


def can_replace_template(user) -> bool:
    return user.is_authenticated and user.role == Role.DISTRICT_ADMIN
