"""The demo town's trainings (demo_training.py, after demo_workers.py): most but not all
party workers trained this year, the coverage page names the rest; the newest secretary
took 初任培训, the other new one is overdue on the town's to-do list."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from liangxin.regions.models import Region
from liangxin.workforce import selectors_training as sel
from liangxin.workforce.models_people import PartyWorker, Training, TrainingKind, WorkerRole

pytestmark = pytest.mark.django_db


def test_the_demo_town_has_trainings_and_names_who_is_missing(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command(
        "seed_demo", "--scale", "small", "--seed", "7", stdout=StringIO(), stderr=StringIO()
    )
    today = timezone.localdate()
    sessions = Training.objects.filter(starts_on__year=today.year)
    assert sessions.count() == 3
    town = sessions.first().region
    assert Region.objects.filter(pk=town.pk, kind__in=["town", "park"]).exists()
    from liangxin.accounts.models import User

    admin = User.objects.filter(role="district_admin").first()
    _rows, total = sel.coverage(user=admin, year=today.year, region=town)
    missing = list(sel.untrained(user=admin, year=today.year, region=town))
    assert 0 < total.trained < total.workers
    assert len(missing) == total.workers - total.trained
    initial = sessions.get(kind=TrainingKind.INITIAL)
    secretaries = PartyWorker.objects.filter(
        role=WorkerRole.SECRETARY, region__path__startswith=town.path
    ).order_by("-started_on")
    newest, second = secretaries[0], secretaries[1]
    assert list(initial.attendance.values_list("worker", flat=True)) == [newest.pk]
    assert list(sel.initial_overdue(user=admin, today=today)) == [second]
    assert list(sel.initial_due(user=admin, today=today)) == []
