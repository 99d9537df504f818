"""Searches kept out of URLs (issue 12: ID numbers never travel in URLs).

The person lists (members, instructors, development cases, dues) search by name,
ID number or phone. Their filter form is posted; the view keeps the search text in
the session, SM4-encrypted (a session row is signed, not encrypted), and redirects
to the list with an opaque ``search_ref`` in place of the text. Pagination, sorting
and export links copy the URL's query, so they carry the reference and never the
number. Simpler than posting a form for every page link, and the list stays a GET
that can be reloaded and paged.
"""

import base64
import secrets

from django.http import QueryDict
from django.shortcuts import redirect

from liangxin.core import pii

SEARCH_FIELD = "search"
REF_PARAM = "search_ref"
SESSION_KEY = "private_searches"
KEPT_SEARCHES = 20  # per session: the last few, so that back and forth between lists works


def remember(session, text: str) -> str:
    """Keep ``text`` in the session; return the reference that stands for it in URLs."""
    saved = dict(session.get(SESSION_KEY, {}))
    ref = secrets.token_urlsafe(12)
    saved[ref] = base64.b64encode(pii.encrypt(text)).decode("ascii")
    session[SESSION_KEY] = dict(list(saved.items())[-KEPT_SEARCHES:])
    return ref


def recall(session, ref: str) -> str | None:
    sealed = session.get(SESSION_KEY, {}).get(ref)
    if sealed is None:
        return None
    try:
        return pii.decrypt(base64.b64decode(sealed))
    except (pii.DecryptionError, ValueError):
        return None  # sealed under a key since rotated: the search is simply forgotten


def resolve(query: QueryDict, session) -> QueryDict:
    """``query`` with its ``search_ref`` replaced by the search text it stands for."""
    if REF_PARAM not in query:
        return query
    resolved = query.copy()
    ref = resolved.pop(REF_PARAM)[-1]
    text = recall(session, ref) if session is not None else None
    resolved.pop(SEARCH_FIELD, None)
    if text:
        resolved[SEARCH_FIELD] = text
    return resolved


def posted_query(post: QueryDict, session) -> QueryDict:
    """The list URL's query for a posted filter form: every filter but the search text."""
    query = QueryDict(mutable=True)
    for key, values in post.lists():
        if key in ("csrfmiddlewaretoken", SEARCH_FIELD, REF_PARAM, "page"):
            continue
        kept = [value for value in values if value != ""]
        if kept:
            query.setlist(key, kept)
    text = post.get(SEARCH_FIELD, "").strip()
    if text:
        query[REF_PARAM] = remember(session, text)
    return query


class PrivateSearchMixin:
    """For a FilterView whose search accepts an ID number: the filter form posts here."""

    def post(self, request, *args, **kwargs):
        query = posted_query(request.POST, request.session)
        return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if kwargs.get("data") is not None:
            kwargs["data"] = resolve(kwargs["data"], self.request.session)
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "private_search": True}
