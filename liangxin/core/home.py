"""The home page's cards, the to-do list and the search box, and what apps show there.

Each app contributes its own entries from ``AppConfig.ready()`` (core.contributions,
slots ``dashboard_cards``, ``todos`` and ``search``), in INSTALLED_APPS order::

    contribute(self, dashboard_cards=home.CARDS)

Every contribution hands over the rows it means, never counts or lists it built
itself: the engines below pass them through ``core.scoping.scoped``, so a
contribution cannot show a row outside the user's scope, and a model without a
scoping rule raises instead of showing everything (fail closed). Who sees an
entry at all is ``shown_to`` (by default the roles that use the registries; the
three administrators of 三员分立 see no business data).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db import OperationalError, connection
from django.db.models import QuerySet
from django.utils import timezone

from liangxin.core import data_version, roles
from liangxin.core.contributions import slot
from liangxin.core.errors import database_busy
from liangxin.core.jinja import url
from liangxin.core.scoping import scoped

# Each takes the user; the rows they return are scoped by the engine, not by them.
Rows = Callable[[object], QuerySet]
Matches = Callable[[object, str], QuerySet]
Visibility = Callable[[object], bool]
ItemUrl = Callable[[object], str]
ItemText = Callable[[object], str]


@dataclass(frozen=True)
class Card:
    """A count on the home page, linking to the page that lists what it counts."""

    key: str
    label: str
    rows: Rows
    url_name: str
    icon: str  # a Bootstrap Icons class, e.g. "bi-people"
    shown_to: Visibility = roles.can_view_registry


@dataclass(frozen=True)
class Todo:
    """Work that is due or overdue: the rows to act on and the page where that is done."""

    key: str
    label: str
    items: Rows
    url_name: str
    item_url: ItemUrl | None = None  # where one item is acted on, when it has its own page
    shown_to: Visibility = roles.can_view_registry
    url_query: str = ""  # appended to the list's URL: one tab of a page of several lists
    item_label: ItemText = str  # how an item is named in the list
    item_note: ItemText | None = None  # a short word on why it is due (a date, a count)

    @property
    def list_url(self) -> str:
        return url(self.url_name) + (f"?{self.url_query}" if self.url_query else "")


@dataclass(frozen=True)
class SearchSource:
    """One kind of result of the search box: the rows matching a text, and each one's page."""

    key: str
    label: str
    matches: Matches
    result_url: ItemUrl
    shown_to: Visibility = roles.can_view_registry
    result_label: ItemText = str  # how a result is named
    result_note: ItemText | None = None  # what tells two results of the same name apart


@dataclass(frozen=True)
class CountedCard:
    card: Card
    count: int

    @property
    def label(self) -> str:
        return self.card.label

    @property
    def url_name(self) -> str:
        return self.card.url_name

    @property
    def icon(self) -> str:
        return self.card.icon


@dataclass(frozen=True)
class DueTodo:
    todo: Todo
    items: QuerySet  # scoped, not evaluated: a work list pages through it
    count: int


@dataclass(frozen=True)
class SearchGroup:
    source: SearchSource
    results: list = field(default_factory=list)
    more: bool = False  # there were more results than the limit


def _shown(slot_name: str, user) -> list:
    return [entry for entry in slot(slot_name) if entry.shown_to(user)]


def _scoped_rows(rows: QuerySet, user) -> QuerySet:
    if not isinstance(rows, QuerySet):
        raise TypeError(f"a contribution must return a QuerySet to scope, not {type(rows)!r}")
    return scoped(rows, user)


def cards_for(user) -> list[CountedCard]:
    """The home page's cards for ``user``, each counting only rows in the user's scope."""
    return [
        CountedCard(card, _scoped_rows(card.rows(user), user).count())
        for card in _shown("dashboard_cards", user)
    ]


def todos_for(user, counts: dict[str, int] | None = None) -> list[DueTodo]:
    """Every to-do the user may see with its scoped items and their count (zero included).

    ``counts``: the counts already read for this request (``todo_counts``), so the home
    page and the navigation bar count once; a to-do they count nothing for is left out
    without building its rows."""
    due = []
    for todo in _shown("todos", user):
        if counts is not None and counts.get(todo.key, 1) == 0:
            continue
        items = _scoped_rows(todo.items(user), user)
        count = counts[todo.key] if counts and todo.key in counts else items.count()
        due.append(DueTodo(todo, items, count))
    return due


def todo_counts(user) -> dict[str, int]:
    """How many items each to-do the user sees holds, by key.

    Read on every page (the navigation bar shows the total), so kept in the cache under
    the data version (core.data_version, read before the data): any committed
    write makes the stored counts unreachable, and a new day starts afresh (what is
    overdue depends on the date).
    """
    todos = _shown("todos", user)
    if not todos:
        return {}
    key = _counts_key(user, todos)
    store = caches["default"]
    if key is not None and (stored := store.get(key)) is not None:
        return stored
    counts = {todo.key: _scoped_rows(todo.items(user), user).count() for todo in todos}
    if key is not None:
        store.set(key, counts, settings.PAGE_CACHE_SECONDS)
    return counts


def _counts_key(user, todos) -> str | None:
    # Inside a transaction its own uncommitted writes could reach the counts: no cache.
    if settings.PAGE_CACHE_SECONDS <= 0 or connection.in_atomic_block:
        return None
    version = data_version.current()
    if version is None:
        return None
    parts = (version, timezone.localdate().isoformat(), str(user.pk), user.role)
    parts += tuple(todo.key for todo in todos)
    return "todos:" + hashlib.blake2b("\x1f".join(parts).encode(), digest_size=20).hexdigest()


def has_todos(user) -> bool:
    """Whether the user sees any to-do (the bar's 待办 link), without counting anything."""
    return bool(_shown("todos", user))


def known_todo_counts(request) -> dict[str, int] | None:
    """The counts this request has already read (the home and the to-do page), else None."""
    return getattr(request, "_liangxin_todo_counts", None)


def request_todo_counts(request) -> dict[str, int]:
    """``todo_counts`` read once per request (the bar and the page ask for it)."""
    counts = getattr(request, "_liangxin_todo_counts", None)
    if counts is None:
        try:
            counts = todo_counts(request.user)
        except OperationalError as error:
            # SQLite while an import holds the lock: a page the user only reads is still
            # shown (core.sessions), without its counts, rather than "try again".
            if not database_busy(error) or connection.in_atomic_block:
                raise
            counts = {}
        request._liangxin_todo_counts = counts
    return counts


def search(user, text: str, *, limit: int = 20) -> list[SearchGroup]:
    """What ``text`` finds in the user's scope, grouped by source; sources finding nothing
    are left out, and a blank text finds nothing (it does not list everything)."""
    text = text.strip()
    if not text:
        return []
    groups = []
    for source in _shown("search", user):
        found = list(_scoped_rows(source.matches(user, text), user)[: limit + 1])
        if found:
            groups.append(SearchGroup(source, found[:limit], more=len(found) > limit))
    return groups
