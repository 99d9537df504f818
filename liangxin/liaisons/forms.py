"""Forms of the liaison pages: they collect and shape input (references through the scoped
pickers); the services validate and save, and their errors are shown next to the fields."""

from django import forms
from django.utils import timezone

from liangxin.core.forms import scoped_code_field, scoped_code_list_field, style_form
from liangxin.core.scoping import scoped
from liangxin.enterprises.models import Enterprise
from liangxin.liaisons.models import (
    LinkKind,
    MeetingKind,
    PolicyLiaison,
    ProblemKind,
    StaffKind,
)
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region

MAX_COUNT = 100000
LOCAL_MOMENT = "%Y-%m-%dT%H:%M"


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


class MomentField(forms.DateTimeField):
    """A local date and time from the browser's datetime-local input."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [LOCAL_MOMENT, "%Y-%m-%d %H:%M"])
        kwargs.setdefault("error_messages", {"invalid": "请输入正确的日期和时间"})
        super().__init__(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MOMENT),
            **kwargs,
        )


def now_local() -> str:
    return timezone.localtime().strftime(LOCAL_MOMENT)


class LiaisonForm(ScopedForm):
    name = forms.CharField(label="姓名", max_length=40)
    unit = forms.CharField(label="单位及职务", max_length=100, required=False)
    region = scoped_code_field(Region, to_field_name="code", noun="区域", label="所属区域")
    enterprises = scoped_code_list_field(
        Enterprise, to_field_name="uscc", noun="企业", label="联系企业"
    )


class LiaisonEditForm(LiaisonForm):
    active = forms.BooleanField(label="在岗", required=False)


class NoticeForm(ScopedForm):
    liaison = forms.ModelChoiceField(PolicyLiaison.objects.none(), label="政策联络员")
    title = forms.CharField(label="政策名称", max_length=200)
    summary = forms.CharField(
        label="内容摘要", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    source = forms.CharField(label="发文单位及文号", max_length=200, required=False)
    link = forms.URLField(
        label="原文链接",
        max_length=500,
        required=False,
        error_messages={"invalid": "请输入以 http:// 或 https:// 开头的网址"},
    )
    published_at = MomentField(label="发布时间", help_text="从此刻起按工作小时计时")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["liaison"].queryset = scoped(
            PolicyLiaison.objects.filter(active=True).select_related("region"), user
        )


class ConfirmForm(ScopedForm):
    head_name = forms.CharField(label="企业负责人姓名", max_length=40)
    head_post = forms.CharField(label="职务", max_length=40, help_text="如：董事长、总经理")
    confirmed_at = MomentField(label="确认时间")


class LinkForm(ScopedForm):
    organization = scoped_code_field(
        PartyOrganization, to_field_name="code", noun="党组织", label="党组织"
    )
    kind = forms.ChoiceField(label="联系类型", choices=LinkKind.choices)
    member = scoped_code_field(Member, to_field_name="public_id", noun="党员", label="党员")
    counterpart_name = forms.CharField(label="联系对象姓名", max_length=40)
    counterpart_post = forms.CharField(label="联系对象职务或班组", max_length=60)
    started_on = forms.DateField(label="建立日期")


class MeetingForm(ScopedForm):
    organization = scoped_code_field(
        PartyOrganization, to_field_name="code", noun="党组织", label="党组织"
    )
    kind = forms.ChoiceField(label="会议类型", choices=MeetingKind.choices)
    held_on = forms.DateField(label="召开日期")
    participants = forms.IntegerField(label="参加人数", min_value=1, max_value=MAX_COUNT)
    topics = forms.CharField(
        label="议题", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    issues_raised = forms.IntegerField(
        label="提出问题数", min_value=0, max_value=MAX_COUNT, initial=0
    )
    suggestions_adopted = forms.IntegerField(
        label="采纳建议数", min_value=0, max_value=MAX_COUNT, initial=0
    )
    outcome = forms.CharField(
        label="结果与落实",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PairingForm(ScopedForm):
    member = scoped_code_field(Member, to_field_name="public_id", noun="党员", label="党员")
    staff_name = forms.CharField(label="职工姓名", max_length=40)
    staff_kind = forms.ChoiceField(label="类别", choices=StaffKind.choices)
    team = forms.CharField(label="班组或部门", max_length=60, required=False)
    started_on = forms.DateField(label="结对日期")


class ProblemForm(ScopedForm):
    kind = forms.ChoiceField(label="问题类别", choices=ProblemKind.choices)
    description = forms.CharField(label="问题", max_length=500)
    raised_on = forms.DateField(label="提出日期")
    solved_on = forms.DateField(label="解决日期", required=False)
    solution = forms.CharField(label="解决方式", max_length=500, required=False)


class SolveForm(ScopedForm):
    solved_on = forms.DateField(label="解决日期", initial=timezone.localdate)
    solution = forms.CharField(label="解决方式", max_length=500)
