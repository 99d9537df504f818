"""Every number the platform takes from the Party's regulations, in one place.

Each rule names its source (../shared/design/RULES.md). Rules marked
``configurable`` differ in local practice: the value here is the default and a
district admin may change it (RuleSetting); the others are fixed by regulation.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    default: int | list
    unit: str
    source: str
    configurable: bool = False


CHARTER = "《中国共产党章程》"
BRANCH_REGULATION = "《中国共产党支部工作条例（试行）》2018"
SOE_REGULATION = "《中国共产党国有企业基层组织工作条例（试行）》2019 第四条"
TERM_OPINION = "中办《关于党的基层组织任期的意见》2018"
DEVELOPMENT = "《中国共产党发展党员工作细则》中办发〔2014〕33号"
DUES = "《关于中国共产党党费收缴、使用和管理的规定》中组发〔2008〕3号"
MOBILE_OPINION = "中办《关于加强和改进流动党员管理的意见》2024"

RULES = [
    # Organizations
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
    # Member development
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
    # Party age
    Rule("age.milestones", "党龄纪念章年限", [30, 40, 50], "年", "党内表彰做法", configurable=True),
    # Dues
    Rule("dues.base_month", "每年核定党费基数的月份", 1, "月", DUES, configurable=True),
    Rule("dues.max_makeup_months", "补交党费最多", 6, "个月", DUES),
    Rule("dues.unpaid_alert_months", "连续未交党费提醒", 6, "个月", f"{CHARTER}第九条"),
    # Organization life
    Rule(
        "life.party_lecture_months",
        "党课频次（每几个月一次）",
        3,
        "个月",
        BRANCH_REGULATION,
        configurable=True,
    ),
    Rule("life.theme_day", "主题党日（每月固定日）", 15, "日", "丹东做法", configurable=True),
    # Mobile members
    Rule("mobile.min_months_away", "认定流动党员：外出至少", 6, "个月", MOBILE_OPINION),
    Rule(
        "mobile.contact_months",
        "流出地党组织联系流动党员至少每",
        3,
        "个月",
        "丹东做法：每季度",
        configurable=True,
    ),
    Rule("mobile.abroad_contact_months", "出国（境）党员联系至少每", 6, "个月", MOBILE_OPINION),
    Rule("mobile.temporary_branch_min", "流动党员相对集中可建临时党支部", 3, "名", MOBILE_OPINION),
    Rule(
        "mobile.letter_valid_months",
        "组织关系介绍信有效期",
        3,
        "个月",
        "组织关系转接规定",
        configurable=True,
    ),
]

RULES_BY_KEY = {rule.key: rule for rule in RULES}
