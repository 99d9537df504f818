"""Tamper evidence for the audit log: a keyed hash chain over LogEntry rows.

Link ``n`` stores ``HMAC-SM3(key, n ‖ hash(n-1) ‖ SM3(entry content))``. Editing an
entry, deleting one (with or without its link), inserting one, or swapping two
changes a recomputed hash or leaves an entry without a link, and ``verify`` names the
first entry where that happens. The key (AUDIT_CHAIN_KEY, else derived from
SECRET_KEY) is not in the database, so whoever can write the tables cannot recompute
the chain after editing it.

Appends lock the one ``ChainHead`` row until the transaction ends (PostgreSQL;
SQLite has one writer anyway): two transactions cannot continue from the same link.
The lock is taken when the entries are linked, which the ledger import does only at
its end, so a long import does not hold up other writers while it checks rows.
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast

from liangxin.audit.models import ChainCheck, ChainHead, ChainLink

# Every stored column of an entry, in a fixed order: the content its hash covers.
CONTENT_FIELDS = (
    "id",
    "content_type_id",
    "object_pk",
    "object_id",
    "object_repr",
    "serialized_data",
    "action",
    "changes_text",
    "changes",
    "actor_id",
    "cid",
    "remote_addr",
    "remote_port",
    "timestamp",
    "additional_data",
    "actor_email",
)
CHUNK = 5000


@lru_cache(maxsize=2)
def _key(configured: str | None, secret: str) -> bytes:
    if configured:
        return configured.encode("utf-8")
    return hmac.new(secret.encode("utf-8"), b"liangxin-audit-chain", "sm3").digest()


def chain_key() -> bytes:
    return _key(getattr(settings, "AUDIT_CHAIN_KEY", None), settings.SECRET_KEY)


JSON_FIELDS = ("serialized_data", "changes", "additional_data")
SEPARATOR, NULL = "\x1f", "\x00"


def _text(value) -> str:
    if value is None:
        return NULL
    if isinstance(value, datetime.datetime):  # one text whatever the connection's time zone
        return value.astimezone(datetime.UTC).isoformat()
    return str(value)


def content_digest(values: tuple) -> bytes:
    """SM3 of the entry's columns. The JSON columns are taken as the database's text of
    them (``_entry_rows``): PostgreSQL's jsonb text is canonical, SQLite keeps what was
    written, and either way verification reads them the same way, without decoding
    and re-encoding every entry of a 200,000-row import."""
    text = SEPARATOR.join([_text(value) for value in values])
    return hashlib.new("sm3", text.encode("utf-8")).digest()


def link_hash(key_mac, seq: int, previous: str, digest: bytes) -> str:
    mac = key_mac.copy()
    mac.update(f"{seq}\n{previous}\n".encode("ascii"))
    mac.update(digest)
    return mac.hexdigest()


def _mac():
    return hmac.new(chain_key(), digestmod="sm3")


_AS_TEXT = {f"{name}_as_text": Cast(name, output_field=TextField()) for name in JSON_FIELDS}
_COLUMNS = [f"{name}_as_text" if name in JSON_FIELDS else name for name in CONTENT_FIELDS]


def _entry_rows(ids) -> dict:
    entries = LogEntry.objects.filter(pk__in=ids).order_by().annotate(**_AS_TEXT)
    return {row[0]: row for row in entries.values_list(*_COLUMNS)}


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # a database flushed by a test, or created without migrations
        head, _ = ChainHead.objects.get_or_create(pk=1)
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def append(entry_ids) -> None:
    """Link the entries ``entry_ids`` (already written, in this transaction) in that order."""
    if not entry_ids:
        return
    mac = _mac()
    with transaction.atomic():
        head = _locked_head()
        seq, previous = head.last_seq, head.last_hash
        for start in range(0, len(entry_ids), CHUNK):
            ids = entry_ids[start : start + CHUNK]
            rows = _entry_rows(ids)
            links = []
            for entry_id in ids:
                seq += 1
                previous = link_hash(mac, seq, previous, content_digest(rows[entry_id]))
                links.append((seq, entry_id, previous))
            _insert_links(links)
        head.last_seq, head.last_hash = seq, previous
        head.save(update_fields=["last_seq", "last_hash"])


LINK_ROWS_PER_STATEMENT = 300  # 900 bound values: under SQLite's oldest limit of 999


def _insert_links(links: list[tuple]) -> None:
    """Multi-row INSERTs: the ORM's bulk_create took two thirds of the chain's cost in a
    ledger import (about 26 µs a link, against 3 µs). Written here rather than through
    ledger.bulk, which stands above this app."""
    table = connection.ops.quote_name(ChainLink._meta.db_table)
    head = f"INSERT INTO {table} (seq, entry_id, hash) VALUES "
    with connection.cursor() as cursor:
        for start in range(0, len(links), LINK_ROWS_PER_STATEMENT):
            batch = links[start : start + LINK_ROWS_PER_STATEMENT]
            sql = head + ", ".join(["(%s, %s, %s)"] * len(batch))
            cursor.execute(sql, [value for link in batch for value in link])


# --- verification -------------------------------------------------------------------


@dataclass
class Verdict:
    intact: bool
    links: int = 0  # links checked
    last_seq: int = 0
    last_entry_id: int | None = None
    broken_entry_id: int | None = None
    reason: str = ""

    def describe(self) -> str:
        if self.intact:
            return f"审计链完整：已校验 {self.links} 条，至记录 #{self.last_entry_id or '—'}"
        return f"审计链在记录 #{self.broken_entry_id} 处断裂：{self.reason}"


def _broken(verdict: Verdict, entry_id, reason: str) -> Verdict:
    verdict.intact, verdict.broken_entry_id, verdict.reason = False, entry_id, reason
    return verdict


def verify() -> Verdict:
    """Walk the chain from its anchor; the first fault found ends the walk."""
    head = ChainHead.objects.filter(pk=1).first() or ChainHead(pk=1)
    verdict = Verdict(intact=True, last_seq=head.anchor_seq)
    mac = _mac()
    previous = head.anchor_hash
    # Up to the head as read: a login committed during the walk adds links past it, which
    # the next check covers (walking on would report "the tail was deleted" on a live log).
    links = ChainLink.objects.filter(seq__lte=head.last_seq).order_by("seq")
    after = head.anchor_seq
    while True:
        chunk = list(links.filter(seq__gt=after).values_list("seq", "entry_id", "hash")[:CHUNK])
        if not chunk:
            break
        rows = _entry_rows([entry_id for _, entry_id, _ in chunk])
        for seq, entry_id, stored in chunk:
            if seq != verdict.last_seq + 1:
                gap = f"链条缺号：其前的第 {verdict.last_seq + 1} 条记录被删除"
                return _broken(verdict, entry_id, gap)
            if entry_id not in rows:
                return _broken(verdict, entry_id, "记录已被删除")
            if link_hash(mac, seq, previous, content_digest(rows[entry_id])) != stored:
                return _broken(verdict, entry_id, "记录内容被修改，或记录次序被调换")
            previous = stored
            verdict.links += 1
            verdict.last_seq, verdict.last_entry_id = seq, entry_id
        after = chunk[-1][0]
    if (verdict.last_seq, previous) != (head.last_seq, head.last_hash):
        return _broken(verdict, verdict.last_entry_id, "链尾与链头不符：末尾的记录被删除")
    return _unlinked(verdict)


def _unlinked(verdict: Verdict) -> Verdict:
    """An entry no link covers was written around the application (inserted)."""
    linked = ChainLink.objects.values("entry_id")
    stray = LogEntry.objects.exclude(pk__in=linked).order_by("pk").values_list("pk", flat=True)
    first = stray.first()
    if first is not None:
        return _broken(verdict, first, "记录不在审计链上：被插入")
    return verdict


def verify_and_store() -> tuple[Verdict, ChainCheck]:
    verdict = verify()
    check = ChainCheck.objects.create(
        intact=verdict.intact,
        links=verdict.links,
        last_seq=verdict.last_seq,
        last_entry_id=verdict.last_entry_id,
        broken_entry_id=verdict.broken_entry_id,
        reason=verdict.reason[:200],
    )
    return verdict, check


# --- retention ----------------------------------------------------------------------

MIN_RETENTION_DAYS = 180


def retention_days() -> int:
    return max(MIN_RETENTION_DAYS, int(getattr(settings, "AUDIT_RETENTION_DAYS", 0) or 0))


class ChainBroken(Exception):
    """The chain does not verify: purging now would destroy the evidence."""


@transaction.atomic
def purge(*, now: datetime.datetime) -> int:
    """Delete the entries older than the retention period at the start of the chain, and
    make the link before the first kept one the anchor. Returns the entries deleted.

    Refuses (ChainBroken) when the chain does not verify, so a purge cannot hide a
    tampering. Links are in the order entries were linked; every link before the
    first one whose entry is young enough is older than the cut-off.
    """
    cutoff = now - datetime.timedelta(days=retention_days())
    head = _locked_head()
    verdict = verify()
    if not verdict.intact:
        raise ChainBroken(verdict.describe())
    young = LogEntry.objects.filter(timestamp__gte=cutoff).values("pk")
    first_kept = (
        ChainLink.objects.filter(seq__gt=head.anchor_seq, entry_id__in=young)
        .order_by("seq")
        .values_list("seq", flat=True)
        .first()
    )
    last_gone = head.last_seq if first_kept is None else first_kept - 1
    if last_gone <= head.anchor_seq:
        return 0
    gone = ChainLink.objects.filter(seq__gt=head.anchor_seq, seq__lte=last_gone)
    anchor_hash = ChainLink.objects.get(seq=last_gone).hash
    deleted = 0
    for start in range(head.anchor_seq, last_gone, CHUNK):
        ids = list(
            gone.filter(seq__gt=start, seq__lte=min(start + CHUNK, last_gone)).values_list(
                "entry_id", flat=True
            )
        )
        deleted += LogEntry.objects.filter(pk__in=ids).delete()[0]
    gone.delete()
    head.anchor_seq, head.anchor_hash = last_gone, anchor_hash
    head.save(update_fields=["anchor_seq", "anchor_hash"])
    return deleted
