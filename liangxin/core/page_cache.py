"""Cached answers for the registry lists (pages and API), exact to the last commit.

A list is asked for far more often than the data under it changes: the same
town admin reloads the same filtered list, the same dashboard script polls the
API. The key holds everything the answer depends on:

- the data version (``liangxin.core.data_version``), read before the data, so
  any committed write to a registry table makes every older entry unreachable;
- the user and their role (a scope is not shared between users even when
  equal: the navbar names the user). The scope itself need not be in the key: it
  is computed from the user's regions, organizations or assignments and from the
  trees, all of them versioned tables, so a change of scope is a new version;
- the full path with the query string, and whether HTMX asked for a fragment;
- today's date (pages say 今天, count ages and overdue days);
- for pages, the browser's CSRF secret, because the page carries a token made
  from it (a browser without one yet is not served from the cache).

Only successful GET answers are stored, never while a transaction is open (its
uncommitted writes could reach the answer), never when a message waits to be
shown. Entries live in the ``pages`` cache (memory of each worker by default)
for ``PAGE_CACHE_SECONDS``; 0 turns the cache off.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone

from liangxin.core import data_version

CACHE_ALIAS = "pages"
MESSAGE_COOKIE = "messages"
MESSAGE_SESSION_KEY = "_messages"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Allow", "X-Frame-Options")


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def cache_key(request, version: str, *, csrf: bool) -> str:
    user = request.user
    parts = (
        version,
        timezone.localdate().isoformat(),
        str(user.pk),
        user.role,
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.META.get("CSRF_COOKIE", "") if csrf else "",
    )
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=20).hexdigest()
    return f"page:{digest}"


def _cacheable_request(request, *, csrf: bool) -> bool:
    if request.method != "GET" or not request.user.is_authenticated:
        return False
    if csrf and not request.META.get("CSRF_COOKIE"):
        return False
    if connection.in_atomic_block:
        return False
    if MESSAGE_COOKIE in request.COOKIES:
        return False
    session = getattr(request, "session", None)
    return session is None or MESSAGE_SESSION_KEY not in session


def _stored(response) -> tuple[bytes, int, dict] | None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return response.content, response.status_code, headers


def _restored(entry: tuple[bytes, int, dict]) -> HttpResponse:
    content, status, headers = entry
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def cached(request, render: Callable[[], HttpResponse], *, csrf: bool = True) -> HttpResponse:
    """The stored answer for this request, or ``render()``'s, stored when it may be.

    ``csrf``: the answer carries a CSRF token (pages); False for the JSON API.
    """
    if not enabled() or not _cacheable_request(request, csrf=csrf):
        return render()
    version = data_version.current()
    if version is None:
        return render()
    key = cache_key(request, version, csrf=csrf)
    store = caches[CACHE_ALIAS]
    entry = store.get(key)
    if entry is not None:
        return _restored(entry)
    response = render()
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    entry = _stored(response)
    if entry is not None:
        store.set(key, entry, settings.PAGE_CACHE_SECONDS)
    return response
