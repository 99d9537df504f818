import django_filters

from liangxin.core.filters import FilterSet
from liangxin.organizations.filters import OrganizationSubtreeFilter
from liangxin.posts.models import POST_KINDS, PostAssignment, Team, TeamKind
from liangxin.regions.filters import RegionSubtreeFilter


class PostFilter(FilterSet):
    region = RegionSubtreeFilter(path_field="organization__region__path")
    organization = OrganizationSubtreeFilter()
    kind = django_filters.ChoiceFilter(
        choices=[(kind.value, kind.label) for kind in POST_KINDS], label="类别"
    )
    current = django_filters.BooleanFilter(method="filter_current", label="在岗")

    class Meta:
        model = PostAssignment
        fields = ["region", "organization", "kind"]

    def filter_current(self, qs, name, value):
        from liangxin.posts.selectors import active_posts

        if value is None:
            return qs
        return qs.filter(active_posts()) if value else qs.exclude(active_posts())


class TeamFilter(FilterSet):
    region = RegionSubtreeFilter(path_field="organization__region__path")
    organization = OrganizationSubtreeFilter()
    kind = django_filters.ChoiceFilter(choices=TeamKind.choices, label="类别")
    current = django_filters.BooleanFilter(method="filter_current", label="未撤销")

    class Meta:
        model = Team
        fields = ["region", "organization", "kind"]

    def filter_current(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(ended_on__isnull=value)
