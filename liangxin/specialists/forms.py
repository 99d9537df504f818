"""Forms of the specialists' pages: they collect and shape input; the services check roles,
scope and the rules, and their errors are shown next to the fields."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from liangxin.core.forms import PickerInput, ScopedCodeField, style_form
from liangxin.core.scoping import scoped
from liangxin.enterprises.models import Enterprise
from liangxin.requests.models import RequestCategory, Urgency
from liangxin.specialists import selectors
from liangxin.specialists.models import Cadence, ContactMode, Frequency, SpecialistKind
from liangxin.specialists.services import FINDINGS_MAX

BAD_DATE = "请输入有效的日期（年-月-日）"


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = BAD_DATE
        style_form(self)


def _check_term(cleaned: dict) -> None:
    start, end = cleaned.get("start"), cleaned.get("end")
    if start and end and end < start:
        raise forms.ValidationError({"end": "结束日期不能早于开始日期"})


class SpecialistForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=40)
    kind = forms.ChoiceField(label="类别", choices=SpecialistKind.choices)
    employer = forms.CharField(label="工作单位", max_length=100)
    region = forms.ModelChoiceField(None, label="所属区域")
    team = forms.ModelChoiceField(None, label="点对点组团", required=False)
    start = forms.DateField(label="任期开始")
    end = forms.DateField(label="任期结束", required=False)
    user = forms.CharField(
        label="关联登录账号",
        max_length=150,
        required=False,
        help_text="填写网格员、党建指导员等已有账号的用户名，本人即可查看并记录联系",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.region_choices(user)
        self.fields["team"].queryset = selectors.team_list(user=user)

    def clean_user(self):
        username = self.cleaned_data["user"].strip()
        if not username:
            return None
        found = get_user_model().objects.filter(username=username, is_active=True).first()
        if found is None:
            raise forms.ValidationError("账号不存在")
        return found

    def clean(self):
        cleaned = super().clean()
        _check_term(cleaned)
        return cleaned

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class TeamForm(StyledForm):
    name = forms.CharField(label="组团名称", max_length=60)
    region = forms.ModelChoiceField(None, label="所属区域")
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.region_choices(user)


class AssignmentForm(StyledForm):
    specialist = forms.ModelChoiceField(None, label="专员")
    enterprise = ScopedCodeField(
        to_field_name="uscc",
        noun="企业",
        label="重点企业",
        widget=PickerInput(model=Enterprise, key="key_enterprises"),
        help_text="输入名称、信用代码或拼音首字母（列出亿元以上、规上、专精特新等重点企业）",
    )
    start = forms.DateField(label="包联开始")
    end = forms.DateField(label="包联结束", required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = selectors.specialist_list(user=user)
        self.fields["enterprise"].queryset = scoped(Enterprise.objects.all(), user)

    def clean(self):
        cleaned = super().clean()
        _check_term(cleaned)
        return cleaned


class EndForm(StyledForm):
    end = forms.DateField(label="包联结束日期")


class CadenceForm(StyledForm):
    name = forms.CharField(label="名称", max_length=20)
    frequency = forms.ChoiceField(label="频次", choices=Frequency.choices)
    performer = forms.CharField(label="由谁开展", max_length=100)
    done_when = forms.CharField(label="何为完成", max_length=200)
    counts_missed = forms.BooleanField(
        label="未联系计为未落实", required=False, help_text="不勾选：有事项时登记，未登记不计未落实"
    )
    active = forms.BooleanField(label="启用", required=False)
    source = forms.CharField(label="依据", max_length=300, required=False)


class ContactForm(StyledForm):
    assignment = forms.ModelChoiceField(None, label="包联企业")
    cadence = forms.ModelChoiceField(None, label="联系频次")
    date = forms.DateField(label="联系日期")
    mode = forms.ChoiceField(label="方式", choices=ContactMode.choices)
    findings = forms.CharField(
        label="发现的情况和问题",
        max_length=FINDINGS_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    open_request = forms.BooleanField(label="转为诉求办理", required=False)
    categories = forms.ModelMultipleChoiceField(
        None, label="诉求类别", required=False, widget=forms.CheckboxSelectMultiple
    )
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.GENERAL)
    submitter_name = forms.CharField(label="企业提出人", max_length=40, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        rows = selectors.mine_or_all(user, selectors.assignment_list(user=user))
        self.fields["assignment"].queryset = rows.filter(selectors.active_on(today)).order_by(
            "enterprise__name"
        )
        self.fields["assignment"].label_from_instance = _assignment_label
        self.fields["cadence"].queryset = Cadence.objects.filter(active=True)
        self.fields["categories"].queryset = RequestCategory.objects.filter(
            active=True
        ).select_related("parent")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("open_request"):
            if not cleaned.get("categories"):
                self.add_error("categories", "转为诉求时请至少选择一个诉求类别")
            if not (cleaned.get("submitter_name") or "").strip():
                self.add_error("submitter_name", "转为诉求时请填写企业提出人")
        return cleaned

    def contact_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("cadence", "date", "mode", "findings")}

    def request_data(self) -> dict | None:
        if not self.cleaned_data.get("open_request"):
            return None
        return {
            "categories": list(self.cleaned_data["categories"]),
            "urgency": self.cleaned_data["urgency"],
            "submitter_name": self.cleaned_data["submitter_name"].strip(),
        }


def _assignment_label(assignment) -> str:
    return f"{assignment.enterprise.name}（{assignment.specialist.name}）"
