"""enterprises: 统一社会信用代码 is the key (DOMAIN.md §5)."""

from django.core.exceptions import ValidationError

from liangxin.core.validators import validate_uscc
from liangxin.enterprises.models import (
    ControlType,
    Enterprise,
    Industry,
    OperatingStatus,
    Ownership,
    SocialSubtype,
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


def grade_cell(raw) -> int | None:
    """评估等级: 1A–5A (also 1–5, 3A级, ５Ａ)."""
    value = cells.text(raw).upper().replace("级", "").replace("Ａ", "A")
    value = value.translate(str.maketrans("１２３４５", "12345"))
    if not value:
        return None
    number = value[:-1] if value.endswith("A") else value
    if number not in {"1", "2", "3", "4", "5"}:
        raise cells.CellError("评估等级应为1A到5A")
    return int(number)


def grade_text(value: int | None) -> str:
    return f"{value}A" if value else ""


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
        # Added after the first release for 党内统计 (WORK.md §7; DOMAIN.md §5: add at the
        # end, never rename).
        Column("是否法人单位", "is_legal_entity", cells.yes_no, repeats=True),
        Column("控制类型", "control_type", cells.choice(ControlType), repeats=True),
        Column("在岗职工人数", "staff_on_post", cells.whole_number, repeats=True),
        Column("法定代表人是否党员", "legal_rep_is_member", cells.yes_no, repeats=True),
        Column("法定代表人是否兼任书记", "legal_rep_is_secretary", cells.yes_no, repeats=True),
        Column("社会组织类型", "social_subtype", cells.choice(SocialSubtype), repeats=True),
        Column("评估等级", "assessment_grade", grade_cell, repeats=True),
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
        "is_legal_entity",
        "control_type",
        "staff_on_post",
        "legal_rep_is_member",
        "legal_rep_is_secretary",
        "social_subtype",
        "assessment_grade",
    )
    references = (Reference("所属区域代码", Region, "code", "region", "区域代码"),)
    list_view = "liangxin.enterprises.views.EnterpriseListView"
    cell_formats = {
        industry_cell: ("GB/T 4754 行业门类：字母（A–T）或门类名称", Industry.labels),
        uscc_cell: ("18 位统一社会信用代码（校验位须正确）", []),
        grade_cell: ("社会组织评估等级：1A 到 5A", ["1A", "2A", "3A", "4A", "5A"]),
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
        "is_legal_entity": True,
        "control_type": "",
        "legal_rep_is_member": False,
        "legal_rep_is_secretary": False,
        "social_subtype": "",
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
        control = {"": "", **dict(ControlType.choices)}
        subtype = {"": "", **dict(SocialSubtype.choices)}
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
            "is_legal_entity",
            "control_type",
            "staff_on_post",
            "legal_rep_is_member",
            "legal_rep_is_secretary",
            "social_subtype",
            "assessment_grade",
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
                yes(v[14]),
                control.get(v[15], v[15]),
                "" if v[16] is None else v[16],
                yes(v[17]),
                yes(v[18]),
                subtype.get(v[19], v[19]),
                grade_text(v[20]),
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
            yes(e.is_legal_entity),
            e.get_control_type_display() if e.control_type else "",
            "" if e.staff_on_post is None else e.staff_on_post,
            yes(e.legal_rep_is_member),
            yes(e.legal_rep_is_secretary),
            e.get_social_subtype_display() if e.social_subtype else "",
            grade_text(e.assessment_grade),
        ]


def yes(value: bool) -> str:
    return "是" if value else "否"


KINDS = [EnterpriseLedger()]
