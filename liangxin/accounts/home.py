"""What the account pages show in the navigation bar (core.navigation)."""

from liangxin.core import roles
from liangxin.core.navigation import NavItem

NAV = [
    # The account pages of 三员分立: the system admin and the security admin.
    NavItem(
        label="账号管理",
        url_name="accounts:list",
        order=60,
        shown_to=roles.can_manage_accounts,
        active_namespaces=("accounts",),
    )
]
