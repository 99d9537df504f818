import django_filters

from liangxin.core.filters import FilterSet, OrderingFilter, person_search
from liangxin.development.models import CaseStatus, DevelopmentCase, Stage
from liangxin.members.models import PostLevel
from liangxin.organizations.filters import OrganizationSubtreeFilter
from liangxin.regions.filters import RegionSubtreeFilter


class CaseFilter(FilterSet):
    """Shared by the pages, the exports and the API."""

    search = django_filters.CharFilter(
        method="filter_search", label="搜索（姓名，或完整身份证号/手机号）"
    )
    region = RegionSubtreeFilter(path_field="organization__region__path")
    organization = OrganizationSubtreeFilter()
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label="当前阶段")
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label="状态")
    post_level = django_filters.ChoiceFilter(choices=PostLevel.choices, label="岗位层级")
    ordering = OrderingFilter(
        fields=(("name", "name"), ("applied_on", "applied_on"), ("step", "step")),
        field_labels={"name": "姓名", "applied_on": "申请日期", "step": "当前步骤"},
        label="排序",
    )

    class Meta:
        model = DevelopmentCase
        fields = ["search", "region", "organization", "stage", "status", "post_level"]

    def filter_search(self, qs, name, value):
        return person_search(qs, value)
