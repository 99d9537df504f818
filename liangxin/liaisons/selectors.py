"""Reads of the liaisons; every list passes the scoping function. Figures are GROUP BY
counts over the scoped rows (by the child regions of the chosen region, or by liaison);
the median of the working hours is taken over the confirmed spans of each group."""

import statistics
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from liangxin.core.scoping import get_scoped_or_404, scoped, user_scope
from liangxin.liaisons.models import (
    LiaisonLink,
    LiaisonMeeting,
    LinkKind,
    MeetingKind,
    MemberStaffLink,
    NoticeReceipt,
    PolicyLiaison,
    PolicyNotice,
    ProblemKind,
    StaffProblem,
)
from liangxin.organizations.models import PartyOrganization
from liangxin.posts.models import PostAssignment, PostKind
from liangxin.regions.models import Region


def top_region(user) -> Region | None:
    return scoped(Region.objects.all(), user).order_by("depth", "path").first()


def region_choices(user) -> QuerySet:
    """The towns and parks (and the district) a list's region filter offers."""
    return scoped(Region.objects.exclude(kind__in=("grid", "area")), user).order_by("path")


def in_region(rows: QuerySet, path_field: str, region: Region | None) -> QuerySet:
    return rows if region is None else rows.filter(**{f"{path_field}__startswith": region.path})


# --- lists ----------------------------------------------------------------------------


def liaisons(*, user) -> QuerySet:
    return (
        scoped(PolicyLiaison.objects.select_related("region"), user)
        .annotate(enterprise_count=Count("enterprises", distinct=True))
        .order_by("region__path", "name")
    )


def owns(user, liaison: PolicyLiaison) -> bool:
    """A liaison of the user's own regions (editable by them), not one merely seen through
    the enterprises it serves."""
    paths = user_scope(user).region_paths
    return any(liaison.region.path.startswith(path) for path in paths)


def notices(*, user) -> QuerySet:
    return (
        scoped(PolicyNotice.objects.select_related("liaison", "liaison__region"), user)
        .annotate(
            receipt_count=Count("receipts", distinct=True),
            confirmed_count=Count("receipts", filter=Q(receipts__confirmed_at__isnull=False)),
        )
        .order_by("-published_at", "-id")
    )


def notice_detail(*, user, pk: int) -> PolicyNotice:
    return get_scoped_or_404(PolicyNotice.objects.select_related("liaison"), user, pk=pk)


def receipts(*, user) -> QuerySet:
    return scoped(
        NoticeReceipt.objects.select_related(
            "notice", "notice__liaison", "enterprise", "enterprise__region"
        ),
        user,
    )


def overdue_q(now=None) -> Q:
    return Q(confirmed_at__isnull=True, due_at__lt=now or timezone.now())


def receipts_overdue(now=None) -> QuerySet:
    """Unconfirmed past the goal (not scoped: the to-do engine scopes)."""
    return (
        NoticeReceipt.objects.filter(overdue_q(now))
        .select_related("notice", "enterprise")
        .order_by("due_at")
    )


def links(*, user) -> QuerySet:
    return scoped(
        LiaisonLink.objects.select_related("organization", "organization__region", "member"), user
    )


def meetings(*, user) -> QuerySet:
    return scoped(
        LiaisonMeeting.objects.select_related("organization", "organization__region"), user
    )


def pairings(*, user) -> QuerySet:
    return (
        scoped(
            MemberStaffLink.objects.select_related("member", "member__organization__region"), user
        )
        .annotate(
            problem_count=Count("problems"),
            solved_count=Count("problems", filter=Q(problems__solved_on__isnull=False)),
        )
        .order_by("-started_on", "-id")
    )


def pairing_detail(*, user, pk: int) -> MemberStaffLink:
    return get_scoped_or_404(
        MemberStaffLink.objects.select_related("member", "member__organization"), user, pk=pk
    )


# --- figures --------------------------------------------------------------------------


@dataclass
class Figures:
    columns: list[tuple[str, str]]  # (key, 中文名)
    rows: list[dict]  # each: label + the columns
    total: dict


OWN_LEVEL = "（本级）"


def _region_key(path_field: str, top: Region):
    return Substr(path_field, 1, len(top.path) + Region.steplen)


def _region_labels(top: Region) -> dict[str, str]:
    children = Region.objects.filter(path__startswith=top.path, depth=top.depth + 1)
    labels = {child.path: child.name for child in children}
    labels[top.path] = f"{top.name}{OWN_LEVEL}"
    return labels


def _grouped(rows: QuerySet, key, **measures) -> dict:
    found = rows.annotate(group=key).values("group").annotate(**measures).order_by("group")
    return {row.pop("group"): row for row in found}


def _assemble(columns, groups: list[dict], labels: dict, derive) -> Figures:
    keys = [key for key, _ in columns]
    rows = []
    for group, label in labels.items():
        if label.endswith(OWN_LEVEL) and not any(group in measures for measures in groups):
            continue  # the chosen region's own level shows only when it has rows
        row = {"key": group, "label": label}
        for measures in groups:
            row.update(measures.get(group, {}))
        rows.append(derive({k: row.get(k, 0) for k in keys} | {"label": label, "key": group}))
    return Figures(columns, rows, {})


def _total(figures: Figures, derive, sums: list[str]) -> Figures:
    total = {key: sum(row.get(key) or 0 for row in figures.rows) for key in sums}
    figures.total = derive(total | {"label": "合计"})
    return figures


# 政策联络员 ------------------------------------------------------------------------------

NOTICE_COLUMNS = [
    ("notices", "推送政策（条）"),
    ("receipts", "送达企业（家次）"),
    ("confirmed", "已确认"),
    ("due", "应达（已确认或已超时）"),
    ("on_time", "半日直达"),
    ("on_time_rate", "直达率（%）"),
    ("median_hours", "用时中位数（工作小时）"),
]
NOTICE_SUMS = ["notices", "receipts", "confirmed", "due", "on_time"]


def _receipt_measures(now):
    return {
        "notices": Count("notice", distinct=True),
        "receipts": Count("id"),
        "confirmed": Count("id", filter=Q(confirmed_at__isnull=False)),
        "due": Count("id", filter=Q(confirmed_at__isnull=False) | Q(due_at__lt=now)),
        "on_time": Count("id", filter=Q(confirmed_at__lte=F("due_at"))),
    }


def _medians(rows: QuerySet, key) -> dict:
    spans: dict = {}
    confirmed = rows.filter(working_minutes__isnull=False).annotate(group=key)
    for group, minutes in confirmed.values_list("group", "working_minutes"):
        spans.setdefault(group, []).append(minutes)
    return {group: {"minutes": values} for group, values in spans.items()}


def _notice_derive(row: dict) -> dict:
    """直达率 = 半日直达 / 应达: a receipt counts once it is confirmed or past the goal
    (one still inside its half day is neither late nor on time yet)."""
    due = row.get("due") or 0
    row["on_time_rate"] = round(100 * row.get("on_time", 0) / due, 1) if due else None
    minutes = row.pop("minutes", None) or []
    row["median_hours"] = round(statistics.median(minutes) / 60, 1) if minutes else None
    return row


def notice_figures(*, user, region: Region | None, by: str = "region") -> Figures:
    """By the child regions of ``region`` (the liaison's region), or by liaison."""
    now = timezone.now()
    rows = scoped(NoticeReceipt.objects.all(), user)
    if by == "liaison":
        rows = in_region(rows, "notice__liaison__region__path", region)
        key = F("notice__liaison_id")
        liaisons_seen = PolicyLiaison.objects.filter(
            pk__in=rows.values("notice__liaison_id")
        ).select_related("region")
        labels = {x.pk: f"{x.name}（{x.region.name}）" for x in liaisons_seen}
    else:
        region = region or top_region(user)
        if region is None:
            return Figures(NOTICE_COLUMNS, [], {})
        rows = in_region(rows, "notice__liaison__region__path", region)
        key = _region_key("notice__liaison__region__path", region)
        labels = _region_labels(region)
    counts = _grouped(rows, key, **_receipt_measures(now))
    medians = _medians(rows, key)
    columns = [*NOTICE_COLUMNS, ("minutes", "")]
    figures = _assemble(columns, [counts, medians], labels, _notice_derive)
    figures.columns = NOTICE_COLUMNS
    all_minutes = [m for group in medians.values() for m in group["minutes"]]
    return _total(figures, lambda t: _notice_derive(t | {"minutes": all_minutes}), NOTICE_SUMS)


# 三联三会 ---------------------------------------------------------------------------------

LINK_COLUMNS = [(f"link_{k}", label) for k, label in LinkKind.choices]
MEETING_COLUMNS = [(f"meeting_{k}", label) for k, label in MeetingKind.choices]
SANLIAN_COLUMNS = [
    *LINK_COLUMNS,
    *MEETING_COLUMNS,
    ("participants", "参会人次"),
    ("issues", "提出问题"),
    ("adopted", "采纳建议"),
    ("hotlines", "书记热线"),
    ("commissars", "车间政委"),
]


def sanlian_figures(*, user, region: Region | None) -> Figures:
    """三联 by kind, 三会 by kind with their outcomes, and the 书记热线 and 车间政委 the posts
    already record (current assignments), by the child regions of ``region``."""
    region = region or top_region(user)
    if region is None:
        return Figures(SANLIAN_COLUMNS, [], {})
    path = "organization__region__path"
    key = _region_key(path, region)
    link_rows = in_region(scoped(LiaisonLink.objects.all(), user), path, region)
    meeting_rows = in_region(scoped(LiaisonMeeting.objects.all(), user), path, region)
    post_rows = in_region(scoped(PostAssignment.objects.filter(ended_on=None), user), path, region)
    groups = [
        _grouped(
            link_rows, key, **{f"link_{k}": Count("id", filter=Q(kind=k)) for k in LinkKind.values}
        ),
        _grouped(
            meeting_rows,
            key,
            **{f"meeting_{k}": Count("id", filter=Q(kind=k)) for k in MeetingKind.values},
            participants=Sum("participants"),
            issues=Sum("issues_raised"),
            adopted=Sum("suggestions_adopted"),
        ),
        _grouped(
            post_rows,
            key,
            hotlines=Count("id", filter=Q(kind=PostKind.SECRETARY_HOTLINE)),
            commissars=Count("id", filter=Q(kind=PostKind.WORKSHOP_COMMISSAR)),
        ),
    ]
    figures = _assemble(SANLIAN_COLUMNS, groups, _region_labels(region), lambda row: row)
    return _total(figures, lambda t: t, [k for k, _ in SANLIAN_COLUMNS])


# 党员联系职工 ------------------------------------------------------------------------------

PAIRING_COLUMNS = [
    ("secretaries", "联系职工的书记"),
    ("members", "联系职工的党员（含书记）"),
    ("staff", "联系职工"),
    ("talents", "联系人才"),
    ("difficulties", "解决困难"),
    ("production", "解决生产问题"),
    ("open", "未解决问题"),
]


def pairing_figures(*, user, region: Region | None) -> Figures:
    """泉州's figures (书记和党员 ↔ 人才、职工; 困难, 生产问题 solved) by child region. A
    person is counted once per pairing member (the same worker paired twice counts twice)."""
    region = region or top_region(user)
    if region is None:
        return Figures(PAIRING_COLUMNS, [], {})
    path = "member__organization__region__path"
    links_in = in_region(scoped(MemberStaffLink.objects.all(), user), path, region)
    problems = in_region(scoped(StaffProblem.objects.all(), user), f"link__{path}", region)
    solved = Q(solved_on__isnull=False)
    secretaries = PartyOrganization.objects.filter(secretary__isnull=False).values("secretary_id")
    groups = [
        _grouped(
            links_in,
            _region_key(path, region),
            secretaries=Count("member", distinct=True, filter=Q(member_id__in=secretaries)),
            members=Count("member", distinct=True),
            staff=Count("id", filter=Q(staff_kind="staff")),
            talents=Count("id", filter=Q(staff_kind="talent")),
        ),
        _grouped(
            problems,
            _region_key(f"link__{path}", region),
            difficulties=Count("id", filter=solved & Q(kind=ProblemKind.DIFFICULTY)),
            production=Count("id", filter=solved & Q(kind=ProblemKind.PRODUCTION)),
            open=Count("id", filter=Q(solved_on__isnull=True)),
        ),
    ]
    figures = _assemble(PAIRING_COLUMNS, groups, _region_labels(region), lambda row: row)
    # A member belongs to one region: the sum of the regions' distinct members is distinct.
    return _total(figures, lambda t: t, [k for k, _ in PAIRING_COLUMNS])
