"""The coverage definitions of DOMAIN.md §3, in one place.

Everything counts units of the chosen 单位类别 with status 在营 inside the scope
region, as of a day. An organization covers only if its kind is a committee,
general branch, branch, joint branch or temporary branch and it is not
dissolved (no 撤销日期, or one in the future). A member is "employed" by a unit
unless departed (管理类型 离职); 流入 and 流动 count.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When

from liangxin.enterprises.models import Enterprise, OperatingStatus, UnitCategory
from liangxin.members.models import FlowType, Member, PostLevel
from liangxin.organizations.models import Formation, PartyOrganization
from liangxin.rules.values import rule_value

# ?category= → 单位类别. Social organizations and law firms are reported together.
CATEGORIES = {
    "enterprise": (UnitCategory.ENTERPRISE,),
    "social": (UnitCategory.SOCIAL, UnitCategory.LAW_FIRM),
    "individual": (UnitCategory.INDIVIDUAL,),
}

# Employee thresholds of the indicators (DOMAIN.md §3; 丹东 100 人, 平湖 50 人).
SINGLE_FORMATION_MIN_EMPLOYEES = 100
MEMBER_ENTERPRISE_MIN_EMPLOYEES = 50

# "Management backbone or above" (泉州 78.1%, 平湖 87%): 经营管理骨干 and 高管.
BACKBONE_LEVELS = (PostLevel.MANAGEMENT, PostLevel.EXECUTIVE)

INDICATOR_LABELS = {
    "org_coverage": "组织覆盖率",
    "above_scale_org_coverage": "规上企业组织覆盖率",
    "work_coverage": "工作覆盖率",
    "single_formation_100": "单独组建率（100人以上）",
    "member_enterprise_coverage_50": "有党员企业覆盖率（50人以上）",
    "should_build": "应建尽建率",
}

# Goal lines on the dashboard until a district admin sets its own (IndicatorGoal).
# 两个覆盖 aims at full coverage; 应建尽建 and 单独组建(100人以上) are 100% in the seeds.
DEFAULT_GOALS = {
    "org_coverage": 95,
    "above_scale_org_coverage": 100,
    "work_coverage": 100,
    "single_formation_100": 100,
    "member_enterprise_coverage_50": 100,
    "should_build": 100,
}

INDICATOR_KEYS = (
    "org_coverage",
    "above_scale_org_coverage",
    "work_coverage",
    "single_formation_100",
    "member_enterprise_coverage_50",
    "should_build",
)


def branch_min_full_members() -> int:
    """党章 art. 30; 支部工作条例 ch. 2: a unit with this many full members sets up a branch."""
    return rule_value("org.branch_min_full")


def employed_members() -> QuerySet:
    return Member.objects.exclude(flow_type=FlowType.DEPARTED).filter(employer__isnull=False)


def _fact(condition: Q) -> Case:
    # CASE, not the bare comparison: a unit without a facts row must read False,
    # not NULL, or "not covered" (the gap lists) would leave it out.
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def enterprise_organizations(*, region_path: str, on: datetime.date) -> QuerySet:
    """The enterprises' own organizations (DOMAIN.md §3, "share of enterprise organizations
    whose secretary is the investor", 川姜 80.5%): a covering organization of 单独组建 that
    covers an operating 企业 of the region's subtree.

    Town committees, joint and regional branches, a social organization's branch and the
    sub-branches of a big enterprise (they cover nothing themselves) are not an enterprise's
    own organization, so they are not in the denominator.
    """
    units = Enterprise.objects.filter(
        category=UnitCategory.ENTERPRISE,
        status=OperatingStatus.OPERATING,
        region__path__startswith=region_path,
    )
    own = PartyOrganization.objects.covering(on).filter(
        formation=Formation.SINGLE, covered_enterprises__in=units
    )
    return PartyOrganization.objects.filter(pk__in=own.values("pk"))


def with_facts(units: QuerySet, on: datetime.date) -> QuerySet:
    """Units with the facts every indicator needs, read from ``EnterpriseFacts``."""
    return units.annotate(
        is_covered=_fact(Q(facts__covered_until__gt=on)),
        has_own_org=_fact(Q(facts__own_org_until__gt=on)),
        has_instructor=_fact(Q(facts__active_instructors__gt=0)),
        has_member=_fact(Q(facts__employed_members__gt=0)),
        has_three_full=_fact(Q(facts__full_members__gte=branch_min_full_members())),
    )


def annotated_base(on: datetime.date, category: str = "enterprise") -> QuerySet:
    """Operating units of the category, with the facts every indicator needs."""
    return with_facts(
        Enterprise.objects.filter(
            category__in=CATEGORIES[category], status=OperatingStatus.OPERATING
        ),
        on,
    )


@dataclass(frozen=True)
class Indicator:
    """numerator / denominator over a filter; rate rounded half-up only for display."""

    denominator: Q
    numerator: Q


INDICATORS = {
    "org_coverage": Indicator(Q(), Q(is_covered=True)),
    "above_scale_org_coverage": Indicator(Q(above_scale=True), Q(is_covered=True)),
    "work_coverage": Indicator(Q(), Q(is_covered=True) | Q(has_instructor=True)),
    "single_formation_100": Indicator(
        Q(employee_count__gte=SINGLE_FORMATION_MIN_EMPLOYEES), Q(has_own_org=True)
    ),
    "member_enterprise_coverage_50": Indicator(
        Q(employee_count__gte=MEMBER_ENTERPRISE_MIN_EMPLOYEES, has_member=True),
        Q(is_covered=True),
    ),
    "should_build": Indicator(Q(has_three_full=True), Q(has_own_org=True)),
}


def indicator_filter(key: str, part: str) -> Q:
    """The enterprises behind a figure: ``den``ominator, ``num``erator, or the ``gap`` between."""
    indicator = INDICATORS[key]
    if part == "num":
        return indicator.denominator & indicator.numerator
    if part == "gap":
        return indicator.denominator & ~indicator.numerator
    return indicator.denominator


def aggregate_expressions() -> dict:
    expressions = {}
    for key, indicator in INDICATORS.items():
        expressions[f"{key}__den"] = Count("id", filter=indicator.denominator)
        expressions[f"{key}__num"] = Count("id", filter=indicator.denominator & indicator.numerator)
    return expressions
