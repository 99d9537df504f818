"""What the audit log shows in the navigation bar (core.navigation)."""

from liangxin.core import roles
from liangxin.core.navigation import NavItem

NAV = [
    # The log's page is named "audit" outside any URL namespace.
    NavItem(
        label="审计日志",
        url_name="audit",
        order=50,
        shown_to=roles.can_view_audit,
        active_url_names=("audit",),
    )
]
