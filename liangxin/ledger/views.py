"""Ledger pages: template download, upload → preview → confirm → progress → result; exports.

Access, in the order the registry pages use: logged in → a business role
(else 403) → the job is the user's own (else 404: someone else's job does not
exist) → the role may import this kind (else 403). Small files are checked
inside the request so the preview appears at once; larger ones run as
background tasks whose progress page polls the job row.
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from liangxin.core import private_search, roles
from liangxin.core.downloads import xlsx_file_response as xlsx_response
from liangxin.core.views import RegistryAccessMixin
from liangxin.ledger import live, services, storage, tasks
from liangxin.ledger.forms import ConfirmForm, UploadForm
from liangxin.ledger.kinds import all_kinds
from liangxin.ledger.models import ExportJob, ImportJob, JobStatus
from liangxin.ledger.templates_xlsx import build_template

SYNC_IMPORT_BYTES = 1_000_000  # below this a file is checked inside the request
SYNC_EXPORT_ROWS = 5_000  # up to this many rows an export streams straight back
RECENT_JOBS = 20
SHOWN_ROWS = 200  # bad rows and changed rows listed on the page; the rest in the error file


def kind_or_404(name: str):
    try:
        return all_kinds()[name]
    except KeyError as exc:
        raise Http404("没有这种台账") from exc


# --- access -------------------------------------------------------------------------------


class KindMixin(RegistryAccessMixin):
    """A page about one ledger kind; ``editing`` pages need roles.can_edit for it."""

    editing = False

    def prepare(self) -> None:
        self.kind = kind_or_404(self.kwargs["kind"])
        if self.editing and not roles.can_edit(self.request.user, self.kind.name):
            raise PermissionDenied(f"您的角色无权导入{self.kind.label}台账")


class OwnJobMixin(RegistryAccessMixin):
    """A page about one job: only its creator sees it, for everyone else it does not exist."""

    model = ImportJob

    def prepare(self) -> None:
        self.job = get_object_or_404(self.model, pk=self.kwargs["pk"], user=self.request.user)
        # A running job whose worker died says so at once, without waiting for the scheduler.
        services.job_interrupt_if_stale(job=self.job)
        live.overlay(self.job)  # SQLite: a write phase's progress is not in the row yet
        self.kind = kind_or_404(self.job.kind)


# --- overview and template ----------------------------------------------------------------


class LedgerHomeView(RegistryAccessMixin, TemplateView):
    template_name = "ledger/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        ledgers = [
            {
                "kind": kind,
                "can_edit": roles.can_edit(user, kind.name),
                "exportable": bool(kind.list_view),
            }
            for kind in all_kinds().values()
        ]
        return super().get_context_data(
            ledgers=ledgers,
            imports=ImportJob.objects.filter(user=user)[:RECENT_JOBS],
            exports=ExportJob.objects.filter(user=user)[:RECENT_JOBS],
            **kwargs,
        )


class TemplateDownloadView(KindMixin, View):
    editing = True

    def get(self, request, *args, **kwargs):
        return xlsx_response(build_template(self.kind), f"{self.kind.label}台账模板.xlsx")


# --- import -----------------------------------------------------------------------------


class UploadView(KindMixin, FormView):
    editing = True
    template_name = "ledger/upload.html"
    form_class = UploadForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        job = services.import_job_create(
            user=self.request.user,
            kind=self.kind.name,
            file_name=Path(upload.name).name,
            data=data,
            dry_run=True,
            store=True,
        )
        tasks.start(tasks.run_import_job, job, inline=len(data) < SYNC_IMPORT_BYTES)
        return redirect("ledger:job", pk=job.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kind=self.kind, max_mb=settings.LEDGER_MAX_UPLOAD_MB, **kwargs
        )


class ImportJobView(OwnJobMixin, TemplateView):
    """Progress while it runs; then the preview (dry run) or the result (real run)."""

    template_name = "ledger/import_job.html"

    def get_context_data(self, **kwargs):
        job = self.job
        return super().get_context_data(
            job=job,
            kind=self.kind,
            report=job.report[:SHOWN_ROWS],
            changes=job.changes[:SHOWN_ROWS],
            shown_rows=SHOWN_ROWS,
            has_error_file=storage.exists(job.error_file),
            noop=services.preview_is_noop(job),
            imported_before=imported_before(job),
            confirmation=job.confirmations.order_by("-pk").first() if job.dry_run else None,
            confirm_form=ConfirmForm(initial={"keep_good": False}),
            can_confirm=can_confirm(job, self.request.user),
            can_rerun=job.status == JobStatus.INTERRUPTED and storage.exists(job.stored_file),
            **progress_links(job),
            **kwargs,
        )


def imported_before(job: ImportJob) -> ImportJob | None:
    """An earlier import of the very same file (same hash) by this user that landed."""
    earlier = ImportJob.objects.filter(
        user=job.user, kind=job.kind, sha256=job.sha256, dry_run=False, status=JobStatus.DONE
    )
    return earlier.exclude(pk=job.pk).exclude(preview=job).order_by("-pk").first()


def can_confirm(job: ImportJob, user) -> bool:
    finished_preview = job.dry_run and job.status == JobStatus.DONE
    return (
        finished_preview
        and not services.preview_is_noop(job)
        and roles.can_edit(user, job.kind)
        and not job.confirmations.exclude(
            status__in=[JobStatus.CANCELLED, JobStatus.FAILED]
        ).exists()
    )


class JobProgressView(OwnJobMixin, TemplateView):
    """The HTMX partial polled every second; once the job ends the page reloads itself."""

    template_name = "ledger/_progress.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.job.is_finished:
            response["HX-Refresh"] = "true"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.job, **progress_links(self.job), **kwargs)


class JobCancelView(OwnJobMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not self.job.is_finished:
            services.job_cancel(job=self.job)
            messages.info(request, "已请求取消：任务会在下一次进度更新时停止")
        return redirect(job_url(self.job))


def job_url(job) -> str:
    name = "ledger:export-job" if isinstance(job, ExportJob) else "ledger:job"
    return reverse(name, args=[job.pk])


def progress_links(job) -> dict:
    """The URLs the progress partial needs: where to poll and where to cancel."""
    prefix = "ledger:export" if isinstance(job, ExportJob) else "ledger:job"
    return {
        "progress_url": reverse(f"{prefix}-progress", args=[job.pk]),
        "cancel_url": reverse(f"{prefix}-cancel", args=[job.pk]),
    }


class JobRerunView(OwnJobMixin, View):
    """Run an interrupted import again over the same stored file (a new job)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = self.job
        if job.status != JobStatus.INTERRUPTED:
            messages.error(request, "只有已中断的任务可以重新运行")
            return redirect(job_url(job))
        if not roles.can_edit(request.user, job.kind):
            raise PermissionDenied(f"您的角色无权导入{self.kind.label}台账")
        if not storage.exists(job.stored_file):
            messages.error(request, tasks.MISSING_FILE)
            return redirect("ledger:upload", job.kind)
        again = services.import_job_rerun(job=job)
        tasks.start(tasks.run_import_job, again, inline=again.file_size < SYNC_IMPORT_BYTES)
        return redirect(job_url(again))


class ConfirmView(OwnJobMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        preview, user = self.job, request.user
        if not roles.can_edit(user, preview.kind):
            raise PermissionDenied(f"您的角色无权导入{self.kind.label}台账")
        form = ConfirmForm(request.POST)
        keep_good = form.is_valid() and form.cleaned_data["keep_good"]
        problem = confirm_problem(preview, user, keep_good)
        if problem:
            messages.error(request, problem)
            return redirect(job_url(preview))
        job = services.import_job_confirm(preview=preview, keep_good=keep_good)
        tasks.start(tasks.run_import_job, job, inline=job.file_size < SYNC_IMPORT_BYTES)
        return redirect(job_url(job))


def confirm_problem(preview: ImportJob, user, keep_good: bool) -> str:
    if not can_confirm(preview, user):
        return "该预览不能再确认导入（已确认过、无需导入或预览未完成）"
    if preview.bad and not keep_good:
        return "文件有错误行：请修改后重新上传，或勾选“仅导入正确的行”"
    if not storage.exists(preview.stored_file):
        return tasks.MISSING_FILE
    return ""


class ErrorFileView(OwnJobMixin, View):
    def get(self, request, *args, **kwargs):
        try:
            data = storage.read(self.job.error_file)
        except FileNotFoundError as exc:
            raise Http404("错误行文件不存在或已过保存期限") from exc
        return xlsx_response(data, f"{Path(self.job.file_name).stem}_错误行.xlsx")


# --- export -----------------------------------------------------------------------------


class ExportView(KindMixin, View):
    """The registry list as filtered on the page, with the import headers.

    GET exports masked; a plaintext export is a POST with the 导出明文 box ticked,
    allowed only to roles that may unmask, and written to the audit log.
    """

    def prepare(self) -> None:
        super().prepare()
        if not self.kind.list_view:
            raise Http404("该台账没有可导出的列表")

    def get(self, request, *args, **kwargs):
        return self.export(list_filters(request.GET, request.session), reveal=False)

    def post(self, request, *args, **kwargs):
        reveal = request.POST.get("reveal") == "1" and self.kind.personal
        if reveal and not roles.can_unmask(request.user):
            raise PermissionDenied("您的角色无权导出明文个人信息")
        query = QueryDict(request.POST.get("query", ""))
        return self.export(list_filters(query, request.session), reveal=reveal)

    def export(self, filters: QueryDict, *, reveal: bool):
        user = self.request.user
        queryset = services.registry_list_queryset(kind=self.kind.name, user=user, filters=filters)
        if queryset.count() > SYNC_EXPORT_ROWS:
            job = services.export_job_create(
                user=user, kind=self.kind.name, filters=filters, reveal=reveal
            )
            tasks.start(tasks.run_export_job, job)
            return redirect(job_url(job))
        with tempfile.TemporaryFile() as stream:
            count = services.export_write(
                kind_name=self.kind.name, queryset=queryset, user=user, stream=stream, reveal=reveal
            )
            stream.seek(0)
            data = stream.read()
        response = xlsx_response(data, services.export_file_name(self.kind.name))
        # Audited as a download (liangxin.audit.middleware), with what only this view knows.
        response.audit_details = {"kind": self.kind.name, "rows": count, "plain": reveal}
        return response


def list_filters(query: QueryDict, session=None) -> QueryDict:
    """The list's filters without the page number (an export takes every page).

    A search kept out of the URL (``search_ref``, core/private_search.py) is looked up.
    """
    filters = private_search.resolve(query, session).copy()
    filters.pop("page", None)
    return filters


class ExportJobView(OwnJobMixin, TemplateView):
    model = ExportJob
    template_name = "ledger/export_job.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            job=self.job,
            kind=self.kind,
            has_file=storage.exists(self.job.stored_file),
            **progress_links(self.job),
            **kwargs,
        )


class ExportProgressView(JobProgressView):
    model = ExportJob


class ExportCancelView(JobCancelView):
    model = ExportJob


class ExportRerunView(OwnJobMixin, View):
    """Run an interrupted export again with the same filters (a new job)."""

    model = ExportJob
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = self.job
        if job.status != JobStatus.INTERRUPTED:
            messages.error(request, "只有已中断的任务可以重新运行")
            return redirect(job_url(job))
        if job.reveal and not roles.can_unmask(request.user):
            raise PermissionDenied("您的角色无权导出明文个人信息")
        again = services.export_job_rerun(job=job)
        tasks.start(tasks.run_export_job, again)
        return redirect(job_url(again))


class ExportDownloadView(OwnJobMixin, View):
    model = ExportJob

    def get(self, request, *args, **kwargs):
        try:
            data = storage.read(self.job.stored_file)
        except FileNotFoundError as exc:
            raise Http404("导出文件不存在或已过保存期限") from exc
        response = xlsx_response(data, self.job.file_name or "导出.xlsx")
        job = self.job
        response.audit_details = {
            "kind": job.kind,
            "rows": job.rows_total,
            "plain": job.reveal,
            "export_job": job.pk,
        }
        return response
