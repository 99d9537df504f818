"""The auto items of a checklist: what the platform already holds, never uploaded.

Each source (core.checklist_sources.ChecklistSource) answers for a whole queryset of
organizations at once with one aggregate query (EXISTS per row), so a town's list of
hundreds of organizations costs one query per auto item, not one per organization.

The standards app contributes the sources it computes from the apps below it (members,
development, mobility, dues, posts, organizations). ``life.meetings_held`` (三会一课,
主题党日 held) is contributed by the organization-life app itself from its ``ready()``:
``LIFE_MEETINGS_HELD`` is the key the seeded items name. Until a source is contributed,
its items are judged by the town's verifier (``source_for`` answers None).
"""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from liangxin.core.checklist_sources import ChecklistSource, checklist_sources
from liangxin.core.dates import add_months
from liangxin.development.models import CaseStatus, DevelopmentCase
from liangxin.dues.models import DuesMonth
from liangxin.members.models import FlowType, Member
from liangxin.mobility.models import DualManagementAgreement, MobileProfile
from liangxin.organizations import warnings
from liangxin.posts.models import PostAssignment, Team

LIFE_MEETINGS_HELD = "life.meetings_held"  # the hook: contributed by liangxin.life
DUES_LEDGER_MONTHS = 3  # 党费台账: a month recorded within the last three


def _ids(organizations: QuerySet, condition) -> set[int]:
    return set(organizations.filter(condition).order_by().values_list("id", flat=True))


def _members(**lookups):
    return Member.objects.filter(organization_id=OuterRef("pk"), **lookups).not_departed()


def has_members(organizations, as_of: datetime.date) -> set[int]:
    return _ids(organizations, Exists(_members()))


def has_activists(organizations, as_of: datetime.date) -> set[int]:
    cases = DevelopmentCase.objects.filter(organization_id=OuterRef("pk"), status=CaseStatus.OPEN)
    return _ids(organizations, Exists(cases))


def has_development_records(organizations, as_of: datetime.date) -> set[int]:
    cases = DevelopmentCase.objects.filter(organization_id=OuterRef("pk"), applied_on__lte=as_of)
    return _ids(organizations, Exists(cases))


def mobile_members_recorded(organizations, as_of: datetime.date) -> set[int]:
    """No floating member without where they are away, no inflow member without an agreement
    (an organization without mobile members meets it)."""
    floating = _members(flow_type=FlowType.FLOATING).exclude(
        Exists(MobileProfile.objects.filter(member_id=OuterRef("pk")))
    )
    inflow = _members(flow_type=FlowType.INFLOW).exclude(
        Exists(DualManagementAgreement.objects.filter(member_id=OuterRef("pk")))
    )
    return _ids(organizations, ~Exists(floating) & ~Exists(inflow))


def _recent_months(as_of: datetime.date) -> Q:
    months = [add_months(as_of.replace(day=1), -back) for back in range(DUES_LEDGER_MONTHS)]
    return Q(*[Q(year=m.year, month=m.month) for m in months], _connector=Q.OR)


def dues_ledger_kept(organizations, as_of: datetime.date) -> set[int]:
    recorded = DuesMonth.objects.filter(member__organization_id=OuterRef("pk")).filter(
        _recent_months(as_of)
    )
    return _ids(organizations, Exists(recorded))


def term_current(organizations, as_of: datetime.date) -> set[int]:
    """A term start on record and the term not past its end (organizations.warnings counts the
    term by kind or the organization's own length)."""
    # _term_ends_by(day) holds for terms ending by that day: ended before as_of.
    ended = warnings._term_ends_by(as_of - datetime.timedelta(days=1))
    return set(
        organizations.filter(term_started_on__isnull=False)
        .exclude(ended)
        .values_list("id", flat=True)
    )


def secretary_set(organizations, as_of: datetime.date) -> set[int]:
    return _ids(organizations, Q(secretary__isnull=False) | ~Q(secretary_name=""))


def posts_active(organizations, as_of: datetime.date) -> set[int]:
    running = Q(ended_on__isnull=True) | Q(ended_on__gte=as_of)
    posts = PostAssignment.objects.filter(running, organization_id=OuterRef("pk"))
    teams = Team.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=as_of), organization_id=OuterRef("pk")
    )
    return _ids(
        organizations,
        Exists(posts.filter(started_on__lte=as_of)) | Exists(teams.filter(formed_on__lte=as_of)),
    )


SOURCES = [
    ChecklistSource("members.roster", "党员花名册", has_members, "本组织暂无党员记录"),
    ChecklistSource(
        "development.activists",
        "积极分子和发展对象名册",
        has_activists,
        "暂无进行中的入党申请人、积极分子或发展对象记录",
    ),
    ChecklistSource(
        "development.records", "发展党员记实", has_development_records, "暂无发展党员记录"
    ),
    ChecklistSource(
        "mobility.roster",
        "流动党员名册",
        mobile_members_recorded,
        "有流动党员未登记外出信息，或流入党员未签订双重管理协议",
    ),
    ChecklistSource(
        "dues.ledger",
        "党费台账",
        dues_ledger_kept,
        f"近{DUES_LEDGER_MONTHS}个月没有党费收缴记录",
    ),
    ChecklistSource(
        "organizations.term",
        "班子按期换届",
        term_current,
        "本届任期已届满，或未登记本届任期开始日期",
    ),
    ChecklistSource("organizations.secretary", "书记已配备", secretary_set, "未登记书记"),
    ChecklistSource(
        "posts.active", "党建活动和作用发挥", posts_active, "暂无在岗的党员先锋岗或党员队伍"
    ),
]


def source_for(key: str) -> ChecklistSource | None:
    return checklist_sources().get(key)


def met_by_item(items, organizations: QuerySet, as_of: datetime.date) -> dict[int, set[int]]:
    """For each auto item with a contributed source: the ids of the organizations meeting it.
    One query per distinct source, whatever the number of organizations."""
    by_key: dict[str, set[int]] = {}
    found: dict[int, set[int]] = {}
    for item in items:
        source = source_for(item.auto_source) if item.is_auto else None
        if source is None:
            continue
        if item.auto_source not in by_key:
            by_key[item.auto_source] = source.met(organizations, as_of)
        found[item.pk] = by_key[item.auto_source]
    return found
