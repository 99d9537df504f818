"""Reads of the records that are not meetings' own pages: study counts (党课 by form,
第一议题, 主题党日), the take-up of a 提示单, 谈心谈话 coverage and 民主评议 results.

Every function starts from a scoped queryset and answers with one aggregate query
(GROUP BY or Exists), never a loop over organizations (ARCHITECTURE.md example 3).
"""

import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Subquery

from liangxin.core.scoping import scoped
from liangxin.life.compliance import BRANCH_KINDS
from liangxin.life.models import (
    Appraisal,
    CorrectionCase,
    CorrectionOutcome,
    Grade,
    Meeting,
    MeetingKind,
    MeetingStatus,
    QuorumExclusion,
    StudyGuide,
    Talk,
)
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization

NO_FORM = "未注明形式"
ORG_FIELDS = ("organization__code", "organization__name", "organization__path")


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """A range, not ``__year``: SQLite would extract the year in Python for every row."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- 学习教育 ---------------------------------------------------------------------------


def held_meetings(*, user, year: int) -> QuerySet:
    return scoped(
        Meeting.objects.filter(status=MeetingStatus.HELD, held_on__range=year_bounds(year)), user
    )


def study_forms(*, user, year: int) -> list[str]:
    """The 党课 forms actually recorded in the user's scope that year (车间微党课 …)."""
    lectures = held_meetings(user=user, year=year).filter(kind=MeetingKind.LECTURE)
    return sorted(set(lectures.values_list("study_form", flat=True).distinct()))


def study_counts(*, user, year: int, forms: list[str]) -> QuerySet:
    """Per organization: 党课 by form (``form_0`` … in the order of ``forms``), 党课 in all,
    第一议题 and 主题党日 — one GROUP BY over the year's held meetings."""
    studies = Q(kind__in=(MeetingKind.LECTURE, MeetingKind.THEME_DAY)) | Q(first_topic=True)
    by_form = {
        f"form_{n}": Count("id", filter=Q(kind=MeetingKind.LECTURE, study_form=form))
        for n, form in enumerate(forms)
    }
    return (
        held_meetings(user=user, year=year)
        .filter(studies)
        .values(*ORG_FIELDS)
        .annotate(
            lectures=Count("id", filter=Q(kind=MeetingKind.LECTURE)),
            first_topics=Count("id", filter=Q(first_topic=True)),
            theme_days=Count("id", filter=Q(kind=MeetingKind.THEME_DAY)),
            **by_form,
        )
        .order_by("organization__path")
    )


def form_label(form: str) -> str:
    return form or NO_FORM


# --- 提示单 ---------------------------------------------------------------------------


def guide_organizations(*, user, guide: StudyGuide) -> QuerySet:
    """The branches in the guide's region subtree that the user sees, each with ``held``
    (a held meeting points at the guide) and ``held_on`` (the first such meeting)."""
    took_up = Meeting.objects.filter(
        organization=OuterRef("pk"), guide=guide, status=MeetingStatus.HELD
    )
    first = took_up.order_by().values("organization").annotate(first=Min("held_on"))
    alive = Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=guide.published_on)
    return (
        scoped(PartyOrganization.objects.all(), user)
        .filter(alive, kind__in=BRANCH_KINDS, region__path__startswith=guide.region.path)
        .annotate(held=Exists(took_up), held_on=Subquery(first.values("first")[:1]))
        .select_related("region")
        .order_by("-held", "path")
    )


def guide_counts(organizations: QuerySet) -> dict:
    """Two COUNTs: aggregate(filter=Q(held=True)) is compiled over a subquery that drops
    the ``held`` annotation (SQLite then reads "held" as a string and counts none)."""
    return {"total": organizations.count(), "held": organizations.filter(held=True).count()}


# --- 谈心谈话 ---------------------------------------------------------------------------


def talks(*, user, year: int) -> QuerySet:
    return scoped(
        Talk.objects.filter(held_on__range=year_bounds(year)).select_related(
            "organization", "first", "second"
        ),
        user,
    ).order_by("-held_on", "-id")


def talk_coverage(*, user, year: int) -> QuerySet:
    """Per organization: its members, and those in at least one talk that year."""
    talked = Talk.objects.filter(
        Q(first=OuterRef("pk")) | Q(second=OuterRef("pk")), held_on__range=year_bounds(year)
    )
    return (
        scoped(Member.objects.all(), user)
        .annotate(talked=Exists(talked))
        .values(*ORG_FIELDS)
        .annotate(members=Count("id"), talked_members=Count("id", filter=Q(talked=True)))
        .order_by("organization__path")
    )


# --- 民主评议, 限期改正, 不计入应到会人数 --------------------------------------------------


def appraisal_counts(*, user, year: int) -> QuerySet:
    """Per organization: members graded that year, by grade."""
    per_grade = {grade: Count("id", filter=Q(grade=grade)) for grade in Grade.values}
    return (
        scoped(Appraisal.objects.filter(year=year), user)
        .values(*ORG_FIELDS)
        .annotate(total=Count("id"), **per_grade)
        .order_by("organization__path")
    )


def grade_totals(appraisals: QuerySet) -> dict:
    per_grade = {grade: Count("id", filter=Q(grade=grade)) for grade in Grade.values}
    return appraisals.order_by().aggregate(total=Count("id"), **per_grade)


def open_corrections(*, user) -> QuerySet:
    return (
        scoped(CorrectionCase.objects.filter(outcome=CorrectionOutcome.OPEN), user)
        .select_related("member__organization", "appraisal")
        .order_by("due_on", "id")
    )


def closed_corrections(*, user) -> QuerySet:
    return (
        scoped(CorrectionCase.objects.exclude(outcome=CorrectionOutcome.OPEN), user)
        .select_related("member__organization", "appraisal")
        .order_by("-closed_on", "-id")
    )


def current_exclusions(*, user, on: datetime.date) -> QuerySet:
    return (
        scoped(QuorumExclusion.objects.filter(starts_on__lte=on), user)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("member__organization")
        .order_by("member__organization__path", "member__name", "starts_on")
    )
