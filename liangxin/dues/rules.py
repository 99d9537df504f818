"""The rules of RULES.md "Dues", registered from apps.py.

The brackets that price a month are fixed by the same regulation and live in amounts.py.
"""

from liangxin.rules.catalog import CHARTER, DUES, Rule

RULES = [
    Rule("dues.base_month", "每年核定党费基数的月份", 1, "月", DUES, configurable=True),
    Rule("dues.max_makeup_months", "补交党费最多", 6, "个月", DUES),
    Rule("dues.unpaid_alert_months", "连续未交党费提醒", 6, "个月", f"{CHARTER}第九条"),
]
