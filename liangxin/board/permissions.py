"""Who may do what with boards: the district configures them and freezes the 晾晒
snapshots; every business user reads them (scoping.py)."""

from liangxin.core.roles import Role


def can_configure(user) -> bool:
    return user is not None and user.is_authenticated and user.role == Role.DISTRICT_ADMIN
