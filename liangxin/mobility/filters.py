"""Filters of the mobility lists (pages and API): region and organization subtrees, by code."""

import django_filters
from django.db.models import Q

from liangxin.core.filters import FilterSet, text_search
from liangxin.members.models import Member
from liangxin.mobility.models import (
    OPEN_STATES,
    ContactLog,
    ContactMethod,
    DualManagementAgreement,
    InflowPerson,
    InflowSource,
    MobileProfile,
    Transfer,
    TransferDirection,
    TransferReason,
    TransferState,
)
from liangxin.organizations.filters import OrganizationSubtreeFilter
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.filters import RegionSubtreeFilter
from liangxin.regions.models import Region

OPEN = "open"


class MemberListFilter(FilterSet):
    """The member work lists (overdue, should transfer, departed, inflow without agreement)."""

    search = django_filters.CharFilter(method="filter_search", label="姓名")
    region = RegionSubtreeFilter(path_field="organization__region__path")
    organization = OrganizationSubtreeFilter()

    class Meta:
        model = Member
        fields = ["search", "region", "organization"]

    def filter_search(self, qs, name, value):
        return text_search(qs, ["name"], value)


class MemberRecordFilter(FilterSet):
    """Records about a member: agreements, contacts, places away."""

    search = django_filters.CharFilter(method="filter_search", label="姓名")
    region = RegionSubtreeFilter(path_field="member__organization__region__path")
    organization = OrganizationSubtreeFilter(path_field="member__organization__path")

    def filter_search(self, qs, name, value):
        return text_search(qs, ["member__name"], value)


class AgreementFilter(MemberRecordFilter):
    open = django_filters.BooleanFilter(
        field_name="transferred_in_on", lookup_expr="isnull", label="尚未转入组织关系"
    )

    class Meta:
        model = DualManagementAgreement
        fields = ["search", "region", "organization", "open"]


class ContactFilter(MemberRecordFilter):
    method = django_filters.ChoiceFilter(choices=ContactMethod.choices, label="联系方式")
    since = django_filters.DateFilter(
        field_name="contacted_on", lookup_expr="gte", label="起始日期"
    )
    until = django_filters.DateFilter(
        field_name="contacted_on", lookup_expr="lte", label="截止日期"
    )

    class Meta:
        model = ContactLog
        fields = ["search", "region", "organization", "method", "since", "until"]


class PlaceFilter(MemberRecordFilter):
    class Meta:
        model = MobileProfile
        fields = ["region", "organization"]


class InflowPersonFilter(FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="姓名")
    region = django_filters.CharFilter(method="filter_region", label="登记区域（含下级）")
    source = django_filters.ChoiceFilter(
        choices=InflowSource.choices, method="filter_source", label="登记来源"
    )

    class Meta:
        model = InflowPerson
        fields = ["search", "region", "source"]

    # Each filter reads the registrations the user may see only: matching the first
    # finder's name, or another town's registrations, would tell what that town found.
    def filter_search(self, qs, name, value):
        return qs.filter(pk__in=text_search(self.visible(), ["name_as_registered"], value))

    def filter_region(self, qs, name, value):
        path = _path_of(Region, value)
        if path is None:
            return qs.none()
        return qs.filter(pk__in=self.visible().filter(region__path__startswith=path))

    def filter_source(self, qs, name, value):
        return qs.filter(pk__in=self.visible().filter(source=value))

    def visible(self):
        from liangxin.mobility.selectors import registration_list

        return registration_list(user=self.request.user).values("person_id")


class TransferFilter(FilterSet):
    """Region and organization match either side of the letter."""

    search = django_filters.CharFilter(method="filter_search", label="姓名或介绍信编号")
    region = django_filters.CharFilter(method="filter_region", label="所属区域（含下级）")
    organization = django_filters.CharFilter(method="filter_organization", label="党组织（含下级）")
    state = django_filters.ChoiceFilter(
        choices=[(OPEN, "办理中（开具或在途）"), *TransferState.choices],
        method="filter_state",
        label="状态",
    )
    direction = django_filters.ChoiceFilter(choices=TransferDirection.choices, label="转接方向")
    reason = django_filters.ChoiceFilter(choices=TransferReason.choices, label="转接原因")

    class Meta:
        model = Transfer
        fields = ["search", "region", "organization", "state", "direction", "reason"]

    def filter_search(self, qs, name, value):
        return text_search(qs, ["member__name", "person_name", "letter_number"], value)

    def filter_state(self, qs, name, value):
        """States as of today (过期 computed), so a letter past validity is never "open"."""
        if value == OPEN:
            return qs.filter(current_state__in=OPEN_STATES)
        return qs.filter(current_state=value)

    def filter_region(self, qs, name, value):
        return _either_side(qs, Region, value, "region__path")

    def filter_organization(self, qs, name, value):
        return _either_side(qs, PartyOrganization, value, "path")


def _path_of(model, code: str) -> str | None:
    return model.objects.filter(code=(code or "").strip()).values_list("path", flat=True).first()


def _either_side(qs, model, code: str, path_field: str):
    if not code:
        return qs
    path = _path_of(model, code)
    if path is None:
        return qs.none()
    sides = ("from_organization", "to_organization")
    return qs.filter(
        Q(*(Q(**{f"{s}__{path_field}__startswith": path}) for s in sides), _connector=Q.OR)
    )
