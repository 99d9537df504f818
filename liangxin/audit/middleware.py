"""Every file a page hands out (an export, a list as xlsx, an error-row file) is one
audit entry: who, when, from where, which file, how many rows, masked or plain.

Downloads are found by their ``Content-Disposition: attachment`` header, so an export
added later is audited without anyone remembering to; a view that knows more (row
count, plain text) says so in ``response.audit_details``.
"""

from urllib.parse import unquote

from liangxin.core.audit import client_address, record_event


def download_name(response) -> str:
    header = response.get("Content-Disposition", "")
    if not header.startswith("attachment"):
        return ""
    for part in header.split(";"):
        part = part.strip()
        if part.startswith("filename*="):
            return unquote(part.split("''", 1)[-1])
        if part.startswith("filename="):
            return part.split("=", 1)[1].strip('"')
    return "（未命名文件）"


def export_summary(name: str, details: dict) -> str:
    shown = "导出明文" if details.get("plain") else "导出（已脱敏）"
    rows = details.get("rows")
    counted = f"，{rows} 行" if rows is not None else ""
    return f"{shown}：{name}{counted}"


# Free-text filters may hold a person's name: the log keeps that they were used, not the text.
FREE_TEXT_FILTERS = frozenset({"q", "name", "search", "keyword", "id_number", "phone"})


def shown_filters(query) -> dict:
    return {
        key: "***" if key in FREE_TEXT_FILTERS else query.get(key, "")[:100]
        for key in list(query.keys())[:20]
    }


class DownloadAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        name = download_name(response) if response.status_code == 200 else ""
        user = getattr(request, "user", None)
        if name and user is not None and user.is_authenticated:
            details = {"file": name, "path": request.path, **getattr(response, "audit_details", {})}
            if request.GET:
                details["filters"] = shown_filters(request.GET)
            record_event(
                user,
                action=getattr(response, "audit_event", "export"),
                summary=export_summary(name, details),
                remote_addr=client_address(request),
                details=details,
            )
        return response
