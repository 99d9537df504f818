"""What the organization registry shows on the home page (core.home) and in the navigation
bar (core.navigation)."""

from liangxin.core.home import Card
from liangxin.core.navigation import NavItem
from liangxin.organizations.models import PartyOrganization

CARDS = [
    Card(
        key="organizations",
        label="党组织",
        rows=lambda user: PartyOrganization.objects.all(),
        url_name="organizations:list",
        icon="bi-flag",
    )
]

NAV = [
    NavItem(
        label="党组织",
        url_name="organizations:list",
        menu="registry",
        order=30,
        active_namespaces=("organizations",),
    ),
    # A tool over the registry: its page still marks 台账, where the organizations are.
    NavItem(label="组织设置提醒", url_name="organizations:warnings", menu="tools", order=20),
]
