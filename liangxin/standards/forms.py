"""Forms of the checklist and inspection pages: they collect input; the services check it."""

from django import forms

from liangxin.core.checklist_sources import checklist_sources
from liangxin.core.forms import ServiceForm, scoped_code_field, scoped_code_list_field, style_form
from liangxin.core.scoping import scoped
from liangxin.organizations.models import OrgKind, PartyOrganization
from liangxin.regions.models import Region
from liangxin.standards import auto
from liangxin.standards.models import (
    ChecklistItem,
    Inspection,
    InspectionMethod,
    ItemState,
)


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class SelfCheckForm(StyledForm):
    """An organization's answer on one evidence item: a file, a note, met or not applicable."""

    state = forms.ChoiceField(
        label="自查结果",
        choices=[(ItemState.MET, "已达标"), (ItemState.NOT_APPLICABLE, "不适用")],
        required=False,
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label="佐证材料", required=False)


class VerifyItemForm(StyledForm):
    state = forms.ChoiceField(label="核验结果", choices=ItemState.choices)
    note = forms.CharField(label="核验意见", required=False)


class ReasonForm(StyledForm):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(StyledForm):
    comment = forms.CharField(label="说明", required=False)


class PublishForm(StyledForm):
    effective_from = forms.DateField(label="生效日期")


class UploadForm(StyledForm):
    file = forms.FileField(label="整改佐证材料")


def auto_source_choices() -> list[tuple[str, str]]:
    sources = {key: source.label for key, source in checklist_sources().items()}
    sources.setdefault(auto.LIFE_MEETINGS_HELD, "按期召开会议（组织生活，待接入）")
    return [("", "（非自动项）"), *((key, f"{label}（{key}）") for key, label in sources.items())]


class ItemForm(forms.ModelForm):
    applies_to = forms.MultipleChoiceField(
        label="适用组织类别",
        choices=OrgKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选：适用于党总支和各类党支部",
    )
    auto_source = forms.ChoiceField(label="自动数据来源", required=False)

    class Meta:
        model = ChecklistItem
        fields = [
            "group",
            "text",
            "evidence_kind",
            "auto_source",
            "applies_to",
            "required",
            "order",
            "source",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auto_source"].choices = auto_source_choices()
        style_form(self)

    def _post_clean(self):
        pass  # the service validates and saves


class InspectionForm(ServiceForm):
    region = scoped_code_field(
        Region, to_field_name="code", noun="区域代码", label="组织检查的区域"
    )
    targets = scoped_code_list_field(
        PartyOrganization, to_field_name="code", noun="组织编码", label="检查对象"
    )
    methods = forms.MultipleChoiceField(
        label="检查方式",
        choices=InspectionMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Inspection
        fields = ["kind", "held_on", "region", "team", "targets", "methods", "summary", "score"]


class FindingForm(StyledForm):
    organization = forms.ModelChoiceField(label="党组织", queryset=PartyOrganization.objects.none())
    item = forms.ModelChoiceField(
        label="对应清单项目", queryset=ChecklistItem.objects.none(), required=False
    )
    text = forms.CharField(label="发现问题", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, inspection, user, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = scoped(inspection.targets.all(), user)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda i: f"{i.template.name}·{i.group}·{i.text}"


class RectificationForm(StyledForm):
    organization = forms.ModelChoiceField(
        label="整改党组织", queryset=PartyOrganization.objects.none()
    )
    text = forms.CharField(label="整改事项", widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label="责任人", max_length=50)
    due_on = forms.DateField(label="整改期限")

    def __init__(self, *args, inspection, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = scoped(inspection.targets.all(), user)
        style_form(self)
