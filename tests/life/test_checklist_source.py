"""A checklist's "三会一课" item is filled from the meetings already recorded (WORK.md §2:
evidence the platform holds is computed, never uploaded)."""

import datetime

from liangxin.life.models import Meeting, MeetingKind
from liangxin.organizations.models import PartyOrganization
from liangxin.standards.auto import met_by_item
from liangxin.standards.models import ChecklistItem

FEBRUARY = datetime.date(2026, 2, 1)  # only January's monthly meetings are owed yet


def test_the_meetings_item_is_met_by_the_branch_that_held_them(world):
    Meeting.objects.create(
        organization=world.org_a,
        kind=MeetingKind.THEME_DAY,
        held_on=datetime.date(2026, 1, 15),
        topic="一月主题党日",
    )
    items = list(ChecklistItem.objects.filter(auto_source="life.meetings_held"))
    assert items, "the default templates name the meetings item"
    met = met_by_item(items, PartyOrganization.objects.all(), FEBRUARY)
    for item in items:
        assert world.org_a.pk in met[item.pk]
        assert world.org_b.pk not in met[item.pk]  # no theme day in January
