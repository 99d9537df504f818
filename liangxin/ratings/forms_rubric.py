"""Forms of a rubric version's own fields and rows (a version no cycle has used): they shape
input; services.rubric_update / rubric_row_save validate and save."""

from django import forms

from liangxin.core.forms import style_form
from liangxin.organizations.models import OrgKind
from liangxin.ratings import auto, services
from liangxin.ratings.models import (
    Band,
    Dimension,
    DistributionCap,
    Item,
    ItemKind,
    Rubric,
    SatisfactionCap,
    VetoItem,
)

# The URL word of each kind of row, its model and its name on the page.
ROW_KINDS = {
    "dimension": (Dimension, "维度"),
    "item": (Item, "评分项目"),
    "veto": (VetoItem, "一票否决项"),
    "band": (Band, "分档"),
    "satisfaction-cap": (SatisfactionCap, "满意度封顶"),
    "distribution-cap": (DistributionCap, "比例控制"),
}


class ServiceModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "order" in self.fields:
            self.fields["order"].required = False  # left blank: the model's default
        style_form(self)

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if not (k == "order" and v is None)}

    def _post_clean(self):
        pass  # the service validates (model and constraints) inside its transaction


class RubricForm(ServiceModelForm):
    applies_to = forms.MultipleChoiceField(
        label="适用组织类别",
        choices=OrgKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选：适用于党委、党总支和各类党支部",
    )

    class Meta:
        model = Rubric
        fields = ["effective_from", *services.RUBRIC_FIELDS]


def auto_source_choices() -> list[tuple[str, str]]:
    keys = auto.known_keys()
    return [("", "（评分项）"), *((key, f"{label}（{key}）") for key, label in keys.items())]


def _clean_item(form) -> dict:
    data = forms.ModelForm.clean(form)
    if data.get("kind") == ItemKind.AUTO and not data.get("auto_source"):
        form.add_error("auto_source", "自动项须指明自动数据来源")
    return data


def row_form_class(model) -> type[forms.ModelForm]:
    meta = type("Meta", (), {"model": model, "fields": list(services.ROW_FIELDS[model])})
    body = {"Meta": meta, **({"clean": _clean_item} if model is Item else {})}
    return type(f"{model.__name__}Form", (ServiceModelForm,), body)


def row_form(model, rubric: Rubric, data=None, instance=None) -> forms.ModelForm:
    form = row_form_class(model)(data, instance=instance)
    if model is Item:
        form.fields["dimension"].queryset = rubric.dimensions.all()
        form.fields["auto_source"] = forms.ChoiceField(
            label="自动数据来源", required=False, choices=auto_source_choices()
        )
        style_form(form)
        if instance is not None:
            form.initial["auto_source"] = instance.auto_source
    return form
