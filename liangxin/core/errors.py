"""The 500 handler, which tells a busy database apart from a fault.

SQLite has one writer. While a big ledger import commits (tens of seconds for a
million rows) every other write waits up to the busy timeout and then fails with
"database is locked". That is not a fault of the page: the user is told to try
again in a moment, with 503 and Retry-After, instead of the generic error page.
"""

import sys

from django.db import OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults

BUSY_MESSAGE = "数据库正忙（可能有大批量台账导入正在写入），您刚才的操作没有保存，请稍后重试。"
RETRY_AFTER_SECONDS = 10


def database_busy(error: BaseException | None) -> bool:
    """SQLite's "database is locked" / "database table is locked"."""
    return isinstance(error, OperationalError) and "is locked" in str(error)


def server_error(request):
    if not database_busy(sys.exc_info()[1]):
        return defaults.server_error(request)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": BUSY_MESSAGE}, status=503)
    else:
        response = render(request, "503.html", {"message": BUSY_MESSAGE}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
