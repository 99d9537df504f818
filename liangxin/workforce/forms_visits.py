"""Forms of appointments and visit logs; hazards come as parallel lists of the visit form
(``hazard_text``/``hazard_due``), one row each, added on the page without a reload."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from liangxin.core.forms import style_form
from liangxin.core.scoping import scoped
from liangxin.enterprises.models import Enterprise
from liangxin.organizations.models import PartyOrganization
from liangxin.standards.selectors import current_items
from liangxin.workforce import selectors
from liangxin.workforce.models import AssignmentState, Instructor, InstructorSource, VisitMode


class VisitForm(forms.Form):
    enterprise = forms.ModelChoiceField(label="走访企业", queryset=Enterprise.objects.none())
    visited_on = forms.DateField(label="走访日期")
    mode = forms.ChoiceField(label="方式", choices=VisitMode.choices, initial=VisitMode.ONSITE)
    topics = forms.CharField(
        label="指导内容", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    checklist_items = forms.ModelMultipleChoiceField(
        label="对照清单项目", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    problems = forms.CharField(
        label="发现问题", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    follow_up = forms.CharField(
        label="后续跟进", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    safety_checked = forms.BooleanField(label="已开展安全生产检查", required=False)

    def __init__(self, *args, user, instructor: Instructor, **kwargs):
        super().__init__(*args, **kwargs)
        enterprises = selectors.assigned_enterprises(instructor)
        self.fields["enterprise"].queryset = enterprises
        self.chosen_enterprise = self._chosen(enterprises)
        items = self.fields["checklist_items"]
        # Guided against the items of the visited enterprise's own organization (its kind);
        # none until an enterprise is chosen.
        items.queryset = (
            selectors.checklist_items_for(user=user, enterprise=self.chosen_enterprise)
            if self.chosen_enterprise
            else current_items(user=user).none()
        )
        # Two standards may hold an item of the same words: name the standard too.
        items.label_from_instance = lambda item: f"{item.template.name}·{item.text}"
        style_form(self)

    def _chosen(self, enterprises):
        chosen = self.data.get("enterprise") if self.is_bound else None
        chosen = chosen or self.initial.get("enterprise")
        try:
            return enterprises.filter(pk=int(chosen)).first() if chosen else None
        except (TypeError, ValueError):
            return None

    def hazards(self) -> list[dict]:
        """The hazard rows typed (blank rows dropped); a date that is no date is an error."""
        texts = self.data.getlist("hazard_text")
        dues = self.data.getlist("hazard_due")
        rows = []
        for number, (text, due) in enumerate(zip(texts, dues, strict=False), start=1):
            if not text.strip() and not due.strip():
                continue
            try:
                day = datetime.date.fromisoformat(due) if due.strip() else None
            except ValueError as exc:
                raise ValidationError(
                    {"hazards": [f"第 {number} 条隐患：整改期限不是有效日期"]}
                ) from exc
            rows.append({"text": text, "rectify_by": day})
        return rows

    def typed_hazards(self) -> list[tuple[str, str]]:
        """What was typed, shown again when the page comes back with an error."""
        return list(
            zip(self.data.getlist("hazard_text"), self.data.getlist("hazard_due"), strict=False)
        )


class AssignmentForm(forms.Form):
    instructor = forms.ModelChoiceField(label="党建指导员", queryset=Instructor.objects.none())
    source = forms.ChoiceField(label="来源", choices=InstructorSource.choices)
    dispatching_unit = forms.CharField(label="派出单位", max_length=100, required=False)
    enterprises = forms.ModelMultipleChoiceField(
        label="联系企业", queryset=Enterprise.objects.none()
    )
    organizations = forms.ModelMultipleChoiceField(
        label="联系党组织", queryset=PartyOrganization.objects.none(), required=False
    )
    starts_on = forms.DateField(label="任期开始")
    ends_on = forms.DateField(
        label="任期结束", required=False, help_text="留空按规则参数“党建指导员任期”计算"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructor"].queryset = selectors.instructor_list(user=user)
        self.fields["enterprises"].queryset = scoped(Enterprise.objects.all(), user)
        self.fields["organizations"].queryset = scoped(PartyOrganization.objects.all(), user)
        style_form(self)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("instructor")
        if not data["ends_on"]:
            data.pop("ends_on")
        return data


ENDING_CHOICES = [(s.value, s.label) for s in AssignmentState if s != AssignmentState.ACTIVE]


class AssignmentEndForm(forms.Form):
    state = forms.ChoiceField(label="变更为", choices=ENDING_CHOICES)
    reason = forms.CharField(label="原因", max_length=500, required=False)
    approver = forms.CharField(label="批准人", max_length=100, required=False)
