"""Shared guards for write services (HackSoft style: services do the writes)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model

from liangxin.core.roles import can_edit
from liangxin.core.scoping import in_scope, scoped


class OutOfScope(PermissionDenied):
    """The target is outside the actor's scope; views answer 404 for it."""


def ensure_can_edit(actor, kind: str) -> None:
    if actor is None or not can_edit(actor, kind):
        raise PermissionDenied("您的角色无权修改此类记录")


def ensure_target_in_scope(instance: Model, actor) -> None:
    """Before a write: the existing record must be visible to the actor."""
    if not in_scope(instance, actor):
        raise OutOfScope("未找到该记录")


def ensure_result_in_scope(instance: Model, actor) -> None:
    """After a write, inside the same transaction: the record must still be in scope.

    Raising here rolls the transaction back, so nobody can create or move a
    record into a region or organization they do not manage.
    """
    if not in_scope(instance, actor):
        raise ValidationError("保存后的记录不在您的数据范围内（所属区域或党组织超出管辖范围）")


def lock(instance: Model) -> Model:
    """Re-read the row under a lock for the rest of the transaction."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def apply_fields(instance: Model, data: dict, *, m2m: tuple[str, ...] = ()) -> dict:
    """Set plain fields on ``instance``; return the many-to-many values to set after save."""
    related = {name: data.pop(name) for name in m2m if name in data}
    for name, value in data.items():
        setattr(instance, name, value)
    return related


def save_m2m(instance: Model, related: dict) -> None:
    for name, values in related.items():
        getattr(instance, name).set(values)


def ensure_references_in_scope(actor, data: dict, *fields: str, instance=None) -> None:
    """The records ``data`` names in ``fields`` (one, or a list for a many-to-many) must be
    inside the actor's scope, as the forms, the API and the ledger import require: nobody
    links a record to one they cannot see (tests/ledger/test_write_path_contract.py).
    On an update, what ``instance`` already names is kept even when the actor cannot see
    it: the forms and the API hand such links back unchanged."""
    errors = {}
    for name in fields:
        kept = _linked_pks(instance, name)
        named = [record for record in _named_records(data.get(name)) if record.pk not in kept]
        if not named:
            continue
        model = type(named[0])
        visible = scoped(model._default_manager.filter(pk__in=[r.pk for r in named]), actor)
        visible_pks = set(visible.values_list("pk", flat=True))
        hidden = [record for record in named if record.pk not in visible_pks]
        if hidden:
            errors[name] = [f"{hidden[0]}不存在或不在您的管辖范围内"]
    if errors:
        raise ValidationError(errors)


def _linked_pks(instance, name: str) -> set:
    if instance is None or instance.pk is None:
        return set()
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return set(getattr(instance, name).values_list("pk", flat=True))
    linked = getattr(instance, field.attname)
    return set() if linked is None else {linked}


def _named_records(value) -> list[Model]:
    if value is None:
        return []
    if isinstance(value, Model):
        return [value]
    return [record for record in value if record is not None]
