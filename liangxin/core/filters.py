"""Filter pieces shared by every registry list (pages and API use the same FilterSets)."""

import copy
from urllib.parse import unquote

import django_filters
from django.db.models import Q
from django.http import QueryDict

from liangxin.core import pii
from liangxin.core.forms import PickerInput
from liangxin.core.scoping import scoped
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

    @property
    def form(self):
        """The filter form; its pickers open with the names of the records filtered on,
        looked up among those the user may see (core.forms.PickerInput)."""
        form = super().form
        user = getattr(self.request, "user", None)
        if user is not None and not getattr(form, "pickers_scoped", False):
            form.pickers_scoped = True
            for field in form.fields.values():
                widget = field.widget
                if isinstance(widget, PickerInput) and widget.model is not None:
                    widget.queryset = scoped(widget.model._default_manager.all(), user)
        return form


class OrderingFilter(django_filters.OrderingFilter):
    """The sort box of every list. django-filter has no Chinese catalog, so its descending
    choices read "(descending)" on a Chinese page; ours say 降序."""

    descending_fmt = "%s（降序）"


NOT_FOUND = "未找到名称或代码为“{value}”的{noun}"
TOO_MANY = "名称含“{value}”的{noun}超过 {limit} 个，请输入更完整的名称，或从列表中选择"
NAME_MATCH_LIMIT = 100


class ReferenceFilter(django_filters.CharFilter):
    """``?name=…``: the records referring to a record given by its code, or by its name
    (the exact name, else the names containing the text), as the picker of the filter form
    offers them. A text that names nothing says so under the field, in Chinese, instead
    of an empty list without a word.

    The code is looked up as before (the list itself is scoped); names only among the
    records the user may see, so a name outside the scope is answered as unknown.
    """

    # The model referred to (django-filter sets ``model`` to the list's own model).
    target = None
    code_field = "code"
    noun = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", PickerInput(model=self.target))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        found = self.resolve(value)
        condition = None if found is None else self.condition(found, value)
        return qs.none() if condition is None else qs.filter(condition)

    def resolve(self, value: str):
        """The records the text names (a queryset), or None after saying why none."""
        code = self.code_field
        by_code = self.target._default_manager.filter(
            Q(**{code: value}) | Q(**{code: value.upper()})
        )
        if by_code.exists():
            return by_code
        visible = self.visible()
        for condition in (Q(name=value), Q(name__icontains=value)):
            matched = visible.filter(condition)
            if matched.exists():
                return matched
        self.say(NOT_FOUND.format(value=value, noun=self.noun))
        return None

    def condition(self, found, value: str) -> Q | None:
        return Q(**{f"{self.field_name}__in": found.values("pk")})

    def visible(self):
        records = self.target._default_manager.all()
        user = getattr(getattr(self.parent, "request", None), "user", None)
        return scoped(records, user) if user is not None else records

    def say(self, message: str) -> None:
        """The message under this filter's field on the page (the API answers an empty list)."""
        form = self.parent.form
        name = next(key for key, item in self.parent.filters.items() if item is self)
        form.errors.setdefault(name, form.error_class()).append(message)


class SubtreeFilter(ReferenceFilter):
    """``?name=CODE`` (or a name): the whole subtree of the tree node with that code, or of
    every node of that name (path prefixes).

    Each tree app names its model: regions.filters.RegionSubtreeFilter,
    organizations.filters.OrganizationSubtreeFilter.
    """

    default_path_field = ""
    default_label = ""

    def __init__(self, *, path_field: str | None = None, **kwargs):
        self.path_field = path_field or self.default_path_field
        kwargs.setdefault("label", self.default_label)
        super().__init__(**kwargs)

    def condition(self, found, value: str) -> Q | None:
        paths = sorted(found.values_list("path", flat=True)[: NAME_MATCH_LIMIT + 1])
        if len(paths) > NAME_MATCH_LIMIT:
            self.say(TOO_MANY.format(value=value, noun=self.noun, limit=NAME_MATCH_LIMIT))
            return None
        tops = []
        for path in paths:  # sorted: a node's subtree follows it; keep the topmost only
            if not tops or not path.startswith(tops[-1]):
                tops.append(path)
        return Q(*[Q(**{f"{self.path_field}__startswith": path}) for path in tops], _connector=Q.OR)


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
