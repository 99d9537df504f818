"""What the enterprise registry shows on the home page (core.home) and in the navigation
bar (core.navigation)."""

from liangxin.core.home import Card
from liangxin.core.navigation import NavItem
from liangxin.enterprises.models import Enterprise

CARDS = [
    Card(
        key="enterprises",
        label="市场主体",
        rows=lambda user: Enterprise.objects.all(),
        url_name="enterprises:list",
        icon="bi-building",
    )
]

NAV = [
    NavItem(
        label="市场主体",
        url_name="enterprises:list",
        menu="registry",
        order=20,
        active_namespaces=("enterprises",),
    )
]
