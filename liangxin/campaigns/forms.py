"""Forms of the campaign pages: they shape input; the services validate and save, and their
errors are shown next to the fields (nothing is saved)."""

from decimal import Decimal

from django import forms

from liangxin.campaigns.indicators import LABELS
from liangxin.campaigns.models import CampaignKind
from liangxin.core.forms import scoped_code_field, style_form
from liangxin.core.scoping import scoped
from liangxin.coverage.worklists import WORK_LISTS
from liangxin.enterprises.models import OperatingStatus
from liangxin.regions.models import Region

MAX_EMPLOYEES = 10_000_000


class ScopedForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            model = getattr(field, "scoped_model", None)
            if model is not None:
                field.queryset = scoped(model.objects.all(), user)
        style_form(self)


class KindForm(forms.Form):
    code = forms.SlugField(
        label="代码", max_length=32, help_text="英文字母、数字、下划线；保存后不再修改",
        error_messages={"invalid": "代码只能包含英文字母、数字、下划线和连字符"},
    )  # fmt: skip
    name = forms.CharField(label="名称", max_length=40)
    source = forms.CharField(label="来源", max_length=200, required=False)
    work_lists = forms.MultipleChoiceField(
        label="生成工作项的工作清单", required=False, widget=forms.CheckboxSelectMultiple
    )
    has_round = forms.BooleanField(label="逐户摸底确认", required=False)
    indicators = forms.MultipleChoiceField(
        label="可设目标的指标", required=False, widget=forms.CheckboxSelectMultiple,
        choices=list(LABELS.items()), help_text="不选：覆盖率指标",
        error_messages={"invalid_choice": "没有这个指标：%(value)s"},
    )  # fmt: skip

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_lists"].choices = [(k, s.title) for k, s in WORK_LISTS.items()]
        if editing:
            self.fields["code"].disabled = True
        style_form(self)


class CampaignForm(ScopedForm):
    kind = forms.ModelChoiceField(CampaignKind.objects.none(), label="行动类型")
    title = forms.CharField(label="行动名称", max_length=100)
    region = scoped_code_field(Region, to_field_name="code", noun="区域", label="行动范围")
    starts_on = forms.DateField(
        label="开始日期", widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请输入正确的日期"},
    )  # fmt: skip
    ends_on = forms.DateField(
        label="结束日期", widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请输入正确的日期"},
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["kind"].queryset = CampaignKind.objects.filter(active=True)


class TargetForm(ScopedForm):
    region = scoped_code_field(
        Region, to_field_name="code", noun="区域", label="区域",
        help_text="行动范围或其下的区域（区域代码）",
    )  # fmt: skip
    indicator = forms.ChoiceField(
        label="指标", choices=list(LABELS.items()),
        error_messages={"invalid_choice": "请选择列出的指标"},
    )  # fmt: skip
    goal = forms.DecimalField(
        label="目标值（%）",
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        error_messages={
            "invalid": "请输入数字，如 100 或 95.5",
            "max_value": "目标值不能超过 100%%",
            "min_value": "目标值不能小于 0%%",
            "max_digits": "目标值最多 5 位数字",
            "max_decimal_places": "目标值最多保留 2 位小数",
            "max_whole_digits": "目标值不能超过 100%%",
        },
    )

    def __init__(self, *args, user, campaign=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if campaign is not None:
            self.fields["indicator"].choices = campaign.kind.indicator_choices()


class CorrectionForm(forms.Form):
    """The registry fields a grid may correct; each starts from the enterprise's value."""

    employee_count = forms.IntegerField(
        label="职工人数", min_value=0, max_value=MAX_EMPLOYEES,
        error_messages={
            "invalid": "职工人数应为整数", "min_value": "职工人数不能为负数",
            "max_value": "职工人数过大，请核对",
        },
    )  # fmt: skip
    status = forms.ChoiceField(label="经营状态", choices=OperatingStatus.choices)
    address = forms.CharField(label="地址", max_length=200, required=False)
    above_scale = forms.BooleanField(label="规上企业", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
