"""Audit wiring around django-auditlog.

Every write runs inside :func:`audit_context` so the log entry records the
actor, the address and the channel (page, API call, import job, command).
Unmasking personal data is logged as an ACCESS entry by :func:`record_unmask`.
"""

import contextlib
from contextvars import ContextVar

from auditlog.context import set_extra_data
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from liangxin.core.contributions import slot

_channel: ContextVar[dict | None] = ContextVar("liangxin_audit_channel", default=None)
_address: ContextVar[str | None] = ContextVar("liangxin_audit_address", default=None)

CHANNEL_WEB = "web"
CHANNEL_API = "api"
CHANNEL_ADMIN = "admin"
CHANNEL_COMMAND = "command"
CHANNEL_IMPORT = "import"

CHANNEL_LABELS = {
    CHANNEL_WEB: "页面",
    CHANNEL_API: "API",
    CHANNEL_ADMIN: "后台管理",
    CHANNEL_COMMAND: "命令行",
    CHANNEL_IMPORT: "台账导入",
}


def current_channel() -> dict:
    return _channel.get() or {"channel": CHANNEL_COMMAND}


@contextlib.contextmanager
def audit_context(actor, *, channel: str, remote_addr: str | None = None, **details):
    """Attribute every log entry written inside the block to ``actor`` and ``channel``.

    django-auditlog's context does not nest cleanly (an inner block leaves the
    outer one disconnected), so an inner call inside an open context is a no-op:
    the outermost caller (request, API view, import job) names the channel.
    """
    if _channel.get() is not None:
        yield
        return
    info = {"channel": channel, **details}
    token = _channel.set(info)
    address_token = _address.set(remote_addr)  # record_event's address when no request is at hand
    try:
        with set_extra_data(
            context_data={"actor": actor, "remote_addr": remote_addr, "additional_data": info}
        ):
            yield
    finally:
        _channel.reset(token)
        _address.reset(address_token)


def record_unmask(actor, instance, *, field: str, remote_addr: str | None = None) -> LogEntry:
    """Log that ``actor`` saw the plaintext of ``field`` on ``instance``."""
    return record_event(
        actor,
        action="unmask",
        target=instance,
        summary=f"查看明文：{field}",
        remote_addr=remote_addr,
        details={"unmasked_field": field},
    )


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def masked_username(value: str) -> str:
    """An attempted login name that matches no account: it may be a password typed in
    the wrong box, so only its first character and its length are kept."""
    value = (value or "").strip()
    return f"{value[:1]}{'*' * min(len(value) - 1, 12)}" if value else "（空）"


def record_event(
    actor,
    *,
    action: str,
    target=None,
    summary: str,
    remote_addr: str | None = None,
    details: dict | None = None,
) -> LogEntry:
    """Log a security-relevant act that changes no registry row: a login, a logout, a
    failed login, a role or scope change, an export, a detail view of a member.

    ``action`` is a short English key (``login``, ``login_failed``, ``logout``,
    ``role_change``, ``scope_change``, ``export``, ``view``, ``unmask``, ``import`` …)
    kept in ``additional_data["event"]``; ``summary`` is the Chinese line the audit page
    shows. ``target`` is the object acted on; without one (a failed login with an
    unknown name, an export of a whole list) the entry is filed under the actor's
    account, and with neither under the account model with an empty key.
    Stored as an ACCESS entry, like an unmasking, so the one audit log holds every act,
    and appended to the hash chain in the same transaction (liangxin.audit.chain).

    Written with ``bulk_create`` on purpose: auditlog's context hook (pre_save) would
    otherwise replace ``additional_data`` and drop the event's details.
    """
    target = target if target is not None else actor
    if target is not None and getattr(target, "pk", None) is not None:
        content_type = ContentType.objects.get_for_model(target)  # a lazy request.user too
        object_pk, object_id, object_repr = str(target.pk), target.pk, str(target)[:200]
    else:
        content_type = ContentType.objects.get_for_model(get_user_model())
        object_pk, object_id, object_repr = "", None, ""
    known_actor = actor if getattr(actor, "pk", None) else None
    entry = LogEntry(
        content_type=content_type,
        object_pk=object_pk,
        object_id=object_id if isinstance(object_id, int) else None,
        object_repr=object_repr,
        action=LogEntry.Action.ACCESS,
        changes={},
        changes_text=summary,
        actor=known_actor,
        actor_email=getattr(known_actor, "email", None) or None,
        remote_addr=remote_addr or _address.get(),
        timestamp=timezone.now(),
        additional_data={**current_channel(), "event": action, **(details or {})},
    )
    write_entries([entry])
    return entry


def write_entries(entries: list[LogEntry], *, batch_size: int = 2000) -> list[LogEntry]:
    """Insert log entries written by hand (bulk_create sends no signals) and link them
    onto the audit chain in the same transaction."""
    with transaction.atomic():
        for start in range(0, len(entries), batch_size):
            LogEntry.objects.bulk_create(entries[start : start + batch_size])
        link_entries([entry.pk for entry in entries])
    return entries


def link_entries(entry_ids) -> None:
    """Hand the ids of entries just written to the tamper-evident chain (the audit app
    registers it, slot ``audit_sinks``). Without a chain nothing is written: an audit
    log that silently stops chaining would defeat its purpose."""
    sinks = list(slot("audit_sinks"))
    if not sinks:
        raise ImproperlyConfigured("审计链未安装（liangxin.audit）：拒绝写入未链接的审计记录")
    for sink in sinks:
        sink(entry_ids)
