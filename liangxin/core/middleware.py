import time

from django.conf import settings

from liangxin.core.audit import CHANNEL_ADMIN, CHANNEL_WEB, audit_context, client_address
from liangxin.core.sessions import RENEWAL_KEY


class AuditContextMiddleware:
    """Attribute page and admin writes to the logged-in user.

    API requests authenticate inside DRF, after middleware; the API's base view
    opens its own audit context (liangxin.api.views).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") or not request.user.is_authenticated:
            return self.get_response(request)
        channel = CHANNEL_ADMIN if request.path.startswith("/admin/") else CHANNEL_WEB
        with audit_context(
            request.user, channel=channel, remote_addr=client_address(request), path=request.path
        ):
            return self.get_response(request)


class IdleSessionMiddleware:
    """Idle timeout without a database write on every request.

    Django's SESSION_SAVE_EVERY_REQUEST rewrites the session row on every page
    view, which serialises concurrent requests on SQLite and costs a write on
    PostgreSQL. Here the session is saved (renewing its expiry) at most once per
    SESSION_TOUCH_SECONDS, so it still ends SESSION_COOKIE_AGE after the last
    click, give or take that interval. The session engine (``core.sessions``) knows
    a save that only renews, and puts it off while SQLite is busy with an import.
    """

    KEY = RENEWAL_KEY

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
                session.renew(now)
        return self.get_response(request)
