"""What each role may do with specialists (scope is separate: core.scoping). The town's and
district's admins keep the specialists and their assignments; the district admin edits the
cadences; a specialist with an account logs the contacts of their own assignments."""

from liangxin.core.roles import BUSINESS_ROLES, Role

MANAGERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})


def can_manage(user) -> bool:
    return user.is_authenticated and user.role in MANAGERS


def can_edit_cadences(user) -> bool:
    return user.is_authenticated and user.role == Role.DISTRICT_ADMIN


def own_specialist(user):
    """The specialist record linked to ``user``'s account, if any."""
    if not user.is_authenticated or user.role not in BUSINESS_ROLES:
        return None
    return getattr(user, "specialist", None)


def can_log(user, assignment) -> bool:
    if can_manage(user):
        return True
    own = own_specialist(user)
    return own is not None and assignment.specialist_id == own.pk


def can_log_any(user) -> bool:
    return can_manage(user) or own_specialist(user) is not None


# Accounts a specialist record may be linked to: a role that uses the registries and may
# log a contact or open a request (not 领导查看, not the 三员).
LINKABLE_ROLES = frozenset(
    {Role.GRID_OFFICER, Role.INSTRUCTOR, Role.TOWN_ADMIN, Role.DISTRICT_ADMIN}
)
