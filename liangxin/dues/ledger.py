"""dues_bases: the yearly dues base of each member, where branches keep it in Excel.

Key: 公民身份号码 + 年度. The member must already be registered and inside the
importer's scope; the row sets (or corrects) that year's base. The monthly
amount is computed by liangxin.dues.amounts — the 月应交党费 column of an export
is for reading and is ignored on import.
"""

from decimal import Decimal, InvalidOperation

from django.utils import timezone

from liangxin.core import pii
from liangxin.dues import amounts
from liangxin.dues.amounts import DuesCategory
from liangxin.dues.models import DuesBase
from liangxin.dues.services import reprice_unpaid_months
from liangxin.ledger import cells
from liangxin.ledger.bulk import in_batches
from liangxin.ledger.framework import Column, ImportContext, ParsedRow
from liangxin.ledger.kinds import LedgerKind
from liangxin.ledger.lookups import Reference
from liangxin.ledger.people import ID_COLUMN
from liangxin.members.models import Member

MIN_YEAR, MAX_YEAR = 2000, 2100


def yuan_cell(raw) -> Decimal | None:
    """An amount in yuan, exact: at most two decimals, not negative, not absurd."""
    value = _decimal_of(raw)
    if value is None:
        return None
    if not value.is_finite():
        raise cells.CellError("应为金额（元），如 3000.00")
    if value < 0:
        raise cells.CellError("金额不能为负数")
    if value > amounts.BASE_CEILING:
        raise cells.CellError("金额过大（超过 1,000,000 元），请检查")
    if value != amounts.to_fen(value):
        raise cells.CellError("金额最多保留两位小数（到分）")
    return amounts.to_fen(value)


def _decimal_of(raw) -> Decimal | None:
    if isinstance(raw, bool):
        raise cells.CellError("应为金额（元），如 3000.00")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        # An Excel number cell: repr gives the shortest digits that read back the
        # same, i.e. what the user typed (3000.01, not 3000.0099999…).
        return Decimal(repr(raw))
    text = cells.text(raw).replace(",", "").removesuffix("元").strip()
    if text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise cells.CellError("应为金额（元），如 3000.00") from exc


def year_cell(raw) -> int | None:
    year = cells.whole_number(raw)
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise cells.CellError(f"年度应在 {MIN_YEAR}–{MAX_YEAR} 之间")
    return year


# Business fields: a change in one of them is an update; who set it and when follow.
PRICED_FIELDS = ("category", "base", "farmer_amount", "monthly_amount")
AMOUNT_HEADERS = ("月计算基数（元）", "农民党员月交纳额（元）")


class DuesBaseLedger(LedgerKind):
    name = "dues_bases"
    label = "党费基数"
    order = 60
    model = DuesBase
    key_header = "公民身份号码"
    personal = True
    columns = (
        ID_COLUMN,
        Column("姓名", "member_name", cells.bounded_text(50)),
        Column("年度", "year", year_cell, required=True),
        Column("党费类别", "category", cells.choice(DuesCategory), required=True),
        Column("月计算基数（元）", "base", yuan_cell),
        Column("农民党员月交纳额（元）", "farmer_amount", yuan_cell),
        Column("月应交党费（元）", "monthly_shown", cells.bounded_text(20)),
    )
    stored_fields = ("member_id", "year", *PRICED_FIELDS, "set_by_id", "set_on")
    # Looked up by blind index in ``members`` (the number itself is never queried).
    references = (
        Reference("公民身份号码", Member, "id_number_digest", "member", "该公民身份号码的党员"),
    )
    list_view = "liangxin.dues.views.BaseListView"

    def key_of(self, row: ParsedRow) -> str | None:
        number, year = row.values.get("id_number"), row.values.get("year")
        return f"{number}／{year}" if number and year else None

    def repr_of(self, row: ParsedRow) -> str:
        return f"{row.values.get('year')}年度党费基数"

    # --- checking -------------------------------------------------------------------

    def resolve(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        members = self.members(rows, ctx)
        today, user_id = timezone.localdate(), getattr(ctx.user, "pk", None)
        for row in rows:
            self.attach_member(row, members)
            self.price(row)
            row.values.update(set_by_id=user_id, set_on=today)
        self.match_bases(rows)

    def members(self, rows: list[ParsedRow], ctx: ImportContext) -> dict:
        """{blind index: (id, name)} of the members named in the file that the user may see."""
        digests = sorted({pii.blind_index(n) for r in rows if (n := r.values.get("id_number"))})
        found = {}
        for batch in in_batches(digests):
            queryset = ctx.scoped(Member.objects.filter(id_number_digest__in=batch))
            found.update(
                (digest, (pk, name))
                for digest, pk, name in queryset.values_list("id_number_digest", "pk", "name")
            )
        return found

    def attach_member(self, row: ParsedRow, members: dict) -> None:
        number = row.values.get("id_number")
        if not number:
            return
        member = members.get(pii.blind_index(number))
        if member is None:
            row.fail(ID_COLUMN, number, self.references[0].reason)
            return
        row.values["member_id"] = member[0]
        given = row.values.get("member_name")
        if given and given != member[1]:
            row.fail(self.column("姓名"), given, "姓名与该公民身份号码登记的党员不符")

    def price(self, row: ParsedRow) -> None:
        category = row.values.get("category")
        unreadable = {error.header for error in row.errors} & set(AMOUNT_HEADERS)
        if category is None or unreadable:  # already reported once; no second reason
            return
        base, farmer = row.values.get("base"), row.values.get("farmer_amount")
        if base is None and category in amounts.BASE_CATEGORIES:
            row.fail(self.column("月计算基数（元）"), "", "在职、离退休党员须填写月计算基数")
            return
        if farmer is not None and category != DuesCategory.FARMER:
            row.fail(self.column("农民党员月交纳额（元）"), farmer, "仅农民党员填写月交纳额")
            return
        row.values["base"] = base if base is not None else Decimal("0.00")
        try:
            row.values["monthly_amount"] = amounts.monthly_dues(
                row.values["base"], category, farmer_amount=farmer
            )
        except amounts.DuesRuleError as exc:
            header = (
                "农民党员月交纳额（元）" if exc.field == "farmer_amount" else "月计算基数（元）"
            )
            row.fail(
                self.column(header), farmer if exc.field == "farmer_amount" else base, str(exc)
            )

    def match_bases(self, rows: list[ParsedRow]) -> None:
        """Existing bases by (member, year): the member is in scope, so its bases are too."""
        wanted = [r for r in rows if r.ok and r.values.get("member_id")]
        member_ids = sorted({r.values["member_id"] for r in wanted})
        existing = {}
        for batch in in_batches(member_ids):
            for base in DuesBase.objects.filter(member_id__in=batch):
                existing[(base.member_id, base.year)] = base
        for row in wanted:
            row.existing = existing.get((row.values["member_id"], row.values["year"]))

    def diff(self, row: ParsedRow) -> dict:
        changes = {}
        for name in PRICED_FIELDS:
            old, new = getattr(row.existing, name), row.values.get(name)
            if old != new:
                changes[name] = (old, new)
        if changes:
            changes["set_by_id"] = (row.existing.set_by_id, row.values["set_by_id"])
            changes["set_on"] = (row.existing.set_on, row.values["set_on"])
        return changes

    def after_write(self, created, instances, updated) -> None:
        """A corrected base re-prices the year's unpaid months, as the page does."""
        for row in updated:
            reprice_unpaid_months(row.existing)

    # --- export -----------------------------------------------------------------------

    def export_queryset(self, ctx: ImportContext, region=None):
        queryset = ctx.scoped(DuesBase.objects.select_related("member"))
        if region is not None:
            queryset = queryset.filter(member__organization__region__path__startswith=region.path)
        return queryset.order_by("year", "id")

    def export_row(self, base: DuesBase, *, reveal: bool = False) -> list:
        member = base.member
        return [
            member.reveal_id_number() if reveal else member.id_number_masked,
            member.name,
            base.year,
            base.get_category_display(),
            base.base,
            base.farmer_amount if base.farmer_amount is not None else "",
            base.monthly_amount,
        ]


KINDS = [DuesBaseLedger()]
