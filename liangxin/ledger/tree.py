"""Tree kinds (regions, organizations): parents by code, paths allocated in bulk.

``TreeLedger`` is their base; the functions below do the work in bulk.

Rows may name as parent an existing node or a node created by an earlier row of
the same file. New nodes get treebeard materialized paths (steplen 4, base 36)
after the last existing child of their parent, so a whole file lands with a
handful of queries instead of one ``add_child`` per row.
"""

from collections import Counter, defaultdict

from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Length, Substr

from liangxin.core.hierarchy import ROOT, KindHierarchy
from liangxin.ledger.framework import Column, ImportContext, ParsedRow, chunks
from liangxin.ledger.kinds import LedgerKind
from liangxin.ledger.lookups import NOT_FOUND_OR_OUT_OF_SCOPE, OUT_OF_SCOPE_KEY, hidden_ids

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class TreeLedger(LedgerKind):
    """A kind whose records form a tree: 上级…代码 names the parent, by code."""

    parent_header = ""
    what = ""
    # Which kind may hold which (the app's table, as its services use it); None: any.
    hierarchy: KindHierarchy | None = None

    def link_tree(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        column = self.column(self.parent_header)
        link_parents(rows, ctx, model=self.model, key_field="code", column=column, what=self.what)
        self.match_existing(rows, ctx)
        check_unmoved(self.model, rows, ctx, column=column)
        self.require_parent_for_limited_users(rows, ctx, column)
        if self.hierarchy is not None:
            self.check_kinds(rows, column)

    def check_kinds(self, rows: list[ParsedRow], parent_column: Column) -> None:
        """A new node fits under its parent; a node whose kind changes still fits under its
        parent and above its children (the same table and words as the app's services)."""
        kind_column = next(c for c in self.columns if c.field == "kind")
        new_kinds = {row.values.get("code"): row.values.get("kind") for row in rows}
        for row in rows:
            kind = row.values.get("kind")
            if not row.ok or kind is None:
                continue
            if row.existing is None:
                parent_kind = kind_of(row.values.get("parent"))
                if message := self.hierarchy.problem(kind, parent_kind):
                    named = row.values.get(parent_column.field) or "（空）"
                    row.fail(parent_column, named, message)
            elif kind != row.existing.kind and (
                message := self.changed_kind_problem(row.existing, kind, new_kinds)
            ):
                row.fail(kind_column, self.hierarchy.label(kind), message)

    def changed_kind_problem(self, node, kind, new_kinds: dict) -> str:
        parent = self.model.objects.get_parent(node)
        message = self.hierarchy.problem(kind, parent.kind if parent else ROOT)
        children = self.model.objects.filter(path__startswith=node.path, depth=node.depth + 1)
        child_kinds = [new_kinds.get(code) or k for code, k in children.values_list("code", "kind")]
        return message or self.hierarchy.children_problem(kind, child_kinds)

    def require_parent_for_limited_users(self, rows, ctx, column) -> None:
        """Only the command line may add a new root; a page user adds under what they manage."""
        if ctx.user is None:
            return
        for row in rows:
            if row.existing is None and row.ok and row.values.get("parent") is None:
                row.fail(
                    column,
                    "（空）",
                    f"请填写上级{self.what}（新增顶级{self.what}须由系统管理员处理）",
                )

    def match_existing(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        codes = [row.values["code"] for row in rows if row.values.get("code")]
        existing = self.model.objects.in_bulk(codes, field_name="code")
        ids = [node.pk for node in existing.values()]
        visible = set(
            ctx.scoped(self.model.objects.filter(pk__in=ids)).values_list("pk", flat=True)
        )
        for row in rows:
            node = existing.get(row.values.get("code"))
            if node is None:
                continue
            if node.pk not in visible:
                row.fail(self.key_column, node.code, OUT_OF_SCOPE_KEY)
            row.existing = node

    def before_insert(self, created, instances) -> None:
        self._touched_parents = place_new_nodes(self.model, created, instances)

    def after_write(self, created, instances, updated) -> None:
        save_parent_counts(self.model, self._touched_parents)

    def with_parent_code(self, queryset):
        """Annotate each node with its parent's code in the same query (exports)."""
        parent = self.model.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - self.model.steplen)
        )
        return queryset.annotate(parent_code=Subquery(parent.values("code")[:1]))


def kind_of(parent):
    """The kind of a row's parent: an earlier row of the file, a stored node, or none."""
    if parent is None:
        return ROOT
    if isinstance(parent, ParsedRow):
        return parent.values.get("kind")
    return parent.kind


def encode_step(number: int, steplen: int) -> str:
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    if len(digits) > steplen:
        raise ValueError("子节点数量超过上限")
    return digits.rjust(steplen, "0")


def link_parents(
    rows: list[ParsedRow], ctx: ImportContext, *, model, key_field: str, column: Column, what: str
) -> None:
    """Set row.values['parent'] to an existing node or to the earlier ParsedRow it names."""
    codes = {row.values.get(column.field) for row in rows} - {None, ""}
    existing = {node.code: node for node in ctx.scoped(model.objects.filter(code__in=codes))}
    earlier: dict[str, ParsedRow] = {}
    for row in rows:
        code = row.values.get(column.field)
        if code:
            _link_one(row, code, existing, earlier, column, what)
        if row.values.get(key_field):
            earlier.setdefault(row.values[key_field], row)


def _link_one(row, code, existing, earlier, column, what) -> None:
    if code in earlier:
        parent_row = earlier[code]
        if not parent_row.ok:
            row.fail(column, code, f"上级{what}所在的第 {parent_row.number} 行有错误")
        row.values["parent"] = parent_row
    elif code in existing:
        row.values["parent"] = existing[code]
    else:
        row.fail(
            column, code, f"上级{what}{NOT_FOUND_OR_OUT_OF_SCOPE}（也未在本文件前面的行中出现）"
        )


def check_unmoved(model, rows: list[ParsedRow], ctx: ImportContext, *, column: Column) -> None:
    """An existing node keeps its parent: moving subtrees is not an import's job.

    A parent outside the importer's scope was exported as an empty cell
    (ledger.scope): empty then means "unchanged". No message names such a parent,
    and a row already refused (its own code outside the scope) is told nothing of
    where its node sits.
    """
    steplen = model.steplen
    kept = [r for r in rows if r.ok and r.existing is not None and column.field in r.values]
    parent_paths = {row.existing.path[:-steplen] for row in kept} - {""}
    found = model.objects.filter(path__in=parent_paths).values_list("path", "pk", "code")
    parents, codes = {}, {}
    for path, pk, code in found:
        parents[path], codes[pk] = pk, code
    hidden = hidden_ids(ctx, model, parents.values())
    for row in kept:
        parent = parents.get(row.existing.path[:-steplen])
        named = row.values.get(column.field) or None
        if parent in hidden:
            if named is not None:
                row.fail(column, named, "不能通过导入调整上级")
            continue
        current = codes.get(parent)
        if named != current:
            row.fail(column, named or "（空）", f"不能通过导入调整上级（现为 {current or '无'}）")


def place_new_nodes(model, created: list[ParsedRow], instances: list) -> list:
    """Give every new instance its path, depth and numchild; return existing parents to update."""
    steplen = model.steplen
    next_step = _next_steps(model, created)
    new_children = Counter()
    for row, instance in zip(created, instances, strict=True):
        parent = row.values.get("parent")
        parent_node = parent.instance if isinstance(parent, ParsedRow) else parent
        parent_path = parent_node.path if parent_node is not None else ""
        next_step[parent_path] += 1
        instance.path = parent_path + encode_step(next_step[parent_path], steplen)
        instance.depth = len(instance.path) // steplen
        instance.numchild = 0
        row.instance = instance
        if parent_node is not None:
            new_children[parent_node.path] += 1
    return _count_children(created, new_children)


def _count_children(created, new_children: Counter) -> list:
    touched = {}
    for row in created:
        row.instance.numchild = new_children.get(row.instance.path, 0)
        parent = row.values.get("parent")
        if parent is not None and not isinstance(parent, ParsedRow):
            touched[parent.pk] = parent
    for parent in touched.values():
        parent.numchild += new_children[parent.path]
    return list(touched.values())


def _next_steps(model, created: list[ParsedRow]) -> defaultdict:
    """Last used child step under each existing parent (and among roots), one query per depth."""
    steplen = model.steplen
    by_depth = defaultdict(set)
    for row in created:
        parent = row.values.get("parent")
        if parent is None:
            by_depth[0].add("")
        elif not isinstance(parent, ParsedRow):
            by_depth[parent.depth].add(parent.path)
    last = defaultdict(int)
    for depth, paths in by_depth.items():
        rows = (
            model.objects.filter(depth=depth + 1)
            .annotate(prefix=Substr("path", 1, depth * steplen))
            .filter(prefix__in=paths)
            .values("prefix")
            .annotate(last=Max("path"))
        )
        for item in rows:
            last[item["prefix"] or ""] = int(item["last"][-steplen:], len(ALPHABET))
    return last


def save_parent_counts(model, parents: list) -> None:
    for batch in chunks(parents):
        model.objects.bulk_update(batch, ["numchild"])
