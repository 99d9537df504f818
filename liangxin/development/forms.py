"""Forms of the development pages: they shape input, the services validate and save."""

from django import forms

from liangxin.core.forms import ServiceForm, scoped_code_field, style_form
from liangxin.core.scoping import scoped
from liangxin.development.models import DevelopmentCase, Step
from liangxin.development.services import STEP_DETAILS
from liangxin.enterprises.models import Enterprise
from liangxin.members.forms import (
    DERIVED_FROM_ID_NUMBER,
    PERSONAL_DATA,
    drop_blank,
    id_number_field,
    mark_personal_data_optional,
    phone_field,
)
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization

MAX_NOTE = 500
MAX_DOCUMENT = 200


class CaseForm(ServiceForm):
    id_number = id_number_field()
    phone = phone_field()
    organization = scoped_code_field(
        PartyOrganization, to_field_name="code", noun="组织编码", label="所在党组织"
    )
    employer = scoped_code_field(
        Enterprise,
        to_field_name="uscc",
        noun="统一社会信用代码",
        label="工作单位",
        required=False,
    )

    class Meta:
        model = DevelopmentCase
        fields = [
            "name",
            "id_number",
            "phone",
            "gender",
            "birth_date",
            "ethnicity",
            "education",
            "organization",
            "employer",
            "post_level",
            "applied_on",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DERIVED_FROM_ID_NUMBER:
            self.fields[name].required = False
            self.fields[name].help_text = "留空则按公民身份号码推算"
        if self.instance.pk:
            mark_personal_data_optional(self)
            # The application date is step 1: corrected by recording that step again.
            del self.fields["applied_on"]

    def service_data(self) -> dict:
        blank_means_keep = DERIVED_FROM_ID_NUMBER + (PERSONAL_DATA if self.instance.pk else ())
        return drop_blank(dict(self.cleaned_data), blank_means_keep)


class MemberChoiceField(forms.ModelChoiceField):
    """A member of the case's organization by name; the status shows who may introduce."""

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_status_display()}党员）"


# The date input's label where the step's date means something more specific.
DATE_LABELS = {Step.TRAINING: "集中培训开始日期", Step.PRE_REVIEW: "预审日期"}
MEMBER_FIELDS = ("contact_first", "contact_second", "introducer_first", "introducer_second")
REQUIRED_ON_PAGE = {"contact_first", "introducer_first", "introducer_second", "full_decision"}


class StepForm(forms.Form):
    """One of the 25 steps: its date, note and document, plus what that step records."""

    model = DevelopmentCase  # the record the step's service writes: its errors' labels

    done_on = forms.DateField(label="日期")
    note = forms.CharField(
        label="说明", max_length=MAX_NOTE, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    document = forms.CharField(label="材料名称", max_length=MAX_DOCUMENT, required=False)

    def __init__(self, *args, user, case: DevelopmentCase, step: Step, **kwargs):
        kwargs.pop("instance", None)
        super().__init__(*args, **kwargs)
        self.case, self.step = case, step
        self.fields["done_on"].label = DATE_LABELS.get(step, f"{step.label}日期")
        for name in STEP_DETAILS.get(step, ()):
            self.fields[name] = self._detail_field(name, user)
        style_form(self)
        # Shown by the page only once a rule would be broken (StepRecordView): saving
        # anyway is a decision the user takes knowing which rule, never by accident.
        self.fields["confirm"] = forms.BooleanField(
            label="已知悉上述不符合规定之处，仍要保存", required=False
        )

    def _detail_field(self, name: str, user):
        if name in MEMBER_FIELDS:
            field = MemberChoiceField(
                queryset=self._members(user),
                to_field_name="public_id",
                label=DevelopmentCase._meta.get_field(name).verbose_name,
            )
        else:
            field = DevelopmentCase._meta.get_field(name).formfield()
        field.required = name in REQUIRED_ON_PAGE
        return field

    def _members(self, user):
        """Members of the case's organization subtree that the user may see."""
        members = Member.objects.filter(organization__path__startswith=self.case.organization.path)
        return scoped(members, user).order_by("name", "id")

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("confirm", None)
        common = {name: data.pop(name) for name in ("done_on", "note", "document")}
        details = {k: v for k, v in data.items() if v not in (None, "")}
        return {**common, "details": details}


class CloseForm(forms.Form):
    closed_reason = forms.CharField(label="终止原因", max_length=200)
