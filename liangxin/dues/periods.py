"""Choosing a period (and optionally an organization subtree) on the alert and totals pages."""

import datetime

from django import forms
from django.utils import timezone

from liangxin.core.forms import scoped_code_field, style_form
from liangxin.core.scoping import scoped
from liangxin.dues.filters import MONTH_CHOICES
from liangxin.organizations.models import PartyOrganization


def previous_month(today: datetime.date | None = None) -> tuple[int, int]:
    """The last complete month: this month's dues are not late yet."""
    today = today or timezone.localdate()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


class PeriodForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
    month = forms.TypedChoiceField(
        label="月份",
        choices=[("", "全部"), *MONTH_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    organization = scoped_code_field(
        PartyOrganization,
        to_field_name="code",
        noun="组织编码",
        label="党组织（含下级）",
        required=False,
    )

    def __init__(self, *args, user, month_optional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = scoped(PartyOrganization.objects.all(), user)
        if not month_optional:
            self.fields["month"].choices = MONTH_CHOICES
        year, month = timezone.localdate().year, None
        if not month_optional:
            year, month = previous_month()
        self.fields["year"].initial, self.fields["month"].initial = year, month
        style_form(self)
