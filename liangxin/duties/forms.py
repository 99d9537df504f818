"""Forms of 责任落实: they collect and shape input (organizations and members through the
scoped pickers); the services validate and save, and their errors show next to the
fields."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from liangxin.core.forms import scoped_code_field, style_form
from liangxin.core.scoping import scoped
from liangxin.duties import permissions
from liangxin.duties.models import QUARTERS, Audience, Grade, MemberUnit
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region


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


def year_field(label="年度") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=2000,
        max_value=2100,
        initial=lambda: timezone.localdate().year,
        error_messages={
            "invalid": "请输入四位年份",
            "min_value": "年度无效",
            "max_value": "年度无效",
        },
    )


def textarea(label: str, max_length: int, rows: int = 3, **kwargs) -> forms.CharField:
    kwargs.setdefault("required", False)
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"不超过 {max_length} 字", "required": "请填写此项"},
        **kwargs,
    )


def score(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(100),
        error_messages={
            "invalid": "请输入 0–100 之间的分数",
            "min_value": "分数应在0到100之间",
            "max_value": "分数应在0到100之间",
            "max_decimal_places": "最多保留一位小数",
            "max_digits": "分数应在0到100之间",
            "max_whole_digits": "分数应在0到100之间",
        },
    )


def organization_field(label="党组织", **kwargs):
    return scoped_code_field(
        PartyOrganization, to_field_name="code", noun="党组织", label=label, **kwargs
    )


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, error_messages={"invalid": "请输入日期（如 2025-01-15）"}, **kwargs
    )


class CommitmentForm(ScopedForm):
    organization = organization_field()
    year = year_field()
    secretary_name = forms.CharField(label="书记姓名", max_length=50)
    secretary = scoped_code_field(
        Member, to_field_name="public_id", noun="党员", label="书记（党员）", required=False
    )
    items = textarea("承诺事项", 4000, rows=5, required=True, help_text="每行一项")
    to_town_committee = forms.BooleanField(label="向镇党委承诺", required=False, initial=True)
    to_members = forms.BooleanField(label="向党员群众承诺（公开）", required=False, initial=True)
    published_on = date_field("公开日期", required=False)
    self_check = textarea("年终自查", 4000, help_text="年终对照承诺逐项自查，填写后视为已兑现")
    self_checked_on = date_field("自查日期", required=False)

    def clean(self):
        data = super().clean()
        if data.get("self_check", "").strip() and not data.get("self_checked_on"):
            self.add_error("self_checked_on", "填写年终自查时请填写自查日期")
        return data


SCORES = ("daily_score", "superior_score", "member_score")


class ReportForm(ScopedForm):
    organization = organization_field()
    year = year_field("述职年度")
    audience = forms.ChoiceField(label="述职对象", choices=Audience.choices)
    held_on = date_field("述职日期")
    reporter = forms.CharField(label="述职人", max_length=50, required=False)
    measures = textarea("主要举措", 4000)
    results = textarea("工作成效", 4000)
    problems = textarea("存在问题", 4000)
    plan = textarea("下步打算", 4000)
    party_reps = textarea("评议人（党代表）", 1000, rows=2)
    staff_reps = textarea("评议人（职工代表）", 1000, rows=2)
    daily_score = score("日常考核得分")
    superior_score = score("上级测评得分")
    member_score = score("党员测评得分")
    rectifications = textarea("整改事项", 4000, help_text="每行一项")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate
        if not permissions.can_score(self.user):  # a secretary does not score themselves
            for name in SCORES:
                del self.fields[name]


class UnitForm(ScopedForm):
    name = forms.CharField(label="单位名称", max_length=80)
    region = scoped_code_field(Region, to_field_name="code", noun="区县", label="所属区县")
    order = forms.IntegerField(label="排序", min_value=0, max_value=1000, initial=0)
    active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(kind="county")


class TaskForm(ScopedForm):
    unit = forms.ModelChoiceField(None, label="成员单位")
    year = year_field()
    title = forms.CharField(label="任务名称", max_length=200)
    target = textarea("目标要求", 2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped(MemberUnit.objects.filter(active=True), self.user)


class ProgressForm(ScopedForm):
    quarter = forms.TypedChoiceField(label="季度", choices=QUARTERS, coerce=int)
    percent = forms.IntegerField(
        label="完成比例（%）",
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": "请输入 0–100 之间的整数",
            "min_value": "完成比例应在0到100之间",
            "max_value": "完成比例应在0到100之间",
        },
        help_text="截至本季度末的累计完成比例",
    )
    note = forms.CharField(label="进展说明", max_length=500, required=False)
    reported_on = date_field("报送日期", initial=timezone.localdate)


class ShowcaseForm(ScopedForm):
    region = scoped_code_field(Region, to_field_name="code", noun="区县", label="区县")
    year = year_field()
    quarter = forms.TypedChoiceField(label="季度", choices=QUARTERS, coerce=int)
    held_on = date_field("召开日期", initial=timezone.localdate)
    remarks = textarea("备注", 2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(kind="county")


class ReviewForm(ScopedForm):
    unit = forms.ModelChoiceField(None, label="成员单位")
    year = year_field()
    grade = forms.ChoiceField(label="评定等次", choices=Grade.choices)
    remarks = textarea("评语", 2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped(MemberUnit.objects.all(), self.user)
