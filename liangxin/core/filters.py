"""Filter pieces shared by every registry list (pages and API use the same FilterSets)."""

import copy
from urllib.parse import unquote

import django_filters
from django.db.models import Q
from django.http import QueryDict

from liangxin.core import pii
from liangxin.core.validators import normalize_id_number


class FiltersCopiedShallow(dict):
    """``base_filters`` whose deep copy is a copy of each filter, not of all they hold.

    django-filter deep-copies every filter with its choices and querysets for each
    FilterSet, several hundred objects a request on the registry lists. A FilterSet
    only sets attributes on its own filters (``parent``, ``model``, the cached form
    field), and form fields copy their widgets, so a copy of each filter suffices, with
    its method filter bound to the copy.
    """

    def __deepcopy__(self, memo):
        return {name: _copied(filter_) for name, filter_ in self.items()}


def _copied(filter_):
    copied = copy.copy(filter_)
    if filter_.method is not None:
        # The setter binds a new FilterMethod to the copy (the original's points back at the
        # original filter, whose parent FilterSet is unset).
        copied.method = filter_.method
    return copied


SEARCH_HEADER = "X-Search"


class FilterSet(django_filters.FilterSet):
    """Every list's FilterSet (pages and API) derives from this one.

    An ID number never travels in a URL (issue 12; core/middleware.py refuses one):
    an API client searching by ID number or phone sends the search text in the
    ``X-Search`` request header instead of ``?search=`` (percent-encoded if it is not
    ASCII). Headers stay out of access logs, URLs do not.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        header = request.headers.get(SEARCH_HEADER) if request is not None else None
        if header and "search" in self.base_filters:
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["search"] = unquote(header)
        super().__init__(data, queryset, request=request, prefix=prefix)

    @classmethod
    def get_filters(cls):
        return FiltersCopiedShallow(super().get_filters())


class OrderingFilter(django_filters.OrderingFilter):
    """The sort box of every list. django-filter has no Chinese catalog, so its descending
    choices read "(descending)" on a Chinese page; ours say 降序."""

    descending_fmt = "%s（降序）"


class SubtreeFilter(django_filters.CharFilter):
    """``?name=CODE``: the whole subtree of the tree node with that code (path prefix).

    Each tree app names its model: regions.filters.RegionSubtreeFilter,
    organizations.filters.OrganizationSubtreeFilter.
    """

    tree_model = None
    default_path_field = ""
    default_label = ""

    def __init__(self, *, path_field: str | None = None, **kwargs):
        self.path_field = path_field or self.default_path_field
        kwargs.setdefault("label", self.default_label)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        nodes = self.tree_model.objects.filter(code=value.strip())
        path = nodes.values_list("path", flat=True).first()
        if path is None:
            return qs.none()
        return qs.filter(**{f"{self.path_field}__startswith": path})


def text_search(qs, fields: list[str], value: str):
    value = (value or "").strip()
    if not value:
        return qs
    return qs.filter(Q(*[Q(**{f"{f}__icontains": value}) for f in fields], _connector=Q.OR))


def person_search(qs, value: str):
    """Name contains the text, or the exact ID number / phone via the blind index."""
    value = (value or "").strip()
    if not value:
        return qs
    condition = Q(name__icontains=value)
    if len(value) >= 11:
        condition |= Q(id_number_digest=pii.blind_index(normalize_id_number(value)))
        condition |= Q(phone_digest=pii.blind_index(value))
    return qs.filter(condition)
