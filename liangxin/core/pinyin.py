"""Pinyin initials of a name (张三 → zs), stored beside the name so that a picker finds
``ddzx`` among a province's records with one indexed prefix look-up.

Every write path keeps the column: the model's ``save()`` (pages, API, services), the
ledger kinds (``fill_initials`` in their ``prepare``, which runs before their bulk
writes), and ``refresh_initials`` for rows written without either (the data migration,
the demo seed's COPY).
"""

import gc
import re
import unicodedata
from functools import cache, lru_cache

INITIALS_MAX_LENGTH = 64
INITIALS_FIELD = "name_initials"
NOT_INITIALS = re.compile(r"[^a-z0-9]")
REFRESH_BATCH = 2000


def _first_letter(reading: str) -> str:
    return unicodedata.normalize("NFKD", reading)[0].lower()


@cache
def _letters() -> tuple[dict[str, str], frozenset[str]]:
    """({character: initial of its first reading}, the characters whose readings start
    with different letters: 重 zhòng/chóng, 长 cháng/zhǎng, 行 xíng/háng).

    Built from pypinyin's character table once a process (about 25 ms after its import).
    Only the second set needs its neighbours; everything else is one dict look-up a
    character, which keeps a 200k-row ledger import from paying pypinyin's phrase
    segmentation (0.1 ms a name, 2.8× slower re-imports when every name took it).
    """
    from pypinyin.pinyin_dict import pinyin_dict

    table, several = {}, set()
    for code, readings in pinyin_dict.items():
        letters = [_first_letter(reading) for reading in readings.split(",")]
        table[chr(code)] = letters[0]
        if len(set(letters)) > 1:
            several.add(chr(code))
    table.update((char, char) for char in "abcdefghijklmnopqrstuvwxyz0123456789")
    return table, frozenset(several)


def warm_up() -> None:
    """Build the character table and load the phrase table now (about 0.4 s), not at
    the first name a process meets: the background worker calls it as it starts.

    The phrase table is some 200,000 lists that live as long as the process; frozen out
    of the garbage collector, each full collection during an import no longer walks
    them (they had made a 20,000-member import spend 0.38 s instead of 0.11 s in it).
    """
    from pypinyin.phrases_dict import phrases_dict  # noqa: F401 — loaded, then frozen

    _letters()
    gc.freeze()


def _in_context(text: str, index: int, default: str) -> str:
    """The initial of ``text[index]`` as read in the two-character word around it (银行 →
    h, 重庆 → c), from pypinyin's phrase table; its first reading when no word knows it.
    A two-character window, not pypinyin's segmentation: see ``_letters``."""
    from pypinyin.phrases_dict import phrases_dict

    for start in (index - 1, index):
        if start < 0 or start + 2 > len(text):
            continue
        readings = phrases_dict.get(text[start : start + 2])
        if readings:
            return _first_letter(readings[index - start][0])
    return default


@lru_cache(maxsize=65536)
def initials(text: str | None) -> str:
    """Lower-case initials of ``text``: letters and digits kept, punctuation dropped.

    A character with readings of different initials (重 zhòng/chóng, 长 cháng/zhǎng)
    takes its reading in the word around it (重庆 → cq, 银行 → yh).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower()
    table, several = _letters()
    letters = [table.get(char, "") for char in text]
    if not several.isdisjoint(text):
        for index, char in enumerate(text):
            if char in several:
                letters[index] = _in_context(text, index, letters[index])
    return NOT_INITIALS.sub("", "".join(letters))[:INITIALS_MAX_LENGTH]


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
