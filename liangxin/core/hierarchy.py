"""Which kind of node may hold which, in the region and organization trees.

Each tree app declares its own table (regions/hierarchy.py, organizations/hierarchy.py);
the services and the ledger import ask the same ``KindHierarchy``, so a county under a
grid or a branch under a 党小组 is refused on every write path with the same words.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

ROOT = None  # in a table of parents: "may be a top-level node"


@dataclass(frozen=True)
class KindHierarchy:
    noun: str  # 区域, 党组织
    labels: dict  # kind → its Chinese label
    parents: dict  # kind → the kinds that may hold it (ROOT: may stand at the top)

    def label(self, kind) -> str:
        return str(self.labels.get(kind, kind))

    def parent_labels(self, kind) -> str:
        return "、".join(self.label(p) for p in self.parents.get(kind, ()) if p is not ROOT)

    def problem(self, kind, parent_kind) -> str:
        """Why a ``kind`` node cannot sit under a ``parent_kind`` one ("" if it can)."""
        if kind not in self.parents or parent_kind in self.parents[kind]:
            return ""
        child, parents = self.label(kind), self.parent_labels(kind)
        if parent_kind is ROOT:
            return f"{child}不能作为顶级{self.noun}：请填写上级{self.noun}（{parents}）"
        where = f"{self.label(parent_kind)}下不能设{child}"
        if not parents:
            return f"{where}：{child}只能作为顶级{self.noun}"
        either = "，或不设上级" if ROOT in self.parents[kind] else ""
        return f"{where}：{child}的上级{self.noun}应为{parents}{either}"

    def children_problem(self, kind, child_kinds: Iterable) -> str:
        """Why a node with children of ``child_kinds`` cannot become a ``kind`` ("" if it can)."""
        for child_kind in sorted(set(child_kinds)):
            if message := self.problem(child_kind, kind):
                held, new = self.label(child_kind), self.label(kind)
                return f"该{self.noun}下已有{held}，不能改为{new}（{message}）"
        return ""

    def check(self, kind, parent_kind, *, field: str = "parent") -> None:
        if message := self.problem(kind, parent_kind):
            raise ValidationError({field: [message]})

    def check_children(self, kind, child_kinds: Iterable, *, field: str = "kind") -> None:
        if message := self.children_problem(kind, child_kinds):
            raise ValidationError({field: [message]})
