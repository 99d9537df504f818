"""Organization warnings (RULES.md "Organizations"): the platform warns, it does not forbid.

- a branch over its size (支部工作条例: generally ≤ 50 members);
- ≥ 7 full members and no committee (支部工作条例 ch. 6);
- a term due within the reminder period or past (中办《关于党的基层组织任期的意见》2018:
  committees 5 years, general branches and branches 3 years);
- a joint branch covering more than 5 units (支部工作条例: generally ≤ 5 units);
- a general branch under 50 members, a grassroots committee under 100 (国有企业基层组织工作
  条例 2019 art. 4 and equivalents; fewer with the higher committee's approval, so a warning).
  Their members are those of the whole subtree: a committee's members sit in its branches.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from liangxin.core.dates import add_months, add_years
from liangxin.organizations.models import CoverageLink, OrgKind, PartyOrganization
from liangxin.rules.catalog import SOE_REGULATION
from liangxin.rules.values import rule_value

BRANCH_KINDS = (OrgKind.BRANCH, OrgKind.JOINT_BRANCH, OrgKind.TEMPORARY_BRANCH)
MAX_TERM_YEARS = 10  # a term of its own (term_years) beyond the defaults


@dataclass(frozen=True)
class Warning:
    key: str
    # The title; "{}" is the number of the rule it checks, read when shown.
    title_format: str
    source: str
    rule_key: str = ""

    @property
    def title(self) -> str:
        return (
            self.title_format.format(rule_value(self.rule_key))
            if self.rule_key
            else self.title_format
        )


WARNINGS = {
    w.key: w
    for w in (
        Warning("oversize", "党支部党员人数超过上限", "《中国共产党支部工作条例（试行）》第二章"),
        Warning(
            "no_committee",
            "正式党员{}名以上未设支部委员会",
            "《中国共产党支部工作条例（试行）》第六章",
            rule_key="org.branch_committee_min_full",
        ),
        Warning("term", "换届到期或即将到期", "中办《关于党的基层组织任期的意见》2018"),
        Warning(
            "joint_oversize",
            "联合党支部覆盖单位超过{}个",
            "《中国共产党支部工作条例（试行）》",
            rule_key="org.joint_branch_max_units",
        ),
        Warning(
            "general_branch_undersize",
            "党总支党员人数少于{}名",
            SOE_REGULATION,
            rule_key="org.general_branch_min",
        ),
        Warning(
            "committee_undersize",
            "基层党委党员人数少于{}名",
            SOE_REGULATION,
            rule_key="org.committee_min",
        ),
    )
}


def _count(queryset) -> Coalesce:
    counted = queryset.order_by().values("organization_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_counts(organizations):
    """Members (not departed), full members and covered units of each organization. The
    members are reached through ``PartyOrganization.members``: that app stands above."""
    member_model = PartyOrganization._meta.get_field("members").related_model
    members = member_model.objects.filter(organization_id=OuterRef("pk")).not_departed()
    return organizations.annotate(
        member_count=_count(members),
        full_count=_count(members.full()),
        unit_count=_count(CoverageLink.objects.filter(organization_id=OuterRef("pk"))),
    )


def oversize(organizations):
    limit = rule_value("org.branch_max_members")
    return with_counts(organizations.filter(kind__in=BRANCH_KINDS)).filter(member_count__gt=limit)


def no_committee(organizations):
    threshold = rule_value("org.branch_committee_min_full")
    candidates = organizations.filter(kind__in=BRANCH_KINDS, has_committee=False)
    return with_counts(candidates).filter(full_count__gte=threshold)


def joint_oversize(organizations):
    limit = rule_value("org.joint_branch_max_units")
    return with_counts(organizations.filter(kind=OrgKind.JOINT_BRANCH)).filter(unit_count__gt=limit)


# Every descendant's path is the ancestor's followed by treebeard's alphabet (0-9A-Z), so
# it sorts between the path and the path followed by Z's.
PATH_CEILING = "Z" * PartyOrganization._meta.get_field("path").max_length


def _subtree_member_count():
    """Members (not departed) of the organization and every organization below it: one
    COUNT per row over a path range (no GROUP BY in the subquery). A range, not a prefix:
    a LIKE on the outer row's path cannot use an index, and at a province's size each
    row scanned every member (0.3 s for one town's to-do list); the range walks the
    path index."""
    member_model = PartyOrganization._meta.get_field("members").related_model
    members = member_model.objects.filter(
        organization__path__gte=OuterRef("path"),
        organization__path__lte=Concat(OuterRef("path"), Value(PATH_CEILING)),
    ).not_departed()
    counted = members.order_by().annotate(n=Func(F("id"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _undersize(organizations, kind: str, rule_key: str, on=None):
    on = on or timezone.localdate()
    minimum = rule_value(rule_key)
    active = Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on)
    candidates = organizations.filter(active, kind=kind)
    return candidates.annotate(subtree_count=_subtree_member_count()).filter(
        subtree_count__lt=minimum
    )


def general_branch_undersize(organizations):
    return _undersize(organizations, OrgKind.GENERAL_BRANCH, "org.general_branch_min")


def committee_undersize(organizations):
    return _undersize(organizations, OrgKind.COMMITTEE, "org.committee_min")


def term_years(organization) -> int:
    if organization.term_years:
        return organization.term_years
    if organization.kind == OrgKind.COMMITTEE:
        return rule_value("org.term_committee_years")
    return rule_value("org.term_branch_years")


def _term_ends_by(horizon: datetime.date) -> Q:
    """Started long enough ago that the term (default by kind, or its own) ends by ``horizon``."""
    committee, branch = rule_value("org.term_committee_years"), rule_value("org.term_branch_years")
    default = Q(term_years__isnull=True)
    due = (
        default & Q(kind=OrgKind.COMMITTEE, term_started_on__lte=add_years(horizon, -committee))
    ) | (default & ~Q(kind=OrgKind.COMMITTEE) & Q(term_started_on__lte=add_years(horizon, -branch)))
    for years in range(1, MAX_TERM_YEARS + 1):
        due |= Q(term_years=years, term_started_on__lte=add_years(horizon, -years))
    return due


def term_due_organizations(organizations, on=None):
    """The organizations (a queryset) whose term ends within the reminder period or has
    ended; party groups and dissolved organizations hold no term."""
    on = on or timezone.localdate()
    horizon = add_months(on, rule_value("org.term_reminder_months"))
    return (
        organizations.exclude(kind=OrgKind.GROUP)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))
        .filter(_term_ends_by(horizon))
    )


def term_due(organizations, on=None) -> list[tuple[PartyOrganization, datetime.date, bool]]:
    """Terms ending within the reminder period or already ended: (organization, end, past)."""
    on = on or timezone.localdate()
    due = term_due_organizations(organizations, on).select_related("region")
    ends = ((org, add_years(org.term_started_on, term_years(org))) for org in due)
    return sorted(((org, end, end < on) for org, end in ends), key=lambda row: row[1])


LIMIT = 500


def warning_rows(key: str, organizations, on=None) -> list[dict]:
    """One warning list as plain rows (organization, what is wrong), at most LIMIT."""
    if key == "term":
        return [
            {"organization": org, "detail": _term_detail(end, past)}
            for org, end, past in term_due(organizations, on)[:LIMIT]
        ]
    queryset = COUNTED_WARNINGS[key](organizations).select_related("region")
    return [{"organization": org, "detail": _detail(key, org)} for org in queryset[:LIMIT]]


COUNTED_WARNINGS = {
    "oversize": oversize,
    "no_committee": no_committee,
    "joint_oversize": joint_oversize,
    "general_branch_undersize": general_branch_undersize,
    "committee_undersize": committee_undersize,
}
UNDERSIZE_RULES = {
    "general_branch_undersize": "org.general_branch_min",
    "committee_undersize": "org.committee_min",
}


def _term_detail(end: datetime.date, past: bool) -> str:
    return f"本届任期{'已于' if past else '将于'} {end:%Y-%m-%d} 届满"


def _detail(key: str, org) -> str:
    if key == "oversize":
        return f"党员 {org.member_count} 名，超过 {rule_value('org.branch_max_members')} 名"
    if key == "no_committee":
        return f"正式党员 {org.full_count} 名，未设支部委员会"
    if key in UNDERSIZE_RULES:
        minimum = rule_value(UNDERSIZE_RULES[key])
        count = org.subtree_count
        return f"党员 {count} 名（含下级组织），少于 {minimum} 名；经上级党组织批准的除外"
    return f"覆盖 {org.unit_count} 个单位，超过 {rule_value('org.joint_branch_max_units')} 个"
