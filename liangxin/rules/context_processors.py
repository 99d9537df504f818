"""``local_names`` in every page: the names a district renames (rules/labels.py), e.g.
``{{ local_names.platform }}``, read once per request and only when a page prints one.

Context processors override a view's own context in Jinja2 pages, so the name is one no
view uses (a chart's ``labels`` was taken).
"""

from functools import cached_property

from liangxin.rules.values import label_values


class LocalNames:
    @cached_property
    def values(self) -> dict[str, str]:
        return label_values()

    def __getattr__(self, name: str) -> str:
        try:
            return self.values[f"label.{name}"]
        except KeyError:
            raise AttributeError(name) from None


def local_names(request):
    return {"local_names": LocalNames()}
