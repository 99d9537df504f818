"""The partner groups' size (WORK.md §4 "Rules"), registered from apps.py: local practice a
district may change, so configurable. Outside the range a group is warned, not refused: it
is still being formed."""

from liangxin.rules.catalog import Rule

GROUP_MIN = "workforce.partner_group_min"
GROUP_MAX = "workforce.partner_group_max"
GROUP_SOURCE = "[L:张家港] 先锋工匠每人带领10–20名书记（2017年起）"

RULES = [
    Rule(
        GROUP_MIN, "党建合伙人小组结对书记人数（下限）", 10, "人", GROUP_SOURCE, configurable=True
    ),
    Rule(
        GROUP_MAX, "党建合伙人小组结对书记人数（上限）", 20, "人", GROUP_SOURCE, configurable=True
    ),
]
