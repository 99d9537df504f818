"""What the enterprise registry shows on the home page (core.home)."""

from liangxin.core.home import Card
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
