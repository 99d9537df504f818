"""``labels`` in every page: the names a district renames (rules/labels.py), e.g.
``{{ labels.platform }}``, read once per request and only when a page prints one."""

from functools import cached_property

from liangxin.rules.values import label_values


class Labels:
    @cached_property
    def values(self) -> dict[str, str]:
        return label_values()

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.values[f"label.{name}"]


def labels(request):
    return {"labels": Labels()}
