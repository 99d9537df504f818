"""The rules page: every number with its source; district admins change the configurable ones."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from liangxin.core.audit import CHANNEL_WEB, audit_context
from liangxin.core.roles import Role
from liangxin.core.views import RegistryAccessMixin
from liangxin.rules import services, workdays
from liangxin.rules.catalog import all_rules, rules_by_key
from liangxin.rules.models import CalendarDay, DayKind
from liangxin.rules.values import rule_set, rule_values


def parse_value(rule, text: str):
    text = text.strip()
    if isinstance(rule.default, str):  # a name (rules/labels.py): checked by rule_set
        return text
    try:
        if isinstance(rule.default, list):
            return [int(part) for part in text.replace("，", ",").split(",") if part.strip()]
        return int(text)
    except ValueError as exc:
        raise ValidationError(
            f"“{rule.label}”应填整数"
            + ("，多个用逗号分隔" if isinstance(rule.default, list) else "")
        ) from exc


class RulesView(RegistryAccessMixin, TemplateView):
    template_name = "rules/rules.html"

    def get_context_data(self, **kwargs):
        values = rule_values()
        rows = [{"rule": rule, "value": values[rule.key]} for rule in all_rules()]
        can_change = self.request.user.role == Role.DISTRICT_ADMIN
        return super().get_context_data(rows=rows, can_change=can_change, **kwargs)

    def post(self, request):
        if request.user.role != Role.DISTRICT_ADMIN:
            raise PermissionDenied("只有区级管理员可以修改规则参数")
        rule = rules_by_key().get(request.POST.get("key", ""))
        if rule is None:
            raise PermissionDenied("未知规则")
        try:
            with audit_context(request.user, channel=CHANNEL_WEB):
                rule_set(
                    actor=request.user,
                    key=rule.key,
                    value=parse_value(rule, request.POST.get("value", "")),
                )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已修改：{rule.label}")
        return redirect("rules:list")


# --- the working-day calendar (rules.workdays) ------------------------------------------


class CalendarForm(forms.Form):
    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="安排", choices=DayKind.choices)
    name = forms.CharField(label="名称", max_length=40)
    source = forms.CharField(label="依据", max_length=200)


class CalendarView(RegistryAccessMixin, TemplateView):
    """The corrections a district made to the published working-day arrangement, and the
    next months as the deadlines count them."""

    template_name = "rules/calendar.html"
    shown_days = 62

    def get_context_data(self, form=None, **kwargs):
        today = timezone.localdate()
        calendar = workdays.Calendar()
        days = [today + datetime.timedelta(days=n) for n in range(self.shown_days)]
        return super().get_context_data(
            corrections=CalendarDay.objects.select_related("updated_by"),
            days=[(day, calendar.is_workday(day)) for day in days],
            form=form or CalendarForm(),
            can_change=self.request.user.role == Role.DISTRICT_ADMIN,
            **kwargs,
        )

    def post(self, request):
        if request.user.role != Role.DISTRICT_ADMIN:
            raise PermissionDenied(services.ONLY_DISTRICT)
        if "delete" in request.POST:
            return self.delete_day(request)
        form = CalendarForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            with audit_context(request.user, channel=CHANNEL_WEB):
                entry = services.calendar_day_set(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, f"已保存：{entry.day:%Y-%m-%d} {entry.get_kind_display()}")
        return redirect("rules:calendar")

    def delete_day(self, request):
        try:
            day = datetime.date.fromisoformat(request.POST.get("delete", ""))
            with audit_context(request.user, channel=CHANNEL_WEB):
                services.calendar_day_delete(actor=request.user, day=day)
        except ValueError:
            messages.error(request, "日期格式不正确")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已恢复 {day:%Y-%m-%d} 的法定安排")
        return redirect("rules:calendar")
