"""Forms of the request pages: they collect and shape input; the services validate the
workflow (liangxin.requests.services) and their errors are shown next to the fields."""

import re

from django import forms
from django.utils import timezone

from liangxin.core.forms import style_form
from liangxin.core.scoping import scoped
from liangxin.enterprises.models import Enterprise
from liangxin.regions.models import Region
from liangxin.requests import selectors
from liangxin.requests.models import (
    Channel,
    FollowUpMethod,
    HandlingUnit,
    RequestCategory,
    Result,
    Satisfaction,
    SpanUnit,
    Urgency,
)

PHONE = re.compile(r"^[0-9+\-（）() ]{5,20}$")
NUMBER = re.compile(r"^[A-Za-z0-9\-]{1,30}$")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class RequestForm(StyledForm):
    enterprise = forms.ModelChoiceField(Enterprise.objects.none(), label="企业")
    channel = forms.ChoiceField(label="渠道", choices=Channel.choices)
    categories = forms.ModelMultipleChoiceField(
        RequestCategory.objects.none(),
        label="类别",
        widget=forms.CheckboxSelectMultiple,
        help_text="最多 4 类",
        error_messages={"required": "请至少选择一个诉求类别"},
    )
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.GENERAL)
    content = forms.CharField(
        label="诉求内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    submitter_name = forms.CharField(label="提出人", max_length=40)
    submitter_phone = forms.CharField(label="联系电话", max_length=20, required=False)
    number = forms.CharField(
        label="诉求编号",
        max_length=30,
        required=False,
        help_text="留空自动编号；热线转来的可填原编号",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = scoped(Enterprise.objects.order_by("name"), user)
        self.fields["categories"].queryset = RequestCategory.objects.filter(
            active=True
        ).select_related("parent")

    def clean_submitter_phone(self):
        phone = self.cleaned_data["submitter_phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError("联系电话格式不正确（数字，5 至 20 位）")
        return phone

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number and not NUMBER.match(number):
            raise forms.ValidationError("诉求编号只能包含字母、数字和短横线")
        return number


class CommentForm(StyledForm):
    comment = forms.CharField(
        label="说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequiredCommentForm(CommentForm):
    def __init__(self, *args, label="理由", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = True
        self.fields["comment"].label = label


class ResubmitForm(CommentForm):
    content = forms.CharField(
        label="补充内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(CommentForm):
    lead_unit = forms.ModelChoiceField(HandlingUnit.objects.none(), label="牵头单位")
    co_units = forms.ModelMultipleChoiceField(
        HandlingUnit.objects.none(),
        label="协办单位",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = HandlingUnit.objects.filter(active=True).select_related("region")
        if user is not None:
            units = units.filter(selectors.units_near(user))
        self.fields["lead_unit"].queryset = units
        self.fields["co_units"].queryset = units


class AnswerForm(StyledForm):
    public_answer = forms.CharField(
        label="答复内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    funds = forms.DecimalField(
        label="兑现资金（万元）", required=False, min_value=0, max_digits=12, decimal_places=2
    )


class ResolveForm(AnswerForm):
    result = forms.ChoiceField(label="办理结果", choices=Result.choices)
    result_reason = forms.CharField(label="结果说明", max_length=500, required=False)
    field_order = ["result", "result_reason", "public_answer", "funds"]


class UnableForm(StyledForm):
    result_reason = forms.CharField(label="无法办理原因", max_length=500)
    public_answer = forms.CharField(
        label="答复内容",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="留空则以原因答复",
    )


class ExtensionForm(StyledForm):
    reason = forms.CharField(label="延期理由", max_length=500)
    new_due = forms.DateField(label="申请延至")


class FollowUpForm(StyledForm):
    on = forms.DateField(label="回访日期")
    method = forms.ChoiceField(label="回访方式", choices=FollowUpMethod.choices)
    satisfaction = forms.ChoiceField(label="评价", choices=Satisfaction.choices)
    note = forms.CharField(label="回访记录", max_length=500, required=False)
    reopen = forms.BooleanField(label="不满意（办理原因），转重办", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class DeadlineRuleForm(StyledForm):
    span = forms.IntegerField(label="时限", min_value=0, max_value=1000)
    unit = forms.ChoiceField(label="单位", choices=SpanUnit.choices)
    source = forms.CharField(label="依据", max_length=300)


class UnitForm(StyledForm):
    name = forms.CharField(label="单位名称", max_length=80)
    region = forms.ModelChoiceField(None, label="所属区域")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = scoped(Region.objects.order_by("path"), user).exclude(
            kind="grid"
        )
