"""File downloads: one way to send an .xlsx back (names in Chinese, never cached)."""

import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_file_response(data: bytes, file_name: str) -> HttpResponse:
    """A download no proxy or browser cache keeps (it may hold personal data)."""
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name)}"
    response["Cache-Control"] = "no-store"
    return response


def xlsx_written_response(write, title: str) -> HttpResponse:
    """``write(stream)`` fills the workbook; the file is named after ``title`` and today."""
    stream = io.BytesIO()
    written = write(stream)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = xlsx_file_response(stream.getvalue(), f"{title}-{stamp}.xlsx")
    if isinstance(written, int):  # the row count, for the download's audit entry
        response.audit_details = {"rows": written}
    return response


def xlsx_table_response(
    title: str, headers: list[str], rows, *, user=None, scope: str = ""
) -> HttpResponse:
    """A one-sheet workbook of ``headers`` and ``rows`` (constant-memory writer). Given the
    ``user`` (or the ``scope`` in words), a report's title row heads it: the report's name,
    its scope and the date (``report_title``)."""
    from liangxin.core.spreadsheets import write_xlsx

    heading = report_title(title, user=user, scope=scope) if user or scope else ""
    return xlsx_written_response(
        lambda stream: write_xlsx(stream, headers, rows, sheet=title[:31], title=heading), title
    )


SCOPE_NAMES_SHOWN = 5


def report_title(title: str, *, user=None, scope: str = "") -> str:
    """ "党龄纪念（范围：川姜镇；导出日期：2026-12-03）": what a printed report says above
    its table. ``scope`` in words, else the regions and organizations ``user`` holds."""
    scope = scope or (user_scope_text(user) if user is not None else "")
    parts = [f"范围：{scope}"] if scope else []
    parts.append(f"导出日期：{timezone.localdate():%Y-%m-%d}")
    return f"{title}（{'；'.join(parts)}）"


def user_scope_text(user) -> str:
    """The names of the regions and organizations a user's scope is made of (the relations
    core.scoping reads), the first few; an instructor's scope is their enterprises."""
    names = []
    for relation in ("regions", "organizations"):
        manager = getattr(user, relation, None)
        if manager is not None:
            names += manager.order_by("path").values_list("name", flat=True)
    if not names:
        return "本人联系的企业" if getattr(user, "role", "") == "instructor" else ""
    shown = "、".join(names[:SCOPE_NAMES_SHOWN])
    return shown if len(names) <= SCOPE_NAMES_SHOWN else f"{shown}等 {len(names)} 处"
