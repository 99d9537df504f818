"""What the coverage indicators show in the navigation bar (core.navigation)."""

from liangxin.core.navigation import NavItem
from liangxin.core.scoping import user_scope


def sees_statistics(user) -> bool:
    # Statistics cover whole region subtrees: region-scoped roles only (coverage.access).
    return bool(user_scope(user).region_paths)


NAV = [
    NavItem(
        label="两个覆盖",
        url_name="coverage:dashboard",
        order=10,
        shown_to=sees_statistics,
        active_namespaces=("coverage",),
        icon="bi-bar-chart-line",
    )
]
