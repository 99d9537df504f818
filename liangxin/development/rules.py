"""The rules of RULES.md "Member development", registered from apps.py (checks.py applies them)."""

from liangxin.rules.catalog import CHARTER, DEVELOPMENT, Rule

RULES = [
    Rule("dev.min_age", "申请入党最低年龄", 18, "周岁", f"{CHARTER}第一条；{DEVELOPMENT}第五条"),
    Rule("dev.talk_within_days", "收到入党申请书后谈话期限", 30, "天", f"{DEVELOPMENT}第七条"),
    Rule(
        "dev.application_to_activist_months",
        "递交申请到确定积极分子至少",
        6,
        "个月",
        "本地做法",
        configurable=True,
    ),
    Rule("dev.activist_months", "积极分子培养教育考察至少", 12, "个月", f"{DEVELOPMENT}第十三条"),
    Rule(
        "dev.introducers", "入党介绍人", 2, "名正式党员", f"{CHARTER}第五条；{DEVELOPMENT}第十九条"
    ),
    Rule("dev.training_days", "发展对象集中培训至少", 3, "天", f"{DEVELOPMENT}第十七条"),
    Rule("dev.training_hours", "或集中培训至少", 24, "学时", f"{DEVELOPMENT}第十七条"),
    Rule(
        "dev.approval_months", "支部大会后上级党委审批期限", 3, "个月", f"{DEVELOPMENT}第二十六条"
    ),
    Rule("dev.approval_max_months", "特殊情况审批最长", 6, "个月", f"{DEVELOPMENT}第二十六条"),
    Rule("dev.probation_months", "预备期", 12, "个月", f"{CHARTER}第七条；{DEVELOPMENT}第三十条"),
    Rule("dev.extension_min_months", "延长预备期至少", 6, "个月", f"{CHARTER}第七条"),
    Rule("dev.extension_max_months", "延长预备期最多", 12, "个月", f"{CHARTER}第七条"),
    Rule(
        "dev.public_notice_workdays",
        "发展对象、预备党员转正公示至少",
        5,
        "个工作日",
        f"{DEVELOPMENT}第二十条",
        configurable=True,
    ),
]
