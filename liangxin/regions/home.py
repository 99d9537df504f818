"""What the region registry shows on the home page (core.home)."""

from liangxin.core.home import Card
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
