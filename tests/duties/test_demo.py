"""The demo's 责任落实 (slot demo_seeders): last year's commitments and 述职 of the demo
town (one organization short of a report, so the not-reported list has a name), the
district's member units with tasks, progress, year-end 述职 and one frozen 晾晒会; a
second run writes nothing more."""

from liangxin.demo.accounts import DemoAnchors
from liangxin.duties import demo
from liangxin.duties.models import (
    Commitment,
    DutyReport,
    MemberUnit,
    Showcase,
    UnitReview,
    UnitTaskProgress,
)
from tests import factories as f


def test_the_world_gets_commitments_reports_and_units(world):
    f.account("town_admin", "town_admin", regions=[world.town_a])
    f.account("district_admin", "district_admin", regions=[world.district])
    anchors = DemoAnchors(
        county=world.district.code,
        town=world.town_a.code,
        grid=world.grid_a.code,
        secretary_organization=world.org_a.code,
        instructor_id=None,
    )
    assert demo.seed(anchors, 7) > 0
    assert Commitment.objects.filter(organization=world.org_a).exists()
    assert DutyReport.objects.filter(organization=world.org_a).count() == 1  # 1 of 2
    assert DutyReport.objects.get().grade != ""
    assert MemberUnit.objects.filter(region=world.district).count() == 5
    assert UnitTaskProgress.objects.count() == 5 * 2 * 4
    assert UnitReview.objects.count() == 5
    showcase = Showcase.objects.get()
    assert showcase.frozen_at is not None and showcase.rows.count() == 5
    assert demo.seed(anchors, 7) == 0


def test_seed_demo_writes_the_demo_towns_duties(db, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from liangxin.duties import selectors

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command(
        "seed_demo", "--scale", "small", "--seed", "7", stdout=StringIO(), stderr=StringIO()
    )
    assert Commitment.objects.exists() and DutyReport.objects.exists()
    year = Commitment.objects.first().year
    assert Showcase.objects.get().rows.count() == MemberUnit.objects.count() == 5
    # The demo town's list of who has not reported has names, not every organization.
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="town_admin")
    missing = selectors.missing(user=admin, year=year)
    assert 0 < missing.count() < selectors.reporting_organizations(user=admin).count()
