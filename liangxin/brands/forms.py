"""Forms of the brand and 标杆 pages: they collect input; the services check it."""

import re

from django import forms
from django.core.exceptions import ValidationError

from liangxin.brands.models import BenchmarkProject, Brand, NodeState, Programme, ProjectNode
from liangxin.core.forms import ServiceForm, scoped_code_field, scoped_code_list_field, style_form
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class BrandForm(ServiceForm):
    holders = scoped_code_list_field(
        PartyOrganization,
        to_field_name="code",
        noun="组织编码",
        label="所属党组织",
        required=False,
        help_text="一企一品必填；一业一品、一域一品可填参与的党组织",
    )
    region = scoped_code_field(
        Region,
        to_field_name="code",
        noun="区域代码",
        label="所属区域",
        required=False,
        help_text="一域一品必填；其他类别留空时取第一个所属党组织的区域",
    )

    class Meta:
        model = Brand
        fields = ["kind", "name", "holders", "industry", "region", "story"]
        widgets = {"story": forms.Textarea(attrs={"rows": 6})}

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("holders", None)
        return data


class ReasonForm(StyledForm):
    comment = forms.CharField(label="原因或说明", required=False)


class ProgrammeForm(ServiceForm):
    region = scoped_code_field(Region, to_field_name="code", noun="区域代码", label="组织区域")
    tiers = forms.CharField(
        label="层级与目标数",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一个层级：名称 目标数，如“示范标杆 1”“行业标杆 5”",
    )

    class Meta:
        model = Programme
        fields = ["name", "region", "start_year", "end_year", "source", "description"]

    def clean_tiers(self) -> list[tuple[str, int]]:
        return parse_tiers(self.cleaned_data["tiers"])

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("tiers", None)
        return data


TIER_LINE = re.compile(r"^(?P<name>.+?)[\s,，:：]+(?P<target>\d+)$")


def parse_tiers(text: str) -> list[tuple[str, int]]:
    tiers, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = TIER_LINE.match(line)
        if match is None:
            errors.append(f"第 {number} 行“{line}”应为“名称 目标数”")
        else:
            tiers.append((match["name"].strip(), int(match["target"])))
    if errors:
        raise ValidationError(errors)
    if not tiers:
        raise ValidationError("请至少填写一个层级及其目标数")
    return tiers


class ProjectForm(ServiceForm):
    organization = scoped_code_field(
        PartyOrganization, to_field_name="code", noun="组织编码", label="党组织"
    )

    class Meta:
        model = BenchmarkProject
        fields = ["tier", "organization", "owner", "plan"]
        widgets = {"plan": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = programme.tiers.order_by("order", "id")


class NodeForm(ServiceForm):
    class Meta:
        model = ProjectNode
        fields = ["title", "owner", "due_on", "order"]


class ProgressForm(StyledForm):
    state = forms.ChoiceField(label="节点状态", choices=NodeState.choices)
    note = forms.CharField(
        label="进展情况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
