"""Forms of the co-building pages: they collect and shape input (references through the
scoped pickers); the services validate and save, and their errors show next to the fields."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from liangxin.cobuilding.models import (
    MONTHS,
    AllianceKind,
    IssueState,
    MemberRole,
    OutcomeType,
    Programme,
    WorkshopType,
)
from liangxin.core.forms import scoped_code_field, style_form
from liangxin.core.scoping import scoped
from liangxin.enterprises.models import Enterprise
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region

MAX_COUNT = 1_000_000
MAX_MONEY = Decimal("999999999999.99")


class ScopedForm(forms.Form):
    """Fields built with scoped_code_field point at what the user may see."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            model = getattr(field, "scoped_model", None)
            if model is not None:
                field.queryset = scoped(model.objects.all(), user)
        style_form(self)


def money(label: str, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        max_value=MAX_MONEY,
        error_messages={
            "invalid": "请输入数字（如 12000 或 12000.50）",
            "min_value": "不能为负数",
            "max_value": "数值过大",
            "max_decimal_places": "最多保留两位小数（到分）",
            "max_digits": "数值过大",
            "max_whole_digits": "数值过大",
        },
        **kwargs,
    )


def count(label: str, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        error_messages={
            "invalid": "请输入整数",
            "min_value": "不能为负数",
            "max_value": "数值过大",
        },
        **kwargs,
    )


def year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        initial=lambda: timezone.localdate().year,
        error_messages={
            "invalid": "请输入四位年份",
            "min_value": "年度无效",
            "max_value": "年度无效",
        },
    )


def month_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label="期间", choices=MONTHS, coerce=int, initial=0, help_text="全年，或某一月份"
    )


def active_choice(model, label: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(model.objects.filter(active=True), label=label)


def textarea(label: str, max_length: int, rows: int = 3, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def region_field(label="所属区域", **kwargs):
    return scoped_code_field(Region, to_field_name="code", noun="区域", label=label, **kwargs)


def enterprise_field(label="企业", **kwargs):
    return scoped_code_field(
        Enterprise, to_field_name="uscc", noun="企业", label=label, required=False, **kwargs
    )


def organization_field(label="党组织", **kwargs):
    return scoped_code_field(
        PartyOrganization, to_field_name="code", noun="党组织", label=label, **kwargs
    )


class VillageFields(forms.Form):
    village_region = region_field(
        "结对村（社区）", required=False, help_text="平台内的村或社区；外部村请填下面两项"
    )
    village_name = forms.CharField(label="外部村名称", max_length=80, required=False)
    village_town = forms.CharField(label="外部村所在乡镇", max_length=80, required=False)


class PairingForm(VillageFields, ScopedForm):
    programme = active_choice(Programme, "联建项目")
    enterprise = enterprise_field()
    organization = organization_field(required=False)
    region = region_field(required=False, help_text="不填则取企业（或党组织）所在区域")
    signed_on = forms.DateField(label="签约日期")
    ends_on = forms.DateField(label="到期日期", required=False)
    round_no = forms.IntegerField(label="轮次", min_value=1, max_value=100, initial=1)
    principle = forms.CharField(
        label="结对原则", max_length=100, required=False, help_text="如：地域相邻、双向选择"
    )
    vehicle = forms.CharField(
        label="合作载体", max_length=100, required=False, help_text="山海协作的强村公司等"
    )
    agreement = textarea("协议内容", 4000)
    field_order = ["programme", "enterprise", "organization", "village_region"]


class PairingEditForm(PairingForm):
    active = forms.BooleanField(label="存续", required=False)


class AllianceForm(ScopedForm):
    kind = active_choice(AllianceKind, "联盟类型")
    name = forms.CharField(label="联盟名称", max_length=100)
    region = region_field()
    lead = organization_field("牵头党组织", required=False)
    founded_on = forms.DateField(label="成立日期")
    charter = textarea(
        "章程任务", 4000, help_text="如：组织共建、产业共促、党员共管、服务共推、阵地共享"
    )


class AllianceEditForm(AllianceForm):
    active = forms.BooleanField(label="存续", required=False)


class MemberForm(ScopedForm):
    organization = organization_field("成员党组织", required=False)
    enterprise = enterprise_field("成员企业")
    role = forms.ChoiceField(label="角色", choices=MemberRole.choices, initial=MemberRole.MEMBER)
    joined_on = forms.DateField(label="加入日期")
    left_on = forms.DateField(label="退出日期", required=False)


class ChairForm(ScopedForm):
    chair = forms.ModelChoiceField(None, label="轮值主席单位")
    starts_on = forms.DateField(label="任期开始")
    ends_on = forms.DateField(label="任期结束")

    def __init__(self, *args, user, alliance, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        members = alliance.members.filter(left_on__isnull=True)
        self.fields["chair"].queryset = members.select_related("organization", "enterprise")


class MeetingForm(ScopedForm):
    held_on = forms.DateField(label="召开日期")
    topic = forms.CharField(label="会议主题", max_length=200)
    participants = count("参会单位数", initial=0)
    decisions = textarea("议定事项", 2000)
    issues = textarea("提出的问题", 9000, help_text="每行一个问题，登记后逐条跟进")

    def clean_issues(self):
        lines = [line.strip() for line in self.cleaned_data["issues"].splitlines()]
        lines = [line for line in lines if line]
        for line in lines:
            if len(line) > 300:
                raise forms.ValidationError("每个问题不超过 300 字")
        return lines


class MeetingEditForm(MeetingForm):
    """A meeting corrected: its issues are followed one by one, not retyped."""

    issues = None


class IssueForm(ScopedForm):
    state = forms.ChoiceField(label="跟进状态", choices=IssueState.choices)
    follow_up = forms.CharField(label="跟进情况", max_length=500, required=False)
    closed_on = forms.DateField(label="办结日期", required=False)


class WorkshopForm(VillageFields, ScopedForm):
    name = forms.CharField(label="工坊名称", max_length=100)
    workshop_type = active_choice(WorkshopType, "工坊类型")
    enterprise = enterprise_field("主办企业")
    region = region_field()
    opened_on = forms.DateField(label="建成日期")
    equity_share = forms.DecimalField(
        label="村集体股份（%）",
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
        error_messages={
            "invalid": "请输入数字",
            "min_value": "不能为负数",
            "max_value": "股份比例不能超过 100",
            "max_decimal_places": "最多保留两位小数",
            "max_digits": "股份比例不能超过 100",
            "max_whole_digits": "股份比例不能超过 100",
        },
    )
    field_order = ["name", "workshop_type", "enterprise", "region", "village_region"]


class WorkshopEditForm(WorkshopForm):
    active = forms.BooleanField(label="运营中", required=False)


class FigureForm(ScopedForm):
    year = year_field()
    month = month_field()
    posts = count("岗位（个）")
    on_post = count("在岗（人）")
    low_income = count("其中低收入农户（人）", initial=0)
    monthly_income_rise = money("人均月增收（元）")
    output = money("本年累计产值（元）", initial=0)
    collective_income = money("本年累计村集体增收（元）", initial=0)


class OutcomeForm(ScopedForm):
    year = year_field()
    month = month_field()
    outcome_type = active_choice(OutcomeType, "成效类型")
    value = money("数值", help_text="按成效类型的单位填写；金额到分")
    note = forms.CharField(label="说明", max_length=300, required=False)


class SetItemForm(forms.Form):
    name = forms.CharField(label="名称", max_length=40)
    source = forms.CharField(label="依据", max_length=200, required=False)

    def __init__(self, *args, with_unit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_unit:
            self.fields["unit"] = forms.CharField(label="单位", max_length=10)
        style_form(self)


class SetItemEditForm(SetItemForm):
    active = forms.BooleanField(label="启用", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["name", "unit", "source", "active"])
        style_form(self)
