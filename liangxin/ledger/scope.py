"""What a ledger export shows of records outside the exporting user's scope: nothing.

A ledger row names other records by their keys (上级区域代码, 上级组织编码,
覆盖企业, 工作单位统一社会信用代码, 联系企业). The row's own record is in scope —
each kind's export queryset is scoped — but a record it names need not be: a
town's parent county, an organization whose parent lies in another town, an
enterprise of town B covered by an organization of town A, the other
enterprises of an instructor. Such keys are left out of the row (an empty cell,
or left out of a multi-value cell), as the lists, the detail pages and the API
leave them out.

Re-import: a user who sees the whole database loses nothing here, so the
export re-imports unchanged (DOMAIN.md §5). For a partial scope, the import
reads an empty key that stands for an existing link outside the user's scope as
"unchanged", and keeps the hidden links of a multi-value cell (see the kinds).

What a kind declares drives it: the references it marks ``hidden_outside_scope``,
and ``export_masks`` for a column a role sees only in part (a role that may not
unmask ID numbers gets the birth year instead of the birth date: the date is the
masked part of the number).
"""

import re
from itertools import batched

from django.contrib.auth import get_user_model

from liangxin.core.scoping import scoped, user_scope
from liangxin.ledger.lookups import Reference

CHUNK = 2000
SEPARATOR = "；"  # what the kinds join several keys with
SPLIT = re.compile(r"[;；、,，]")


def region_model():
    """The region tree scopes are made of, reached through the users' ``regions``
    relation, as core.scoping reads it."""
    return get_user_model()._meta.get_field("regions").related_model


def visible_keys(reference: Reference, user, keys: set) -> set:
    """Those of ``keys`` naming a record of the reference's model that ``user`` may see."""
    manager = reference.model._default_manager
    queryset = scoped(manager.filter(**{f"{reference.key}__in": keys}), user)
    return set(queryset.values_list(reference.key, flat=True))


def sees_everything(user) -> bool:
    """The user's region scope holds every root region: nothing lies outside it."""
    paths = user_scope(user).region_paths
    if not paths:
        return False
    roots = region_model().objects.filter(depth=1).values_list("path", flat=True)
    return all(root.startswith(paths) for root in roots)


def scope_rows(kind, ctx, rows):
    """``rows`` (lists, in the kind's column order) as ``ctx.user`` may see them."""
    user = ctx.user
    if user is None:
        return rows  # the command line: the whole database
    headers = [column.header for column in kind.columns]
    hidden = []
    if not sees_everything(user):
        hidden = [(headers.index(r.header), r) for r in kind.references if r.hidden_outside_scope]
    masks = [(headers.index(header), mask) for header, mask in kind.export_masks(user).items()]
    if not hidden and not masks:
        return rows
    return _scoped(rows, user, hidden, masks)


def _scoped(rows, user, hidden: list, masks: list):
    for batch in batched(rows, CHUNK):
        batch = [list(row) for row in batch]
        for index, reference in hidden:
            drop_hidden_keys(batch, index, reference, user)
        for index, mask in masks:
            for row in batch:
                row[index] = mask(row[index])
        yield from batch


def keys_in(cell, reference: Reference) -> list[str]:
    if not cell:
        return []
    text = str(cell)
    return [k for k in SPLIT.split(text) if k] if reference.many else [text]


def drop_hidden_keys(batch: list[list], index: int, reference: Reference, user) -> None:
    """Leave out of column ``index`` every key of a record the user may not see."""
    named = {key for row in batch for key in keys_in(row[index], reference)}
    if not named:
        return
    visible = visible_keys(reference, user, named)
    if visible >= named:
        return
    for row in batch:
        keys = keys_in(row[index], reference)
        if keys and not visible.issuperset(keys):
            row[index] = SEPARATOR.join(k for k in keys if k in visible)
