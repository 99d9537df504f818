"""The instructors' rules (WORK.md §4 "Rules"), registered from apps.py: both are local
practice a district may change, so both are configurable."""

from liangxin.rules.catalog import Rule

VISIT_MONTHS = "workforce.visit_months"
TERM_YEARS = "workforce.instructor_term_years"

RULES = [
    Rule(
        VISIT_MONTHS,
        "党建指导员走访联系企业（每几个月至少一次）",
        1,
        "个月",
        "地方做法 [L:沁县] 每月走访；[L:川姜] 每月走访并开展安全生产检查",
        configurable=True,
    ),
    Rule(
        TERM_YEARS,
        "党建指导员任期",
        2,
        "年",
        "地方做法 [L:沁县] 指导员任期两年",
        configurable=True,
    ),
]
