"""Each rule of RULES.md "Member development" at its boundary values.

Source of the numbers: 《中国共产党发展党员工作细则》(中办发〔2014〕33号) and
《中国共产党章程》; each test names its article. The case below passes every
rule; each test moves one date across the line.
"""

import datetime

import pytest

from liangxin.development.checks import violations
from liangxin.development.dates import add_months, working_days
from liangxin.development.models import DevelopmentCase, FullDecision
from liangxin.members.models import FlowType, Member, MemberStatus
from tests.development.conftest import DEFAULTS

D = datetime.date


def full_member(pk: int, name: str, **fields) -> Member:
    fields = {"status": MemberStatus.FULL, "flow_type": FlowType.REGULAR, **fields}
    return Member(pk=pk, name=name, **fields)


def valid_case(**changes) -> DevelopmentCase:
    fields = dict(
        name="测试",
        birth_date=D(1990, 1, 1),
        applied_on=D(2020, 1, 6),
        talked_on=D(2020, 2, 5),  # 30 days
        activist_on=D(2020, 7, 6),  # 6 months
        target_on=D(2021, 7, 6),  # 1 year
        training_start_on=D(2021, 8, 2),
        training_end_on=D(2021, 8, 4),  # 3 days
        training_hours=0,
        notice_start_on=D(2021, 8, 9),  # Monday
        notice_end_on=D(2021, 8, 13),  # Friday: 5 working days
        branch_meeting_on=D(2021, 9, 1),
        approved_on=D(2021, 12, 1),  # 3 months
        full_notice_start_on=D(2022, 8, 15),
        full_notice_end_on=D(2022, 8, 19),
        full_decision=FullDecision.FULL,
        full_meeting_on=D(2022, 9, 1),  # probation ends that day
        introducer_first=full_member(1, "甲"),
        introducer_second=full_member(2, "乙"),
    )
    fields.update(changes)
    return DevelopmentCase(**fields)


def keys(case) -> list[str]:
    return [v.key for v in violations(case, DEFAULTS)]


def test_the_valid_case_breaks_nothing():
    assert keys(valid_case()) == []


def test_every_violation_names_its_source():
    found = violations(valid_case(birth_date=D(2003, 1, 7), talked_on=D(2020, 3, 1)), DEFAULTS)
    assert found and all("发展党员工作细则" in v.source or "章程" in v.source for v in found)


# --- 党章 第一条; 细则 第五条: 年满十八岁 ------------------------------------------------


def test_age_exactly_18_on_the_application_day_is_allowed():
    assert "dev.min_age" not in keys(valid_case(birth_date=D(2002, 1, 6)))


def test_age_18_from_tomorrow_is_a_violation():
    found = violations(valid_case(birth_date=D(2002, 1, 7)), DEFAULTS)
    assert [v.key for v in found] == ["dev.min_age"]
    assert "未满18周岁" in found[0].message


# --- 细则 第七条: 一个月内谈话 (registry: 30 days) --------------------------------------


def test_talk_on_day_30_is_on_time():
    assert "dev.talk_within_days" not in keys(valid_case(talked_on=D(2020, 2, 5)))


def test_talk_on_day_31_is_late():
    assert keys(valid_case(talked_on=D(2020, 2, 6))) == ["dev.talk_within_days"]


# --- local practice (configurable): 申请满6个月确定积极分子 --------------------------------


def test_activist_exactly_six_months_after_application():
    assert keys(valid_case(activist_on=D(2020, 7, 6))) == []


def test_activist_six_months_minus_one_day():
    case = valid_case(activist_on=D(2020, 7, 5), target_on=D(2021, 7, 5))
    assert keys(case) == ["dev.application_to_activist_months"]


@pytest.mark.django_db
def test_the_district_can_change_the_six_months(world):
    from liangxin.rules.values import rule_set

    rule_set(actor=world.user("district_admin"), key="dev.application_to_activist_months", value=3)
    case = valid_case(activist_on=D(2020, 4, 6), target_on=D(2021, 4, 6))
    assert [v.key for v in violations(case)] == []


# --- 细则 第十三条: 一年以上培养教育 -------------------------------------------------------


def test_target_exactly_one_year_after_activist():
    assert keys(valid_case(target_on=D(2021, 7, 6))) == []


def test_target_one_year_minus_one_day():
    assert keys(valid_case(target_on=D(2021, 7, 5))) == ["dev.activist_months"]


def test_target_without_activist_stage():
    assert "dev.activist_months" in keys(valid_case(activist_on=None))


# --- 党章 第五条; 细则 第十九条: 两名正式党员作介绍人 ------------------------------------


def test_one_introducer_at_the_branch_meeting():
    assert keys(valid_case(introducer_second=None)) == ["dev.introducers"]


def test_the_same_person_twice_counts_once():
    same = full_member(1, "甲")
    assert keys(valid_case(introducer_second=same)) == ["dev.introducers"]


def test_a_probationary_introducer():
    probationary = full_member(2, "乙", status=MemberStatus.PROBATIONARY)
    found = violations(valid_case(introducer_second=probationary), DEFAULTS)
    assert [v.key for v in found] == ["dev.introducers"]
    assert "不是正式党员" in found[0].message


def test_a_departed_introducer():
    departed = full_member(2, "乙", flow_type=FlowType.DEPARTED)
    assert keys(valid_case(introducer_second=departed)) == ["dev.introducers"]


def test_no_introducers_needed_before_the_branch_meeting():
    case = valid_case(
        introducer_first=None, introducer_second=None, branch_meeting_on=None, approved_on=None
    )
    case.full_meeting_on = case.full_notice_start_on = None
    assert keys(case) == []


# --- 细则 第十七条: 集中培训不少于3天或24学时 ---------------------------------------------


def test_training_of_three_days():
    assert keys(valid_case(training_end_on=D(2021, 8, 4), training_hours=0)) == []


def test_training_of_two_days_and_23_hours():
    case = valid_case(training_end_on=D(2021, 8, 3), training_hours=23)
    assert keys(case) == ["dev.training_days"]


def test_training_of_two_days_but_24_hours():
    assert keys(valid_case(training_end_on=D(2021, 8, 3), training_hours=24)) == []


def test_no_training_before_the_branch_meeting():
    case = valid_case(training_start_on=None, training_end_on=None)
    assert keys(case) == ["dev.training_days"]


def test_training_after_the_branch_meeting():
    case = valid_case(training_start_on=D(2021, 9, 1), training_end_on=D(2021, 9, 3))
    assert keys(case) == ["dev.training_days"]


# --- 细则 第二十六条: 三个月内审批，最长不超过六个月 ----------------------------------------


def test_approval_exactly_three_months_after_the_meeting():
    assert keys(valid_case(approved_on=D(2021, 12, 1))) == []


def test_approval_three_months_and_one_day():
    assert keys(valid_case(approved_on=D(2021, 12, 2))) == ["dev.approval_months"]


def test_approval_exactly_six_months_is_still_the_three_month_rule():
    assert keys(valid_case(approved_on=D(2022, 3, 1))) == ["dev.approval_months"]


def test_approval_beyond_six_months():
    assert keys(valid_case(approved_on=D(2022, 3, 2))) == ["dev.approval_max_months"]


# --- 党章 第七条; 细则 第三十条: 预备期一年，从支部大会通过之日算起 --------------------------


def test_full_membership_discussed_on_the_day_probation_ends():
    assert keys(valid_case(full_meeting_on=D(2022, 9, 1))) == []


def test_full_membership_discussed_a_day_early():
    found = violations(valid_case(full_meeting_on=D(2022, 8, 31)), DEFAULTS)
    assert [v.key for v in found] == ["dev.probation_months"]
    assert "2022-09-01" in found[0].message


def test_an_extension_moves_the_end_of_probation():
    case = valid_case(extension_months=6, full_meeting_on=D(2023, 2, 28))
    assert keys(case) == ["dev.probation_months"]
    assert keys(valid_case(extension_months=6, full_meeting_on=D(2023, 3, 1))) == []


# --- 党章 第七条 / 细则 第三十二条: 延长预备期不少于半年，不超过一年 ------------------------


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (5, ["dev.extension_min_months"]),
        (6, []),
        (12, []),
        (13, ["dev.extension_max_months"]),
    ],
)
def test_extension_length(months, expected):
    meeting = add_months(D(2022, 9, 1), months)
    case = valid_case(extension_months=months, full_meeting_on=meeting)
    case.full_notice_start_on, case.full_notice_end_on = meeting - datetime.timedelta(14), meeting
    assert keys(case) == expected


# --- 细则 第二十条、第三十二条: 公示不少于5个工作日 (configurable) --------------------------


def test_notice_of_five_working_days_across_a_weekend():
    thursday, wednesday = D(2021, 8, 5), D(2021, 8, 11)
    assert working_days(thursday, wednesday) == 5
    assert keys(valid_case(notice_start_on=thursday, notice_end_on=wednesday)) == []


def test_notice_of_five_calendar_days_over_a_weekend_is_three_working_days():
    thursday, monday = D(2021, 8, 5), D(2021, 8, 9)
    assert working_days(thursday, monday) == 3
    found = violations(valid_case(notice_start_on=thursday, notice_end_on=monday), DEFAULTS)
    assert [v.key for v in found] == ["dev.public_notice_workdays"]
    assert "3个工作日" in found[0].message


def test_four_working_days_before_full_membership():
    case = valid_case(full_notice_start_on=D(2022, 8, 15), full_notice_end_on=D(2022, 8, 18))
    assert keys(case) == ["dev.public_notice_workdays"]


def test_no_notice_before_the_branch_meeting():
    assert keys(valid_case(notice_start_on=None, notice_end_on=None)) == [
        "dev.public_notice_workdays"
    ]


# --- date helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2021, 8, 31), 6, D(2022, 2, 28)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),
        (D(2021, 11, 30), 3, D(2022, 2, 28)),
        (D(2021, 1, 15), 12, D(2022, 1, 15)),
        (D(2021, 3, 31), -1, D(2021, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_working_days_of_whole_weeks_and_weekends():
    assert working_days(D(2021, 8, 2), D(2021, 8, 15)) == 10
    assert working_days(D(2021, 8, 7), D(2021, 8, 8)) == 0
    assert working_days(D(2021, 8, 9), D(2021, 8, 8)) == 0
