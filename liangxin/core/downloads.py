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


def xlsx_table_response(title: str, headers: list[str], rows) -> HttpResponse:
    """A one-sheet workbook of ``headers`` and ``rows`` (constant-memory writer)."""
    from liangxin.core.spreadsheets import write_xlsx

    return xlsx_written_response(
        lambda stream: write_xlsx(stream, headers, rows, sheet=title[:31]), title
    )
