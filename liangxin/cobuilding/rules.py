"""The numbers of co-building a district may change (rules page, WORK.md §6)."""

from liangxin.rules.catalog import Rule

JOINT_MEETING_MONTHS = "cobuilding.joint_meeting_months"

RULES = [
    Rule(
        JOINT_MEETING_MONTHS,
        "党建联盟联席会议的间隔（至多）",
        3,
        "个月",
        "[L: 某商会党总支] 联席会议每季度一次，议题会前一周收集（WORK.md §6）",
        configurable=True,
    ),
]
