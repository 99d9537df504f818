"""Ledger pages against every persona: upload, preview, confirm, progress, cancel, files, export.

Role without registry access → 403; someone else's job → 404 (it does not exist
for them, the district admin included); a role that may not import a kind → 403.
"""

import io

import pytest
import python_calamine
from auditlog.models import LogEntry
from django.urls import reverse

from liangxin.enterprises.models import Enterprise
from liangxin.ledger import views
from liangxin.ledger.models import ExportJob, ImportJob, JobStatus
from tests.clients import expect
from tests.ledger.helpers import csv_bytes

pytestmark = pytest.mark.django_db

NO_REGISTRY = dict(system_admin=403, audit_admin=403)
OWNER_ONLY = dict(town_a_admin=200, **NO_REGISTRY)
# Roles that may import enterprises (roles.EDITABLE_KINDS): the outsider is a town admin too.
ENTERPRISE_EDITORS = dict(district_admin=200, town_a_admin=200, town_b_admin=200, outsider=200)

HEADERS = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"]
NEW_USCC = "91350100M000100Y43"


def one_good_one_bad() -> bytes:
    return csv_bytes(
        [
            HEADERS,
            [NEW_USCC, "新建科技有限公司", "CJ-A1-01", "在营", "12"],
            ["123", "坏行有限公司", "CJ-A1-01", "营业中", "-3"],
        ]
    )


def job_id(response) -> int:
    assert response.status_code == 302, response.content.decode()[:500]
    return int(response["Location"].rstrip("/").split("/")[-1])


@pytest.fixture
def preview(world, upload):
    """A finished dry run of town A's admin over a file with one good and one bad row."""
    client, response = upload("town_a_admin", "enterprises", "川姜台账.csv", one_good_one_bad())
    return client, ImportJob.objects.get(pk=job_id(response))


def sheet_rows(data: bytes) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python()


# --- who may open what ------------------------------------------------------------------


def test_overview_is_for_business_roles(statuses):
    assert statuses(reverse("ledger:home")) == expect(200, **NO_REGISTRY)


def test_template_and_upload_page_only_for_roles_that_may_import_the_kind(statuses):
    for name in ("ledger:template", "ledger:upload"):
        url = reverse(name, args=["enterprises"])
        assert statuses(url) == expect(403, **ENTERPRISE_EDITORS)


def test_a_secretary_may_import_members_but_not_enterprises(login):
    secretary = login("secretary")
    assert secretary.get(reverse("ledger:upload", args=["members"])).status_code == 200
    assert secretary.get(reverse("ledger:upload", args=["enterprises"])).status_code == 403


def test_an_unknown_kind_does_not_exist(login):
    assert login("district_admin").get("/ledger/no-such-kind/import/").status_code == 404


def test_read_only_roles_cannot_upload(world, upload):
    for persona in ("leader", "instructor"):
        _, response = upload(persona, "enterprises", "a.csv", one_good_one_bad())
        assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_preview_page_is_its_owners_alone(statuses, preview):
    _, job = preview
    assert statuses(reverse("ledger:job", args=[job.pk])) == expect(404, **OWNER_ONLY)


def test_progress_partial_is_its_owners_alone(statuses, preview):
    _, job = preview
    assert statuses(reverse("ledger:job-progress", args=[job.pk])) == expect(404, **OWNER_ONLY)


def test_error_file_is_its_owners_alone(statuses, preview):
    _, job = preview
    assert statuses(reverse("ledger:job-errors", args=[job.pk])) == expect(404, **OWNER_ONLY)


def test_others_can_neither_cancel_nor_confirm(statuses, preview):
    _, job = preview
    for name in ("ledger:job-cancel", "ledger:job-confirm"):
        codes = statuses(reverse(name, args=[job.pk]), method="post")
        assert codes == expect(404, town_a_admin=302, **NO_REGISTRY)
    assert not job.confirmations.exclude(user=job.user).exists()


# --- upload → preview → confirm ---------------------------------------------------------


def test_preview_counts_and_reports_the_bad_row_without_writing(preview):
    client, job = preview
    assert (job.dry_run, job.status, job.created, job.bad) == (True, JobStatus.DONE, 1, 1)
    assert not Enterprise.objects.filter(uscc=NEW_USCC).exists()
    page = client.get(reverse("ledger:job", args=[job.pk])).content.decode()
    assert "导入预览" in page and "错误明细" in page
    assert "营业中" in page and "应为以下之一" in page  # value and reason in Chinese
    assert "仅导入正确的行" in page and reverse("ledger:job-errors", args=[job.pk]) in page


def test_the_error_file_is_the_users_bad_row_with_a_reason_column(preview):
    client, job = preview
    response = client.get(reverse("ledger:job-errors", args=[job.pk]))
    assert response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = sheet_rows(response.content)
    assert header == [*HEADERS, "错误原因"]
    # "-3" was typed as text: it comes back quoted like every text cell that starts with a
    # formula character (ledger/formulas.py), and the import takes the quote off again.
    assert len(rows) == 1 and rows[0][:5] == ["123", "坏行有限公司", "CJ-A1-01", "营业中", "'-3"]
    assert "经营状态：" in rows[0][5] and "职工人数：不能为负数" in rows[0][5]


def test_confirm_with_bad_rows_needs_keep_good(preview):
    client, job = preview
    response = client.post(reverse("ledger:job-confirm", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "ledger:job", args=[job.pk]
    )
    assert not job.confirmations.exists()
    assert "仅导入正确的行" in client.get(response["Location"]).content.decode()


def test_confirm_keep_good_imports_the_good_row_under_a_new_job(preview, world):
    client, job = preview
    response = client.post(reverse("ledger:job-confirm", args=[job.pk]), {"keep_good": "on"})
    real = ImportJob.objects.get(pk=job_id(response))
    assert (real.preview, real.dry_run, real.keep_good, real.status) == (job, False, True, "done")
    enterprise = Enterprise.objects.get(uscc=NEW_USCC)
    entry = LogEntry.objects.get(
        content_type__model="enterprise",
        object_pk=str(enterprise.pk),
        action=LogEntry.Action.CREATE,
    )
    assert entry.additional_data["job"] == real.pk and entry.actor == world.user("town_a_admin")
    page = client.get(response["Location"]).content.decode()
    assert "已导入正确的行" in page
    again = client.post(reverse("ledger:job-confirm", args=[job.pk]), {"keep_good": "on"})
    assert again["Location"] == reverse("ledger:job", args=[job.pk])  # no second run
    assert job.confirmations.count() == 1


def test_a_clean_file_is_confirmed_and_a_second_upload_says_nothing_to_do(world, upload):
    data = csv_bytes([HEADERS, [NEW_USCC, "新建科技有限公司", "CJ-A1-01", "在营", "12"]])
    client, response = upload("town_a_admin", "enterprises", "a.csv", data)
    preview_id = job_id(response)
    client.post(reverse("ledger:job-confirm", args=[preview_id]))
    assert Enterprise.objects.filter(uscc=NEW_USCC).exists()
    _, response = upload("town_a_admin", "enterprises", "a.csv", data)
    page = client.get(response["Location"]).content.decode()
    assert "文件与系统中的数据一致，无需导入" in page and "已于" in page
    assert 'id="confirm-card"' not in page


def test_preview_of_an_update_names_the_changed_fields(world, upload):
    row = [world.ent_a.uscc, world.ent_a.name, "CJ-A1-01", "停产", "130"]
    client, response = upload("town_a_admin", "enterprises", "a.csv", csv_bytes([HEADERS, row]))
    job = ImportJob.objects.get(pk=job_id(response))
    assert job.updated == 1 and job.changes[0]["fields"] == ["经营状态", "职工人数"]
    page = client.get(response["Location"]).content.decode()
    assert "经营状态、职工人数" in page


# --- progress and cancel ----------------------------------------------------------------


@pytest.fixture
def running_job(world):
    return ImportJob.objects.create(
        kind="enterprises",
        user=world.user("town_a_admin"),
        file_name="大文件.xlsx",
        sha256="0" * 64,
        dry_run=True,
        status=JobStatus.RUNNING,
        stage="校验",
        rows_total=200_000,
        rows_done=50_000,
        rate=25_000.0,
    )


def test_progress_page_polls_and_shows_rows_speed_and_time_left(login, running_job):
    client = login("town_a_admin")
    page = client.get(reverse("ledger:job", args=[running_job.pk])).content.decode()
    progress_url = reverse("ledger:job-progress", args=[running_job.pk])
    assert f'hx-get="{progress_url}"' in page and 'hx-trigger="every 1s"' in page
    partial = client.get(progress_url)
    text = partial.content.decode()
    assert "HX-Refresh" not in partial
    assert "50000" in text and "200000" in text and "25000 行/秒" in text
    assert "预计剩余 6 秒" in text and "取消" in text and "<html" not in text


def test_a_finished_job_tells_the_poller_to_reload(login, running_job):
    ImportJob.objects.filter(pk=running_job.pk).update(status=JobStatus.DONE)
    response = login("town_a_admin").get(reverse("ledger:job-progress", args=[running_job.pk]))
    assert response["HX-Refresh"] == "true"


def test_cancel_sets_the_flag_on_a_running_job(login, running_job):
    response = login("town_a_admin").post(reverse("ledger:job-cancel", args=[running_job.pk]))
    assert response.status_code == 302
    running_job.refresh_from_db()
    assert running_job.cancel_requested and running_job.status == JobStatus.RUNNING


def test_cancel_of_a_queued_job_ends_it_at_once(login, running_job):
    ImportJob.objects.filter(pk=running_job.pk).update(status=JobStatus.QUEUED)
    login("town_a_admin").post(reverse("ledger:job-cancel", args=[running_job.pk]))
    running_job.refresh_from_db()
    assert running_job.status == JobStatus.CANCELLED and "没有写入" in running_job.message


def test_cancel_is_post_only(login, running_job):
    url = reverse("ledger:job-cancel", args=[running_job.pk])
    assert login("town_a_admin").get(url).status_code == 405


# --- export -----------------------------------------------------------------------------


def test_export_is_open_to_every_registry_role(statuses):
    url = reverse("ledger:export", args=["enterprises"])
    assert statuses(url) == expect(200, **NO_REGISTRY)


def test_export_is_scoped_and_filtered_like_the_list(login, world):
    client = login("district_admin")
    url = reverse("ledger:export", args=["enterprises"])
    rows = sheet_rows(client.get(url, {"region": world.town_a.code, "page": "9"}).content)
    assert rows[0][:5] == HEADERS
    assert {row[1] for row in rows[1:]} == {world.ent_a.name, world.ent_a2.name}
    town_b = sheet_rows(login("town_b_admin").get(url).content)
    assert {row[1] for row in town_b[1:]} == {world.ent_b.name}


def test_an_export_reimports_unchanged(login, world, upload):
    data = login("town_a_admin").get(reverse("ledger:export", args=["enterprises"])).content
    client, response = upload("town_a_admin", "enterprises", "导出.xlsx", data)
    job = ImportJob.objects.get(pk=job_id(response))
    assert (job.status, job.unchanged, job.created, job.updated, job.bad) == ("done", 2, 0, 0, 0)


def test_member_export_is_masked_by_default(login, world):
    response = login("town_a_admin").get(reverse("ledger:export", args=["members"]))
    assert response["Cache-Control"] == "no-store"
    cells = [cell for row in sheet_rows(response.content) for cell in row]
    assert world.member_a.id_number_masked in cells
    assert world.member_a_id_number not in cells


def test_plaintext_export_needs_the_box_and_is_audited(login, world):
    url = reverse("ledger:export", args=["members"])
    response = login("town_a_admin").post(url, {"query": "", "reveal": "1"})
    cells = [cell for row in sheet_rows(response.content) for cell in row]
    assert world.member_a_id_number in cells
    entry = LogEntry.objects.get(additional_data__event="export")
    assert entry.actor == world.user("town_a_admin") and "导出明文" in entry.changes_text


def test_plaintext_export_is_refused_to_roles_that_may_not_unmask(login):
    url = reverse("ledger:export", args=["members"])
    assert login("leader").post(url, {"query": "", "reveal": "1"}).status_code == 403
    assert not LogEntry.objects.filter(additional_data__event="export").exists()


def test_list_pages_offer_export_and_import_to_the_right_roles(login):
    editor = login("town_a_admin").get(reverse("members:list")).content.decode()
    assert reverse("ledger:export", args=["members"]) in editor
    assert reverse("ledger:upload", args=["members"]) in editor and 'name="reveal"' in editor
    leader = login("leader").get(reverse("members:list")).content.decode()
    assert reverse("ledger:export", args=["members"]) in leader
    assert (
        reverse("ledger:upload", args=["members"]) not in leader and 'name="reveal"' not in leader
    )


@pytest.fixture
def export_job(login, world, monkeypatch):
    """A list longer than the inline limit becomes a job (the limit lowered to one row)."""
    monkeypatch.setattr(views, "SYNC_EXPORT_ROWS", 1)
    response = login("town_a_admin").get(reverse("ledger:export", args=["enterprises"]))
    assert response.status_code == 302
    return ExportJob.objects.get(pk=job_id(response))


def test_a_long_export_runs_as_a_job_with_a_download_link(login, export_job, world):
    assert (export_job.status, export_job.rows_total) == (JobStatus.DONE, 2)
    client = login("town_a_admin")
    page = client.get(reverse("ledger:export-job", args=[export_job.pk])).content.decode()
    download = reverse("ledger:export-download", args=[export_job.pk])
    assert download in page
    response = client.get(download)
    assert response["Cache-Control"] == "no-store"
    names = {row[1] for row in sheet_rows(response.content)[1:]}
    assert names == {world.ent_a.name, world.ent_a2.name}


def test_export_jobs_are_their_owners_alone(statuses, export_job):
    for name in ("ledger:export-job", "ledger:export-progress", "ledger:export-download"):
        assert statuses(reverse(name, args=[export_job.pk])) == expect(404, **OWNER_ONLY)
    codes = statuses(reverse("ledger:export-cancel", args=[export_job.pk]), method="post")
    assert codes == expect(404, town_a_admin=302, **NO_REGISTRY)


def test_overview_lists_only_my_jobs(login, preview, export_job):
    _, job = preview
    mine = login("town_a_admin").get(reverse("ledger:home")).content.decode()
    assert reverse("ledger:job", args=[job.pk]) in mine
    assert reverse("ledger:export-job", args=[export_job.pk]) in mine
    theirs = login("district_admin").get(reverse("ledger:home")).content.decode()
    assert reverse("ledger:job", args=[job.pk]) not in theirs


def test_a_kind_without_a_list_page_has_no_export(login):
    assert login("district_admin").get("/ledger/contacts/export/").status_code == 404
