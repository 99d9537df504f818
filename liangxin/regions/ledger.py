"""regions: 区域代码 is the key; 上级区域代码 builds the tree (DOMAIN.md §5)."""

from liangxin.ledger import cells
from liangxin.ledger.framework import Column, ImportContext, ParsedRow
from liangxin.ledger.lookups import Reference
from liangxin.ledger.tree import TreeLedger
from liangxin.regions.hierarchy import REGION_HIERARCHY
from liangxin.regions.models import Region, RegionKind


class RegionLedger(TreeLedger):
    name = "regions"
    label = "区域"
    order = 10
    model = Region
    key_header = "区域代码"
    parent_header = "上级区域代码"
    what = "区域"
    hierarchy = REGION_HIERARCHY
    columns = (
        Column("区域代码", "code", cells.tree_code(32), required=True),
        Column("区域名称", "name", cells.bounded_text(100), required=True),
        Column("区域类别", "kind", cells.choice(RegionKind), required=True),
        Column("上级区域代码", "parent_code", cells.bounded_text(32)),
    )
    stored_fields = ("code", "name", "kind")
    references = (
        Reference("上级区域代码", Region, "code", "parent", "上级区域", hidden_outside_scope=True),
    )
    list_view = "liangxin.regions.views.RegionListView"

    def resolve(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        self.link_tree(rows, ctx)

    def export_queryset(self, ctx: ImportContext, region=None):
        queryset = self.with_parent_code(ctx.scoped(Region.objects.all())).order_by("path")
        if region is not None:
            queryset = queryset.filter(path__startswith=region.path)
        return queryset

    def export_row(self, region: Region) -> list:
        return [region.code, region.name, region.get_kind_display(), region.parent_code or ""]


KINDS = [RegionLedger()]
