"""The organization-life rules (RULES.md "Organization life", WORK.md §1), registered
from apps.py. Frequencies are "one every N months": a district may make a meeting more
frequent, never rarer than 《支部工作条例》 (``at_most``)."""

from liangxin.rules.catalog import BRANCH_REGULATION, CHARTER, Rule

QUESTIONS = "中组部《党的组织工作问答》1996"

# Rule key of each meeting kind's frequency (months per period); compliance reads these.
FREQUENCY_RULES = {
    "general_assembly": "life.general_assembly_months",
    "committee": "life.committee_months",
    "group": "life.group_months",
    "lecture": "life.party_lecture_months",
    "theme_day": "life.theme_day_months",
    "life_meeting": "life.life_meeting_months",
    "appraisal": "life.appraisal_months",
}


def _every(key: str, label: str, months: int, article: str, *, local: bool = False) -> Rule:
    source = "本地做法（条例未规定支部频次）" if local else f"{BRANCH_REGULATION}{article}"
    return Rule(key, label, months, "个月", source, configurable=True, at_most=months)


RULES = [
    _every("life.general_assembly_months", "党员大会（每几个月至少一次）", 3, "第十一条"),
    _every("life.committee_months", "支委会（每几个月至少一次）", 1, "第十二条"),
    _every("life.group_months", "党小组会（每几个月至少一次）", 1, "第十三条"),
    _every("life.party_lecture_months", "党课（每几个月至少一次）", 3, "第十六条", local=True),
    _every("life.theme_day_months", "主题党日（每几个月至少一次）", 1, "第十六条"),
    _every("life.life_meeting_months", "组织生活会（每几个月至少一次）", 12, "第十七条"),
    _every("life.appraisal_months", "民主评议党员（每几个月至少一次）", 12, "第十八条"),
    Rule(
        "life.theme_day",
        "主题党日（每月固定日）",
        15,
        "日",
        "地方做法，可按本地调整（例如丹东：每月 15 日）",
        configurable=True,
    ),
    Rule(
        "life.reminder_days",
        "会议到期前提醒",
        7,
        "天",
        "本地做法",
        configurable=True,
    ),
    Rule(
        "life.absence_months", "连续不参加组织生活（列出供支部处置）", 6, "个月", f"{CHARTER}第九条"
    ),
    Rule("life.correction_months", "不合格党员限期改正", 12, "个月", QUESTIONS),
]
