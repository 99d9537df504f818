"""A key (区域代码, 统一社会信用代码, 组织编码, an instructor's 公民身份号码) already held
by a record outside the caller's scope: what the caller is told.

Inside the scope the caller can open the holder anyway, so the usual message stays
("具有该区域代码的区域已存在", "该公民身份号码已登记为党建指导员"). Outside it, every
path (form, API, ledger import) answers one neutral sentence that names nothing of
the holder — not its name, its town, nor what kind of record it is — as the 404 rule
answers for a record outside the scope. That the key cannot be registered is still
told (the registration did not go through); members and development cases have
their own sentence and a conflict row (``liangxin.members.conflicts``).
"""

from django.core.exceptions import ValidationError

from liangxin.core.models import DUPLICATE_ID_NUMBER
from liangxin.core.scoping import in_scope

KEY_HELD_ELSEWHERE = "该编码无法在您的管辖范围内登记，请联系区级管理员"
ID_NUMBER_HELD_ELSEWHERE = "该公民身份号码无法在您的管辖范围内登记，请联系区级管理员"
DUPLICATE_CODES = frozenset({"unique", DUPLICATE_ID_NUMBER})


def holder_hidden(actor, model, *, lookup: dict, exclude_pk=None) -> bool:
    """Is the record of ``model`` matching ``lookup`` (other than ``exclude_pk``) outside
    ``actor``'s scope? None (the command line) sees everything."""
    if actor is None:
        return False
    holders = model._default_manager.filter(**lookup)
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    holder = holders.first()
    return holder is not None and not in_scope(holder, actor)


def scope_duplicate_key(
    exc: ValidationError, *, actor, instance, field: str, lookup: str | None = None, message=None
) -> ValidationError:
    """``exc`` (from ``full_clean``) with its uniqueness error on ``field`` told as ``actor``
    may read it: ``message`` (default KEY_HELD_ELSEWHERE) when the holder lies outside
    the scope. ``lookup`` is the model field the key is stored in (default ``field``)."""
    if not hasattr(exc, "error_dict") or field not in exc.error_dict:
        return exc
    errors = {name: list(items) for name, items in exc.error_dict.items()}
    duplicates = [e for e in errors[field] if e.code in DUPLICATE_CODES]
    if not duplicates:
        return exc
    lookup = lookup or field
    value = getattr(instance, lookup)
    if not holder_hidden(actor, type(instance), lookup={lookup: value}, exclude_pk=instance.pk):
        return exc
    neutral = ValidationError(message or KEY_HELD_ELSEWHERE, code="held_elsewhere")
    errors[field] = [e for e in errors[field] if e.code not in DUPLICATE_CODES] + [neutral]
    return ValidationError(errors)
