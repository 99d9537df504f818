"""The campaigns suite's worker on the small world: the daily job's recorded figures, the naive
per-region reference and the province root must agree figure for figure, and a progress row
that is wrong is caught; the funding plan's county, counties and province agree."""

import pytest
from django.utils import timezone

from liangxin.campaigns.models import CampaignProgress
from liangxin.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    from bench import campaigns_worker

    return campaigns_worker


def test_daily_job_figures_equal_the_naive_reference(world, worker):
    today = timezone.localdate()
    counties = list(Region.objects.filter(depth=1).order_by("path"))
    results = worker.campaigns_part(worker.province_user(), counties, today)
    assert results["campaigns"] == 2 and results["targets"] == 12
    assert results["job_campaigns"] == 2 and results["measure_calls"] == 12
    assert results["agrees"] and results["root_agrees"], results["mismatches"]
    # 川姜纺织 and 开发区机械 are covered by their branches, 川姜电子 only by an instructor.
    assert results["root_figures"]["org_coverage"] == [2, 3]
    assert results["root_figures"]["work_coverage"] == [3, 3]


def test_a_wrong_progress_row_is_caught(world, worker):
    today = timezone.localdate()
    counties = list(Region.objects.filter(depth=1).order_by("path"))
    campaigns, _ = worker.create_campaigns(worker.province_user(), counties, today)
    worker.run_daily_job(today)
    row = CampaignProgress.objects.get(
        target__region=world.district, target__indicator="org_coverage", on=today
    )
    row.numerator += 1
    row.save()
    reference, _ = worker.naive_reference(campaigns, today)
    job = worker.recorded(campaigns, today)
    wrong = [key for key in reference if reference[key] != job[key]]
    assert wrong == [(row.target.campaign_id, world.district.pk, "org_coverage")]


def test_funding_plan_of_a_county_every_county_and_the_province(world, worker):
    counties = list(Region.objects.filter(depth=1).order_by("path"))
    results = worker.funding_part(worker.province_user(), counties)
    assert results["county"] == world.district.name
    assert results["county_lines"] == results["province_lines"] == 2  # ORG-A and ORG-B
    assert results["province_total"] == "2000.00"
    assert results["funding_agrees"]
