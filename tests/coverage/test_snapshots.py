"""Monthly snapshots (idempotent per month) and "since last month" deltas."""

import datetime

from django.core.management import call_command

from liangxin.coverage.models import CoverageSnapshot
from liangxin.coverage.selectors import coverage_counts, since_last_month
from liangxin.coverage.services import snapshot_take
from tests import factories as f
from tests.coverage.conftest import TODAY

LAST_MONTH = datetime.date(2026, 10, 31)


class TestSnapshots:
    def test_every_region_gets_one_row_per_month(self, ledger):
        from liangxin.regions.models import Region

        written = snapshot_take(on=TODAY)
        assert written == Region.objects.count()
        county = CoverageSnapshot.objects.get(region=ledger["county"], month=TODAY.replace(day=1))
        expected = coverage_counts(region=ledger["county"], on=TODAY)
        assert {k: tuple(v) for k, v in county.figures.items()} == expected
        # Covering, not dissolved: P, O1, O2, J1, J2, S1.
        assert county.organizations == 6

    def test_running_twice_in_a_month_keeps_one_row_with_the_latest_figures(self, ledger):
        snapshot_take(on=TODAY)
        f.EnterpriseFactory(region=ledger["town2"])
        snapshot_take(on=TODAY)
        rows = CoverageSnapshot.objects.filter(region=ledger["town2"], category="enterprise")
        assert rows.count() == 1
        assert rows.get().figures["org_coverage"] == [1, 2]

    def test_command_writes_every_category(self, ledger, capsys):
        call_command("snapshot_stats")
        assert set(CoverageSnapshot.objects.values_list("category", flat=True)) == {
            "enterprise",
            "social",
            "individual",
        }
        assert "已写入" in capsys.readouterr().out


class TestSinceLastMonth:
    def test_no_history_means_no_delta(self, ledger):
        assert since_last_month(region=ledger["county"], on=TODAY) is None

    def test_deltas_against_last_months_snapshot(self, ledger):
        snapshot_take(on=LAST_MONTH)
        # Since then: a new branch covers the enterprise with only an instructor.
        f.organization("NEW", "新支部", region=ledger["town1"], covers=[ledger["instructor_only"]])
        delta = since_last_month(region=ledger["county"], on=TODAY)
        assert delta["month"] == "2026-10-01"
        assert delta["organizations"] == 1
        org = delta["indicators"]["org_coverage"]
        assert org["numerator"] == 1 and org["denominator"] == 0
        # 6/14 = 42.9% → 7/14 = 50.0%: +7.1 points.
        assert org["rate_points"] == 7.1


class TestSchedule:
    def test_scheduler_takes_the_months_snapshot_once(self, ledger, capsys):
        call_command("run_scheduler", "--once")
        assert "两个覆盖月度快照" in capsys.readouterr().out
        count = CoverageSnapshot.objects.count()
        call_command("run_scheduler", "--once")
        assert capsys.readouterr().out == ""
        assert CoverageSnapshot.objects.count() == count
