"""The pickers: a reference field (区域, 党组织, 企业, 党员…) is chosen by typing part of a
name, a code or the pinyin initials of the name, among the records the user may see.

Each app registers a ``PickerSource`` for its model from ``AppConfig.ready()``
(``contribute(self, pickers=[...])``); one endpoint, ``/pickers/<key>/?q=``, answers
every source with at most ``LIMIT`` options ``{value, text}``, each row passed through
``scoped`` (unless the source names its wider ``rows``, as the transfer's receiving
organization does). Values are what the forms and filters accept (a code, a USCC, a member's
public id), never an ID number; a person is shown with the masked ID number.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Model, Q, QuerySet

from liangxin.core import roles
from liangxin.core.contributions import slot
from liangxin.core.pinyin import INITIALS_FIELD
from liangxin.core.scoping import scoped

LIMIT = 20
MAX_QUERY_LENGTH = 50
QUERY_TOO_LONG = f"搜索内容过长，最多 {MAX_QUERY_LENGTH} 个字"
QUERY_INVALID = "搜索内容含有无法识别的字符"
INITIALS_QUERY = re.compile(r"[a-z0-9]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def label_with_code(record) -> str:
    return f"{record.name}（{record.code}）"


@dataclass(frozen=True)
class PickerSource:
    """One kind of record a picker chooses (``key`` is its URL part)."""

    key: str
    model: type[Model]
    label: str
    value_field: str = "code"
    # Matched by prefix besides the name (区域代码, 组织编码, 统一社会信用代码); "" for none.
    code_field: str = "code"
    text: Callable[[Model], str] = label_with_code
    related: tuple[str, ...] = ()
    shown_to: Callable = roles.can_view_registry
    # The records offered to ``user`` when wider than ``scoped`` allows (a transfer's
    # receiving organization may be any on the platform); None: the user's scope.
    rows: Callable[[object], QuerySet] | None = None

    @property
    def hint(self) -> str:
        """The empty picker's placeholder."""
        return "输入名称、代码或拼音首字母" if self.code_field else "输入姓名或拼音首字母"

    def value_of(self, record) -> str:
        return str(getattr(record, self.value_field))

    def option(self, record) -> dict:
        return {"value": self.value_of(record), "text": self.text(record)}


class BadQuery(ValueError):
    """A search text the endpoint refuses, with the Chinese reason."""


def sources() -> dict[str, PickerSource]:
    return {source.key: source for source in slot("pickers")}


def source_for(model) -> PickerSource | None:
    """The scoped source registered for ``model`` (the form widgets name theirs by model;
    a wider source is only used where a widget names it by key)."""
    found = (s for s in slot("pickers") if s.model is model and s.rows is None)
    return next(found, None)


def offered(source: PickerSource, user) -> QuerySet:
    """The records ``source`` may offer ``user``: the scoped ones unless it says wider."""
    if source.rows is not None:
        return source.rows(user)
    return scoped(source.model._default_manager.all(), user)


def clean_query(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise BadQuery(QUERY_TOO_LONG)
    if CONTROL.search(text):
        raise BadQuery(QUERY_INVALID)
    return text


def search(source: PickerSource, user, text: str) -> list[dict]:
    """At most ``LIMIT`` options in the user's scope: the exact code first, then codes and
    pinyin initials starting with the text, then names containing it.

    Each kind of match is its own small query, cut at ``LIMIT`` rows, so the initials and
    the codes are answered from their indexes at any size; names (``icontains``) are the
    only scan, and stop at the first ``LIMIT`` rows found.
    """
    text = clean_query(text)
    if not source.shown_to(user):
        return []
    visible = offered(source, user).order_by()
    if source.related:
        visible = visible.select_related(*source.related)
    found: dict[int, Model] = {}
    for condition in conditions(source, text):
        if len(found) >= LIMIT:
            break
        rows = visible.filter(condition).exclude(pk__in=list(found))
        for record in rows[: LIMIT - len(found)]:
            found[record.pk] = record
    return [source.option(record) for record in found.values()]


def conditions(source: PickerSource, text: str) -> list[Q]:
    if not text:
        return [Q()]  # the first records in scope: a short list opens on focus
    found = []
    code = source.code_field
    if code:
        found += [Q(**{code: text}) | Q(**{code: text.upper()}), prefix(code, text.upper())]
    if (by_initials := initials_prefix(text)) is not None:
        found.append(by_initials)
    found.append(Q(name__icontains=text))
    return found


def initials_prefix(text: str) -> Q | None:
    """The pinyin initials start with ``text`` (张三 is typed zs); None when ``text`` cannot
    be initials. The pickers and the search box (core.home) match alike."""
    text = text.strip().lower()
    return prefix(INITIALS_FIELD, text) if INITIALS_QUERY.fullmatch(text) else None


def or_initials(matched: QuerySet, text: str) -> QuerySet:
    """``matched`` widened to the rows whose initials start with ``text``."""
    by_initials = initials_prefix(text)
    if by_initials is None:
        return matched
    return matched | matched.model._default_manager.filter(by_initials)


def prefix(field: str, text: str) -> Q:
    """``field`` starts with ``text``, in a form each database answers from its index.

    PostgreSQL answers ``LIKE 'x%'`` from a ``varchar_pattern_ops`` index; SQLite's LIKE
    ignores case, so it uses no plain index, but a range on the same column does (the
    initials and codes hold letters and digits only, which sort below the bound).
    """
    condition = Q(**{f"{field}__startswith": text})
    if connection.vendor == "sqlite":
        condition &= Q(**{f"{field}__gte": text, f"{field}__lt": text + "\U0010ffff"})
    return condition


def options(source: PickerSource, queryset: QuerySet, values: list[str]) -> list[dict]:
    """The options of the values a form holds, in their order; a value that names nothing
    in ``queryset`` (a mistyped code sent back with its error) keeps its own text."""
    values = [value for value in values if value]
    if not values:
        return []
    if source.related:
        queryset = queryset.select_related(*source.related)
    lookup = {f"{source.value_field}__in": values}
    try:
        records = {source.value_of(r): r for r in queryset.filter(**lookup)}
    except (ValidationError, ValueError):  # a malformed value (not a UUID): shown as typed
        records = {}
    return [
        source.option(records[value]) if value in records else {"value": value, "text": value}
        for value in values
    ]
