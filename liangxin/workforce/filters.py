import django_filters

from liangxin.core.filters import FilterSet, OrderingFilter, person_search
from liangxin.enterprises.filters import EnterpriseReferenceFilter
from liangxin.regions.filters import RegionSubtreeFilter
from liangxin.workforce.models import Instructor, InstructorSource


class InstructorFilter(FilterSet):
    search = django_filters.CharFilter(
        method="filter_search", label="搜索（姓名，或完整身份证号/手机号）"
    )
    region = RegionSubtreeFilter()
    source = django_filters.ChoiceFilter(choices=InstructorSource.choices, label="来源")
    active = django_filters.BooleanFilter(field_name="active", label="在岗")
    enterprise = EnterpriseReferenceFilter(field_name="enterprises", label="联系企业")
    ordering = OrderingFilter(
        fields=(("name", "name"),), field_labels={"name": "姓名"}, label="排序"
    )

    class Meta:
        model = Instructor
        fields = ["search", "region", "source", "active"]

    def filter_search(self, qs, name, value):
        return person_search(qs, value)
