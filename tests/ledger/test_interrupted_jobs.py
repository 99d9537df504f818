"""Jobs whose worker died end ``interrupted`` (issue 12), instead of ``running`` forever.

A running job renews a lease (``heartbeat_at`` on its row, a beat file on SQLite
whose write phase hides row updates); ``services.jobs_interrupt_stale`` ends the
jobs whose lease expired, checked when ``db_worker`` starts and after each task,
by ``run_scheduler`` and when the job's page is opened. Nothing was written (the
import's one transaction died with its process) and the page offers a new run.
"""

import datetime
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from liangxin.core.identifiers import make_uscc
from liangxin.enterprises.models import Enterprise
from liangxin.ledger import heartbeat, services, tasks
from liangxin.ledger.models import ExportJob, ImportJob, JobStatus
from tests.ledger.helpers import csv_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HEADERS = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"]


def rows(count: int) -> list[list[str]]:
    rng = random.Random(12)
    usccs = {make_uscc(rng, area_code="350599") for _ in range(count * 2)}
    return [
        [uscc, f"中断测试企业{i}", "CJ-A1-01", "在营", "5"]
        for i, uscc in enumerate(sorted(usccs)[:count])
    ]


def stored_job(user, count=3) -> ImportJob:
    return services.import_job_create(
        user=user,
        kind="enterprises",
        file_name="台账.csv",
        data=csv_bytes([HEADERS, *rows(count)]),
        store=True,
    )


def running_since(job, seconds_ago: int):
    """The row a worker left when it died ``seconds_ago`` after its last beat."""
    then = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    type(job).objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=then, progress_at=then, started_at=then
    )
    job.refresh_from_db()
    return job


def test_a_job_whose_lease_expired_is_interrupted_and_a_live_one_is_not(world, settings):
    settings.LEDGER_JOB_LEASE_SECONDS = 120
    dead = running_since(stored_job(world.user("town_a_admin")), 600)
    alive = running_since(stored_job(world.user("town_a_admin")), 30)
    assert services.jobs_interrupt_stale() == 1
    dead.refresh_from_db(), alive.refresh_from_db()
    assert dead.status == JobStatus.INTERRUPTED and dead.is_finished
    assert "已中断" in dead.message and "没有写入任何数据" in dead.message
    assert dead.finished_at is not None
    assert alive.status == JobStatus.RUNNING


def test_a_fresh_beat_file_keeps_a_job_alive(world):
    """SQLite's write phase updates no row that others see: the file is the beat."""
    job = running_since(stored_job(world.user("town_a_admin")), 600)
    path = heartbeat.beat_path(ImportJob, job.pk)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    assert services.jobs_interrupt_stale() == 0
    os.utime(path, (time.time() - 600, time.time() - 600))
    assert services.jobs_interrupt_stale() == 1


def test_the_heartbeat_beats_during_a_phase_without_progress(world):
    job = running_since(stored_job(world.user("town_a_admin")), 600)
    with heartbeat.Heartbeat(job, interval=0.05):
        time.sleep(0.3)  # a long phase: no progress report at all
        assert not services.lease_expired(ImportJob.objects.get(pk=job.pk))
    assert not heartbeat.beat_path(ImportJob, job.pk).exists()  # gone with the job's end


def test_the_claim_records_the_lease_and_the_worker(world):
    job = stored_job(world.user("town_a_admin"))
    tasks.run_import_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.heartbeat_at is not None and job.worker.endswith(f":{os.getpid()}")


def test_the_scheduler_interrupts_dead_jobs(world):
    job = running_since(stored_job(world.user("town_a_admin")), 3600)
    call_command("run_scheduler", "--once")
    job.refresh_from_db()
    assert job.status == JobStatus.INTERRUPTED


@pytest.mark.django_db(transaction=True)  # the worker commits and closes connections itself
def test_the_worker_interrupts_dead_jobs_when_it_starts(world, settings):
    user = world.user("town_a_admin")
    job = running_since(ExportJob.objects.create(kind="enterprises", user=user), 3600)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.INTERRUPTED and "导出已中断" in job.message


def test_the_page_says_interrupted_and_runs_the_file_again(world, login):
    user = world.user("town_a_admin")
    job = running_since(stored_job(user), 3600)
    client = login("town_a_admin")
    page = client.get(reverse("ledger:job", args=[job.pk])).content.decode()
    assert "任务已中断" in page and "没有写入任何数据" in page
    assert reverse("ledger:job-rerun", args=[job.pk]) in page and "重新上传" in page
    response = client.post(reverse("ledger:job-rerun", args=[job.pk]))
    again = ImportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("ledger:job", args=[again.pk])
    assert again.status == JobStatus.DONE and again.created == 3
    # Someone else's interrupted job does not exist for this user.
    other = login("town_b_admin").post(reverse("ledger:job-rerun", args=[job.pk]))
    assert other.status_code == 404


CHILD = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from liangxin.ledger import services, tasks
    from liangxin.ledger.pipeline import WRITING

    report = services.JobProgress.__call__

    def stall_while_writing(progress, stage, done, total):
        report(progress, stage, done, total)
        if stage == WRITING:
            print("writing", flush=True)
            time.sleep(600)  # killed here, its rows written but not committed

    services.JobProgress.__call__ = stall_while_writing
    tasks.run_import_job.call(int(sys.argv[1]))
    """
)


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_nothing_written_and_the_job_runs_again(world, settings, tmp_path):
    """A real process runs the job, is SIGKILLed while writing; the check ends the job
    ``interrupted``, nothing was written, and a new run succeeds."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "the SQLite test database lives in this process's memory: no second process sees it"
        )
    user = world.user("town_a_admin")
    job = stored_job(user, count=200)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    env["DJANGO_SETTINGS_MODULE"] = "liangxin.settings"
    script = tmp_path / "worker.py"
    script.write_text(CHILD)
    child = subprocess.Popen(
        [sys.executable, str(script), str(job.pk)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "writing"
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING and job.worker.endswith(f":{child.pid}")
        assert services.jobs_interrupt_stale() == 0  # alive: its lease is fresh
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert not Enterprise.objects.filter(name__startswith="中断测试企业").exists()
    later = timezone.now() + datetime.timedelta(seconds=settings.LEDGER_JOB_LEASE_SECONDS + 1)
    assert services.jobs_interrupt_stale(now=later) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.INTERRUPTED
    assert not Enterprise.objects.filter(name__startswith="中断测试企业").exists()

    again = services.import_job_rerun(job=job)
    tasks.run_import_job.call(again.pk)
    again.refresh_from_db()
    assert (again.status, again.created) == (JobStatus.DONE, 200)
    assert Enterprise.objects.filter(name__startswith="中断测试企业").count() == 200
