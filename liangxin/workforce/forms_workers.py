"""Forms of the party workers, their work lists and the year-end assessments. Forms only
shape input; the services (services_workers.py) validate against the models and save.
A list's items come as parallel lists (``item_title``/``item_target``/``item_weight``/
``item_due``), one row each, as the visit form's hazards do."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from liangxin.core.forms import style_form
from liangxin.core.scoping import scoped
from liangxin.enterprises.models import Enterprise
from liangxin.organizations.models import PartyOrganization, PartyStation
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor
from liangxin.workforce.models_people import Grade, PartyWorker

WORKER_FIELDS = [
    "name", "role", "full_time", "channel", "region", "organization", "station",
    "enterprise", "instructor", "started_on", "pioneer_craftsman",
]  # fmt: skip


class WorkerForm(forms.ModelForm):
    class Meta:
        model = PartyWorker
        fields = WORKER_FIELDS

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {
            "region": Region,
            "organization": PartyOrganization,
            "station": PartyStation,
            "enterprise": Enterprise,
            "instructor": Instructor,
        }
        for name, model in choices.items():
            self.fields[name].queryset = scoped(model.objects.all(), user).order_by("pk")
        style_form(self)

    def _post_clean(self):
        # Model validation (一站一岗 included) runs once, inside the service's transaction.
        pass


class WorkerEndForm(forms.Form):
    ended_on = forms.DateField(label="离岗日期")


def _int(text: str) -> int | str:
    text = text.strip()
    return int(text) if text.isdigit() else text


def _day(text: str, number: int) -> datetime.date | None:
    if not text.strip():
        return None
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValidationError({"items": [f"第 {number} 项：完成时限不是有效日期"]}) from exc


def typed_items(data) -> list[dict]:
    """The item rows typed (blank rows dropped); weights stay as typed when not a number,
    so the service names the row."""
    columns = zip(
        data.getlist("item_title"),
        data.getlist("item_target"),
        data.getlist("item_weight"),
        data.getlist("item_due"),
        strict=False,
    )
    rows = []
    for number, (title, target, weight, due) in enumerate(columns, start=1):
        if not (title.strip() or target.strip() or weight.strip() or due.strip()):
            continue
        rows.append(
            {"title": title, "target": target, "weight": _int(weight), "due_on": _day(due, number)}
        )
    return rows


class WorkListForm(forms.Form):
    worker = forms.ModelChoiceField(label="党务工作者", queryset=PartyWorker.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        workers = scoped(PartyWorker.objects.filter(full_time=True, state="active"), user)
        self.fields["worker"].queryset = workers.order_by("name", "id")
        style_form(self)


class ItemsForm(forms.Form):
    """A draft's items: the rows are the input; the form carries the refusals."""


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100)
    evidence = forms.CharField(
        label="佐证说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(label="佐证材料", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


GRADE_CHOICES = [("", "按得分评定"), *Grade.choices]


class WorkListAssessForm(forms.Form):
    assessor = forms.CharField(label="考核人", max_length=100)
    assessor_grade = forms.ChoiceField(
        label="考核人评定",
        choices=GRADE_CHOICES,
        required=False,
        help_text="留空则按清单得分评定；选择后以考核人评定为准",
    )
    comment = forms.CharField(label="评语", max_length=500, required=False)
    assessed_on = forms.DateField(label="考核日期", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class InstructorAssessForm(forms.Form):
    grade = forms.ChoiceField(label="考核等次", choices=Grade.choices)
    assessor = forms.CharField(label="考核人", max_length=100, required=False)
    comment = forms.CharField(label="评语", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
