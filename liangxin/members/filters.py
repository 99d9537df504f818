import django_filters

from liangxin.core.filters import FilterSet, OrderingFilter, person_search
from liangxin.enterprises.filters import EnterpriseReferenceFilter
from liangxin.members.models import Education, FlowType, Member, MemberStatus, PostLevel
from liangxin.organizations.filters import OrganizationSubtreeFilter
from liangxin.regions.filters import RegionSubtreeFilter


class MemberFilter(FilterSet):
    search = django_filters.CharFilter(
        method="filter_search", label="搜索（姓名，或完整身份证号/手机号）"
    )
    region = RegionSubtreeFilter(path_field="organization__region__path")
    organization = OrganizationSubtreeFilter()
    status = django_filters.ChoiceFilter(choices=MemberStatus.choices, label="党员状态")
    flow_type = django_filters.ChoiceFilter(choices=FlowType.choices, label="管理类型")
    post_level = django_filters.ChoiceFilter(choices=PostLevel.choices, label="岗位层级")
    education = django_filters.ChoiceFilter(choices=Education.choices, label="学历")
    employer = EnterpriseReferenceFilter(field_name="employer", label="工作单位")
    ordering = OrderingFilter(
        fields=(("name", "name"), ("joined_on", "joined_on"), ("birth_date", "birth_date")),
        field_labels={"name": "姓名", "joined_on": "入党日期", "birth_date": "出生日期"},
        label="排序",
    )

    class Meta:
        model = Member
        fields = ["search", "region", "organization", "status", "flow_type", "post_level"]

    def filter_search(self, qs, name, value):
        return person_search(qs, value)
