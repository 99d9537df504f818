"""The base of tree kinds (regions, organizations)."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr

from liangxin.ledger.framework import ImportContext, ParsedRow
from liangxin.ledger.kinds import LedgerKind
from liangxin.ledger.lookups import OUT_OF_SCOPE_KEY
from liangxin.ledger.tree import check_unmoved, link_parents, place_new_nodes, save_parent_counts


class TreeLedger(LedgerKind):
    parent_header = ""
    what = ""

    def link_tree(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        column = self.column(self.parent_header)
        link_parents(rows, ctx, model=self.model, key_field="code", column=column, what=self.what)
        self.match_existing(rows, ctx)
        check_unmoved(self.model, rows, ctx, column=column)
        self.require_parent_for_limited_users(rows, ctx, column)

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
