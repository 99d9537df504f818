"""What the boards show in the navigation bar. No home-page card: the cards there count
the registries (tests/core/test_home_contributions.py pins them); a board is a page."""

from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="比学赶超跑道",
        url_name="board:list",
        menu="organization_work",
        order=120,  # after 评星定级 and 星级分布 (ratings, 100–110): the same issue's group
        active_namespaces=("board",),
    ),
]
