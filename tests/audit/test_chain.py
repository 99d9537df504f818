"""The audit log is tamper-evident (issue 12): every entry is on the hash chain, the
command and the page name the first entry edited, deleted, inserted or reordered, and
the retention purge keeps 180 days and a chain that still verifies."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from liangxin.audit import chain
from liangxin.audit.models import ChainHead, ChainLink
from liangxin.core.audit import CHANNEL_WEB, audit_context, record_event, record_unmask
from liangxin.enterprises.services import enterprise_update
from tests.ledger.helpers import csv_bytes, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def acts(world):
    """Entries of every way one is written: auditlog's save, record_event, an import."""
    admin = world.user("town_a_admin")
    with audit_context(admin, channel=CHANNEL_WEB, remote_addr="10.0.0.1"):
        enterprise_update(actor=admin, enterprise=world.ent_a, data={"employee_count": 150})
        record_unmask(admin, world.member_a, field="phone")
    record_event(admin, action="login", summary="登录成功")
    headers = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"]
    rows = [headers, [world.ent_a2.uscc, "川姜电子集团", "CJ-A1-01", "在营", "41"]]
    assert run("enterprises", csv_bytes(rows), user=admin).updated == 1
    rows = [
        ["区域代码", "区域名称", "区域类别", "上级区域代码"],
        ["CJ-A1-02", "川姜二网格", "网格", "CJ-A1"],
    ]
    run("regions", csv_bytes(rows), user=world.user("district_admin"))
    return world


def verify_command() -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit_chain", stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, err.getvalue()
    return 0, out.getvalue()


def test_every_entry_is_linked_and_the_chain_verifies(acts):
    # Seven entries at least: the update, the unmasking, the login and the two imports
    # (an event and a row each); the world itself is written unaudited (tests/conftest.py).
    assert ChainLink.objects.count() == LogEntry.objects.count() >= 7
    assert LogEntry.objects.filter(additional_data__event="import").count() == 2
    code, text = verify_command()
    assert code == 0 and "审计链完整" in text


def newest(**filters) -> LogEntry:
    return LogEntry.objects.filter(**filters).order_by("-id").first()


def edit(entry):
    LogEntry.objects.filter(pk=entry.pk).update(changes_text="改过的内容")


def delete(entry):
    LogEntry.objects.filter(pk=entry.pk).delete()


def delete_with_link(entry):
    LogEntry.objects.filter(pk=entry.pk).delete()
    ChainLink.objects.filter(entry_id=entry.pk).delete()


def reorder(entry):
    """Swap the entry's place in the chain with the one before it."""
    link = ChainLink.objects.get(entry_id=entry.pk)
    before = ChainLink.objects.get(seq=link.seq - 1)
    ChainLink.objects.filter(seq=before.seq).update(entry_id=-1)
    ChainLink.objects.filter(seq=link.seq).update(entry_id=before.entry_id)
    ChainLink.objects.filter(seq=before.seq).update(entry_id=entry.pk)


def insert(entry):
    forged = LogEntry.objects.get(pk=entry.pk)
    forged.pk = None
    forged.changes_text = "伪造的记录"
    LogEntry.objects.bulk_create([forged])  # around the application: no link
    return forged


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (edit, "被修改"),
        (delete, "被删除"),
        (delete_with_link, "被删除"),
        (reorder, "次序被调换"),
        (insert, "被插入"),
    ],
)
def test_tampering_is_named_by_the_command_and_the_page(acts, login, tamper, reason):
    victim = newest(action=LogEntry.Action.UPDATE, content_type__model="enterprise")
    following = ChainLink.objects.get(seq=ChainLink.objects.get(entry_id=victim.pk).seq + 1)
    forged = tamper(victim)
    broken = forged.pk if forged else victim.pk
    if tamper is delete_with_link:  # gone without a trace but the gap before the next one
        broken = following.entry_id
    code, text = verify_command()
    assert code != 0 and f"#{broken} " in text and reason in text, text
    listing = login("audit_admin").get(reverse("audit")).content.decode()
    assert f"审计链在记录 #{broken} 处断裂" in listing
    live = login("audit_admin").get(reverse("audit-chain")).content.decode()
    assert f"审计链在记录 #{broken} 处断裂" in live and reason in live


def test_cutting_off_the_end_is_detected(acts):
    last = ChainLink.objects.order_by("-seq").first()
    LogEntry.objects.filter(pk=last.entry_id).delete()
    last.delete()
    assert verify_command()[0] != 0


def test_the_page_shows_an_intact_chain(acts, login):
    client = login("audit_admin")  # the login is an entry too: before the check
    verify_command()
    text = client.get(reverse("audit")).content.decode()
    head = ChainHead.objects.get(pk=1)
    assert f"审计链完整：已校验至第 {head.last_seq} 条" in text


def written_days_ago(monkeypatch, days: int, count: int, actor=None) -> list:
    """Entries written ``days`` ago (the clock turned back: editing a timestamp afterwards
    is exactly the tampering the chain detects)."""
    then = timezone.now() - datetime.timedelta(days=days)
    monkeypatch.setattr(timezone, "now", lambda: then)
    entries = [record_event(actor, action="login", summary=f"登录 {i}") for i in range(count)]
    monkeypatch.undo()
    return entries


def test_purge_keeps_180_days_and_a_verifiable_chain(db, settings, monkeypatch):
    settings.AUDIT_RETENTION_DAYS = 30  # below the floor: 180 days are kept anyway
    old = written_days_ago(monkeypatch, 400, 2)
    kept = written_days_ago(monkeypatch, 179, 2) + written_days_ago(monkeypatch, 0, 2)
    call_command("purge_audit_log", stdout=io.StringIO())
    remaining = set(LogEntry.objects.values_list("pk", flat=True))
    assert not remaining & {e.pk for e in old}
    assert {e.pk for e in kept} <= remaining
    purge_line = LogEntry.objects.get(additional_data__event="audit_purge")
    assert purge_line.additional_data["deleted"] == 2
    assert verify_command()[0] == 0
    head = ChainHead.objects.get(pk=1)
    assert head.anchor_seq == 2 and not ChainLink.objects.filter(seq__lte=2).exists()
    record_event(None, action="logout", summary="退出")  # the chain goes on after a purge
    assert verify_command()[0] == 0


def test_purge_refuses_a_broken_chain(db, monkeypatch):
    old = written_days_ago(monkeypatch, 400, 2)
    edit(old[1])
    with pytest.raises(Exception, match="审计链校验未通过"):
        call_command("purge_audit_log")
    assert LogEntry.objects.filter(pk=old[0].pk).exists()


def test_the_retention_floor_is_180_days(settings):
    settings.AUDIT_RETENTION_DAYS = 7
    assert chain.retention_days() == 180
    settings.AUDIT_RETENTION_DAYS = 365
    assert chain.retention_days() == 365


@pytest.mark.django_db(transaction=True)
def test_an_import_written_on_its_own_connection_is_chained(world):
    """Outside a test's transaction PostgreSQL writes an import on a second connection
    (ledger.bulk.WritingConnection); its history is linked there, before its commit."""
    headers = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"]
    rows = [headers, [world.ent_a2.uscc, "川姜电子集团", "CJ-A1-01", "在营", "41"]]
    assert run("enterprises", csv_bytes(rows), user=world.user("town_a_admin")).updated == 1
    assert LogEntry.objects.filter(additional_data__event="import").count() == 1
    assert ChainLink.objects.count() == LogEntry.objects.count()
    assert verify_command()[0] == 0
