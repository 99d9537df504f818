"""Forms of the board pages: they collect and parse input; the services check it."""

from decimal import Decimal

from django import forms

from liangxin.board.indicators import CHOICES
from liangxin.board.models import Period, SubjectKind
from liangxin.core.forms import style_form
from liangxin.core.scoping import scoped
from liangxin.regions.models import Region


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class BoardForm(StyledForm):
    name = forms.CharField(label="跑道名称", max_length=100)
    region = forms.CharField(
        label="所属区域代码", max_length=64, help_text="排名对象都在这个区域之内"
    )
    subject_kind = forms.ChoiceField(label="排名对象", choices=SubjectKind.choices)
    subject_depth = forms.IntegerField(
        label="区域层级",
        required=False,
        min_value=1,
        max_value=6,
        help_text="排名对象为区域时：1 为所属区域的直接下级（镇/园区）",
    )
    period = forms.ChoiceField(label="晾晒周期", choices=Period.choices)
    description = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_region(self):
        code = self.cleaned_data["region"].strip()
        region = scoped(Region.objects.all(), self.user).filter(code=code).first()
        if region is None:
            raise forms.ValidationError(f"您的管辖范围内没有代码为“{code}”的区域")
        return region


class IndicatorForm(StyledForm):
    key = forms.ChoiceField(label="指标", choices=CHOICES)
    weight = forms.DecimalField(
        label="权重",
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"invalid": "权重须是数字，如 30 或 12.5", "min_value": "权重须大于 0"},
    )
    full_value = forms.DecimalField(
        label="满分对应值",
        required=False,
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="留空用默认值：比率 100，星级 5",
        error_messages={"invalid": "满分对应值须是数字", "min_value": "满分对应值须大于 0"},
    )
    source = forms.CharField(
        label="来源或说明", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    order = forms.IntegerField(label="顺序", min_value=0, initial=0, required=False)
