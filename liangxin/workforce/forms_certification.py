"""Forms of certification, 年检, honours, the level settings and the allowance rules; the
services validate and save (they give the Chinese refusals)."""

from django import forms

from liangxin.core.forms import PickerInput, scoped_code_field, style_form
from liangxin.core.scoping import scoped
from liangxin.organizations.models import PartyOrganization
from liangxin.workforce.models_people import (
    AllowanceRule,
    CertificationLevel,
    CertLevel,
    Honour,
    HonourLevel,
    PartyWorker,
)
from liangxin.workforce.selectors_certification import worker_choices


def worker_field(**kwargs):
    """A party worker chosen with the scoped picker (name or pinyin): a district holds
    thousands of secretaries, too many for a select."""
    return scoped_code_field(
        PartyWorker,
        to_field_name="pk",
        noun="党务工作者",
        widget=PickerInput(model=PartyWorker, key="party_workers"),
        **kwargs,
    )


class _Styled:
    def finish(self) -> None:
        style_form(self)


class ApplicationForm(_Styled, forms.Form):
    worker = worker_field(label="党务工作者")
    level = forms.ChoiceField(label="申报等级", choices=CertLevel.choices)
    direct_special = forms.BooleanField(
        label="先锋工匠直接申报特级", required=False, help_text="张家港：先锋工匠可直接申报特级"
    )
    applied_on = forms.DateField(label="申报日期", widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.CharField(
        label="申报材料说明", max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = worker_choices(user=user)
        self.finish()


class StepForm(_Styled, forms.Form):
    comment = forms.CharField(label="意见", max_length=500, required=False)
    training_hours = forms.DecimalField(
        label="培训学时", max_digits=5, decimal_places=1, min_value=0, required=False
    )
    test_score = forms.DecimalField(
        label="测试成绩", max_digits=5, decimal_places=1, min_value=0, max_value=100, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.finish()


class IssueForm(_Styled, forms.Form):
    certificate_no = forms.CharField(label="证书编号", max_length=50)
    issued_on = forms.DateField(label="发证日期", widget=forms.DateInput(attrs={"type": "date"}))
    comment = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.finish()


class AnnualCheckForm(_Styled, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    checked_on = forms.DateField(label="年检日期", widget=forms.DateInput(attrs={"type": "date"}))
    passed = forms.TypedChoiceField(
        label="年检结论", choices=[("1", "合格"), ("0", "不合格")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.finish()


class LevelSettingForm(_Styled, forms.ModelForm):
    class Meta:
        model = CertificationLevel
        fields = ["issuer_level", "issuer_name", "valid_years", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_years"].min_value = 1
        self.finish()

    def _post_clean(self):
        pass  # the service validates


class HonourForm(_Styled, forms.ModelForm):
    worker = worker_field(label="获得者（个人）", required=False)
    organization = scoped_code_field(
        PartyOrganization,
        to_field_name="code",
        noun="组织编码",
        label="获得者（党组织）",
        required=False,
    )

    class Meta:
        model = Honour
        fields = ["worker", "organization", "title", "level", "awarded_by", "awarded_on",
                  "document_no"]  # fmt: skip
        widgets = {"awarded_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = worker_choices(user=user)
        self.fields["organization"].queryset = scoped(PartyOrganization.objects.all(), user)
        self.fields["level"].choices = HonourLevel.choices
        self.finish()

    def _post_clean(self):
        pass  # the service validates


class AllowanceRuleForm(_Styled, forms.ModelForm):
    class Meta:
        model = AllowanceRule
        fields = ["kind", "cert_level", "honour_level", "amount", "cap", "requires_assessment",
                  "requires_annual_check", "effective_from", "effective_to", "source"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].min_value = 0
        self.finish()
        grades = self.fields["requires_assessment"]
        grades.choices = [("", "不看年度考核"), *[c for c in grades.choices if c[0]]]

    def _post_clean(self):
        pass  # the service validates
