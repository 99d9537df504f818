"""The finance office's workbook of a year: a ledger sheet (every allocation and, under it,
its expenses, dated, with the running balance of the allocation) and a summary sheet by
region, rule and source; both end in a 合计 row and balance: allocated − spent = balance
per row and in total, and the totals equal the database's sums. The ledger's last column
counts each expense's receipt scans (票据附件)."""

from decimal import Decimal

import xlsxwriter
from django.utils import timezone

from liangxin.core.downloads import report_title
from liangxin.funding import selectors

LEDGER = [
    "日期", "类型", "拨付编号", "对象", "所属区域", "经费规则", "资金来源", "状态",
    "支出类别", "收款方", "票据号", "用途", "拨付金额", "支出金额", "余额", "票据附件",
]  # fmt: skip
RECEIPTS = LEDGER.index("票据附件")  # the scans kept with each expense, counted
SUMMARY = ["区域", "经费规则", "资金来源", "笔数", "拨付金额", "已拨付金额", "支出金额", "余额"]
ZERO = Decimal("0.00")


def _f(value: Decimal) -> float:
    # A fen amount below 10^13 is exact enough in a double to read back to the same fen.
    return float(value)


def write_finance(stream, *, user, year: int, region, title: str) -> int:
    book = xlsxwriter.Workbook(stream, {"in_memory": True})
    money = book.add_format({"num_format": "#,##0.00"})
    bold = book.add_format({"bold": True})
    heading = report_title(title, user=user)
    count = _ledger(
        book.add_worksheet("台账"),
        selectors.ledger(user=user, year=year, region=region),
        heading,
        money,
        bold,
    )
    _summary(book.add_worksheet("汇总"), user, year, region, heading, money, bold)
    book.close()
    return count


def _ledger(sheet, entries, heading, money, bold) -> int:
    sheet.write(0, 0, heading, bold)
    sheet.write_row(1, 0, LEDGER, bold)
    row = 2
    allocated = spent = ZERO
    receipts = 0
    for allocation, expenses in entries:
        balance = allocation.amount
        allocated += allocation.amount
        stamp = timezone.localtime(allocation.created_at).date().isoformat()
        common = [
            f"BF{allocation.pk:06d}", allocation.recipient_name, allocation.region.name,
            allocation.rule.name, allocation.rule.get_money_source_display(),
            allocation.get_state_display(),
        ]  # fmt: skip
        sheet.write_row(row, 0, [stamp, "拨付", *common, "", "", "", ""])
        sheet.write_number(row, 12, _f(allocation.amount), money)
        sheet.write_number(row, 13, 0, money)
        sheet.write_number(row, 14, _f(balance), money)
        row += 1
        for expense in expenses:
            balance -= expense.amount
            spent += expense.amount
            sheet.write_row(
                row, 0,
                [expense.spent_on.isoformat(), "支出", *common, expense.category.name,
                 expense.payee, expense.receipt_number, expense.description],
            )  # fmt: skip
            sheet.write_number(row, 12, 0, money)
            sheet.write_number(row, 13, _f(expense.amount), money)
            sheet.write_number(row, 14, _f(balance), money)
            sheet.write_number(row, RECEIPTS, expense.receipt_count)
            receipts += expense.receipt_count
            row += 1
    sheet.write(row, 0, "合计", bold)
    sheet.write_number(row, 12, _f(allocated), money)
    sheet.write_number(row, 13, _f(spent), money)
    sheet.write_number(row, 14, _f(allocated - spent), money)
    sheet.write_number(row, RECEIPTS, receipts)
    return row - 2


def _summary(sheet, user, year, region, heading, money, bold) -> None:
    sheet.write(0, 0, heading, bold)
    sheet.write_row(1, 0, SUMMARY, bold)
    rows = selectors.finance_rows(user=user, year=year, region=region)
    row = 2
    totals = {"count": 0, "allocated": ZERO, "paid": ZERO, "spent": ZERO}
    for line in rows:
        sheet.write_row(row, 0, [line["region"], line["rule"], line["source"], line["count"]])
        for col, key in enumerate(("allocated", "paid", "spent"), start=4):
            sheet.write_number(row, col, _f(line[key]), money)
            totals[key] += line[key]
        sheet.write_number(row, 7, _f(line["allocated"] - line["spent"]), money)
        totals["count"] += line["count"]
        row += 1
    sheet.write_row(row, 0, ["合计", "", "", totals["count"]], bold)
    for col, key in enumerate(("allocated", "paid", "spent"), start=4):
        sheet.write_number(row, col, _f(totals[key]), money)
    sheet.write_number(row, 7, _f(totals["allocated"] - totals["spent"]), money)
