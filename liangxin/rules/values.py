"""Reading a rule's value: the district's setting if it has one, else the default."""

from django.core.exceptions import ValidationError
from django.db import transaction

from liangxin.rules.models import RuleSetting
from liangxin.rules.registry import RULES_BY_KEY


def rule_value(key: str):
    rule = RULES_BY_KEY[key]
    if not rule.configurable:
        return rule.default
    stored = RuleSetting.objects.filter(key=key).values_list("value", flat=True).first()
    return rule.default if stored is None else stored


def rule_values() -> dict:
    """All rules at once (one query), for pages that show several."""
    stored = dict(RuleSetting.objects.values_list("key", "value"))
    return {
        key: stored.get(key, rule.default) if rule.configurable else rule.default
        for key, rule in RULES_BY_KEY.items()
    }


def _checked(rule, value):
    if isinstance(rule.default, list):
        if not isinstance(value, list) or not all(
            isinstance(v, int) and 0 < v <= 100 for v in value
        ):
            raise ValidationError(f"“{rule.label}”应为 1–100 之间的整数列表")
        return sorted(set(value))
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 366:
        raise ValidationError(f"“{rule.label}”应为 1–366 之间的整数")
    return value


@transaction.atomic
def rule_set(*, actor, key: str, value) -> RuleSetting:
    """District admins change configurable rules; every change is in the audit log."""
    from liangxin.core.roles import Role

    rule = RULES_BY_KEY.get(key)
    if rule is None or not rule.configurable:
        raise ValidationError("该规则由党内法规确定，不能修改")
    if actor is None or actor.role != Role.DISTRICT_ADMIN:
        raise ValidationError("只有区级管理员可以修改规则参数")
    setting, _ = RuleSetting.objects.update_or_create(
        key=key, defaults={"value": _checked(rule, value), "updated_by": actor}
    )
    return setting
