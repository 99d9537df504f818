"""Dues forms: they shape the input; the services validate and write."""

from django import forms
from django.utils import timezone

from liangxin.core.forms import ServiceForm, scoped_code_field, style_form
from liangxin.core.scoping import scoped
from liangxin.dues.amounts import BASE_CEILING
from liangxin.dues.filters import MONTH_CHOICES
from liangxin.dues.models import DuesBase, PaymentMethod
from liangxin.dues.services import Approval
from liangxin.members.forms import MemberField
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization


def yuan_input(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    """Yuan to the fen; Django's DecimalField gives a Decimal, never a float."""
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=BASE_CEILING,
        max_digits=12,
        decimal_places=2,
        help_text=help_text,
    )


class DuesBaseForm(ServiceForm):
    """A year's base. New: the member is picked by name (the ID number stays masked; typed
    whole, where JavaScript is off, it is still found); edit: member and year stay."""

    member = MemberField()
    base = yuan_input(
        "月计算基数（元）",
        required=False,
        help_text="每月税后固定工资收入；学生、下岗失业、低保、农民党员可不填",
    )
    farmer_amount = forms.DecimalField(
        label="农民党员月交纳额（元）",
        required=False,
        max_digits=4,
        decimal_places=2,
        help_text="由党支部确定，0.20–1.00 元；仅农民党员填写",
    )

    class Meta:
        model = DuesBase
        fields = ["member", "year", "category", "base", "farmer_amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("member", "year"):
                del self.fields[name]
        else:
            self.fields["member"].queryset = scoped(Member.objects.all(), self.user)
            self.fields["year"].initial = timezone.localdate().year

    def service_data(self) -> dict:
        return dict(self.cleaned_data)  # a blank base is None: the service says who needs one


class StyledForm(forms.Form):
    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user, self.instance = user, instance
        super().__init__(*args, **kwargs)
        style_form(self)
        say_what_is_missing(self)


def say_what_is_missing(form) -> None:
    """An empty required field says which one, in words (请填写交纳日期, 请选择交纳方式)."""
    for field in form.fields.values():
        verb = "请选择" if isinstance(field, forms.ChoiceField) else "请填写"
        label = str(field.label or "").split("（")[0]
        field.error_messages["required"] = f"{verb}{label}"


class PayForm(StyledForm):
    """交纳: how much, on which day, how; the page confirms before saving."""

    amount = yuan_input("实交金额（元）", help_text="不少于应交金额")
    paid_on = forms.DateField(label="交纳日期")
    method = forms.ChoiceField(label="交纳方式", choices=[("", "请选择"), *PaymentMethod.choices])


class ApprovalForm(StyledForm):
    """Reduction or waiver: the branch's decision and the higher committee's approval."""

    decided_on = forms.DateField(label="支部决定日期")
    approval_number = forms.CharField(label="批准文号", max_length=100)
    approved_on = forms.DateField(label="上级批准日期")
    approver = forms.CharField(label="批准党组织", max_length=100)
    reason = forms.CharField(label="减免原因", max_length=200, required=False)

    def approval(self) -> Approval:
        data = self.cleaned_data
        return Approval(
            decided_on=data["decided_on"],
            approval_number=data["approval_number"],
            approved_on=data["approved_on"],
            approver=data["approver"],
            reason=data.get("reason") or "",
        )


class ReduceForm(ApprovalForm):
    amount = yuan_input("减交后应交金额（元）")
    field_order = ["amount"]


class OpenMonthForm(StyledForm):
    organization = scoped_code_field(
        PartyOrganization,
        to_field_name="code",
        noun="党组织",
        label="党组织（含下级）",
        help_text="输入名称、编码或拼音首字母选择",
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(label="月份", choices=MONTH_CHOICES, coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = scoped(PartyOrganization.objects.all(), self.user)
        today = timezone.localdate()
        self.fields["year"].initial, self.fields["month"].initial = today.year, today.month
