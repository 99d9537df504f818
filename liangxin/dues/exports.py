"""Rows of the dues xlsx exports (ID numbers masked: these are working lists, not ledgers)."""

from liangxin.dues.models import DuesStatus

BRANCH_ACTION = "请支部按党章第九条处理"

MONTH_HEADERS = [
    "姓名",
    "公民身份号码",
    "所在党组织",
    "组织编码",
    "年度",
    "月份",
    "应交金额（元）",
    "核准应交金额（元）",
    "实交金额（元）",
    "状态",
    "交纳日期",
    "交纳方式",
    "支部决定日期",
    "批准文号",
    "上级批准日期",
    "批准党组织",
    "减免原因",
]


def iso(day):
    """The day as it is (a date cell in the workbook, core.spreadsheets), or empty."""
    return day or ""


def month_rows(queryset):
    for m in queryset.iterator(chunk_size=2000):
        yield [
            m.member.name,
            m.member.id_number_masked,
            m.member.organization.name,
            m.member.organization.code,
            m.year,
            m.month,
            m.amount_due,
            "" if m.approved_amount is None else m.approved_amount,
            m.amount_paid,
            m.get_status_display(),
            iso(m.paid_on),
            m.get_method_display(),
            iso(m.decided_on),
            m.approval_number,
            iso(m.approved_on),
            m.approver,
            m.reason,
        ]


ALERT_HEADERS = [
    "姓名",
    "公民身份号码",
    "所在党组织",
    "组织编码",
    "连续未交起始月份",
    "连续未交月数",
    "最近六个月未交金额（元）",
    "处理建议",
]


def alert_rows(members, details: dict):
    for member in members:
        detail = details.get(member.pk) or {}
        since = detail.get("since")
        yield [
            member.name,
            member.id_number_masked,
            member.organization.name,
            member.organization.code,
            f"{since[0]}年{since[1]}月" if since else "",
            detail.get("months", ""),
            detail.get("unpaid_due", ""),
            BRANCH_ACTION,
        ]


SUMMARY_HEADERS = [
    "记录数",
    "应交合计（元）",
    "实交合计（元）",
    *(f"{label}人次" for label in DuesStatus.labels),
    *(f"{label}应交（元）" for label in DuesStatus.labels),
]


def summary_cells(summary: dict) -> list:
    return [
        summary["months"],
        summary["due"],
        summary["paid"],
        *(summary[f"{status}_count"] for status in DuesStatus.values),
        *(summary[f"{status}_due"] for status in DuesStatus.values),
    ]


GROUP_HEADERS = ["党组织", "组织编码", *SUMMARY_HEADERS]


def group_rows(groups):
    for organization, summary in groups:
        name = organization.name if organization else "（上级组织，不在您的范围内）"
        code = organization.code if organization else ""
        yield [name, code, *summary_cells(summary)]


MONTH_TOTAL_HEADERS = ["月份", *SUMMARY_HEADERS]


def month_total_rows(months):
    for row in months:
        yield [f"{row['month']}月", *summary_cells(row)]
