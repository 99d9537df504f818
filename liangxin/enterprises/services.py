from django.db import transaction

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


@transaction.atomic
def enterprise_create(*, actor, data: dict) -> Enterprise:
    ensure_can_edit(actor, "enterprises")
    enterprise = Enterprise()
    related = apply_fields(enterprise, dict(data), m2m=M2M)
    enterprise.full_clean()
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
    enterprise.full_clean()
    enterprise.save()
    save_m2m(enterprise, related)
    ensure_result_in_scope(enterprise, actor)
    return enterprise
