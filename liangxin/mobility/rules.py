"""The rules of RULES.md "Mobile members", registered from apps.py (deadlines.py turns
them into dates)."""

from liangxin.rules.catalog import MOBILE_OPINION, Rule

RULES = [
    Rule("mobile.min_months_away", "认定流动党员：外出至少", 6, "个月", MOBILE_OPINION),
    Rule(
        "mobile.contact_months",
        "流出地党组织联系流动党员至少每",
        3,
        "个月",
        "地方做法，可按本地调整（例如丹东：每季度联系一次）",
        configurable=True,
    ),
    Rule("mobile.abroad_contact_months", "出国（境）党员联系至少每", 6, "个月", MOBILE_OPINION),
    Rule("mobile.temporary_branch_min", "流动党员相对集中可建临时党支部", 3, "名", MOBILE_OPINION),
    Rule(
        "mobile.letter_valid_months",
        "组织关系介绍信有效期",
        3,
        "个月",
        "组织关系转接规定",
        configurable=True,
    ),
]
