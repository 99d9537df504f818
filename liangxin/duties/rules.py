"""The numbers of 双述职 a district may change (rules page, section ``duties``, WORK.md §7/§8):
the weights of the three scores, the grade cut-offs and the day by which last year's 述职
should be held. Each weight is its own rule (the rules page keeps a list sorted and
without repeats, which would lose 30 : 30 : 40); the total divides by their sum, so they
need not add up to 100."""

from liangxin.rules.catalog import Rule

WEIGHT_DAILY = "duties.weight_daily"
WEIGHT_SUPERIOR = "duties.weight_superior"
WEIGHT_MEMBERS = "duties.weight_members"
EXCELLENT_FROM = "duties.excellent_from"
COMPETENT_FROM = "duties.competent_from"
BASIC_FROM = "duties.basic_from"
DUE_MONTH = "duties.report_due_month"
DUE_DAY = "duties.report_due_day"

WEIGHTS_SOURCE = "[L: 某镇] 日常考核、上级测评、党员测评按 30:30:40 计算综合得分（WORK.md §7）"
GRADES_SOURCE = (
    "[I] 优秀、称职、基本称职、不称职的分数线由区里确定；"
    "述职评议定等次 [L:温州 2012; 黄岩]（WORK.md §7）"
)
DUE_SOURCE = "[I] 上年度述职在次年 3 月 1 日前完成，逾期列入镇街待办（WORK.md §7）"


def _rule(key, label, default, unit, source) -> Rule:
    return Rule(key, label, default, unit, source, configurable=True)


RULES = [
    _rule(WEIGHT_DAILY, "述职综合得分：日常考核权重", 30, "份", WEIGHTS_SOURCE),
    _rule(WEIGHT_SUPERIOR, "述职综合得分：上级测评权重", 30, "份", WEIGHTS_SOURCE),
    _rule(WEIGHT_MEMBERS, "述职综合得分：党员测评权重", 40, "份", WEIGHTS_SOURCE),
    _rule(EXCELLENT_FROM, "述职“优秀”分数线（不低于）", 90, "分", GRADES_SOURCE),
    _rule(COMPETENT_FROM, "述职“称职”分数线（不低于）", 75, "分", GRADES_SOURCE),
    _rule(BASIC_FROM, "述职“基本称职”分数线（不低于）", 60, "分", GRADES_SOURCE),
    _rule(DUE_MONTH, "上年度述职完成期限：月", 3, "月", DUE_SOURCE),
    _rule(DUE_DAY, "上年度述职完成期限：日", 1, "日", DUE_SOURCE),
]
