"""Forms of the party workers, their work lists and the year-end assessments. Forms only
shape input; the services (services_workers.py) validate against the models and save.
A list's items come as parallel lists (``item_title``/``item_target``/``item_weight``/
``item_due``), one row each, as the visit form's hazards do."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from liangxin.core.forms import ServiceForm, scoped_code_field, style_form
from liangxin.core.roles import Role
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


class WorkerForm(ServiceForm):
    """Region, organization and enterprise are chosen with the scoped pickers (a district
    holds thousands of enterprises: no select of them all); stations and instructors are
    few per region. A full-time worker's login is named by its user name."""

    region = scoped_code_field(Region, to_field_name="code", noun="区域代码", label="所属区域")
    organization = scoped_code_field(
        PartyOrganization,
        to_field_name="code",
        noun="组织编码",
        label="所在党组织",
        required=False,
    )
    enterprise = scoped_code_field(
        Enterprise,
        to_field_name="uscc",
        noun="统一社会信用代码",
        label="所在企业",
        required=False,
    )
    login = forms.CharField(
        label="登录账号（用户名）",
        max_length=150,
        required=False,
        help_text="专职党务工作者以“党建指导员”角色的账号登录，填报本人工作清单进度",
    )

    class Meta:
        model = PartyWorker
        fields = WORKER_FIELDS

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name, model in {"station": PartyStation, "instructor": Instructor}.items():
            self.fields[name].queryset = scoped(model.objects.all(), user).order_by("pk")
        if self.instance.pk and self.instance.user_id:
            self.initial.setdefault("login", self.instance.user.username)
        style_form(self)

    def clean_login(self):
        """The account (role 党建指导员, DOMAIN.md §1) the worker signs in with, or None."""
        username = self.cleaned_data["login"].strip()
        if not username:
            return None
        account = get_user_model().objects.filter(username=username).first()
        if account is None:
            raise ValidationError(f"登录账号“{username}”不存在")
        if account.role != Role.INSTRUCTOR:
            raise ValidationError("须为“党建指导员”角色的账号（专职党务工作者使用该角色登录）")
        return account

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["user"] = data.pop("login", None)
        return data


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
