"""run_scheduler runs the jobs the apps registered (slot scheduled_jobs), each when due."""

from io import StringIO

import pytest
from django.core.management import call_command

from liangxin.core.contributions import Entry, slot
from liangxin.core.schedule import Cadence, ScheduledJob, frequent_jobs, tick_jobs


@pytest.fixture
def only(monkeypatch):
    def replace(*jobs):
        monkeypatch.setattr(slot("scheduled_jobs"), "entries", [Entry("tests", j) for j in jobs])

    return replace


def test_the_apps_register_their_jobs():
    registered = [(entry.app_label, entry.item.name) for entry in slot("scheduled_jobs").entries]
    assert registered == [
        ("coverage", "coverage.monthly_snapshot"),
        ("ledger", "ledger.dead_jobs"),
        ("ledger", "ledger.file_retention"),
        ("mobility", "mobility.letter_expiry"),
        ("campaigns", "campaigns.daily_progress"),
    ]


def test_a_tick_runs_the_frequent_jobs_first():
    assert [job.label for job in frequent_jobs()] == ["台账任务心跳"]
    assert [job.label for job in tick_jobs()] == [
        "台账任务心跳",
        "两个覆盖月度快照",
        "台账文件保存期限",
        "组织关系介绍信有效期",
        "专项行动每日进度",
    ]


@pytest.mark.django_db
def test_each_job_that_did_something_is_printed_with_its_label(only):
    ran = []
    only(
        ScheduledJob("tests.quiet", "无事可做", lambda: ran.append("quiet") or []),
        ScheduledJob("tests.busy", "有事可做", lambda: ran.append("busy") or ["2 件", "3 件"]),
    )
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert ran == ["quiet", "busy"]
    assert out.getvalue() == "有事可做：已完成 2 件、3 件\n"


def test_a_frequent_job_is_also_run_between_ticks(only, monkeypatch):
    from liangxin.core.management.commands import run_scheduler

    ran = []
    only(
        ScheduledJob("tests.often", "常查", lambda: ran.append("often") or [], Cadence.FREQUENT),
        ScheduledJob("tests.hourly", "每小时", lambda: ran.append("hourly") or []),
    )
    command = run_scheduler.Command()
    command.tick()
    command.frequent()
    assert ran == ["often", "hourly", "often"]
