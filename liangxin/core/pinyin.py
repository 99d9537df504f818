"""Pinyin initials of a name (张三 → zs), stored beside the name so that a picker finds
``ddzx`` among a province's records with one indexed prefix look-up.

Every write path keeps the column: the model's ``save()`` (pages, API, services), the
ledger kinds (``fill_initials`` in their ``prepare``, which runs before their bulk
writes), and ``refresh_initials`` for rows written without either (the data migration,
the demo seed's COPY).
"""

import re
import unicodedata
from functools import cache, lru_cache

from pypinyin import Style, lazy_pinyin

INITIALS_MAX_LENGTH = 64
INITIALS_FIELD = "name_initials"
NOT_INITIALS = re.compile(r"[^a-z0-9]")
REFRESH_BATCH = 2000


def _first_letter(reading: str) -> str:
    return unicodedata.normalize("NFKD", reading)[0].lower()


@cache
def _letters() -> tuple[dict[str, str], frozenset[str]]:
    """({character: initial of its first reading}, the characters read otherwise in a phrase).

    A name made only of characters whose phrase readings never change the initial needs
    no phrase matching, which is what makes pypinyin cost tens of microseconds a name on
    a 200k-row import; the few hundred others (重 in 重庆, 长 in 长春, 行 in 银行) go
    through pypinyin. Built once a process, on first use (about 0.4 s).
    """
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    table = {chr(code): _first_letter(readings) for code, readings in pinyin_dict.items()}
    in_context = {
        char
        for phrase, readings in phrases_dict.items()
        for char, reading in zip(phrase, readings, strict=False)
        if reading and _first_letter(reading[0]) != table.get(char)
    }
    table.update((char, char) for char in "abcdefghijklmnopqrstuvwxyz0123456789")
    return table, frozenset(in_context)


@lru_cache(maxsize=65536)
def initials(text: str | None) -> str:
    """Lower-case initials of ``text``: letters and digits kept, punctuation dropped.

    A character with readings of different initials (重 zhòng/chóng, 长 cháng/zhǎng)
    takes pypinyin's reading in context (重庆 → cq).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower()
    table, in_context = _letters()
    if in_context.isdisjoint(text):
        found = "".join([table.get(char, "") for char in text])
    else:
        found = NOT_INITIALS.sub("", "".join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower())
    return found[:INITIALS_MAX_LENGTH]


def fill_initials(rows, *, source: str = "name", target: str = "name_initials") -> None:
    """A ledger kind's rows (``row.values``): the initials of each row that names ``source``."""
    for row in rows:
        values = row.values
        if source in values:
            values[target] = initials(values[source])


def refresh_initials(model, *, source: str = "name", target: str = "name_initials") -> int:
    """Recompute the stored initials where they differ; returns the rows changed.

    For rows written by a path that knows nothing of the column (a data migration, a
    COPY); batches keep memory flat on a province's million rows.
    """
    changed, last = 0, 0
    while True:
        batch = list(
            model.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", source, target)[:REFRESH_BATCH]
        )
        if not batch:
            return changed
        last = batch[-1][0]
        stale = [
            model(pk=pk, **{target: initials(name)})
            for pk, name, stored in batch
            if initials(name) != stored
        ]
        if stale:
            model.objects.bulk_update(stale, [target])
            changed += len(stale)


def initials_field():
    """The stored initials of ``name``; kept by ``NameInitials.save`` and the ledger kinds."""
    from django.db import models

    return models.CharField(
        "名称拼音首字母", max_length=INITIALS_MAX_LENGTH, blank=True, default="", editable=False
    )


def initials_index(name: str):
    """The prefix index the pickers search (``LIKE 'zs%'``): PostgreSQL needs pattern ops
    for it unless the collation is "C"; SQLite ignores the opclass (see pickers.prefix)."""
    from django.db import models

    return models.Index(fields=["name_initials"], name=name, opclasses=["varchar_pattern_ops"])


class NameInitials:
    """Mixin for a model with ``name`` and ``name_initials``: every save keeps them in step."""

    def save(self, *args, **kwargs):
        self.name_initials = initials(self.name)
        fields = kwargs.get("update_fields")
        if fields is not None and "name" in fields:
            kwargs["update_fields"] = {*fields, "name_initials"}
        super().save(*args, **kwargs)
