"""Bulk reference lookups shared by the kinds: one query per batch of keys, always scoped.

Every column that names a record of another model (a region, an organization, an
employer, a member) is declared on its kind as a ``Reference`` and looked up here,
through ``ImportContext.scoped`` — the same ``core.scoping.scoped`` the forms and the
API build their choices from. A code outside the importer's scope therefore reads
exactly like a code that does not exist (the 404 rule): the row fails with
NOT_FOUND_OR_OUT_OF_SCOPE and nothing tells that the record exists elsewhere.
tests/ledger/test_reference_scope.py walks every declared reference of every kind.
"""

from dataclasses import dataclass

from django.db import models

from liangxin.core.duplicates import ID_NUMBER_HELD_ELSEWHERE, KEY_HELD_ELSEWHERE
from liangxin.ledger.framework import Column, ImportContext, ParsedRow

NOT_FOUND_OR_OUT_OF_SCOPE = "不存在或不在您的管辖范围内"
# A row's own key held by a record outside the importer's scope: the same neutral
# sentence as the form and the API (core.duplicates), naming nothing of the holder.
OUT_OF_SCOPE_KEY = KEY_HELD_ELSEWHERE
OUT_OF_SCOPE_ID_NUMBER = ID_NUMBER_HELD_ELSEWHERE


@dataclass(frozen=True)
class Reference:
    """A column naming records of ``model`` by ``key``; the kind writes them to ``writes``.

    ``writes`` is the written model's field the looked-up ids end in: a foreign key,
    a many-to-many field, or "parent" for the tree kinds' materialized path.
    """

    header: str
    model: type[models.Model]
    key: str
    writes: str
    what: str  # the noun of the row error: "{what}不存在或不在您的管辖范围内"
    many: bool = False  # several codes in one cell (cells.several)
    # The named record may lie outside the scope of a user who sees the row (a parent
    # in another town, an enterprise of town B covered from town A): the export leaves
    # its key out for that user (ledger.scope).
    hidden_outside_scope: bool = False

    @property
    def reason(self) -> str:
        return f"{self.what}{NOT_FOUND_OR_OUT_OF_SCOPE}"


def scoped_ids(ctx: ImportContext, *, model, key: str, values) -> dict:
    """{key value: id} for those of ``values`` naming a record the importer may see.

    One scoped query per batch of keys, remembered for the rest of the import (a
    file's chunks mostly name the same few regions, organizations and employers).
    """
    from liangxin.ledger.bulk import in_batches

    known = ctx.remembered(f"{model._meta.label}.{key}")
    wanted = sorted(set(values) - {None, ""} - known.keys())
    for batch in in_batches(wanted):
        known.update(dict.fromkeys(batch))
        queryset = ctx.scoped(model._default_manager.filter(**{f"{key}__in": batch}))
        known.update(queryset.values_list(key, "id"))
    return known


def resolve_reference(rows: list[ParsedRow], ctx: ImportContext, ref: Reference, column: Column):
    """Look ``ref`` up for every row; a code not found in scope fails its row.

    Returns {code: id} of the codes found (None for the others).
    """
    if ref.many:
        values = {code for row in rows for code in row.values.get(column.field) or ()}
    else:
        values = {row.values.get(column.field) for row in rows}
    found = scoped_ids(ctx, model=ref.model, key=ref.key, values=values)
    for row in rows:
        value = row.values.get(column.field)
        if ref.many:
            missing = [code for code in value or () if found.get(code) is None]
            if missing:
                row.fail(column, "、".join(missing), ref.reason)
        elif value and found.get(value) is None:
            row.fail(column, value, ref.reason)
    return found


def hidden_ids(ctx: ImportContext, model, ids) -> set:
    """Those of ``ids`` (records of ``model``) the importer may not see, in one scoped query
    per batch. An export leaves links to them out (ledger.scope), so the import keeps
    them: the user cannot mean to change what the file could not show."""
    from liangxin.ledger.bulk import in_batches

    ids = set(ids) - {None}
    if ctx.user is None or not ids:
        return set()
    visible = set()
    for batch in in_batches(sorted(ids)):
        queryset = ctx.scoped(model._default_manager.filter(pk__in=batch))
        visible.update(queryset.values_list("pk", flat=True))
    return ids - visible
