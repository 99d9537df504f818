"""Form rendering: Jinja2 for Django's own widgets, Django templates for the rest.

Django's template renderer includes a template per <option>, which made the
list pages' filter forms the bulk of their time; Jinja2 renders the same
widget templates (shipped by Django) several times faster, and our
``widget_templates/`` override of ``select.html`` inlines the per-option
templates. Widgets that only exist as Django templates (the admin's
password-hash widget) fall back.
"""

from functools import cached_property
from pathlib import Path

from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist

OVERRIDES = Path(__file__).parent / "widget_templates"


class FastFormRenderer(Jinja2):
    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [OVERRIDES, Path(forms.__file__).parent / self.backend.app_dirname],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )

    @cached_property
    def fallback(self):
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
