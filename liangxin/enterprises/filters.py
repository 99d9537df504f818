import django_filters
from django.db.models import Exists, OuterRef

from liangxin.core.filters import FilterSet, OrderingFilter, ReferenceFilter, text_search
from liangxin.enterprises.models import (
    Enterprise,
    EnterpriseTag,
    Industry,
    OperatingStatus,
    Ownership,
    UnitCategory,
)
from liangxin.regions.filters import RegionSubtreeFilter


class EnterpriseReferenceFilter(ReferenceFilter):
    """``?employer=…``: records referring to the enterprise with that 统一社会信用代码, or to
    the enterprises of that name (members' employer, instructors' enterprises)."""

    target = Enterprise
    code_field = "uscc"
    noun = "市场主体"


SCALE_CHOICES = [("above", "规上"), ("below", "规下")]
SIZE_CHOICES = [("100", "100人以上"), ("50", "50人以上"), ("small", "50人以下")]


class EnterpriseFilter(FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="搜索（名称、信用代码）")
    region = RegionSubtreeFilter()
    status = django_filters.ChoiceFilter(choices=OperatingStatus.choices, label="经营状态")
    category = django_filters.ChoiceFilter(choices=UnitCategory.choices, label="单位类别")
    ownership = django_filters.ChoiceFilter(choices=Ownership.choices, label="企业类型")
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label="行业门类")
    scale = django_filters.ChoiceFilter(choices=SCALE_CHOICES, method="filter_scale", label="规模")
    size = django_filters.ChoiceFilter(choices=SIZE_CHOICES, method="filter_size", label="职工人数")
    covered = django_filters.BooleanFilter(method="filter_covered", label="已建立党组织覆盖")
    tag = django_filters.ModelChoiceFilter(
        queryset=EnterpriseTag.objects.all(), field_name="tags", label="标签"
    )
    ordering = OrderingFilter(
        fields=(
            ("name", "name"),
            ("uscc", "uscc"),
            ("employee_count", "employee_count"),
            ("registered_on", "registered_on"),
            ("region__code", "region"),
        ),
        field_labels={
            "name": "企业名称",
            "uscc": "统一社会信用代码",
            "employee_count": "职工人数",
            "registered_on": "成立日期",
            "region__code": "所属区域",
        },
        label="排序",
    )

    class Meta:
        model = Enterprise
        fields = ["search", "region", "status", "category", "ownership", "industry"]

    def filter_search(self, qs, name, value):
        return text_search(qs, ["name", "uscc"], value)

    def filter_scale(self, qs, name, value):
        return qs.filter(above_scale=(value == "above")) if value else qs

    def filter_size(self, qs, name, value):
        if value == "small":
            return qs.filter(employee_count__lt=50)
        return qs.filter(employee_count__gte=int(value)) if value else qs

    def filter_covered(self, qs, name, value):
        if value is None:
            return qs
        covering = Exists(covering_links().filter(enterprise_id=OuterRef("pk")))
        return qs.filter(covering) if value else qs.exclude(covering)


def covering_links():
    """Coverage links from an organization that covers (``covering()``, as the
    organizations app defines it), reached through Enterprise's reverse relations."""
    links = Enterprise._meta.get_field("coverage_links").related_model
    organizations = Enterprise._meta.get_field("covering_organizations").related_model
    return links.objects.filter(organization__in=organizations.objects.covering())
