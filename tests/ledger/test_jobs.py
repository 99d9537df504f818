"""Import and export jobs: the job row, history, cancellation, keep-good, encryption, retention."""

import datetime
import hashlib
import io
import json
import os
import random
from pathlib import Path

import pytest
import python_calamine
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from liangxin.core.identifiers import make_uscc
from liangxin.enterprises.models import Enterprise
from liangxin.ledger import services, storage, tasks, views
from liangxin.ledger.models import ImportJob, JobStatus
from liangxin.ledger.pipeline import WRITING, ImportCancelled
from liangxin.members.models import Member
from tests import factories as f
from tests.ledger.helpers import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"]
NEW_USCC = "91350100M000100Y43"
GOOD_ROW = [NEW_USCC, "新建科技有限公司", "CJ-A1-01", "在营", "12"]


def job_from(response) -> ImportJob:
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def stored_job(user, data: bytes, *, dry_run=False, keep_good=False) -> ImportJob:
    return services.import_job_create(
        user=user,
        kind="enterprises",
        file_name="台账.csv",
        data=data,
        dry_run=dry_run,
        keep_good=keep_good,
        store=True,
    )


def test_the_job_row_records_who_which_file_and_the_counts(world, upload):
    data = csv_bytes([HEADERS, GOOD_ROW, ["坏代码", "坏", "CJ-A1-01", "在营", "1"]])
    _, response = upload("town_a_admin", "enterprises", "川姜台账.csv", data)
    job = job_from(response)
    assert job.user == world.user("town_a_admin") and job.file_name == "川姜台账.csv"
    assert job.sha256 == hashlib.sha256(data).hexdigest() and job.file_size == len(data)
    assert (job.rows_total, job.created, job.updated, job.unchanged, job.bad) == (2, 1, 0, 0, 1)
    assert job.finished_at is not None and job.status == JobStatus.DONE


def test_every_changed_record_carries_the_job_in_its_history(world):
    row = [world.ent_a.uscc, world.ent_a.name, "CJ-A1-01", "停产", "121"]
    job = stored_job(world.user("town_a_admin"), csv_bytes([HEADERS, row, GOOD_ROW]))
    tasks.run_import_job.call(job.pk)
    created = Enterprise.objects.get(uscc=NEW_USCC)
    for enterprise in (world.ent_a, created):
        entry = LogEntry.objects.filter(
            content_type__model="enterprise", object_pk=str(enterprise.pk)
        ).latest("timestamp")
        assert (
            entry.additional_data["job"] == job.pk and entry.additional_data["channel"] == "import"
        )


def test_a_cancel_while_writing_rolls_everything_back(world):
    job = stored_job(world.user("town_a_admin"), csv_bytes([HEADERS, GOOD_ROW]))
    watcher = services.JobProgress(job)

    def user_cancels_during_write(stage, done, total):
        if stage == WRITING:
            ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
        watcher(stage, done, total)

    data = storage.read(job.stored_file)
    assert services.import_job_run(job=job, data=data, progress=user_cancels_during_write) is None
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and "没有写入" in job.message
    assert not Enterprise.objects.filter(uscc=NEW_USCC).exists()
    assert not LogEntry.objects.filter(additional_data__job=job.pk).exists()


def test_a_job_cancelled_while_queued_never_runs(world):
    job = stored_job(world.user("town_a_admin"), csv_bytes([HEADERS, GOOD_ROW]))
    services.job_cancel(job=job)
    tasks.run_import_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert not Enterprise.objects.filter(uscc=NEW_USCC).exists()


def test_progress_is_throttled_and_raises_once_cancel_is_asked(world):
    job = stored_job(world.user("town_a_admin"), csv_bytes([HEADERS, GOOD_ROW]))
    now = [100.0]
    progress = services.JobProgress(job, clock=lambda: now[0])
    progress("校验", 0, 10_000)
    now[0] += 0.2
    progress("校验", 4_000, 10_000)  # within 0.5 s of the last write: not written
    job.refresh_from_db()
    assert (job.stage, job.rows_done, job.rows_total) == ("校验", 0, 10_000)
    now[0] += 0.8
    progress("校验", 5_000, 10_000)
    job.refresh_from_db()
    assert job.rows_done == 5_000 and job.rate == pytest.approx(5_000)
    assert job.seconds_left == 1 and job.percent == 50
    ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    progress("校验", 5_500, 10_000)  # throttled: not even looked at yet
    now[0] += 0.6
    with pytest.raises(ImportCancelled):
        progress("校验", 6_000, 10_000)


def test_keep_good_hands_back_exactly_the_bad_rows_with_a_reason_column(world):
    # The user's column order, an unknown column and an Excel date cell all come back as read.
    headers = [
        "备注",
        "职工人数",
        "企业名称",
        "统一社会信用代码",
        "所属区域代码",
        "经营状态",
        "成立日期",
    ]
    on = datetime.date(2020, 3, 5)
    rng = random.Random(5)
    rows = [
        ["好", 12, "新建科技有限公司", NEW_USCC, "CJ-A1-01", "在营", on],
        ["坏一", -1, "坏一有限公司", make_uscc(rng, area_code="350503"), "CJ-A1-01", "在营", on],
        [
            "坏二",
            5,
            "坏二有限公司",
            make_uscc(rng, area_code="350503"),
            "NO-SUCH",
            "倒闭",
            "2020-13-01",
        ],
    ]
    job = stored_job(world.user("town_a_admin"), xlsx_bytes([headers, *rows]), keep_good=True)
    tasks.run_import_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created, job.bad) == (JobStatus.DONE, 1, 2)
    assert Enterprise.objects.filter(uscc=NEW_USCC).exists()
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(storage.read(job.error_file)))
    header, *bad = book.get_sheet_by_index(0).to_python()
    assert header == [*headers, "错误原因"]
    assert [row[0] for row in bad] == ["坏一", "坏二"]
    assert bad[0][1] == -1 and bad[0][6] in (on, datetime.datetime.combine(on, datetime.time()))
    assert bad[1][4:7] == ["NO-SUCH", "倒闭", "2020-13-01"]
    assert bad[0][7] == "职工人数：不能为负数"
    reasons = bad[1][7].split("；")
    assert {reason.split("：")[0] for reason in reasons} == {"所属区域代码", "经营状态", "成立日期"}


def test_no_plaintext_id_number_or_phone_reaches_the_import_job_table(world, upload, login):
    new_number, other_number = f.id_number(), f.id_number()
    phone = "13912345678"
    members = [
        ["公民身份号码", "姓名", "所在党组织编码", "党员状态", "手机号码"],
        [new_number, "新党员", "ORG-A", "正式", phone],
        [other_number, "错组织", "NO-SUCH-ORG", "正式", "13800000000"],
        [new_number, "重复行", "ORG-A", "正式", ""],
        [world.member_a_id_number, "林晓红（改名）", "ORG-A", "正式", ""],
    ]
    client, response = upload("town_a_admin", "members", "党员.csv", csv_bytes(members))
    preview = job_from(response)
    assert preview.bad == 2 and preview.updated == 1
    client.post(reverse("ledger:job-confirm", args=[preview.pk]), {"keep_good": "on"})
    assert Member.objects.filter(id_number_digest__isnull=False).count() == 3
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ImportJob._meta.db_table}")
        table = json.dumps(cursor.fetchall(), default=str, ensure_ascii=False)
    secrets = [new_number, other_number, world.member_a_id_number, phone, "13800000000"]
    for secret in secrets:
        assert secret not in table
    for job in ImportJob.objects.all():
        for name in filter(None, (job.stored_file, job.error_file)):
            on_disk = (Path(storage.settings.MEDIA_ROOT) / name).read_bytes()
            assert all(secret.encode() not in on_disk for secret in secrets)


# The worker closes its database connection between tasks: a transactional test survives that.
@pytest.mark.django_db(transaction=True)
def test_a_large_file_waits_in_the_database_queue_for_the_worker(
    world, upload, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(views, "SYNC_IMPORT_BYTES", 0)
    client, response = upload(
        "town_a_admin", "enterprises", "a.csv", csv_bytes([HEADERS, GOOD_ROW])
    )
    job = job_from(response)
    assert job.status == JobStatus.QUEUED and job.task_id
    page = client.get(response["Location"]).content.decode()
    assert "排队中" in page and "hx-get" in page
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.created, job.dry_run) == (JobStatus.DONE, 1, True)


def test_files_go_with_their_job_and_after_the_retention_period(world, settings):
    job = stored_job(world.user("town_a_admin"), csv_bytes([HEADERS, GOOD_ROW, ["x"] * 5]))
    tasks.run_import_job.call(job.pk)
    job.refresh_from_db()
    upload_file, error_file = job.stored_file, job.error_file
    assert storage.exists(upload_file) and storage.exists(error_file)
    job.delete()
    assert not storage.exists(upload_file) and not storage.exists(error_file)

    old = stored_job(world.user("town_a_admin"), csv_bytes([HEADERS, GOOD_ROW]))
    path = Path(settings.MEDIA_ROOT) / old.stored_file
    long_ago = (timezone.now() - datetime.timedelta(days=8)).timestamp()
    ImportJob.objects.filter(pk=old.pk).update(
        started_at=timezone.now() - datetime.timedelta(days=8)
    )
    os.utime(path, (long_ago, long_ago))
    fresh = stored_job(world.user("town_a_admin"), csv_bytes([HEADERS, GOOD_ROW]))
    live_folder = Path(settings.MEDIA_ROOT) / "ledger" / "live"  # a crashed job's leftovers
    live_folder.mkdir(parents=True, exist_ok=True)
    (stale := live_folder / "importjob-999.cancel").touch()
    os.utime(stale, (long_ago, long_ago))
    (running := live_folder / "importjob-1000.json").write_text("{}")
    call_command("purge_ledger_files", verbosity=0)
    old.refresh_from_db()
    assert old.stored_file == "" and not path.exists()
    assert storage.exists(fresh.stored_file)
    assert not stale.exists() and running.exists()


def test_a_confirmed_preview_shares_its_file_until_both_are_gone(world):
    preview = stored_job(world.user("town_a_admin"), csv_bytes([HEADERS, GOOD_ROW]), dry_run=True)
    tasks.run_import_job.call(preview.pk)
    preview.refresh_from_db()
    real = services.import_job_confirm(preview=preview, keep_good=False)
    preview.delete()
    assert storage.exists(real.stored_file)
    real.delete()
    assert not storage.exists(real.stored_file)


def test_reading_a_csv_shows_a_total_estimated_from_its_lines(world):
    job = stored_job(world.user("town_a_admin"), csv_bytes([HEADERS, GOOD_ROW]))
    assert services.estimated_rows(csv_bytes([HEADERS, *[GOOD_ROW] * 9])) == 9
    assert services.estimated_rows(b"PK\x03\x04...") == 0
    services.JobProgress(job, expected_rows=20_000)("读取", 5_000, 0)
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total, job.percent) == (5_000, 20_000, 25)


@pytest.mark.django_db(transaction=True)
def test_while_writing_others_see_the_progress_and_a_cancel_does_not_wait(world, monkeypatch):
    """The write phase is one transaction. Its progress must still reach the page that
    polls the job (another connection), and the user's cancel must not wait for the
    import to end. SQLite has one writer: there the job row follows the transaction."""
    import threading

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: progress is written in the import's transaction")
    job = stored_job(world.user("town_a_admin"), csv_bytes([HEADERS, GOOD_ROW]))
    report = services.JobProgress.__call__
    seen = {}

    def from_the_page():  # another request: its own connection
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            seen["stage"] = ImportJob.objects.get(pk=job.pk).stage
            seen["cancel"] = ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
        except Exception as exc:  # noqa: BLE001  (asserted below)
            seen["error"] = exc
        finally:
            connections.close_all()

    def observed(progress, stage, done, total):
        report(progress, stage, done, total)
        if stage == WRITING and not seen:
            page = threading.Thread(target=from_the_page)
            page.start()
            page.join(10)
            progress.last_write = None  # look at the cancel flag now, not in 0.5 s
            report(progress, stage, done, total)

    monkeypatch.setattr(services.JobProgress, "__call__", observed)
    tasks.run_import_job.call(job.pk)
    assert "error" not in seen, seen.get("error")
    assert seen == {"stage": WRITING, "cancel": 1}
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert not Enterprise.objects.filter(uscc=NEW_USCC).exists()


@pytest.mark.django_db(transaction=True)
def test_a_record_deleted_between_check_and_write_fails_the_job_in_words(world, monkeypatch):
    """The file passed its checks, then someone deleted the region a row names before the
    row was written: the database refuses it, nothing is written, and the job says what
    happened and to import again (not the internal-error sentence)."""
    from liangxin.ledger.kinds import kind_named
    from liangxin.regions.models import Region

    doomed = f.region("CJ-A1-99", "将被删除的网格", "grid", world.town_a)
    kind = kind_named("enterprises")
    resolve = kind.resolve

    def someone_deletes_it_meanwhile(rows, ctx):
        resolve(rows, ctx)
        Region.objects.filter(pk=doomed.pk).delete()  # another user, committed at once

    monkeypatch.setattr(kind, "resolve", someone_deletes_it_meanwhile)
    row = [NEW_USCC, "新建科技有限公司", "CJ-A1-99", "在营", "12"]
    job = stored_job(world.user("town_a_admin"), csv_bytes([HEADERS, row]))
    tasks.run_import_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == services.CHANGED_MEANWHILE
    assert not Enterprise.objects.filter(uscc=NEW_USCC).exists()
    # The region's deletion is in the history now (regions are audited): it ran inside
    # the job's audit context, so it carries the job; no imported record does.
    history = LogEntry.objects.filter(additional_data__job=job.pk)
    assert not history.exclude(action=LogEntry.Action.DELETE).exists()


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_a_cancel_during_the_write_phase_stops_the_import(world, monkeypatch):
    """SQLite has one writer: while an import writes, the database is locked and the job
    row cannot take a cancel (it answered 503 "try again"). The cancel is then a file
    (``ledger.live``): the page answers at once and the import stops, writing nothing."""
    import threading

    from django.db import connections
    from django.test import Client

    from liangxin.ledger import live
    from tests.clients import MODEL_BACKEND

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL writes progress and cancel through a connection of their own")
    user = world.user("town_a_admin")
    job = stored_job(user, csv_bytes([HEADERS, GOOD_ROW]))
    client = Client(raise_request_exception=False)
    client.force_login(user, backend=MODEL_BACKEND)  # before the import takes the lock
    client.get(reverse("ledger:job", args=[job.pk]))  # and the session's renewal with it
    report = services.JobProgress.__call__
    seen = {}

    def from_the_page():  # other requests, on their own connection
        try:
            with connection.cursor() as cursor:
                # The test database is in memory with a shared cache, where a reader must
                # be told to pass a writer's table lock; a WAL file (as deployed) needs not.
                cursor.execute("PRAGMA read_uncommitted = true")
            seen["cancel"] = client.post(reverse("ledger:job-cancel", args=[job.pk])).status_code
            page = client.get(reverse("ledger:job-progress", args=[job.pk]))
            seen["button"] = "正在取消" in page.content.decode()
        except Exception as exc:  # noqa: BLE001  (asserted below)
            seen["error"] = exc
        finally:
            connections.close_all()

    def observed(progress, stage, done, total):
        report(progress, stage, done, total)
        if stage == WRITING and not seen:
            assert connection.in_atomic_block  # the phase that holds the lock
            page = threading.Thread(target=from_the_page)
            page.start()
            page.join(20)
            progress.last_write = None  # look for the cancel now, not in 0.5 s
            report(progress, stage, done, total)

    monkeypatch.setattr(services.JobProgress, "__call__", observed)
    tasks.run_import_job.call(job.pk)
    assert "error" not in seen, seen.get("error")
    assert seen == {"cancel": 302, "button": True}
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert not Enterprise.objects.filter(uscc=NEW_USCC).exists()
    assert not live.writing(job) and not live.cancel_asked(ImportJob, job.pk)  # files gone


def test_on_sqlite_the_write_phase_progress_reaches_the_page_through_a_file(world):
    """The job row's updates inside the import's transaction show only at its commit;
    the page reads the same figures from the phase's file meanwhile."""
    from django.db import transaction

    from liangxin.ledger import live

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL writes progress through a connection of its own")
    job = stored_job(world.user("town_a_admin"), csv_bytes([HEADERS, GOOD_ROW]))
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    as_the_page_last_read_it = ImportJob.objects.get(pk=job.pk)
    progress = services.JobProgress(job)
    with transaction.atomic():  # as the write phase
        progress(WRITING, 3_000, 12_000)
    assert live.writing(as_the_page_last_read_it)
    live.overlay(as_the_page_last_read_it)
    shown = as_the_page_last_read_it
    assert (shown.stage, shown.rows_done, shown.rows_total, shown.percent) == (
        WRITING,
        3_000,
        12_000,
        25,
    )
    progress.close()
    assert not live.writing(as_the_page_last_read_it)
