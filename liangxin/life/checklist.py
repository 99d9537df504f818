"""The checklist item the platform answers from organization life (core.checklist_sources):
"按期召开会议" — every meeting owed so far this year was held."""

import datetime

from django.db.models import F, QuerySet

from liangxin.core.checklist_sources import ChecklistSource
from liangxin.life import compliance


def meetings_held(organizations: QuerySet, as_of: datetime.date) -> set[int]:
    """Ids of the organizations with no owed period of any kind (谈心谈话 included) missed
    this year."""
    months = compliance.frequencies()
    behind = set()
    for kind in compliance.KINDS:
        window = compliance.window_for(kind, as_of.year, as_of, months[kind])
        rows = compliance.organizations_with_counts(organizations, kind, window)
        behind.update(rows.filter(held__lt=F("due")).values_list("id", flat=True))
    return set(organizations.values_list("id", flat=True)) - behind


SOURCES = [
    ChecklistSource(
        key="life.meetings_held",
        label="按期召开三会一课和主题党日",
        met=meetings_held,
        missing="本年度有应召开的会议未召开（见组织生活落实情况）",
    )
]
