from django.core.exceptions import ValidationError
from django.db import transaction

from liangxin.core.duplicates import scope_duplicate_key
from liangxin.core.services import (
    apply_fields,
    ensure_can_edit,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
    save_m2m,
)
from liangxin.enterprises.models import Enterprise

M2M = ("tags",)


def _full_clean(enterprise: Enterprise, actor) -> None:
    """A USCC held by an enterprise outside the actor's scope is refused without naming it."""
    try:
        enterprise.full_clean()
    except ValidationError as exc:
        raise scope_duplicate_key(exc, actor=actor, instance=enterprise, field="uscc") from None


@transaction.atomic
def enterprise_create(*, actor, data: dict) -> Enterprise:
    ensure_can_edit(actor, "enterprises")
    enterprise = Enterprise()
    related = apply_fields(enterprise, dict(data), m2m=M2M)
    _full_clean(enterprise, actor)
    enterprise.save()
    save_m2m(enterprise, related)
    ensure_result_in_scope(enterprise, actor)
    return enterprise


@transaction.atomic
def enterprise_update(*, actor, enterprise: Enterprise, data: dict) -> Enterprise:
    ensure_can_edit(actor, "enterprises")
    ensure_target_in_scope(enterprise, actor)
    enterprise = lock(enterprise)
    related = apply_fields(enterprise, dict(data), m2m=M2M)
    _full_clean(enterprise, actor)
    enterprise.save()
    save_m2m(enterprise, related)
    ensure_result_in_scope(enterprise, actor)
    return enterprise
