"""Auto items (WORK.md §3 "Items are auto"): scored from what the platform holds, never
typed by the organization. An auto item earns its points when its source says the
organization meets it on the day, none otherwise, and the score keeps the sentence that
says why (ItemScore.auto_note); a reviewer who corrects it writes the reason.

The sources are the checklist sources every app contributes (core.checklist_sources:
members, development, mobility, dues ledger, term, secretary, posts, organization life's
``life.meetings_held``) plus two this app computes from standards: the year's checklist
达标 and no overdue rectification. Each answers for a queryset of organizations with one
aggregate query. Keys in ``PLANNED`` name sources the platform does not hold yet: until an
app contributes one, its items are scored by people like assessed ones.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from liangxin.core.checklist_sources import ChecklistSource, checklist_sources
from liangxin.standards.models import ChecklistResult, Rectification, ResultStatus


def checklist_met(organizations: QuerySet, as_of: datetime.date) -> set[int]:
    met = ChecklistResult.objects.filter(
        organization_id=OuterRef("pk"), year=as_of.year, status=ResultStatus.MET
    )
    return set(organizations.filter(Exists(met)).values_list("id", flat=True))


def no_overdue_rectification(organizations: QuerySet, as_of: datetime.date) -> set[int]:
    overdue = Rectification.objects.overdue(as_of).filter(organization_id=OuterRef("pk"))
    return set(organizations.exclude(Exists(overdue)).values_list("id", flat=True))


OWN = [
    ChecklistSource(
        "standards.checklist", "标准化清单达标", checklist_met, "本年度标准化清单尚未认定达标"
    ),
    ChecklistSource(
        "standards.rectifications",
        "督查整改按期销号",
        no_overdue_rectification,
        "有逾期未销号的整改事项",
    ),
]

# Named by rubrics before an app computes them: an item naming one is scored by people until
# its app contributes the source (requests.on_time and training.coverage now are).
PLANNED: dict[str, str] = {}


def sources() -> dict[str, ChecklistSource]:
    return {**checklist_sources(), **{source.key: source for source in OWN}}


def source_for(key: str) -> ChecklistSource | None:
    return sources().get(key) if key else None


def known_keys() -> dict[str, str]:
    """Every key an auto item may name, with its label (planned ones included)."""
    return {**PLANNED, **{key: source.label for key, source in sources().items()}}


def label(key: str) -> str:
    return known_keys().get(key, key)


@dataclass(frozen=True)
class AutoScore:
    score: object  # Decimal: the item's points or 0
    note: str


def met_ids(source: ChecklistSource, organizations: QuerySet, as_of: datetime.date) -> set[int]:
    return source.met(organizations, as_of)


def auto_scores(items, organizations: QuerySet, as_of: datetime.date) -> dict:
    """{(organization id, item id): AutoScore} for the items whose source the platform
    holds: one query per distinct source, whatever the number of organizations."""
    ids = list(organizations.values_list("id", flat=True))
    found, met_by_key = {}, {}
    for item in items:
        source = source_for(item.auto_source)
        if source is None:
            continue
        if source.key not in met_by_key:
            met_by_key[source.key] = met_ids(source, organizations, as_of)
        met = met_by_key[source.key]
        for organization_id in ids:
            found[organization_id, item.pk] = _score(item, source, organization_id in met, as_of)
    return found


def _score(item, source: ChecklistSource, met: bool, as_of: datetime.date) -> AutoScore:
    if met:
        return AutoScore(item.max_points, f"平台数据（截至 {as_of:%Y-%m-%d}）：{source.label}")
    return AutoScore(0, f"平台数据（截至 {as_of:%Y-%m-%d}）：{source.missing}")
