"""The checklist item the platform answers from organization life (core.checklist_sources):
"按期召开会议" — every meeting owed so far this year was held."""

import datetime

from django.db.models import F, Q, QuerySet

from liangxin.core.checklist_sources import ChecklistSource
from liangxin.life import compliance


def meetings_held(organizations: QuerySet, as_of: datetime.date) -> set[int]:
    """Ids of the organizations with no owed period of any kind (谈心谈话 included) missed
    this year: every kind's counts in one query (compliance.kind_annotations)."""
    windows = compliance.windows_for(as_of.year, as_of)
    bounds, counts = compliance.kind_annotations(windows)
    behind_any = Q()
    for kind in windows:
        behind_any |= Q(**{f"held_{kind}__lt": F(f"due_{kind}")})
    behind = organizations.annotate(**bounds).annotate(**counts).filter(behind_any)
    return set(organizations.values_list("id", flat=True)) - set(
        behind.values_list("id", flat=True)
    )


SOURCES = [
    ChecklistSource(
        key="life.meetings_held",
        label="按期召开三会一课和主题党日",
        met=meetings_held,
        missing="本年度有应召开的会议未召开（见组织生活落实情况）",
    )
]
