"""Forms of the three lists, the activities and the events: they collect and shape input;
the services validate and save (their errors shown next to the fields). Every reference is
limited to what the user may see: a region of theirs, a scoped picker (organization,
member, enterprise) or a scoped select (resource, service item)."""

import datetime
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone

from liangxin.core.forms import ServiceForm, scoped_code_field, scoped_code_list_field, style_form
from liangxin.core.scoping import scoped
from liangxin.enterprises.models import Enterprise
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization, PartyStation
from liangxin.regions.models import Region
from liangxin.servicelists import selectors
from liangxin.servicelists.models import (
    MAX_COUNT,
    Activity,
    ActivityType,
    Event,
    EventType,
    Group,
    NeedCategory,
    OutcomeKind,
    Rating,
    RequesterKind,
    Resource,
    ServiceItem,
)

EARLIEST = datetime.date(2000, 1, 1)
REGION_REFUSED = "请选择您管辖范围内的区域"


def check_past(value: datetime.date | None) -> datetime.date | None:
    """What happened happened between 2000 and today (a typo of the year is caught)."""
    if value is None:
        return value
    if value > timezone.localdate():
        raise forms.ValidationError("日期不能晚于今天")
    if value < EARLIEST:
        raise forms.ValidationError("日期不能早于 2000 年")
    return value


def region_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        Region.objects.none(),
        label=kwargs.pop("label", "所属区域"),
        error_messages={"invalid_choice": REGION_REFUSED},
        **kwargs,
    )


def count_field(label: str, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, max_value=MAX_COUNT, **kwargs)


class ScopedRegionMixin:
    """The region select offers the user's towns, parks and district (not grids)."""

    def limit_regions(self, user) -> None:
        regions = selectors.region_choices(user)
        if not regions.exists():  # a secretary's scope reaches only the grid of the branch
            regions = scoped(Region.objects.order_by("path"), user)
        self.fields["region"].queryset = regions


class OfferForm(ScopedRegionMixin, ServiceForm):
    region = region_field()
    provider_organization = scoped_code_field(
        PartyOrganization,
        to_field_name="code",
        noun="党组织",
        label="提供党组织",
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.limit_regions(user)
        self.fields["provider_name"].required = False
        self.fields[
            "provider_name"
        ].help_text = "选了党组织可留空；其他单位（部门、医院、学校）填名称"


class ResourceForm(OfferForm):
    class Meta:
        model = Resource
        fields = [
            "region", "provider_organization", "provider_name", "item", "capacity", "group",
            "note", "active",
        ]  # fmt: skip


class ServiceItemForm(OfferForm):
    class Meta:
        model = ServiceItem
        fields = [
            "region", "provider_organization", "provider_name", "title", "group", "process",
            "active",
        ]  # fmt: skip
        widgets = {"process": forms.Textarea(attrs={"rows": 5})}


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class NeedForm(ScopedRegionMixin, StyledForm):
    requester_kind = forms.ChoiceField(label="提出方", choices=RequesterKind.choices)
    enterprise = scoped_code_field(
        Enterprise, to_field_name="uscc", noun="企业", label="企业", required=False
    )
    member = scoped_code_field(
        Member, to_field_name="public_id", noun="党员", label="党员", required=False
    )
    requester_name = forms.CharField(
        label="提出人",
        max_length=40,
        required=False,
        help_text="职工只记姓名或称呼；企业、党员可留空",
    )
    region = region_field(
        required=False,
        help_text="职工的需求须选择区域或所在企业；企业、党员按其所在区域",
    )
    item = forms.CharField(label="需求内容", max_length=200)
    category = forms.ModelChoiceField(
        NeedCategory.objects.none(),
        label="类别",
        to_field_name="code",
        error_messages={"invalid_choice": "请选择启用的需求类别"},
    )
    group = forms.ChoiceField(
        label="服务对象",
        choices=[("", "按提出方"), *Group.choices],
        required=False,
    )
    received_on = forms.DateField(label="提出日期")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name, model in (("enterprise", Enterprise), ("member", Member)):
            self.fields[name].queryset = scoped(model.objects.all(), user)
        self.limit_regions(user)
        self.fields["category"].queryset = NeedCategory.objects.filter(active=True)
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self):
        return check_past(self.cleaned_data["received_on"])

    def clean(self):
        data = super().clean()
        kind = data.get("requester_kind")
        if kind == RequesterKind.ENTERPRISE and not data.get("enterprise"):
            self.add_error("enterprise", "企业提出的需求须选择企业")
        if kind == RequesterKind.MEMBER and not data.get("member"):
            self.add_error("member", "党员提出的需求须选择党员")
        if kind == RequesterKind.STAFF and not (data.get("requester_name") or "").strip():
            self.add_error("requester_name", "请填写职工姓名或称呼")
        return data


class MatchForm(StyledForm):
    resource = forms.ModelChoiceField(Resource.objects.none(), label="资源", required=False)
    service_item = forms.ModelChoiceField(
        ServiceItem.objects.none(), label="服务项目", required=False
    )
    matched_on = forms.DateField(label="对接日期")
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = selectors.resource_list(user=user).filter(active=True)
        self.fields["service_item"].queryset = selectors.service_item_list(user=user).filter(
            active=True
        )
        self.fields["matched_on"].initial = timezone.localdate()

    def clean_matched_on(self):
        return check_past(self.cleaned_data["matched_on"])

    def clean(self):
        data = super().clean()
        if bool(data.get("resource")) == bool(data.get("service_item")):
            raise forms.ValidationError("请选择一项资源或一个服务项目（只选一项）")
        return data


class DeliverForm(StyledForm):
    served_on = forms.DateField(label="服务日期")
    beneficiaries = count_field("受益人数")
    outcome = forms.CharField(
        label="服务成效", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    rating = forms.ChoiceField(
        label="服务对象评价", choices=[("", "未评价"), *Rating.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["served_on"].initial = timezone.localdate()

    def clean_served_on(self):
        return check_past(self.cleaned_data["served_on"])


class CloseForm(StyledForm):
    reason = forms.CharField(label="关闭原因", max_length=200)


class ActivityForm(ScopedRegionMixin, ServiceForm):
    region = region_field()
    organizer = scoped_code_field(
        PartyOrganization, to_field_name="code", noun="党组织", label="组织单位", required=False
    )
    participants = count_field("参加人数")
    members = scoped_code_list_field(
        Member,
        to_field_name="public_id",
        noun="党员",
        label="参加党员",
        required=False,
        help_text="可选；输入姓名或拼音首字母挑选",
    )

    class Meta:
        model = Activity
        fields = [
            "activity_type", "title", "held_on", "region", "place", "place_name", "organizer",
            "participants", "members", "service_item", "note",
        ]  # fmt: skip
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.limit_regions(user)
        # A correction keeps a type or item switched off since (it was on that day).
        current = self.instance
        self.fields["activity_type"].queryset = ActivityType.objects.filter(
            Q(active=True) | Q(pk=current.activity_type_id)
        )
        self.fields["service_item"].queryset = selectors.service_item_list(user=user).filter(
            Q(active=True) | Q(pk=current.service_item_id)
        )
        # The places (阵地) on record in the user's scope; a place not on record is named.
        self.fields["place"].queryset = scoped(
            PartyStation.objects.order_by("region__path", "name"), user
        )
        self.fields["place_name"].required = False
        self.fields["place_name"].help_text = "未登记为阵地的场所填写名称；选了阵地可不填"
        self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self):
        return check_past(self.cleaned_data["held_on"])


MAX_OUTCOME = Decimal(10**11)


def _plain(value: Decimal | None, places: int) -> Decimal | None:
    """A stored outcome as its field shows it (a count without ".00")."""
    return None if value is None else value.quantize(Decimal(1) / 10**places)


class EventForm(ScopedRegionMixin, ServiceForm):
    region = region_field()
    organizer = scoped_code_field(
        PartyOrganization, to_field_name="code", noun="党组织", label="主办党组织", required=False
    )
    enterprises = scoped_code_list_field(
        Enterprise,
        to_field_name="uscc",
        noun="企业",
        label="参加企业（台账内）",
        required=False,
    )

    class Meta:
        model = Event
        fields = [
            "event_type", "title", "held_on", "region", "organizer", "organizer_name",
            "enterprises", "other_enterprises", "note",
        ]  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.limit_regions(user)
        self.fields["event_type"].queryset = EventType.objects.filter(
            Q(active=True) | Q(pk=self.instance.event_type_id)
        )
        found = (
            dict(self.instance.outcomes.values_list("kind", "value")) if self.instance.pk else {}
        )
        self.fields["organizer_name"].required = False
        self.fields["organizer_name"].help_text = "留空则用主办党组织的名称"
        self.fields["other_enterprises"].max_value = MAX_COUNT
        for kind, label in OutcomeKind.choices:
            places = 2 if kind == OutcomeKind.AMOUNT else 0
            self.fields[f"outcome_{kind}"] = forms.DecimalField(
                label=label,
                required=False,
                min_value=0,
                max_value=MAX_OUTCOME,
                max_digits=14,
                decimal_places=places,
                initial=_plain(found.get(kind), places),
            )
        style_form(self)

    def clean_held_on(self):
        return check_past(self.cleaned_data["held_on"])

    def clean(self):
        data = super().clean()
        if not (data.get("organizer_name") or "").strip() and not data.get("organizer"):
            self.add_error("organizer_name", "请选择主办党组织或填写主办单位")
        return data

    def service_data(self) -> tuple[dict, dict]:
        data = dict(self.cleaned_data)
        outcomes = {kind: data.pop(f"outcome_{kind}", None) for kind in OutcomeKind.values}
        return data, outcomes


class CategoryForm(StyledForm):
    """A need category added (code, name, source) or renamed (name, source: ``rename``)."""

    code = forms.CharField(
        label="代码", max_length=12, help_text="小写英文字母开头，如 housing；保存后不能修改"
    )
    name = forms.CharField(label="名称", max_length=40)
    source = forms.CharField(label="依据", max_length=200, required=False)

    def __init__(self, *args, rename: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if rename:
            del self.fields["code"]


class TypeForm(StyledForm):
    name = forms.CharField(label="名称", max_length=40)
    source = forms.CharField(label="依据", max_length=200, required=False)
