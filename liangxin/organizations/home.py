"""What the organization registry shows on the home page (core.home)."""

from liangxin.core.home import Card
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
