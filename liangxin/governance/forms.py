"""Forms of the committee pages: they collect and shape input (the member through the
scoped picker); the services validate and save, and their errors show next to the fields."""

import datetime

from django import forms

from liangxin.core.forms import scoped_code_field, style_form
from liangxin.core.scoping import scoped
from liangxin.governance.models import CommitteeMember, Duty, Management, PartyPost
from liangxin.members.models import Member

EARLIEST = datetime.date(1949, 10, 1)
LATEST = datetime.date(2100, 12, 31)


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, error_messages={"invalid": "请输入有效日期（如 2024-03-01）"}, **kwargs
    )


def _in_range(value, label: str):
    if value is not None and not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(f"{label}不在合理范围内（1949-10-01 至 2100-12-31）")
    return value


class ScopedForm(forms.Form):
    model = CommitteeMember

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            model = getattr(field, "scoped_model", None)
            if model is not None:
                field.queryset = scoped(model.objects.all(), user)
        style_form(self)


class CommitteeMemberForm(ScopedForm):
    member = scoped_code_field(
        Member,
        to_field_name="public_id",
        noun="党员",
        label="党员",
        required=False,
        help_text="从台账中选择；不在台账的（如上级派驻）填写下面的姓名",
    )
    name = forms.CharField(label="姓名", max_length=50, required=False)
    party_post = forms.ChoiceField(label="党内职务", choices=PartyPost.choices)
    duty = forms.ChoiceField(label="分工", choices=Duty.choices, required=False)
    company_title = forms.CharField(
        label="企业职务", max_length=50, required=False, help_text="如：董事长、总经理、工会主席"
    )
    on_board = forms.BooleanField(label="董事会成员", required=False)
    management = forms.ChoiceField(
        label="管理层级",
        choices=Management.choices,
        required=False,
        help_text="经理层即高级管理人员（总经理、副总经理、财务负责人等）",
    )
    on_supervisory_board = forms.BooleanField(label="监事会成员", required=False)
    in_union = forms.BooleanField(label="工会任职", required=False)
    term_started_on = date_field("任职日期")
    note = forms.CharField(label="备注", max_length=200, required=False)

    def clean_term_started_on(self):
        return _in_range(self.cleaned_data.get("term_started_on"), "任职日期")

    def clean(self):
        data = super().clean()
        missing = not data.get("member") and not (data.get("name") or "").strip()
        if missing and "member" not in self.errors and "name" not in self.errors:
            self.add_error("name", "请选择党员或填写姓名")
        return data


class EndTermForm(ScopedForm):
    term_ended_on = date_field("离任日期")
    end_reason = forms.CharField(
        label="离任原因", max_length=100, required=False, help_text="如：换届、调离、辞职"
    )

    def clean_term_ended_on(self):
        return _in_range(self.cleaned_data.get("term_ended_on"), "离任日期")
