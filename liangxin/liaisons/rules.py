"""The numbers of the policy liaisons a district may change (rules page, WORK.md §5)."""

from liangxin.rules.catalog import Rule

GOAL_HOURS = "liaisons.notice_goal_hours"
OFFICE_HOURS = "liaisons.office_hours"

RULES = [
    Rule(
        GOAL_HOURS,
        "政策“半日直达”时限（发布至企业负责人确认）",
        4,
        "个工作小时",
        "泉州开发区 116 名政策联络员将政策“半日内”送达企业负责人（泉州晚报 2023-07-10）"
        " [L:泉州]；按工作时段计 4 个工作小时为本平台建议默认值 [I]（WORK.md §5）",
        configurable=True,
    ),
    Rule(
        OFFICE_HOURS,
        "计算工作小时的上班时段（起止时刻成对）",
        [8, 12, 14, 18],
        "时",
        "本平台建议默认值 [I]（WORK.md §5）：上午 8–12 时、下午 14–18 时，一日 8 个工作小时，"
        "半日即 4 个工作小时；休息日和调休按平台工作日历",
        configurable=True,
    ),
]
