"""What the boards show in the navigation bar and on the home page (a card counting the
boards the user may read, one click from their rankings)."""

from liangxin.board.models import Board
from liangxin.core.home import Card
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


CARDS = [
    Card(
        key="boards",
        label="比学赶超跑道",
        rows=lambda user: Board.objects.all(),  # cards_for scopes the rows (board_rule)
        url_name="board:list",
        icon="bi-bar-chart-steps",
    )
]
