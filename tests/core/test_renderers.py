"""The inlined select template renders exactly what Django's own widget templates render."""

import pytest
from django import forms
from django.forms.renderers import Jinja2

from liangxin.core.renderers import FastFormRenderer

CHOICES = [("", "全部"), ("operating", "在营"), ("a&b", "A&B <公司>"), (3, "三")]
GROUPED = [("", "全部"), ("华东", [("sh", "上海"), ("js", "江苏")]), ("x", "其他")]


class Fields(forms.Form):
    status = forms.ChoiceField(choices=CHOICES, required=False)
    kind = forms.ChoiceField(choices=CHOICES)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    covered = forms.NullBooleanField(required=False)
    radio = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect, required=False)


DATA = [
    {},
    {"status": "operating", "kind": "a&b", "grouped": "js", "many": ["operating", "3"]},
    {"status": "nonexistent", "covered": "true", "radio": "3"},
]


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("name", list(Fields.base_fields))
def test_every_select_renders_as_django_renders_it(data, name):
    """Page filters must stay what the browser saw before: the same HTML, byte for byte."""
    stock = Fields(data=data or None, renderer=Jinja2())
    fast = Fields(data=data or None, renderer=FastFormRenderer())
    for form in (stock, fast):
        form.fields[name].widget.attrs["class"] = "form-select"
    assert str(fast[name]) == str(stock[name])


def test_the_override_is_the_one_loaded():
    template = FastFormRenderer().get_template("django/forms/widgets/select.html")
    assert "widget_templates" in template.origin.name
