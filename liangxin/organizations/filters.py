import django_filters
from django.db.models import Q
from django.utils import timezone

from liangxin.core.filters import FilterSet, OrderingFilter, SubtreeFilter, text_search
from liangxin.organizations.models import Formation, OrgKind, PartyOrganization, StarCategory
from liangxin.regions.filters import RegionSubtreeFilter


class OrganizationSubtreeFilter(SubtreeFilter):
    """``?organization=CODE``: that organization and everything under it."""

    target = PartyOrganization
    noun = "党组织"
    default_path_field = "organization__path"
    default_label = "党组织（含下级）"


class OrganizationFilter(FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="搜索（名称、编码）")
    region = RegionSubtreeFilter()
    within = OrganizationSubtreeFilter(path_field="path", label="上级党组织（含下级）")
    kind = django_filters.ChoiceFilter(choices=OrgKind.choices, label="组织类别")
    formation = django_filters.ChoiceFilter(choices=Formation.choices, label="组建方式")
    star_category = django_filters.ChoiceFilter(choices=StarCategory.choices, label="星级类别")
    active = django_filters.BooleanFilter(method="filter_active", label="未撤销")
    ordering = OrderingFilter(
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("path", "path"),
            ("established_on", "established_on"),
        ),
        field_labels={
            "code": "组织编码",
            "name": "组织名称",
            "path": "树顺序",
            "established_on": "成立日期",
        },
        label="排序",
    )

    class Meta:
        model = PartyOrganization
        fields = ["search", "region", "kind", "formation"]

    def filter_search(self, qs, name, value):
        return text_search(qs, ["name", "code"], value)

    def filter_active(self, qs, name, value):
        if value is None:
            return qs
        alive = Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=timezone.localdate())
        return qs.filter(alive) if value else qs.exclude(alive)
