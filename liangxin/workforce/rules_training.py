"""The training rules (WORK.md §4 "Rules"), registered from apps.py; section "training"
follows the sections of catalog.SECTION_ORDER in registration order.

Which hours expectation applies to whom (WORK.md §4: "members ≥ 32 学时 a year; 基层党组织
书记和班子成员 ≥ 56"): a party worker recorded as 书记 or 专职副书记 is held to
``training.secretary_hours``; every other party worker (专职/兼职党务工作者, 指导员, 联络员,
双选聘干部) to ``training.member_hours`` (``expected_hours`` below)."""

from liangxin.rules.catalog import Rule
from liangxin.workforce.models_people import WorkerRole

MIN_SESSIONS = "training.min_sessions_per_year"
MEMBER_HOURS = "training.member_hours"
SECRETARY_HOURS = "training.secretary_hours"
INITIAL_MONTHS = "training.initial_within_months"
INITIAL_LOOKBACK = "training.initial_lookback_months"

PLAN = "《2019—2023年全国党员教育培训工作规划》中共中央 2019"

# 书记和班子成员: the roles held to the secretaries' hours.
SECRETARY_ROLES = (WorkerRole.SECRETARY, WorkerRole.DEPUTY_SECRETARY)

RULES = [
    Rule(
        MIN_SESSIONS,
        "党务工作者每年至少参加培训",
        1,
        "次",
        "地方做法 [L:张家港] 党务工作者每年至少参加一次培训",
        configurable=True,
    ),
    Rule(
        MEMBER_HOURS,
        "党员（党务工作者）每年集中学习培训",
        32,
        "学时",
        f"[N] {PLAN}：党员每年集中学习培训一般不少于32学时",
        configurable=True,
    ),
    Rule(
        SECRETARY_HOURS,
        "基层党组织书记和班子成员每年集中学习培训",
        56,
        "学时",
        f"[N] {PLAN}：基层党组织书记和班子成员每年不少于56学时",
        configurable=True,
    ),
    Rule(
        INITIAL_MONTHS,
        "新任基层党组织书记初任培训时限（任职后几个月内）",
        6,
        "个月",
        f"[N] {PLAN}：新任基层党组织书记半年内参加初任培训；[L:川姜] 新任书记初任培训",
        configurable=True,
        at_most=6,  # the national half year: a district may ask sooner, never later
    ),
    Rule(
        INITIAL_LOOKBACK,
        "初任培训逾期名单追溯（任职不满几个月的书记）",
        12,
        "个月",
        "平台约定：只追踪近期新任的书记，平台启用前早已任职的书记不列为初任培训逾期",
        configurable=True,
    ),
]


def expected_hours_rule(role: str) -> str:
    return SECRETARY_HOURS if role in SECRETARY_ROLES else MEMBER_HOURS
