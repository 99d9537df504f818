"""The demo town's talent pool and partner group (demo_pool.py, after demo_workers.py)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from liangxin.workforce import selectors_pool as selectors
from liangxin.workforce.models_people import (
    PartnerGroup,
    PartyWorker,
    Placement,
    PoolEntry,
    PoolState,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_meeting_with_hires_and_a_group_of_the_towns_secretaries(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--seed", "7", stdout=out, stderr=StringIO())
    assert {e.channel for e in PoolEntry.objects.all()} == {"internal", "external", "assigned"}
    meeting = f"{timezone.localdate().year}年红色见面会"
    placed = Placement.objects.filter(event=meeting)
    assert (placed.count(), placed.filter(hired=True).count()) == (6, 4)
    assert placed.filter(in_management=True).count() == 2
    assert PoolEntry.objects.filter(state=PoolState.APPOINTED).count() == 4
    group = PartnerGroup.objects.get()
    assert group.leader.pioneer_craftsman and group.leader.station_id
    assert group.leader not in group.members.all()
    assert set(group.members.values_list("role", flat=True)) == {"secretary"}
    town_secretaries = PartyWorker.objects.filter(
        role="secretary", region__path__startswith=group.region.path
    )
    assert group.members.count() == town_secretaries.count() == 12
    # [L:张家港] 10–20 secretaries: the demo town's 12 are inside the range, no warning.
    assert selectors.size_rule().warning(group.members.count()) == ""
    assert selectors.missing_kinds(group) == []
