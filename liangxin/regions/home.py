"""What the region registry shows on the home page (core.home) and in the navigation
bar (core.navigation)."""

from liangxin.core.home import Card
from liangxin.core.navigation import NavItem
from liangxin.regions.models import Region

CARDS = [
    Card(
        key="regions",
        label="区域",
        rows=lambda user: Region.objects.all(),
        url_name="regions:list",
        icon="bi-diagram-3",
    )
]

NAV = [
    NavItem(
        label="区域",
        url_name="regions:list",
        menu="registry",
        order=10,
        active_namespaces=("regions",),
    )
]
