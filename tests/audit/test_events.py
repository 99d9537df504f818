"""Every security-relevant act is one readable audit entry with actor, address and time
(issue 12, Audit): logins (success, failure, lockout), logouts, member detail views on
pages and the API, every export, and imports as one line."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.audit.conftest import events
from tests.factories import PASSWORD
from tests.ledger.helpers import csv_bytes

pytestmark = pytest.mark.django_db
ADDRESS = "10.9.8.7"


def one(act: str) -> LogEntry:
    entries = list(events(act))
    assert len(entries) == 1, [e.changes_text for e in entries]
    entry = entries[0]
    assert abs(timezone.now() - entry.timestamp) < datetime.timedelta(minutes=1)
    return entry


def post_login(username: str, password: str) -> Client:
    client = Client(REMOTE_ADDR=ADDRESS)
    client.post(reverse("login"), {"username": username, "password": password})
    return client


def test_login_is_one_entry_with_actor_and_address(world, audit_page):
    post_login("town_a", PASSWORD)
    entry = one("login")
    assert entry.actor == world.user("town_a_admin") and entry.remote_addr == ADDRESS
    page = audit_page("?act=login&actor=town_a")
    assert "登录" in page and "town_a" in page and ADDRESS in page and "镇/园区管理员" in page


def test_failed_login_of_a_known_account_names_the_account(world):
    post_login("town_a", "wrong-password-1")
    entry = one("login_failed")
    assert entry.actor is None and entry.object_pk == str(world.user("town_a_admin").pk)
    assert entry.remote_addr == ADDRESS and entry.changes_text == "登录失败"


def test_failed_login_of_an_unknown_name_keeps_it_masked(world, audit_page):
    """A failed login without actor or target was a crash in record_event; the text
    typed as the name may be a password, so it is kept masked."""
    post_login("Secret-Passw0rd!", "whatever-1")
    entry = one("login_failed")
    assert "Secret-Passw0rd!" not in str(entry.additional_data) + entry.changes_text
    assert entry.additional_data["attempted_username"].startswith("S*")
    assert "Secret-Passw0rd!" not in audit_page("?act=login_failed")


def test_lockout_is_said_on_the_failure_that_locks(world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login("town_a", "wrong-password-1")
    failures = list(events("login_failed"))
    assert len(failures) == settings.AXES_FAILURE_LIMIT
    assert failures[-1].additional_data["locked_out"] is True
    assert "锁定" in failures[-1].changes_text and "锁定" not in failures[0].changes_text


def test_logout_is_one_entry(world):
    client = post_login("town_a", PASSWORD)
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)
    entry = one("logout")
    assert entry.actor == world.user("town_a_admin") and entry.remote_addr == ADDRESS


def test_member_page_view_is_one_entry(world, login):
    url = reverse("members:detail", args=[world.member_a.public_id])
    assert login("secretary").get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    entry = one("view")
    assert entry.actor == world.user("secretary") and entry.remote_addr == ADDRESS
    assert entry.object_pk == str(world.member_a.pk) and entry.additional_data["channel"] == "web"


def test_member_api_retrieve_is_one_entry(world, client_as):
    client = client_as("secretary")
    url = f"/api/v1/members/{world.member_a.public_id}/"
    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    entry = one("view")
    assert entry.actor == world.user("secretary") and entry.additional_data["channel"] == "api"
    assert entry.remote_addr == ADDRESS


def test_out_of_scope_member_view_is_not_found_and_not_logged(world, login):
    url = reverse("members:detail", args=[world.member_b.public_id])
    assert login("secretary").get(url).status_code == 404
    assert not events("view").exists()


def test_masked_ledger_export_is_one_entry(world, login):
    response = login("town_a_admin").get(
        reverse("ledger:export", args=["members"]), REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 200
    entry = one("export")
    assert entry.actor == world.user("town_a_admin") and entry.remote_addr == ADDRESS
    assert entry.additional_data["plain"] is False and entry.additional_data["rows"] == 1
    assert "导出（已脱敏）" in entry.changes_text


def test_plaintext_ledger_export_is_one_entry(world, login):
    url = reverse("ledger:export", args=["members"])
    login("town_a_admin").post(url, {"query": "", "reveal": "1"}, REMOTE_ADDR=ADDRESS)
    entry = one("export")
    assert entry.additional_data["plain"] is True and "导出明文" in entry.changes_text


def test_a_list_as_xlsx_is_one_entry(world, login):
    url = reverse("members:birthdays")
    response = login("town_a_admin").get(url + "?format=xlsx", REMOTE_ADDR=ADDRESS)
    assert response["Content-Disposition"].startswith("attachment")
    entry = one("export")
    assert entry.additional_data["path"] == url and entry.remote_addr == ADDRESS
    assert entry.additional_data["filters"] == {"format": "xlsx"}
    assert isinstance(entry.additional_data["rows"], int)


def test_export_command_is_one_entry(world, tmp_path):
    call_command("export_ledger", "members", str(tmp_path / "m.xlsx"))
    entry = one("export")
    assert entry.additional_data["channel"] == "command" and entry.additional_data["os_user"]
    assert entry.additional_data["rows"] == 2


def test_audit_log_export_is_itself_audited(world, login):
    response = login("audit_admin").get(reverse("audit-export"), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    entry = one("audit_export")
    assert entry.actor == world.user("audit_admin") and entry.remote_addr == ADDRESS


ENTERPRISE_HEADERS = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"]
NEW_USCC = "91350500MA2XYZ0001"


def test_an_import_is_one_line_linking_to_its_records(world, audit_page):
    from liangxin.ledger.framework import ImportContext
    from liangxin.ledger.models import ImportJob
    from liangxin.ledger.pipeline import run_import

    rows = [ENTERPRISE_HEADERS, [world.ent_a.uscc, "川姜纺织集团", "CJ-A1-01", "在营", "150"]]
    importer = world.user("town_a_admin")
    job = ImportJob.objects.create(user=importer, kind="enterprises", file_name="企业.csv")
    ctx = ImportContext(user=importer, file_name="企业.csv", job_id=job.pk)
    result = run_import(
        kind_name="enterprises", data=csv_bytes(rows), file_name="企业.csv", ctx=ctx
    )
    assert result.updated == 1, result
    entry = one("import")
    assert entry.additional_data["updated"] == 1 and entry.actor == world.user("town_a_admin")
    page = audit_page("?actor=town_a")
    assert page.count("企业.csv") == 1 and "修改 1 条" in page
    assert "川姜纺织集团" not in page  # the record's own line is behind the link
    assert entry.additional_data["job"] == job.pk and f"?job={job.pk}" in page
    assert "川姜纺织集团" in audit_page(f"?job={job.pk}")


def test_role_change_entries_read_well(world, audit_page):
    from liangxin.core.audit import record_event

    record_event(
        world.user("security_admin"),
        action="role_change",
        target=world.user("leader"),
        summary="角色：领导查看 → 区级管理员",
        remote_addr=ADDRESS,
    )
    page = audit_page("?act=role_change")
    assert "角色变更" in page and "角色：领导查看 → 区级管理员" in page
    assert "安全管理员" in page and ADDRESS in page
