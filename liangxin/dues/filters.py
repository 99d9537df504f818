"""Filters of the dues lists (pages and API share them)."""

import django_filters
from django.db.models import Q

from liangxin.core import pii
from liangxin.core.filters import FilterSet
from liangxin.core.validators import normalize_id_number
from liangxin.dues.amounts import DuesCategory
from liangxin.dues.models import DuesBase, DuesMonth, DuesStatus
from liangxin.organizations.filters import OrganizationSubtreeFilter
from liangxin.regions.filters import RegionSubtreeFilter

MONTH_CHOICES = [(m, f"{m}月") for m in range(1, 13)]


def member_search(qs, value: str):
    """The member's name contains the text, or the exact ID number (blind index)."""
    value = (value or "").strip()
    if not value:
        return qs
    condition = Q(member__name__icontains=value)
    if len(value) >= 15:
        condition |= Q(member__id_number_digest=pii.blind_index(normalize_id_number(value)))
    return qs.filter(condition)


class MemberScopeFilters(FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="搜索（姓名或完整身份证号）")
    organization = OrganizationSubtreeFilter(path_field="member__organization__path")
    region = RegionSubtreeFilter(path_field="member__organization__region__path")
    year = django_filters.NumberFilter(
        field_name="year", label="年度", min_value=2000, max_value=2100
    )

    def filter_search(self, qs, name, value):
        return member_search(qs, value)


class DuesBaseFilter(MemberScopeFilters):
    category = django_filters.ChoiceFilter(choices=DuesCategory.choices, label="党费类别")

    class Meta:
        model = DuesBase
        fields = ["search", "organization", "region", "year", "category"]


class DuesMonthFilter(MemberScopeFilters):
    month = django_filters.ChoiceFilter(choices=MONTH_CHOICES, field_name="month", label="月份")
    status = django_filters.ChoiceFilter(choices=DuesStatus.choices, label="状态")

    class Meta:
        model = DuesMonth
        fields = ["search", "organization", "region", "year", "month", "status"]
