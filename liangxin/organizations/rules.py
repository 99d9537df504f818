"""The rules of RULES.md "Organizations", registered from apps.py.

The organization-life rules (``life.*``) are the life app's (liangxin/life/rules.py).
"""

from liangxin.rules.catalog import (
    BRANCH_REGULATION,
    CHARTER,
    SOE_REGULATION,
    TERM_OPINION,
    Rule,
)

RULES = [
    Rule(
        "org.branch_min_full",
        "单位正式党员达到此数应成立党支部",
        3,
        "名",
        f"{CHARTER}第三十条；{BRANCH_REGULATION}第二章",
    ),
    Rule(
        "org.branch_max_members", "党支部党员人数一般不超过", 50, "名", f"{BRANCH_REGULATION}第二章"
    ),
    Rule(
        "org.branch_committee_min_full",
        "正式党员达到此数应设支部委员会",
        7,
        "名",
        f"{BRANCH_REGULATION}第六章",
    ),
    Rule("org.general_branch_min", "党总支党员人数一般不少于", 50, "名", SOE_REGULATION),
    Rule("org.committee_min", "基层党委党员人数一般不少于", 100, "名", SOE_REGULATION),
    Rule("org.term_committee_years", "基层党委每届任期", 5, "年", TERM_OPINION),
    Rule(
        "org.term_branch_years",
        "党总支、党支部每届任期",
        3,
        "年",
        f"{TERM_OPINION}；{BRANCH_REGULATION}",
    ),
    Rule("org.term_reminder_months", "换届提前提醒", 6, "个月", "本地做法", configurable=True),
    Rule("org.joint_branch_max_units", "联合党支部覆盖单位一般不超过", 5, "个", BRANCH_REGULATION),
]
