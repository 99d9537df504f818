"""The talent pool's and the partner groups' entries in the navigation bar (core.navigation)."""

from liangxin.core.navigation import NavItem

NAV = [
    NavItem(label="党务人才库", url_name="instructors:pool", menu="workforce_work", order=60),
    NavItem(label="党建合伙人", url_name="instructors:partners", menu="workforce_work", order=61),
]
