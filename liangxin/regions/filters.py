import django_filters

from liangxin.core.filters import FilterSet, OrderingFilter, SubtreeFilter, text_search
from liangxin.regions.models import Region, RegionKind


class RegionSubtreeFilter(SubtreeFilter):
    """``?region=CODE``: the whole subtree of that region (path prefix)."""

    target = Region
    noun = "区域"
    default_path_field = "region__path"
    default_label = "所属区域（含下级）"


class RegionFilter(FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="搜索（名称、代码）")
    region = RegionSubtreeFilter(path_field="path")
    kind = django_filters.ChoiceFilter(choices=RegionKind.choices, label="区域类别")
    ordering = OrderingFilter(
        fields=(("code", "code"), ("name", "name"), ("path", "path")),
        field_labels={"code": "区域代码", "name": "区域名称", "path": "树顺序"},
        label="排序",
    )

    class Meta:
        model = Region
        fields = ["search", "region", "kind"]

    def filter_search(self, qs, name, value):
        return text_search(qs, ["name", "code"], value)
