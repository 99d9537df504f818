"""The numbers of the request loop a district may change (rules page). The spans themselves
are rows (DeadlineRule), edited on the requests' settings page."""

from liangxin.rules.catalog import Rule

RULES = [
    Rule(
        "requests.max_categories",
        "每件诉求最多类别数",
        4,
        "个",
        "江门做法：诉求类别不超过 4 个 [L:江门]",
        configurable=True,
    ),
    Rule(
        "requests.urge_workdays",
        "到期前几个工作日催办",
        1,
        "个工作日",
        "WORK.md §5：到期前一个工作日催办（某局 12345 办理规则）",
        configurable=True,
    ),
    Rule(
        "requests.follow_up_workdays",
        "办结后几个工作日内回访",
        1,
        "个工作日",
        "WORK.md §5：办结后次个工作日回访（某局 12345 办理规则）",
        configurable=True,
    ),
    Rule(
        "requests.notify_late_workdays",
        "逾期超过几个工作日通报",
        5,
        "个工作日",
        "WORK.md §5：逾期超过 5 个工作日通报（某局 12345 办理规则 [L]；5 为默认值 [I]）",
        configurable=True,
    ),
]
