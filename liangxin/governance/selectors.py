"""Reads of leadership and governance; every queryset passes the scoping function.

Per organization (as of a day): the committee in office, 双向进入 (committee members in
the company's 董事会、监事会 or 经理层; and the company's 高管 members on the committee), 交叉任职
(the secretary in the 董事会 or 经理层), 出资人兼任书记 and the covered enterprises' 党建入章.

By region (the 泉州 figures [L:泉州], rows per child region and a total):
- 党建入章: enterprises (not 注销) with Party building in their articles;
- 党员在管理层: members (not 离职) of the region's enterprise organizations — organizations
  that cover an enterprise, placed by where the member's Party relation is held — who
  are 经营管理骨干 or 高管 in the registry, or sit on a committee in office with a post in
  the 董事会、经理层 or 中层管理; over all those members;
- 规上企业党组织书记、副书记在高管层: the in-office 书记 and 副书记 of organizations covering
  an above-scale (规上) enterprise, over those in the 经理层 (高级管理人员)."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.enterprises.models import Enterprise, OperatingStatus
from liangxin.governance.models import LEADING_POSTS, CommitteeMember, Management, PartyPost
from liangxin.members.models import FlowType, Member, PostLevel
from liangxin.organizations.models import CoverageLink, PartyOrganization
from liangxin.regions.models import Region

OWN_LEVEL = "（本级）"
MANAGEMENT_LEVELS = (PostLevel.MANAGEMENT, PostLevel.EXECUTIVE)

BASE_TEXT = (
    "党建入章：辖区内未注销企业中章程写入党建工作的企业数。"
    "党员在管理层：辖区企业党组织（覆盖企业的党组织，按组织关系所在）的党员（不含离职），"
    "台账岗位层级为经营管理骨干或高管，或在任班子成员任董事会、经理层、中层管理职务的，"
    "占这些党员的比例。"
    "规上企业：覆盖规上企业的党组织在任书记、副书记中任经理层（高级管理人员）的比例。"
    "双向进入：在任班子成员中进入董事会、监事会或经理层的比例；"
    "交叉任职：在任书记进入董事会或经理层的党组织占有在任书记的党组织的比例。"
    "党员岗位按台账现状，班子成员按统计日在任。"
)


def percent(part: int, whole: int) -> Decimal | None:
    """A share in per cent to one decimal; None when there is no base."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def in_office_q(as_of: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}term_started_on__lte": as_of}) & (
        Q(**{f"{prefix}term_ended_on__isnull": True}) | Q(**{f"{prefix}term_ended_on__gte": as_of})
    )


TWO_WAY_Q = Q(on_board=True) | Q(on_supervisory_board=True) | Q(management=Management.SENIOR)
COMPANY_LEADER_Q = Q(on_board=True) | Q(management=Management.SENIOR)
IN_MANAGEMENT_Q = Q(on_board=True) | ~Q(management="")


def top_region(user) -> Region | None:
    return scoped(Region.objects.all(), user).order_by("depth", "path").first()


def region_choices(user) -> QuerySet:
    return scoped(Region.objects.exclude(kind__in=("grid", "area")), user).order_by("path")


# --- per organization ---------------------------------------------------------------------


def organizations(*, user, as_of: datetime.date | None = None) -> QuerySet:
    """The active organizations in scope (not 党小组) with their committee's counts."""
    as_of = as_of or timezone.localdate()
    office = in_office_q(as_of)
    held = CommitteeMember.objects.filter(office, organization=OuterRef("pk"))
    return (
        scoped(PartyOrganization.objects.active(as_of).exclude(kind="group"), user)
        .select_related("region")
        .annotate(
            committee_count=Count(
                "committee_members", filter=in_office_q(as_of, "committee_members__")
            ),
            two_way_count=Count(
                "committee_members",
                filter=in_office_q(as_of, "committee_members__")
                & _prefixed(TWO_WAY_Q, "committee_members__"),
            ),
            has_secretary=Exists(held.filter(party_post=PartyPost.SECRETARY)),
            cross=Exists(held.filter(COMPANY_LEADER_Q, party_post=PartyPost.SECRETARY)),
        )
    )


def _prefixed(condition: Q, prefix: str) -> Q:
    """``condition`` with every lookup through ``prefix`` (a Q of plain lookups)."""
    children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (f"{prefix}{child[0]}", child[1])
        for child in condition.children
    ]
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


def organization(*, user, pk: int) -> PartyOrganization:
    return get_scoped_or_404(PartyOrganization.objects.select_related("region"), user, pk=pk)


def committee_member(*, user, pk: int) -> CommitteeMember:
    return get_scoped_or_404(
        CommitteeMember.objects.select_related("organization", "member"), user, pk=pk
    )


def committee(org: PartyOrganization, *, as_of: datetime.date | None = None):
    """(in office on ``as_of``, the others: ended or not yet started), by post."""
    as_of = as_of or timezone.localdate()
    rows = org.committee_members.select_related("member")
    posts = {post: index for index, post in enumerate(PartyPost.values)}
    current = sorted(
        rows.filter(in_office_q(as_of)), key=lambda r: (posts[r.party_post], r.term_started_on)
    )
    others = list(rows.exclude(in_office_q(as_of)).order_by("-term_ended_on", "-id"))
    return current, others


@dataclass
class OrganizationFigures:
    as_of: datetime.date
    committee: int
    two_way: int
    two_way_share: Decimal | None
    executives: int  # 高管 members employed by the covered enterprises (registry)
    executives_on_committee: int
    secretary: CommitteeMember | None
    cross: bool | None  # None: no secretary on record
    investor_secretary: bool
    enterprises: list  # the covered enterprises, with charter_includes_party


def organization_figures(org: PartyOrganization, *, as_of=None) -> OrganizationFigures:
    as_of = as_of or timezone.localdate()
    current, _ = committee(org, as_of=as_of)
    secretary = next((r for r in current if r.party_post == PartyPost.SECRETARY), None)
    enterprises = list(org.covered_enterprises.order_by("name"))
    executives = Member.objects.filter(
        employer__in=enterprises, post_level=PostLevel.EXECUTIVE
    ).exclude(flow_type=FlowType.DEPARTED)
    on_committee = {r.member_id for r in current if r.member_id}
    two_way = sum(1 for r in current if r.two_way)
    investor = org.secretary_is_investor or bool(
        secretary and secretary.member and secretary.member.is_investor
    )
    return OrganizationFigures(
        as_of=as_of,
        committee=len(current),
        two_way=two_way,
        two_way_share=percent(two_way, len(current)),
        executives=executives.count(),
        executives_on_committee=executives.filter(pk__in=on_committee).count(),
        secretary=secretary,
        cross=None if secretary is None else secretary.company_leader,
        investor_secretary=investor,
        enterprises=enterprises,
    )


# --- by region (the 泉州 figures) ---------------------------------------------------------

COLUMNS = [
    ("enterprises", "企业数"),
    ("charter", "党建入章企业"),
    ("charter_share", "党建入章比例（%）"),
    ("members", "企业党组织党员"),
    ("members_in_management", "其中在管理层"),
    ("management_share", "党员在管理层比例（%）"),
    ("above_scale_organizations", "规上企业党组织"),
    ("leaders", "规上企业党组织书记、副书记"),
    ("leaders_senior", "其中在高管层"),
    ("leaders_senior_share", "书记、副书记在高管层比例（%）"),
    ("committee", "在任班子成员"),
    ("two_way", "双向进入"),
    ("two_way_share", "双向进入比例（%）"),
    ("secretaries", "有在任书记的党组织"),
    ("cross", "书记交叉任职"),
    ("cross_share", "交叉任职比例（%）"),
    ("investor_secretaries", "出资人兼任书记"),
]
COUNTS = [key for key, _ in COLUMNS if not key.endswith("_share")]
SHARES = {
    "charter_share": ("charter", "enterprises"),
    "management_share": ("members_in_management", "members"),
    "leaders_senior_share": ("leaders_senior", "leaders"),
    "two_way_share": ("two_way", "committee"),
    "cross_share": ("cross", "secretaries"),
}


def _key(path: str, top: Region):
    return Substr(path, 1, len(top.path) + Region.steplen)


def _grouped(rows: QuerySet, path: str, top: Region, **measures) -> dict:
    found = (
        rows.filter(**{f"{path}__startswith": top.path})
        .annotate(group=_key(path, top))
        .values("group")
        .annotate(**measures)
        .order_by()
    )
    return {row.pop("group"): row for row in found}


def _enterprise_organizations(as_of) -> QuerySet:
    """Organizations (not 党小组, not dissolved) that cover an enterprise."""
    covering = CoverageLink.objects.filter(organization=OuterRef("pk"))
    return PartyOrganization.objects.active(as_of).exclude(kind="group").filter(Exists(covering))


def region_measures(*, user, top: Region, as_of: datetime.date) -> dict[str, dict]:
    """{group path: {measure: count}} under ``top``, each part scoped to ``user``."""
    office = in_office_q(as_of)
    enterprises = _grouped(
        scoped(Enterprise.objects.exclude(status=OperatingStatus.DEREGISTERED), user),
        "region__path",
        top,
        enterprises=Count("id"),
        charter=Count("id", filter=Q(charter_includes_party=True)),
    )
    org_ids = _enterprise_organizations(as_of).values("pk")
    managing = CommitteeMember.objects.filter(office, IN_MANAGEMENT_Q, member=OuterRef("pk"))
    members = _grouped(
        scoped(Member.objects.exclude(flow_type=FlowType.DEPARTED), user).filter(
            organization_id__in=org_ids
        ),
        "organization__region__path",
        top,
        members=Count("id"),
        members_in_management=Count(
            "id", filter=Q(post_level__in=MANAGEMENT_LEVELS) | Q(Exists(managing))
        ),
    )
    above = CoverageLink.objects.filter(
        organization=OuterRef("organization"), enterprise__above_scale=True
    )
    leaders = _grouped(
        scoped(CommitteeMember.objects.filter(office, party_post__in=LEADING_POSTS), user)
        .filter(organization_id__in=org_ids)
        .filter(Exists(above)),
        "organization__region__path",
        top,
        above_scale_organizations=Count("organization", distinct=True),
        leaders=Count("id"),
        leaders_senior=Count("id", filter=Q(management=Management.SENIOR)),
    )
    secretary = Q(party_post=PartyPost.SECRETARY)
    investor = secretary & (
        Q(member__is_investor=True) | Q(organization__secretary_is_investor=True)
    )
    committees = _grouped(
        scoped(CommitteeMember.objects.filter(office), user),
        "organization__region__path",
        top,
        committee=Count("id"),
        two_way=Count("id", filter=TWO_WAY_Q),
        secretaries=Count("id", filter=secretary),
        cross=Count("id", filter=secretary & COMPANY_LEADER_Q),
        investor_secretaries=Count("id", filter=investor),
    )
    merged: dict[str, dict] = {}
    for part in (enterprises, members, leaders, committees):
        for path, measures in part.items():
            merged.setdefault(path, {}).update(measures)
    return merged


def _with_shares(row: dict) -> dict:
    for share, (part, whole) in SHARES.items():
        row[share] = percent(row[part], row[whole])
    return row


def figures_by_region(user, region: Region | None, as_of: datetime.date | None = None) -> dict:
    """The 泉州 figures of ``region`` (default: the top of the user's scope) as of a day:
    plain dicts, one row per child region (the region's own level when it holds records)
    and the total, with the base in words. The annual report reads this."""
    as_of = as_of or timezone.localdate()
    region = region or top_region(user)
    result = {
        "region": None,
        "as_of": as_of,
        "base": BASE_TEXT,
        "columns": list(COLUMNS),
        "rows": [],
        "total": _with_shares({"label": "合计", "code": "", **dict.fromkeys(COUNTS, 0)}),
    }
    if region is None:
        return result
    result["region"] = {"code": region.code, "name": region.name, "kind": region.kind}
    measures = region_measures(user=user, top=region, as_of=as_of)
    children = Region.objects.filter(path__startswith=region.path, depth=region.depth + 1)
    labels = [(c.path, c.name, c.code) for c in children.order_by("path")]
    if region.path in measures:
        labels.insert(0, (region.path, f"{region.name}{OWN_LEVEL}", region.code))
    for path, label, code in labels:
        found = measures.get(path, {})
        row = {"label": label, "code": code, **{k: found.get(k, 0) for k in COUNTS}}
        result["rows"].append(_with_shares(row))
    total = {k: sum(row[k] for row in result["rows"]) for k in COUNTS}
    result["total"] = _with_shares({"label": "合计", "code": region.code, **total})
    return result
