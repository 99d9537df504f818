"""The audit log pages (审计管理员 only; for everyone else they do not exist)."""

from auditlog.models import LogEntry
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import Http404
from django.views.generic import TemplateView, View
from django_filters.views import FilterView

from liangxin.audit import chain, history
from liangxin.audit.describe import describe_entries
from liangxin.audit.filters import AuditLogFilter
from liangxin.audit.models import ChainCheck, ChainHead
from liangxin.core import roles
from liangxin.core.audit import CHANNEL_IMPORT
from liangxin.core.downloads import report_title, xlsx_written_response
from liangxin.core.forms import label_empty_choices, style_form
from liangxin.core.spreadsheets import write_xlsx

PAGE_SIZE = 25
EXPORT_CHUNK = 2000


class AuditAdminOnly(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.can_view_audit(request.user):
            raise Http404("页面不存在")
        return super().dispatch(request, *args, **kwargs)


def log_entries():
    return LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")


# An import's records each have a history entry; the log shows the import as one line
# (its ACCESS summary) and its records on the page the line links to (?job=N).
IMPORT_DETAIL = Q(additional_data__channel=CHANNEL_IMPORT) & ~Q(action=LogEntry.Action.ACCESS)


class FilteredLog:
    filterset_class = AuditLogFilter

    def get_queryset(self):
        if self.request.GET.get("job"):
            return log_entries()
        return log_entries().exclude(IMPORT_DETAIL)

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        style_form(filterset.form)
        label_empty_choices(filterset.form)
        return filterset


class AuditLogView(AuditAdminOnly, FilteredLog, FilterView):
    """Read-only: one line per act, newest first, with the chain's last verification."""

    template_name = "audit/logentry_list.html"
    paginate_by = PAGE_SIZE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = describe_entries(context["object_list"])
        context["chain"] = chain_status()
        context["export_query"] = self.request.GET.urlencode()
        return context


def chain_status() -> dict:
    head = ChainHead.objects.filter(pk=1).first()
    check = ChainCheck.objects.first()
    last_seq = head.last_seq if head else 0
    return {
        "check": check,
        "unchecked": max(last_seq - (check.last_seq if check and check.intact else 0), 0),
        "anchor_seq": head.anchor_seq if head else 0,
        "last_seq": last_seq,
    }


class ChainView(AuditAdminOnly, TemplateView):
    """Verifies the whole chain now and shows (and keeps) the result."""

    template_name = "audit/chain.html"

    def get_context_data(self, **kwargs):
        verdict, check = chain.verify_and_store()
        return super().get_context_data(verdict=verdict, check=check, **kwargs)


EXPORT_HEADERS = ["时间", "操作人", "操作", "记录类型", "记录", "渠道", "地址", "说明", "变更内容"]


class AuditExportView(AuditAdminOnly, FilteredLog, View):
    """The filtered log as .xlsx, masked as on the page; the download is itself audited
    (liangxin.audit.middleware: the response names its act ``audit_export``)."""

    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset(self.filterset_class)
        entries = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        response = xlsx_written_response(lambda stream: write_log(stream, entries), "审计日志")
        response.audit_event = "audit_export"
        return response

    def get_filterset(self, filterset_class):
        return filterset_class(self.request.GET, queryset=self.get_queryset(), request=self.request)


def export_rows(entries):
    ids = list(entries.values_list("pk", flat=True))
    for start in range(0, len(ids), EXPORT_CHUNK):
        chunk = log_entries().filter(pk__in=ids[start : start + EXPORT_CHUNK])
        for item in describe_entries(chunk):
            changes = "；".join(
                f"{c['field']}：{c['before']} → {c['after']}"
                if c["before"]
                else f"{c['field']}：{c['after']}"
                for c in item["changes"]
            )
            yield [
                item["time"],  # a date-time cell, in local time (core.spreadsheets)
                item["actor"],
                item["act"],
                item["model_label"],
                item["object"],
                item["channel"],
                item["address"],
                item["summary"],
                changes,
            ]


def write_log(stream, entries) -> int:
    title = report_title("审计日志")
    return write_xlsx(stream, EXPORT_HEADERS, export_rows(entries), sheet="审计日志", title=title)


class RecordHistoryView(LoginRequiredMixin, TemplateView):
    """The 变更记录 panel of a detail page (htmx): scope first (404), then the right to
    edit that kind of record (403), as every registry page checks them."""

    template_name = "audit/_record_history.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.can_view_registry(request.user):
            raise Http404("页面不存在")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        instance = history.record_for(self.kwargs["token"], self.request.user)
        found = history.record_history(
            user=self.request.user, instance=instance, page=self.request.GET.get("page")
        )
        return super().get_context_data(**found, **kwargs)  # kwargs holds the token
