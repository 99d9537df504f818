"""Forms of the places: they collect and shape input (references limited to what the user
may see); the services validate and save, their errors shown next to the fields."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from liangxin.core.forms import ServiceForm, scoped_code_list_field, style_form
from liangxin.core.scoping import scoped
from liangxin.organizations.models import PartyOrganization
from liangxin.venues import selectors
from liangxin.venues.models import MAX_AREA, MAX_ROOMS, VenueKind, VenueLevel, VenueStandard

REGION_REFUSED = "请选择您管辖范围内的区域"
AREA_RANGE = f"面积应在 0 至 {MAX_AREA} 平方米之间"
ROOMS_RANGE = f"功能室数应在 0 至 {MAX_ROOMS} 之间"


class ScopedForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            model = getattr(field, "scoped_model", None)
            if model is not None:
                field.queryset = scoped(model.objects.all(), user)


class PlaceForm(ScopedForm):
    name = forms.CharField(label="名称", max_length=200)
    kind = forms.ModelChoiceField(VenueKind.objects.none(), label="阵地类型")
    level = forms.ModelChoiceField(VenueLevel.objects.none(), label="阵地等级")
    region = forms.ModelChoiceField(
        None,
        label="所属区域",
        to_field_name="code",
        error_messages={"invalid_choice": REGION_REFUSED},
    )
    address = forms.CharField(label="地址", max_length=200, required=False)
    parent = forms.ModelChoiceField(
        None,
        label="所属中心",
        required=False,
        help_text="一中心多站点：站点选所属的党群服务中心；中心本身不选",
        error_messages={"invalid_choice": "请选择本镇街（园区）您管辖范围内的中心"},
    )
    organizations = scoped_code_list_field(
        PartyOrganization,
        to_field_name="code",
        noun="党组织",
        label="服务的党组织",
        required=False,
        help_text="可选；输入名称、编码或拼音首字母挑选",
    )
    area_m2 = forms.DecimalField(
        label="面积（平方米）",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(MAX_AREA),
        max_digits=9,
        decimal_places=2,
        error_messages={
            "invalid": "面积请填写数字，如 320 或 320.5",
            "min_value": AREA_RANGE,
            "max_value": AREA_RANGE,
            "max_digits": AREA_RANGE,
            "max_decimal_places": "面积最多保留两位小数",
        },
    )
    rooms = forms.IntegerField(
        label="功能室数",
        required=False,
        min_value=0,
        max_value=MAX_ROOMS,
        error_messages={
            "invalid": "功能室数请填写整数",
            "min_value": ROOMS_RANGE,
            "max_value": ROOMS_RANGE,
        },
    )
    opening_hours = forms.CharField(
        label="开放时间", max_length=100, required=False, help_text="如：周一至周六 8:30–20:30"
    )
    facilities = forms.CharField(
        label="设施",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：党员活动室、会议室、阅览室、职工之家",
    )
    services = forms.CharField(
        label="服务项目",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：党员教育、政策咨询、法律援助、职工服务",
    )
    contact_name = forms.CharField(label="联系人", max_length=40, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)

    def __init__(self, *args, user, station=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["kind"].queryset = VenueKind.objects.filter(active=True)
        self.fields["level"].queryset = VenueLevel.objects.filter(active=True)
        keep = station.region if station is not None else None
        self.fields["region"].queryset = selectors.region_choices(user, keep=keep)
        self.fields["parent"].queryset = selectors.parent_choices(user=user, station=station)
        style_form(self)


class CheckForm(forms.Form):
    """A check: date, checker, one met box and note per applicable standard item."""

    checked_on = forms.DateField(label="检查日期", error_messages={"invalid": "请输入正确的日期"})
    checker = forms.CharField(label="检查人", max_length=40)
    note = forms.CharField(
        label="总体意见",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, standards, **kwargs):
        super().__init__(*args, **kwargs)
        self.standards = list(standards)
        for standard in self.standards:
            self.fields[f"met_{standard.pk}"] = forms.BooleanField(
                label=f"{standard.name}（{standard.points} 分）",
                required=False,
                help_text=standard.description,
            )
            self.fields[f"note_{standard.pk}"] = forms.CharField(
                label=f"{standard.name} 说明", max_length=200, required=False
            )
        self.fields["checked_on"].initial = timezone.localdate()
        style_form(self)

    def item_rows(self):
        """(standard, met field, note field) for the template's checklist."""
        return [(s, self[f"met_{s.pk}"], self[f"note_{s.pk}"]) for s in self.standards]

    def items(self) -> dict[int, tuple[bool, str]]:
        data = self.cleaned_data
        return {s.pk: (data[f"met_{s.pk}"], data[f"note_{s.pk}"]) for s in self.standards}


# --- the district's vocabulary -----------------------------------------------------------


class VocabularyForm(ServiceForm):
    """A kind, level or standard item; the code is fixed once written (engines and other
    apps, e.g. funding's park centres, find rows by it)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "代码写入后不再修改"


class KindForm(VocabularyForm):
    class Meta:
        model = VenueKind
        fields = ["code", "name", "is_centre", "order", "source", "active"]


class LevelForm(VocabularyForm):
    class Meta:
        model = VenueLevel
        fields = ["code", "name", "station_level", "order", "source", "active"]


class StandardForm(VocabularyForm):
    class Meta:
        model = VenueStandard
        fields = ["code", "name", "points", "description", "kinds", "order", "source", "active"]
        widgets = {"kinds": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["kinds"].help_text = "不选即适用于所有类型"
        self.fields["points"].error_messages["invalid"] = "分值请填写整数"
