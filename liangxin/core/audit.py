"""Audit wiring around django-auditlog.

Every write runs inside :func:`audit_context` so the log entry records the
actor, the address and the channel (page, API call, import job, command).
Unmasking personal data is logged as an ACCESS entry by :func:`record_unmask`.
"""

import contextlib
from contextvars import ContextVar

from auditlog.context import set_extra_data
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

_channel: ContextVar[dict | None] = ContextVar("liangxin_audit_channel", default=None)

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
    try:
        with set_extra_data(
            context_data={"actor": actor, "remote_addr": remote_addr, "additional_data": info}
        ):
            yield
    finally:
        _channel.reset(token)


def record_unmask(actor, instance, *, field: str, remote_addr: str | None = None) -> LogEntry:
    """Log that ``actor`` saw the plaintext of ``field`` on ``instance``.

    Written with ``bulk_create`` on purpose: auditlog's context hook (pre_save)
    would otherwise replace ``additional_data`` and drop the field name.
    """
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_pk=str(instance.pk),
        object_id=instance.pk,
        object_repr=str(instance),
        action=LogEntry.Action.ACCESS,
        changes={},
        changes_text=f"查看明文：{field}",
        actor=actor,
        actor_email=getattr(actor, "email", None) or None,
        remote_addr=remote_addr,
        additional_data={**current_channel(), "unmasked_field": field},
    )
    LogEntry.objects.bulk_create([entry])
    return entry


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


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
    ``role_change``, ``scope_change``, ``export``, ``view``, ``password_reset`` …)
    kept in ``additional_data["event"]``; ``summary`` is the Chinese line the audit page
    shows. ``target`` is the object acted on (the user for account events), or None.
    Stored as an ACCESS entry, like an unmasking, so the one audit log holds every act.
    """
    target = target if target is not None else actor
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(type(target)) if target else None,
        object_pk=str(target.pk) if target else "",
        object_id=target.pk if target else None,
        object_repr=str(target) if target else "",
        action=LogEntry.Action.ACCESS,
        changes={},
        changes_text=summary,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_email=getattr(actor, "email", None) or None,
        remote_addr=remote_addr,
        additional_data={**current_channel(), "event": action, **(details or {})},
    )
    LogEntry.objects.bulk_create([entry])
    return entry
