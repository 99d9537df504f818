import django_filters

from liangxin.core.filters import FilterSet
from liangxin.life.models import Meeting, MeetingKind
from liangxin.organizations.filters import OrganizationSubtreeFilter


class MeetingFilter(FilterSet):
    organization = OrganizationSubtreeFilter()
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label="会议类型")
    # Bounded: a year past date's range is a 400, not a 500 (datetime.date overflows).
    year = django_filters.NumberFilter(
        field_name="held_on", lookup_expr="year", label="年度", min_value=1900, max_value=2100
    )

    class Meta:
        model = Meeting
        fields = ["organization", "kind", "year"]
