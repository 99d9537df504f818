"""Form pieces shared by every registry page, and the audit log filter.

Registry forms only collect and shape input: validation against the model and
saving belong to the services (liangxin/<app>/services.py), whose
ValidationErrors are mapped back onto the form with :func:`add_service_errors`.
"""

import json
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse

from liangxin.core import pickers
from liangxin.core.scoping import scoped

CODE_SEPARATORS = re.compile(r"[\s,;，；、]+")


DJANGO_BLANK = "---------"
BLANK_LABEL = "请选择"


def style_form(form) -> None:
    """Give every widget its Bootstrap class; dates become the browser's date picker; a
    select's blank choice reads 请选择, not Django's dashes."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        field.widget.attrs["class"] = _css_class(field.widget)
        _name_blank_choice(field)


def _name_blank_choice(field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_BLANK:
            field.empty_label = BLANK_LABEL
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)
        if choices and choices[0] == ("", DJANGO_BLANK):
            field.choices = [("", BLANK_LABEL), *choices[1:]]


def label_empty_choices(form, label: str = "全部") -> None:
    """Filter selects say 全部 (all) instead of django's dashes or 未知."""
    for name, field in form.fields.items():
        empty = "默认" if name == "ordering" else label
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = empty
        elif hasattr(field, "empty_label"):  # django-filter's ChoiceField
            field.empty_label = empty
            # the widget holds a copy of the choices made before the label changed
            field.widget.choices = list(field.choices)
        elif isinstance(field, forms.NullBooleanField):
            field.widget.choices = [("unknown", empty), ("true", "是"), ("false", "否")]
        elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == "":
            field.choices = [("", empty), *field.choices[1:]]


def _css_class(widget) -> str:
    if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class PickerInput(forms.TextInput):
    """A reference typed as its code (or codes, comma-separated); static/js/pickers.js makes
    it a searchable picker (name, code, pinyin initials) loading ``/pickers/<key>/``.

    Without JavaScript the code is typed, as before, and the server accepts it. The
    current values travel with their names (``data-picker-options``), looked up in the
    field's scoped queryset, so the picker opens showing names, not codes.
    """

    def __init__(self, attrs=None, *, model=None, multiple: bool = False, key: str = ""):
        super().__init__(attrs)
        self.model, self.multiple, self.queryset = model, multiple, None
        self.key = key  # a source named by key (a wider one); else the model's scoped one

    def format_value(self, value):
        if isinstance(value, (list, tuple)):
            return ",".join(str(item) for item in value if item not in (None, ""))
        return super().format_value(value)

    def visible(self):
        """The records the values may name: the field's scoped queryset."""
        if self.queryset is not None:
            return self.queryset
        return getattr(getattr(self, "choices", None), "queryset", None)

    def source(self):
        if self.key:
            return pickers.sources().get(self.key)
        return pickers.source_for(self.model) if self.model is not None else None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        source = self.source()
        if source is not None:
            values = [v for v in CODE_SEPARATORS.split(context["widget"]["value"] or "") if v]
            visible = self.visible()
            current = (
                pickers.options(source, visible, values)
                if visible is not None
                else [{"value": v, "text": v} for v in values]
            )
            context["widget"]["attrs"].update(
                {
                    "data-picker-url": reverse("picker", args=[source.key]),
                    "data-picker-options": json.dumps(current, ensure_ascii=False),
                    "data-picker-multiple": "true" if self.multiple else "false",
                    "placeholder": source.hint,
                    "autocomplete": "off",
                }
            )
        return context


class ScopedCodeField(forms.ModelChoiceField):
    """A related record chosen by a picker, or typed as its code (区域代码, 组织编码, 信用代码).

    The queryset is set per request to what the user may see, so a code outside
    the scope is answered exactly like a code that does not exist.
    """

    widget = PickerInput

    def __init__(self, *, to_field_name: str, noun: str, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": f"{noun}“%(value)s”不存在或不在您的管辖范围内"},
        )
        super().__init__(queryset=None, to_field_name=to_field_name, **kwargs)

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class ScopedCodeListField(forms.ModelMultipleChoiceField):
    """Several related records chosen by a picker, or typed as codes separated by spaces,
    commas or ， ； 、 (one per line in an older form's post)."""

    widget = PickerInput

    def __init__(self, *, to_field_name: str, noun: str, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": f"{noun}“%(value)s”不存在或不在您的管辖范围内",
                "invalid_pk_value": f"“%(pk)s”不是有效的{noun}",
            },
        )
        super().__init__(queryset=None, to_field_name=to_field_name, **kwargs)

    def clean(self, value):
        if isinstance(value, str):
            value = [code for code in CODE_SEPARATORS.split(value) if code]
        return super().clean(value)


class ServiceForm(forms.ModelForm):
    """Fields, labels and choices come from the model; the service validates and saves."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.limit_to_scope()
        self.show_related_codes()
        style_form(self)

    def limit_to_scope(self) -> None:
        """Point every code field at the records the user may see."""
        for field in self.fields.values():
            model = getattr(field, "scoped_model", None)
            if model is not None:
                field.queryset = scoped(model.objects.all(), self.user)

    def show_related_codes(self) -> None:
        """Edit forms show the related record's code; model_to_dict would give its row id."""
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            if isinstance(field, ScopedCodeField) and name in self.initial:
                self.initial[name] = getattr(self.instance, name)

    def _post_clean(self):
        # Model validation runs once, inside the service's transaction.
        pass

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


def scoped_code_field(model, *, to_field_name: str, noun: str, **kwargs) -> ScopedCodeField:
    kwargs.setdefault("widget", PickerInput(model=model))
    field = ScopedCodeField(to_field_name=to_field_name, noun=noun, **kwargs)
    field.scoped_model = model
    return field


def scoped_code_list_field(model, *, to_field_name: str, noun: str, **kwargs):
    kwargs.setdefault("widget", PickerInput(model=model, multiple=True))
    field = ScopedCodeListField(to_field_name=to_field_name, noun=noun, **kwargs)
    field.scoped_model = model
    return field


def mark_invalid(form) -> None:
    """Bootstrap shows a field's error only next to an input marked ``is-invalid``."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (else above the form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.error_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        messages = [message for error in errors for message in error.messages]
        if target is None and name not in (NON_FIELD_ERRORS, None):
            messages = [f"{field_label(form, name)}：{message}" for message in messages]
        form.add_error(target, messages)


def field_label(form, name: str) -> str:
    """The field's verbose_name on the form's model: a ModelForm's, or the ``model`` a
    plain form names for the record its service writes (a development step: the case)."""
    model = getattr(form, "model", None) or getattr(getattr(form, "_meta", None), "model", None)
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # not a model field: show the raw key
        return name
