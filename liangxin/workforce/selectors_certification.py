"""Reads of certification, honours and allowances (WORK.md §4), all through scoped()."""

import datetime

from django.db.models import Q

from liangxin.core.roles import Role
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.workforce.models_people import (
    Allowance,
    AllowanceKind,
    AllowanceRule,
    Certification,
    CertificationLevel,
    CertLevel,
    CertState,
    Honour,
    IssuerLevel,
    PartyWorker,
)

# 初 < 中 < 高 < 特: the order of the levels (the choices are declared in that order).
LEVEL_ORDER = list(CertLevel.values)
IN_PROGRESS = (
    CertState.APPLIED,
    CertState.QUALIFIED,
    CertState.TESTED,
    CertState.REVIEWED,
    CertState.PUBLICIZED,
)


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level)


def level_below(level: str) -> str | None:
    rank = level_rank(level)
    return LEVEL_ORDER[rank - 1] if rank else None


def is_district_admin(user) -> bool:
    return user.is_authenticated and user.role == Role.DISTRICT_ADMIN


def valid_on(certification: Certification, day: datetime.date) -> bool:
    """In force on ``day``: issued, ``issued_on <= day <= valid_until`` (both ends count: a
    certificate expiring on the day of a check is still valid that day), not suspended or
    revoked."""
    return (
        certification.state == CertState.ISSUED
        and certification.issued_on is not None
        and certification.issued_on <= day <= certification.valid_until
    )


def valid_q(day: datetime.date, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}state": CertState.ISSUED,
            f"{prefix}issued_on__lte": day,
            f"{prefix}valid_until__gte": day,
        }
    )


def holds_level(worker: PartyWorker, level: str, day: datetime.date) -> bool:
    return worker.certifications.filter(valid_q(day), level=level).exists()


def level_settings() -> dict[str, CertificationLevel]:
    return {row.level: row for row in CertificationLevel.objects.all()}


def district_issues(issuer_level: str) -> bool:
    """The district issues what its own level certifies; higher levels it only records."""
    return issuer_level == IssuerLevel.DISTRICT


# --- lists ----------------------------------------------------------------------------------


def certification_list(*, user, level="", state="", year=None, region=None):
    rows = scoped(Certification.objects.select_related("worker", "worker__region"), user)
    if level:
        rows = rows.filter(level=level)
    if state:
        rows = rows.filter(state=state)
    if year:
        rows = rows.filter(applied_on__year=year)
    if region is not None:
        rows = rows.filter(worker__region__path__startswith=region.path)
    return rows.order_by("-applied_on", "-id")


def certification_detail(*, user, pk) -> Certification:
    return get_scoped_or_404(
        Certification.objects.select_related("worker", "worker__region"), user, pk=pk
    )


def worker_choices(*, user):
    return scoped(PartyWorker.objects.select_related("region"), user).order_by("name", "id")


def honour_list(*, user, level="", year=None):
    rows = scoped(Honour.objects.select_related("worker", "organization"), user)
    if level:
        rows = rows.filter(level=level)
    if year:
        rows = rows.filter(awarded_on__year=year)
    return rows.order_by("-awarded_on", "-id")


def allowance_rules(*, user):
    return scoped(AllowanceRule.objects.all(), user).order_by(
        "kind", "cert_level", "-effective_from"
    )


def allowance_list(*, user, year: int, region=None, kind=""):
    rows = scoped(Allowance.objects.select_related("worker", "worker__region", "rule"), user)
    rows = rows.filter(year=year)
    if region is not None:
        rows = rows.filter(worker__region__path__startswith=region.path)
    if kind in AllowanceKind.values:
        rows = rows.filter(kind=kind)
    return rows.order_by("worker__region__path", "worker__name", "worker_id", "kind")
