"""What the platform itself knows about an organization, for the auto items of a checklist
(standards): "has a roster of members", "kept its dues ledger", "held its meetings".

Each app that holds such records contributes sources from its own ``AppConfig.ready()``
(core.contributions, slot ``checklist_sources``), keyed ``<app>.<name>``; a checklist item
names its key (``ChecklistItem.auto_source``). The standards app sits above most apps and
contributes the ones it can compute from below; an app below it — organization life with
``life.meetings_held`` — contributes its own here, since it cannot import standards::

    contribute(self, checklist_sources=[ChecklistSource(
        key="life.meetings_held", label="按期召开会议", met=meetings_held,
        missing="本期应召开的会议未全部召开",
    )])

``met(organizations, as_of)`` answers with aggregate queries, never a loop over
organizations: the ids (a set) of those in the queryset that meet the item on ``as_of``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from liangxin.core.contributions import slot

Met = Callable[[QuerySet, datetime.date], set[int]]


@dataclass(frozen=True)
class ChecklistSource:
    key: str
    label: str
    met: Met
    missing: str  # why an organization does not meet it, in words a secretary acts on


def checklist_sources() -> dict[str, ChecklistSource]:
    """Every contributed source by key (a later contribution of a key replaces an earlier)."""
    return {source.key: source for source in slot("checklist_sources")}
