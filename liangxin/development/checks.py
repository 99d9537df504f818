"""The checks of RULES.md "Member development", one function each.

Every number is read from its rule (declared in ``rules.py``, read through
``liangxin.rules.values``), which also carries the rule's source; the comment
above each check names the article. A check looks at the dates and people
*recorded* on the case and returns the rules they break. What has not happened
yet (no talk a month after the application, no approval three months after the
branch meeting) is a reminder (``selectors.reminders``), not a violation: the
case may still be on time.

Violations are listed, never silently accepted; the services still save the
dates so the branch can see and correct them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from liangxin.development.dates import add_months, age_on, inclusive_days, working_days
from liangxin.development.models import DevelopmentCase, FullDecision
from liangxin.members.models import FlowType, MemberStatus
from liangxin.rules.catalog import rule
from liangxin.rules.values import rule_values


@dataclass(frozen=True)
class Violation:
    key: str  # the rule's key (development/rules.py)
    message: str
    source: str

    def as_dict(self) -> dict:
        return {"rule": self.key, "message": self.message, "source": self.source}


def broken(key: str, message: str) -> Violation:
    return Violation(key=key, message=message, source=rule(key).source)


def _d(day) -> str:
    return day.strftime("%Y-%m-%d")


# 党章 第一条; 发展党员工作细则 第五条: 年满十八岁的中国工人、农民…可以申请加入中国共产党.
# The birth date comes from the ID number (GB 11643); the birthday completes the year.
def check_min_age(case: DevelopmentCase, values: Mapping) -> list[Violation]:
    minimum = values["dev.min_age"]
    age = age_on(case.birth_date, case.applied_on)
    if age >= minimum:
        return []
    return [broken("dev.min_age", f"递交入党申请书时{age}周岁，未满{minimum}周岁")]


# 发展党员工作细则 第七条: 党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话.
# "一个月" is the rule's number of days (30): day 30 after the application is on time.
def check_talk(case: DevelopmentCase, values: Mapping) -> list[Violation]:
    if case.talked_on is None:
        return []
    limit = values["dev.talk_within_days"]
    waited = (case.talked_on - case.applied_on).days
    if waited <= limit:
        return []
    return [broken("dev.talk_within_days", f"收到申请书{waited}天后才谈话，应在{limit}天内谈话")]


# Local practice (configurable): 递交申请半年以上方可确定为入党积极分子.
def check_application_to_activist(case: DevelopmentCase, values: Mapping) -> list[Violation]:
    if case.activist_on is None:
        return []
    months = values["dev.application_to_activist_months"]
    earliest = add_months(case.applied_on, months)
    if case.activist_on >= earliest:
        return []
    return [
        broken(
            "dev.application_to_activist_months",
            f"递交申请后不满{months}个月即确定为入党积极分子（最早应为{_d(earliest)}）",
        )
    ]


# 发展党员工作细则 第十三条: 对经过一年以上培养教育和考察…的入党积极分子，可列为发展对象.
def check_activist_training(case: DevelopmentCase, values: Mapping) -> list[Violation]:
    if case.target_on is None:
        return []
    if case.activist_on is None:
        return [broken("dev.activist_months", "未经确定为入党积极分子即确定为发展对象")]
    months = values["dev.activist_months"]
    earliest = add_months(case.activist_on, months)
    if case.target_on >= earliest:
        return []
    return [
        broken(
            "dev.activist_months",
            f"培养教育考察不满{months}个月即确定为发展对象（最早应为{_d(earliest)}）",
        )
    ]


def introducers(case: DevelopmentCase) -> list:
    people = [case.introducer_first, case.introducer_second]
    return list({person.pk: person for person in people if person is not None}.values())


# 党章 第五条; 发展党员工作细则 第十九条: 发展党员，必须有两名正式党员作入党介绍人.
# A probationary member or one who has left (离职, relation transferred away) cannot introduce.
def check_introducers(case: DevelopmentCase, values: Mapping) -> list[Violation]:
    found = introducers(case)
    required = values["dev.introducers"]
    problems = [_introducer_problem(person) for person in found]
    result = [broken("dev.introducers", problem) for problem in problems if problem]
    if case.branch_meeting_on and len(found) < required:
        result.append(
            broken("dev.introducers", f"支部大会时入党介绍人{len(found)}名，应为{required}名")
        )
    return result


def _introducer_problem(person) -> str:
    if person.status != MemberStatus.FULL:
        return f"入党介绍人{person.name}不是正式党员"
    if person.flow_type == FlowType.DEPARTED:
        return f"入党介绍人{person.name}已离职，组织关系已转出"
    return ""


# 发展党员工作细则 第十七条: 对发展对象进行短期集中培训，时间一般不少于3天（或不少于24个学时）.
def check_training(case: DevelopmentCase, values: Mapping) -> list[Violation]:
    if case.training_start_on is None:
        missing = "支部大会前发展对象未参加集中培训"
        return [broken("dev.training_days", missing)] if case.branch_meeting_on else []
    result = []
    if not _training_long_enough(case, values):
        result.append(broken("dev.training_days", _training_message(case, values)))
    end = case.training_end_on or case.training_start_on
    if case.branch_meeting_on and end > case.branch_meeting_on:
        result.append(broken("dev.training_days", "集中培训应在支部大会讨论接收前完成"))
    return result


def _training_long_enough(case: DevelopmentCase, values: Mapping) -> bool:
    days = inclusive_days(case.training_start_on, case.training_end_on or case.training_start_on)
    hours = case.training_hours or 0
    return days >= values["dev.training_days"] or hours >= values["dev.training_hours"]


def _training_message(case: DevelopmentCase, values: Mapping) -> str:
    days = inclusive_days(case.training_start_on, case.training_end_on or case.training_start_on)
    return (
        f"集中培训{days}天、{case.training_hours or 0}学时，"
        f"应不少于{values['dev.training_days']}天或{values['dev.training_hours']}学时"
    )


# 发展党员工作细则 第二十六条: 上级党委审批…应当在三个月内审批，…特殊情况可适当延长审批时间，
# 但不得超过六个月. The day three months after the branch meeting is still on time.
def check_approval(case: DevelopmentCase, values: Mapping) -> list[Violation]:
    if case.approved_on is None or case.branch_meeting_on is None:
        return []
    months, most = values["dev.approval_months"], values["dev.approval_max_months"]
    if case.approved_on > add_months(case.branch_meeting_on, most):
        return [broken("dev.approval_max_months", f"支部大会后超过{most}个月才审批")]
    if case.approved_on > add_months(case.branch_meeting_on, months):
        message = f"支部大会后超过{months}个月才审批（特殊情况最长{most}个月，应说明原因）"
        return [broken("dev.approval_months", message)]
    return []


def probation_end(case: DevelopmentCase, values: Mapping):
    """党章 第七条: 预备期从支部大会通过之日算起，一年; an extension adds its months."""
    if case.branch_meeting_on is None:
        return None
    months = values["dev.probation_months"] + (case.extension_months or 0)
    return add_months(case.branch_meeting_on, months)


# 党章 第七条; 发展党员工作细则 第三十条、第三十二条: 预备期为一年; 预备期满，党支部讨论转正.
# Discussing full membership before the (possibly extended) probation ends breaks it.
def check_probation(case: DevelopmentCase, values: Mapping) -> list[Violation]:
    ends = probation_end(case, values)
    if case.full_decision != FullDecision.FULL or not case.full_meeting_on or ends is None:
        return []
    if case.full_meeting_on >= ends:
        return []
    return [broken("dev.probation_months", f"预备期未满即讨论转正（预备期满日为{_d(ends)}）")]


# 党章 第七条: 延长预备期，但不能超过一年; 发展党员工作细则 第三十二条: 延长时间不能少于半年.
def check_extension(case: DevelopmentCase, values: Mapping) -> list[Violation]:
    months = case.extension_months or 0
    low, high = values["dev.extension_min_months"], values["dev.extension_max_months"]
    if months == 0 or low <= months <= high:
        return []
    key = "dev.extension_min_months" if months < low else "dev.extension_max_months"
    return [broken(key, f"延长预备期{months}个月，应为{low}至{high}个月")]


# 发展党员工作细则 第二十条 (发展对象) and 第三十二条 (预备党员转正): 公示, 不少于5个工作日.
def check_public_notice(case: DevelopmentCase, values: Mapping) -> list[Violation]:
    notices = [
        ("接收预备党员", case.branch_meeting_on, case.notice_start_on, case.notice_end_on),
        ("预备党员转正", case.full_meeting_on, case.full_notice_start_on, case.full_notice_end_on),
    ]
    found = (_notice_problem(label, *dates, values) for label, *dates in notices)
    return [broken("dev.public_notice_workdays", problem) for problem in found if problem]


def _notice_problem(label: str, meeting, start, end, values: Mapping) -> str:
    required = values["dev.public_notice_workdays"]
    if start is None:
        return f"{label}前未进行公示" if meeting else ""
    days = working_days(start, end or start)
    if days >= required:
        return ""
    return f"{label}公示{days}个工作日，应不少于{required}个工作日"


CHECKS: list[Callable[[DevelopmentCase, Mapping], list[Violation]]] = [
    check_min_age,
    check_talk,
    check_application_to_activist,
    check_activist_training,
    check_introducers,
    check_training,
    check_public_notice,
    check_approval,
    check_probation,
    check_extension,
]


def violations(case: DevelopmentCase, values: Mapping | None = None) -> list[Violation]:
    """Every rule the case breaks. Pass ``values`` (``rule_values()``) when checking many."""
    values = rule_values() if values is None else values
    return [violation for check in CHECKS for violation in check(case, values)]
