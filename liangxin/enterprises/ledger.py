"""enterprises: 统一社会信用代码 is the key (DOMAIN.md §5)."""

from django.core.exceptions import ValidationError

from liangxin.core.validators import validate_uscc
from liangxin.enterprises.models import (
    Enterprise,
    Industry,
    OperatingStatus,
    Ownership,
    UnitCategory,
)
from liangxin.ledger import cells
from liangxin.ledger.framework import Column, ImportContext, ParsedRow
from liangxin.ledger.kinds import LedgerKind
from liangxin.ledger.lookups import OUT_OF_SCOPE_KEY, Reference
from liangxin.regions.models import Region


def uscc_cell(raw) -> str | None:
    value = cells.text(raw).upper()
    if not value:
        return None
    try:
        return validate_uscc(value)
    except ValidationError as exc:
        raise cells.CellError(exc.messages[0]) from exc


INDUSTRY_WORDS = {
    word: letter
    for letter, label in Industry.choices
    for word in (letter, label, label.split(" ", 1)[1])
}


def industry_cell(raw) -> str | None:
    """GB/T 4754 门类: the letter, the name, or both ("C", "制造业", "C 制造业")."""
    value = cells.text(raw)
    if not value:
        return None
    letter = INDUSTRY_WORDS.get(value)
    if letter is None:
        raise cells.CellError("应为 GB/T 4754 行业门类字母 A–T 或门类名称")
    return letter


class EnterpriseLedger(LedgerKind):
    name = "enterprises"
    label = "市场主体"
    order = 20
    model = Enterprise
    streaming = True
    key_header = "统一社会信用代码"
    columns = (
        Column("统一社会信用代码", "uscc", uscc_cell, required=True),
        Column("企业名称", "name", cells.bounded_text(200), required=True),
        Column("所属区域代码", "region_code", cells.bounded_text(32), required=True, repeats=True),
        Column("经营状态", "status", cells.choice(OperatingStatus), required=True, repeats=True),
        Column("职工人数", "employee_count", cells.whole_number, required=True, repeats=True),
        Column("单位类别", "category", cells.choice(UnitCategory), repeats=True),
        Column("是否规上", "above_scale", cells.yes_no, repeats=True),
        Column("是否限上", "above_quota", cells.yes_no, repeats=True),
        Column("企业类型", "ownership", cells.choice(Ownership), repeats=True),
        Column("行业门类", "industry", industry_cell, repeats=True),
        Column("成立日期", "registered_on", cells.date, repeats=True),
        Column("出资人是否党员", "investor_is_member", cells.yes_no, repeats=True),
        Column("党建入章", "charter_includes_party", cells.yes_no, repeats=True),
        Column("地址", "address", cells.bounded_text(200)),
    )
    stored_fields = (
        "uscc",
        "name",
        "region_id",
        "status",
        "employee_count",
        "category",
        "above_scale",
        "above_quota",
        "ownership",
        "industry",
        "registered_on",
        "investor_is_member",
        "charter_includes_party",
        "address",
    )
    references = (Reference("所属区域代码", Region, "code", "region", "区域代码"),)
    list_view = "liangxin.enterprises.views.EnterpriseListView"
    cell_formats = {
        industry_cell: ("GB/T 4754 行业门类：字母（A–T）或门类名称", Industry.labels),
        uscc_cell: ("18 位统一社会信用代码（校验位须正确）", []),
    }
    defaults = {
        "category": UnitCategory.ENTERPRISE,
        "above_scale": False,
        "above_quota": False,
        "ownership": "",
        "industry": "",
        "investor_is_member": False,
        "charter_includes_party": False,
        "address": "",
    }

    def prepare(self, rows: list[ParsedRow]) -> None:
        super().prepare(rows)
        self.fill_defaults(rows)

    def resolve(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        regions = self.look_up(rows, ctx, "所属区域代码")
        for row in rows:
            region = regions.get(row.values.get("region_code"))
            if region is not None:
                row.values["region_id"] = region
        self.match_records(
            rows,
            ctx,
            field="uscc",
            value_key="uscc",
            column=self.key_column,
            reason=OUT_OF_SCOPE_KEY,
        )

    def export_queryset(self, ctx: ImportContext, region=None):
        queryset = ctx.scoped(Enterprise.objects.select_related("region")).order_by("id")
        if region is not None:
            queryset = queryset.filter(region__path__startswith=region.path)
        return queryset

    def export_values(self):
        """(values_list columns, tuple → ledger row): the export without model instances."""
        status = dict(OperatingStatus.choices)
        category = dict(UnitCategory.choices)
        ownership = {"": "", **dict(Ownership.choices)}
        columns = (
            "uscc",
            "name",
            "region__code",
            "status",
            "employee_count",
            "category",
            "above_scale",
            "above_quota",
            "ownership",
            "industry",
            "registered_on",
            "investor_is_member",
            "charter_includes_party",
            "address",
        )

        def row_of(v: tuple) -> list:
            return [
                v[0],
                v[1],
                v[2],
                status.get(v[3], v[3]),
                v[4],
                category.get(v[5], v[5]),
                yes(v[6]),
                yes(v[7]),
                ownership.get(v[8], v[8]),
                v[9],
                v[10].isoformat() if v[10] else "",
                yes(v[11]),
                yes(v[12]),
                v[13],
            ]

        return columns, row_of

    def export_row(self, e: Enterprise) -> list:
        return [
            e.uscc,
            e.name,
            e.region.code,
            e.get_status_display(),
            e.employee_count,
            e.get_category_display(),
            yes(e.above_scale),
            yes(e.above_quota),
            e.get_ownership_display() if e.ownership else "",
            e.industry,
            e.registered_on.isoformat() if e.registered_on else "",
            yes(e.investor_is_member),
            yes(e.charter_includes_party),
            e.address,
        ]


def yes(value: bool) -> str:
    return "是" if value else "否"


KINDS = [EnterpriseLedger()]
