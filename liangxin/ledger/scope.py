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

A role that may not unmask ID numbers gets the birth year instead of the birth
date (``liangxin.members.privacy``): the date is the masked part of the number.
"""

import re
from dataclasses import dataclass
from itertools import batched

from django.apps import apps

from liangxin.core.scoping import scoped, user_scope
from liangxin.members.privacy import birth_year_text, sees_birth_date

CHUNK = 2000
SEPARATOR = "；"  # what the kinds join several keys with
SPLIT = re.compile(r"[;；、,，]")


@dataclass(frozen=True)
class Reference:
    """A column that names records of ``model_label`` by ``key``."""

    header: str
    model_label: str
    key: str
    several: bool = False

    def visible(self, user, keys: set) -> set:
        model = apps.get_model(self.model_label)
        queryset = scoped(model._default_manager.filter(**{f"{self.key}__in": keys}), user)
        return set(queryset.values_list(self.key, flat=True))


REFERENCES = {
    "regions": (Reference("上级区域代码", "regions.Region", "code"),),
    "organizations": (
        Reference("上级组织编码", "organizations.PartyOrganization", "code"),
        Reference("覆盖企业", "enterprises.Enterprise", "uscc", several=True),
    ),
    "members": (Reference("工作单位统一社会信用代码", "enterprises.Enterprise", "uscc"),),
    "instructors": (Reference("联系企业", "enterprises.Enterprise", "uscc", several=True),),
}
BIRTH_DATE_HEADERS = {"members": "出生日期"}


def sees_everything(user) -> bool:
    """The user's region scope holds every root region: nothing lies outside it."""
    from liangxin.regions.models import Region

    paths = user_scope(user).region_paths
    if not paths:
        return False
    roots = Region.objects.filter(depth=1).values_list("path", flat=True)
    return all(root.startswith(paths) for root in roots)


def scope_rows(kind, ctx, rows):
    """``rows`` (lists, in the kind's column order) as ``ctx.user`` may see them."""
    user = ctx.user
    if user is None:
        return rows  # the command line: the whole database
    headers = [column.header for column in kind.columns]
    hidden = []
    if not sees_everything(user):
        hidden = [(headers.index(r.header), r) for r in REFERENCES.get(kind.name, ())]
    birth = BIRTH_DATE_HEADERS.get(kind.name)
    year_only = headers.index(birth) if birth and not sees_birth_date(user) else None
    if not hidden and year_only is None:
        return rows
    return _scoped(rows, user, hidden, year_only)


def _scoped(rows, user, hidden: list, year_only: int | None):
    for batch in batched(rows, CHUNK):
        batch = [list(row) for row in batch]
        for index, reference in hidden:
            drop_hidden_keys(batch, index, reference, user)
        if year_only is not None:
            for row in batch:
                row[year_only] = birth_year_text(row[year_only])
        yield from batch


def keys_in(cell, reference: Reference) -> list[str]:
    if not cell:
        return []
    text = str(cell)
    return [k for k in SPLIT.split(text) if k] if reference.several else [text]


def drop_hidden_keys(batch: list[list], index: int, reference: Reference, user) -> None:
    """Leave out of column ``index`` every key of a record the user may not see."""
    named = {key for row in batch for key in keys_in(row[index], reference)}
    if not named:
        return
    visible = reference.visible(user, named)
    if visible >= named:
        return
    for row in batch:
        keys = keys_in(row[index], reference)
        if keys and not visible.issuperset(keys):
            row[index] = SEPARATOR.join(k for k in keys if k in visible)
