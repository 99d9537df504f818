"""The year-end grade of a party worker's 工作清单 (WORK.md §4): the list's score is the
assessment basis [L:张家港] "工作清单即考核清单"; the cut-offs between the grades are the
district's own practice [I], so all three are configurable (liangxin.workforce.assessment)."""

from liangxin.rules.catalog import Rule

GRADE_EXCELLENT_MIN = "workforce.grade_excellent_min"
GRADE_COMPETENT_MIN = "workforce.grade_competent_min"
GRADE_BASIC_MIN = "workforce.grade_basic_min"

SOURCE = "地方做法 [L:张家港] 工作清单即考核清单；分数线为默认值 [I]，由区里确定"

RULES = [
    Rule(
        GRADE_EXCELLENT_MIN, "工作清单得分评为“优秀”的最低分", 90, "分", SOURCE, configurable=True
    ),
    Rule(
        GRADE_COMPETENT_MIN, "工作清单得分评为“称职”的最低分", 75, "分", SOURCE, configurable=True
    ),
    Rule(
        GRADE_BASIC_MIN, "工作清单得分评为“基本称职”的最低分", 60, "分", SOURCE, configurable=True
    ),
]
