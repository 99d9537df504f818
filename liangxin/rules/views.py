"""The rules page: every number with its source; district admins change the configurable ones."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.generic import TemplateView

from liangxin.core.audit import CHANNEL_WEB, audit_context
from liangxin.core.roles import Role
from liangxin.core.views import RegistryAccessMixin
from liangxin.rules.catalog import all_rules, rules_by_key
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
