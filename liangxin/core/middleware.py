import os
import time

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from whitenoise.middleware import WhiteNoiseMiddleware

from liangxin.core.audit import CHANNEL_ADMIN, CHANNEL_WEB, audit_context, client_address
from liangxin.core.redaction import contains_id_number
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


ID_NUMBER_IN_URL_MESSAGE = (
    "网址中不能包含公民身份号码：请在列表页的搜索框中输入身份证号查询"
    "（以表单提交，不会出现在网址中）。"
)
API_ID_NUMBER_IN_URL_MESSAGE = (
    "网址中不能包含公民身份号码：按身份证号或手机号查询，请把查询内容放在请求头 X-Search 中，"
    "不要放在 ?search= 里。"
)


class IdNumberInQueryMiddleware:
    """Refuse a request whose URL holds an ID number (issue 12: ID numbers never travel in URLs).

    The pages post a search by ID number (core/private_search.py); a URL that still
    holds one (typed, bookmarked, an API client) is answered 400 with a Chinese
    explanation and never reaches a view, so no link, redirect or HX-Push-Url of the
    answer can repeat it. The access-log line is redacted (core/redaction.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if (query and contains_id_number(query)) or contains_id_number(request.path):
            return self.refuse(request)
        if _has_nul(query) or "\x00" in request.path or _form_has_nul(request):
            # A NUL in a filter reached PostgreSQL, which refuses it in text with an
            # error (a 500); no search or key ever holds one (found by schemathesis).
            return self.refuse(request, NUL_IN_URL_MESSAGE, NUL_IN_URL_MESSAGE)
        return self.get_response(request)

    @staticmethod
    def refuse(
        request,
        page_message: str = ID_NUMBER_IN_URL_MESSAGE,
        api_message: str = API_ID_NUMBER_IN_URL_MESSAGE,
    ):
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": api_message}, status=400, json_dumps_params={"ensure_ascii": False}
            )
        body = render_to_string("400.html", {"message": page_message}, request)
        return HttpResponse(body, status=400)


NUL_IN_URL_MESSAGE = "请求中含有空字符（NUL），无法处理：请检查输入的内容。"


def _has_nul(query: str) -> bool:
    return bool(query) and ("%00" in query or "\x00" in query)


def _form_has_nul(request) -> bool:
    """A page's posted form with a NUL: a lookup by code (ModelChoiceField) passes it to the
    database. The API checks its bodies in its parsers (api/parsers.py)."""
    if request.method != "POST" or request.path.startswith("/api/"):
        return False
    return any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in request.POST.lists()
    )


class PrivateResponseMiddleware:
    """Headers for every answer of a view (static files are served before this runs).

    ``Cache-Control: no-store``: an answer to a logged-in user (a page, an export, an
    API response; the API authenticates inside the view, hence the check after it) may
    hold personal data and must not stay in the browser's or a proxy's cache. Answers
    to anonymous visitors (the login page, errors) get it too: they are never worth
    caching, and one rule is easier to trust. ``Permissions-Policy`` switches off
    browser features the platform never uses.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, without its warning that ``staticfiles/`` is missing when the finders
    serve the same files.

    STATIC_ROOT is where ``collectstatic`` puts the files for production; on a laptop
    (``make run``, the tests) it was never made, and WhiteNoise warned "No directory at:
    …/staticfiles/" at every start although WHITENOISE_USE_FINDERS serves
    liangxin/static. Once collected, STATIC_ROOT is served as before.
    """

    def add_files(self, root, prefix=None):
        if self.use_finders and root == self.static_root and not os.path.isdir(root):
            return
        super().add_files(root, prefix)
