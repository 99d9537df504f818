"""Logins, logouts and failed logins into the audit log; every saved LogEntry onto the chain.

Django's auth signals fire for the login page, the admin's login and any other
``login()``/``authenticate()`` call; django-axes (connected first, being earlier in
INSTALLED_APPS) has marked the request ``axes_locked_out`` by the time a failure
reaches us, so a failure that locks the account is one entry saying so.
"""

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from liangxin.audit import chain
from liangxin.core.audit import CHANNEL_ADMIN, CHANNEL_WEB, client_address, masked_username
from liangxin.core.audit import record_event as _record_event


def _channel(request) -> dict:
    path = getattr(request, "path", "") or ""
    return {"channel": CHANNEL_ADMIN if path.startswith("/admin/") else CHANNEL_WEB, "path": path}


def _address(request):
    return client_address(request) if request is not None else None


@receiver(user_logged_in, dispatch_uid="liangxin_audit_login")
def on_login(sender, request, user, **kwargs):
    _record_event(
        user,
        action="login",
        summary="登录成功",
        remote_addr=_address(request),
        details=_channel(request),
    )


@receiver(user_logged_out, dispatch_uid="liangxin_audit_logout")
def on_logout(sender, request, user, **kwargs):
    if user is None:  # a logout without a session: nobody to name
        return
    _record_event(
        user,
        action="logout",
        summary="退出登录",
        remote_addr=_address(request),
        details=_channel(request),
    )


@receiver(user_login_failed, dispatch_uid="liangxin_audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username") or "")
    account = get_user_model().objects.filter(username=username).first() if username else None
    locked = bool(getattr(request, "axes_locked_out", False))
    summary = "登录失败（账号已锁定）" if locked else "登录失败"
    details = {**_channel(request), "locked_out": locked}
    if account is None:
        # No account of that name: the text may be a password typed in the wrong box.
        details["attempted_username"] = masked_username(username)
        summary += f"：账号 {details['attempted_username']} 不存在"
    _record_event(
        None,
        action="login_failed",
        target=account,
        summary=summary,
        remote_addr=_address(request),
        details=details,
    )


@receiver(post_save, sender=LogEntry, dispatch_uid="liangxin_audit_chain")
def on_entry_saved(sender, instance, created, raw=False, **kwargs):
    """django-auditlog's own entries (``LogEntry.objects.log_create`` saves one by one)."""
    if created and not raw:
        chain.append([instance.pk])
