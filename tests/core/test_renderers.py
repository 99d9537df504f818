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


@pytest.mark.django_db
def test_filtersets_do_not_share_their_filters_or_stale_choices():
    """Filters are copied one by one per FilterSet (not deep-copied): one list's state
    must not leak into the next, and a new tag must show up in the next form."""
    from liangxin.enterprises.filters import EnterpriseFilter
    from liangxin.enterprises.models import Enterprise, EnterpriseTag

    first = EnterpriseFilter(data={"status": "operating"}, queryset=Enterprise.objects.all())
    second = EnterpriseFilter(data={}, queryset=Enterprise.objects.all())
    assert first.filters["status"] is not second.filters["status"]
    assert first.filters["status"] is not EnterpriseFilter.base_filters["status"]
    first.form.fields["status"].widget.attrs["class"] = "changed"
    assert second.form.fields["status"].widget.attrs.get("class") != "changed"
    assert first.filters["status"].parent is first and second.filters["status"].parent is second

    searched = EnterpriseFilter(data={"search": "川姜"}, queryset=Enterprise.objects.all())
    assert searched.filters["search"].filter.f is searched.filters["search"]
    assert list(searched.qs) == []  # a method filter runs against its own FilterSet

    before = {str(label) for _, label in second.form.fields["tag"].choices}
    EnterpriseTag.objects.create(code="new-tag", name="新标签")
    third = EnterpriseFilter(data={}, queryset=Enterprise.objects.all())
    after = {str(label) for _, label in third.form.fields["tag"].choices}
    assert after - before == {"新标签"}
