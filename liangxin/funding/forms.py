"""Forms of the funding pages: they collect and shape input (references through scoped
pickers, amounts checked exactly); the services validate and save."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from liangxin.core.forms import scoped_code_field, style_form
from liangxin.core.scoping import scoped
from liangxin.enterprises.models import Enterprise
from liangxin.funding import amounts
from liangxin.funding.models import (
    Basis,
    ExpenseCategory,
    ExpenseReceipt,
    FundingRule,
    MoneySource,
)
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region

YEAR_ERRORS = {
    "invalid": "请输入年度，如 2026",
    "min_value": "年度不能早于 2000 年",
    "max_value": "年度不能晚于 2100 年",
    "required": "请输入年度",
}


class YuanField(forms.CharField):
    """An amount in yuan, exact: 1.005 is refused (never rounded), so is a negative one."""

    def __init__(self, *, allow_zero: bool = True, **kwargs):
        self.allow_zero = allow_zero
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("error_messages", {"max_length": "金额过长"})
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        try:
            return amounts.parse_yuan(value.replace(",", ""), allow_zero=self.allow_zero)
        except ValidationError as exc:
            raise ValidationError(list(exc.message_dict.values())[0]) from exc


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class ReceiptsField(forms.FileField):
    """票据 scans, several at once (a phone offers its camera): the files as uploaded; the
    service checks each (kind, first bytes, size, empty) and keeps none unless all pass."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "票据照片或扫描件")
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", "发票或收据的照片或 PDF，可多选；jpg、png 或 pdf，每个不超过上传上限"
        )
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png"}),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        return list(data) if isinstance(data, (list, tuple)) else [data]


def year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, error_messages=YEAR_ERRORS, **kwargs
    )


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


class VersionForm(ScopedForm):
    effective_from = forms.DateField(
        label="生效日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请输入正确的日期"},
        help_text="现行版本于前一日失效；已生成拨付的年度不能再改",
    )
    amount = YuanField(label="每年金额（元）", required=False)
    share_percent = forms.DecimalField(
        label="拨返比例（%）",
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "invalid": "请输入比例，如 100",
            "min_value": "比例不能为负数",
            "max_value": "比例不能超过 100",
            "max_decimal_places": "比例最多两位小数",
            "max_digits": "比例最多两位小数",
        },
    )
    org_kinds = forms.CharField(
        label="适用党组织类别（代码，逗号分隔）", max_length=200, required=False
    )
    station_levels = forms.CharField(
        label="适用阵地等级（代码，逗号分隔）", max_length=200, required=False
    )
    venue_kinds = forms.CharField(
        label="适用阵地类型（代码，逗号分隔）",
        max_length=200,
        required=False,
        help_text="阵地管理中的类型代码，如 park_centre 园区党群服务中心",
    )
    star_level = forms.IntegerField(
        label="星级",
        required=False,
        min_value=1,
        max_value=6,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), "请输入 1–6"),
    )
    prorate_founding = forms.BooleanField(
        label="年内新建党组织自成立当月起按月折算",
        required=False,
        help_text="不勾选则全年足额（默认）",
    )
    note = forms.CharField(label="说明", max_length=300, required=False)


class RuleForm(VersionForm):
    code = forms.SlugField(
        label="规则代码",
        max_length=40,
        error_messages={"invalid": "规则代码只能用字母、数字、连字符"},
        help_text="英文字母、数字和连字符，如 red-collar",
    )
    name = forms.CharField(label="规则名称", max_length=100)
    basis = forms.ChoiceField(label="计发依据", choices=Basis.choices)
    money_source = forms.ChoiceField(label="资金来源", choices=MoneySource.choices)
    citation = forms.CharField(label="依据出处", max_length=300, required=False)
    field_order = ["code", "name", "basis", "money_source", "citation"]


class BudgetForm(ScopedForm):
    year = year_field()
    region = scoped_code_field(Region, to_field_name="code", noun="区域", label="区域")
    money_source = forms.ChoiceField(label="资金来源", choices=MoneySource.choices)
    amount = YuanField(label="预算金额（元）")
    note = forms.CharField(label="说明", max_length=200, required=False)


class GenerateForm(ScopedForm):
    region = scoped_code_field(Region, to_field_name="code", noun="区域", label="镇/园区")
    year = year_field()
    rule = forms.ModelChoiceField(
        FundingRule.objects.filter(active=True),
        label="经费规则",
        error_messages={"invalid_choice": "请选择经费规则"},
    )


class ProjectForm(ScopedForm):
    rule = forms.ModelChoiceField(
        FundingRule.objects.filter(active=True, basis=Basis.PROJECT),
        label="项目经费规则",
        error_messages={"invalid_choice": "请选择项目经费规则"},
    )
    organization = scoped_code_field(
        PartyOrganization, to_field_name="code", noun="党组织", label="党组织"
    )
    year = year_field()


class ExpenseForm(ScopedForm):
    spent_on = forms.DateField(
        label="支出日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请输入正确的日期"},
    )
    category = forms.ModelChoiceField(ExpenseCategory.objects.filter(active=True), label="支出类别")
    amount = YuanField(label="金额（元）", allow_zero=False)
    payee = forms.CharField(label="收款方", max_length=100)
    receipt_number = forms.CharField(label="票据号", max_length=50, help_text="发票或收据号码")
    description = forms.CharField(label="用途", max_length=200, required=False)
    receipts = ReceiptsField()


class ExpenseEditForm(ExpenseForm):
    """Correcting an expense: its fields, more receipts, and receipts to take off."""

    remove_receipts = forms.ModelMultipleChoiceField(
        ExpenseReceipt.objects.none(),
        label="删除票据",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "请选择本笔支出的票据"},
    )

    def __init__(self, *args, expense, **kwargs):
        super().__init__(*args, **kwargs)
        receipts = expense.receipts.all()
        if receipts:
            self.fields["remove_receipts"].queryset = receipts
        else:
            del self.fields["remove_receipts"]


class EnterpriseFundingForm(ScopedForm):
    enterprise = scoped_code_field(
        Enterprise, to_field_name="uscc", noun="企业", label="企业（统一社会信用代码）"
    )
    year = year_field()
    wage_bill = YuanField(label="职工工资薪金总额（元）")
    party_funds = YuanField(label="党建工作经费（元）")
    note = forms.CharField(label="说明", max_length=200, required=False)


class RefundForm(ScopedForm):
    organization = scoped_code_field(
        PartyOrganization, to_field_name="code", noun="党组织", label="党组织"
    )
    year = year_field()


class MoveForm(forms.Form):
    comment = forms.CharField(label="说明", max_length=500, required=False)
