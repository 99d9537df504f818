"""The page template engine: Jinja2, with the few Django helpers the pages use.

Pages were Django templates; on the registry lists the template language took
two thirds of a request (a variable lookup tries dict, attribute and index in
turn, every ``{% include %}`` builds a context) and kept the page far from the
throughput target. Jinja2 compiles a template to Python once per process.

What Django's language did implicitly is done here explicitly:
- dates, times, numbers and decimals print localized, aware datetimes in the
  current time zone (``finalize``), as Django's ``{{ value }}`` did;
- the ``date`` filter sees local time, as Django's did;
- ``url()``, ``static()`` and ``querystring()`` are Django's own functions;
- the test client receives the ``template_rendered`` signal, so tests may read
  ``response.context`` as they could with Django templates.
"""

import datetime
from decimal import Decimal
from functools import lru_cache
from types import BuiltinMethodType, FunctionType, MethodType, SimpleNamespace

import jinja2
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.template.backends import jinja2 as django_jinja2
from django.template.defaulttags import querystring as django_querystring
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.urls import get_script_prefix, reverse
from django.utils import formats
from django.utils.timezone import template_localtime

LOCALIZED_TYPES = (datetime.date, datetime.time, Decimal, float)
UNCALLED = (MethodType, FunctionType, BuiltinMethodType)


def finalize(value):
    """What ``{{ value }}`` prints: like Django's templates, localized and in local time.

    Django's templates called a method they met; Jinja2 would print its repr, so a
    method that reaches the output is a template bug, and says so.
    """
    if isinstance(value, LOCALIZED_TYPES):
        return formats.localize(template_localtime(value))
    if isinstance(value, UNCALLED):
        raise TypeError(f"a template printed the uncalled method {value!r}: write name()")
    return "" if value is None else value


def url(name: str, *args, **kwargs) -> str:
    """Django's ``reverse``, remembered: a list page asks for dozens of the same few URLs."""
    try:
        return _reverse(get_script_prefix(), name, args, tuple(sorted(kwargs.items())))
    except TypeError:  # an unhashable argument: nothing to remember it by
        return reverse(name, args=args or None, kwargs=kwargs or None)


@receiver(setting_changed)
def forget_urls(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # tests swap URLconfs; Django forgets its own caches too
        _reverse.cache_clear()


@lru_cache(maxsize=16384)
def _reverse(script_prefix: str, name: str, args: tuple, kwargs: tuple) -> str:
    # The script prefix is part of every URL reverse() builds, so it is part of the key.
    return reverse(name, args=args or None, kwargs=dict(kwargs) or None)


@jinja2.pass_context
def querystring(context, *mappings, **changes) -> str:
    """Django's ``{% querystring %}``: the request's GET with ``changes`` (None removes)."""
    return django_querystring(SimpleNamespace(request=context["request"]), *mappings, **changes)


def date(value, format_string=None):
    return defaultfilters.date(template_localtime(value), format_string)


def yesno(value, labels="是,否"):
    return defaultfilters.yesno(value, labels)


def environment(**options) -> jinja2.Environment:
    env = jinja2.Environment(
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.loopcontrols"],
        **options,
    )
    env.globals.update(url=url, static=static, querystring=querystring)
    env.filters.update(
        date=date,
        yesno=yesno,
        add=defaultfilters.add,
        join=defaultfilters.join,  # Django's: a single value (a rule's number) prints as is
        stringformat=defaultfilters.stringformat,
        truncatechars=defaultfilters.truncatechars,
        json_script=defaultfilters.json_script,
        floatformat=defaultfilters.floatformat,
        filesizeformat=defaultfilters.filesizeformat,
        localize=formats.localize,
    )
    return env


class Template(django_jinja2.Template):
    def render(self, context=None, request=None):
        context = {} if context is None else context
        # The test client records templates and contexts through this signal;
        # without receivers (in production) sending it costs next to nothing.
        template_rendered.send(sender=self, template=self, context=context)
        return super().render(context, request)


class Jinja2(django_jinja2.Jinja2):
    """Django's Jinja2 backend; its templates also send ``template_rendered``."""

    def get_template(self, template_name):
        template = super().get_template(template_name)
        return Template(template.template, self)

    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)
