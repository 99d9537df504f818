"""Reading a rule's value: the district's setting if it has one, else the default."""

from django.core.exceptions import ValidationError
from django.db import transaction

from liangxin.core.roles import Role
from liangxin.rules.catalog import rule, rules_by_key
from liangxin.rules.models import RuleSetting


def rule_value(key: str):
    """Read at call time: a district may change a configurable rule while the site runs."""
    found = rule(key)
    if not found.configurable:
        return found.default
    stored = RuleSetting.objects.filter(key=key).values_list("value", flat=True).first()
    return found.default if stored is None else stored


def rule_values() -> dict:
    """All rules at once (one query), for pages that show several."""
    stored = dict(RuleSetting.objects.values_list("key", "value"))
    return {
        key: stored.get(key, found.default) if found.configurable else found.default
        for key, found in rules_by_key().items()
    }


def label_values() -> dict[str, str]:
    """The names a district renames (rules/labels.py), its own where set: one query."""
    keys = [key for key in rules_by_key() if key.startswith("label.")]
    stored = dict(RuleSetting.objects.filter(key__in=keys).values_list("key", "value"))
    return {key: stored.get(key, rule(key).default) for key in keys}


LABEL_MAX_LENGTH = 30


def _checked(rule, value):
    if isinstance(rule.default, str):
        text = value.strip() if isinstance(value, str) else ""
        if not text or len(text) > LABEL_MAX_LENGTH or any(c in text for c in "<>&\"'"):
            raise ValidationError(
                f"“{rule.label}”应为 1–{LABEL_MAX_LENGTH} 个字的名称，不含 < > & 和引号"
            )
        return text
    if isinstance(rule.default, list):
        if not isinstance(value, list) or not all(
            isinstance(v, int) and 0 < v <= 100 for v in value
        ):
            raise ValidationError(f"“{rule.label}”应为 1–100 之间的整数列表")
        return sorted(set(value))
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 366:
        raise ValidationError(f"“{rule.label}”应为 1–366 之间的整数")
    if rule.at_most is not None and value > rule.at_most:
        raise ValidationError(
            f"“{rule.label}”不能超过 {rule.at_most} {rule.unit}（{rule.source}的要求）"
        )
    return value


@transaction.atomic
def rule_set(*, actor, key: str, value) -> RuleSetting:
    """District admins change configurable rules; every change is in the audit log."""
    found = rules_by_key().get(key)
    if found is None or not found.configurable:
        raise ValidationError("该规则由党内法规确定，不能修改")
    if actor is None or actor.role != Role.DISTRICT_ADMIN:
        raise ValidationError("只有区级管理员可以修改规则参数")
    setting, _ = RuleSetting.objects.update_or_create(
        key=key, defaults={"value": _checked(found, value), "updated_by": actor}
    )
    return setting
