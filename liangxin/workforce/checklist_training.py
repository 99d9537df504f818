"""The auto item "党员教育培训覆盖" (``training.coverage``, named by the seeded rubrics of
liangxin.ratings; core.checklist_sources).

An organization meets it on ``as_of`` when it has at least one party worker in post
(``PartyWorker.organization``) during ``as_of``'s year and every one of them attended at
least ``training.min_sessions_per_year`` trainings [L:张家港] that began in that year on or
before ``as_of``. An organization with no party worker recorded does not meet it: there is
nothing to show for it (as the dues source asks for a ledger). ``missing_workers`` names
those still missing, for the pages that say who."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from liangxin.core.checklist_sources import ChecklistSource
from liangxin.workforce.models_people import PartyWorker
from liangxin.workforce.selectors_training import in_post_during, min_sessions


def _attended_by(as_of: datetime.date) -> Q:
    return Q(
        attendance__training__starts_on__year=as_of.year,
        attendance__training__starts_on__lte=as_of,
    )


def _workers_of(organization, as_of: datetime.date) -> QuerySet:
    return PartyWorker.objects.filter(in_post_during(as_of.year), started_on__lte=as_of).filter(
        organization=organization
    )


def _lacking(workers: QuerySet, as_of: datetime.date) -> QuerySet:
    return workers.annotate(done=Count("attendance", filter=_attended_by(as_of))).filter(
        done__lt=min_sessions()
    )


def trained_every_worker(organizations: QuerySet, as_of: datetime.date) -> set[int]:
    """Ids of the organizations whose every party worker in post trained this year."""
    workers = _workers_of(OuterRef("pk"), as_of)
    return set(
        organizations.filter(Exists(workers))
        .exclude(Exists(_lacking(workers, as_of)))
        .order_by()
        .values_list("id", flat=True)
    )


def missing_workers(organization, as_of: datetime.date) -> list[str]:
    """The names of the organization's party workers not yet trained enough this year."""
    lacking = _lacking(_workers_of(organization, as_of), as_of)
    return list(lacking.order_by("name", "id").values_list("name", flat=True))


def reason(organization, as_of: datetime.date) -> str:
    """Why the organization does not meet the item, naming the people."""
    names = missing_workers(organization, as_of)
    if names:
        return f"{as_of.year}年尚未参加培训的党务工作者：{'、'.join(names)}"
    if not _workers_of(organization, as_of).exists():
        return "未登记本组织的党务工作者（书记、专兼职党务工作者）"
    return ""


SOURCES = [
    ChecklistSource(
        key="training.coverage",
        label="党员教育培训覆盖",
        met=trained_every_worker,
        missing=(
            "本年度有党务工作者（书记、专兼职党务工作者）尚未参加培训，或未登记党务工作者："
            "请在“培训覆盖”页查看未参训名单并安排培训、登记参训记录"
        ),
    )
]
