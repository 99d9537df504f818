"""Pages of the annual report (Chinese, scoped): the list with the form that starts a
report, a report's page (figures with their base, date and query; editable text; 定稿;
downloads), the job's progress page (polled by htmx, no inline script) and the district's
template page. A region or report outside the user's scope is a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from liangxin.annualreports import documents, forms, permissions, selectors, services
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.services import OutOfScope
from liangxin.core.views import RegistryAccessMixin
from liangxin.regions.models import Region

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReaderMixin(RegistryAccessMixin):
    def prepare(self) -> None:
        if not permissions.can_read(self.request.user):
            raise PermissionDenied("您的角色不使用年度工作报告")


class MakerMixin(RegistryAccessMixin):
    def prepare(self) -> None:
        if not permissions.can_make(self.request.user):
            raise PermissionDenied("您的角色不能生成年度工作报告")


def _region(user, code: str) -> Region:
    region = selectors.region_choices(user).filter(code=(code or "").strip()).first()
    if region is None:
        raise Http404("未找到该区域")
    return region


class ReportList(ReaderMixin, TemplateView):
    template_name = "annualreports/list.html"

    def get_context_data(self, form=None, **kwargs):
        user = self.request.user
        if form is None and permissions.can_make(user):
            form = forms.ReportForm(user=user, initial={"year": timezone.localdate().year - 1})
        return super().get_context_data(
            reports=selectors.reports(user=user)[:200],
            form=form,
            can_make=permissions.can_make(user),
            can_replace_template=permissions.can_replace_template(user),
            **kwargs,
        )

    def post(self, request):
        if not permissions.can_make(request.user):
            raise PermissionDenied("您的角色不能生成年度工作报告")
        form = forms.ReportForm(request.POST, user=request.user)
        if form.is_valid():
            region = _region(request.user, form.cleaned_data["region"])
            try:
                job = services.start_report(
                    actor=request.user,
                    region=region,
                    year=form.cleaned_data["year"],
                    want_pdf=form.cleaned_data["want_pdf"],
                )
            except OutOfScope as exc:
                raise Http404("未找到该区域") from exc
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "已开始生成报告")
                return redirect("annualreports:job", pk=job.pk)
        mark_invalid(form)
        return self.render_to_response(self.get_context_data(form=form), status=200)


class ReportDetail(ReaderMixin, TemplateView):
    template_name = "annualreports/report.html"

    def prepare(self) -> None:
        super().prepare()
        self.report = selectors.report_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, form=None, **kwargs):
        user = self.request.user
        editable = permissions.can_make(user) and not self.report.is_final
        if form is None and editable:
            form = forms.SectionsForm(report=self.report)
        return super().get_context_data(
            report=self.report,
            figures=list(self.report.figures.values()),
            form=form,
            editable=editable,
            can_make=permissions.can_make(user),
            job=selectors.latest_job(self.report),
            sections=services.context(self.report)["sections"],
            **kwargs,
        )

    def post(self, request, pk):
        form = forms.SectionsForm(request.POST, report=self.report)
        if form.is_valid():
            try:
                services.save_sections(
                    actor=request.user, report=self.report, sections=form.cleaned_data
                )
            except OutOfScope as exc:
                raise Http404("未找到该记录") from exc
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "正文已保存；重新生成后 Word 和 PDF 随之更新")
                return redirect("annualreports:report", pk=pk)
        mark_invalid(form)
        return self.render_to_response(self.get_context_data(form=form))


class ReportAction(MakerMixin, View):
    """POST only: 重新生成 (a new job) or 定稿."""

    action = ""

    def post(self, request, pk):
        report = selectors.report_detail(user=request.user, pk=pk)
        try:
            if self.action == "finalize":
                services.finalize(actor=request.user, report=report)
                messages.success(request, "报告已定稿，数据和正文已冻结")
            else:
                job = services.regenerate(
                    actor=request.user, report=report, want_pdf=bool(request.POST.get("want_pdf"))
                )
                return redirect("annualreports:job", pk=job.pk)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("annualreports:report", pk=pk)


class Download(ReaderMixin, View):
    kind = "docx"

    def get(self, request, pk):
        report = selectors.report_detail(user=request.user, pk=pk)
        stored = report.docx if self.kind == "docx" else report.pdf
        if not stored:
            raise Http404("文件尚未生成")
        try:
            handle = stored.open("rb")
        except FileNotFoundError as exc:
            raise Http404("文件已不存在，请重新生成") from exc
        filename = f"{report.region.name}{report.year}年度工作报告.{self.kind}"
        return FileResponse(
            handle,
            as_attachment=True,
            filename=filename,
            content_type=DOCX if self.kind == "docx" else "application/pdf",
        )


class JobPage(ReaderMixin, TemplateView):
    template_name = "annualreports/job.html"
    partial = False

    def prepare(self) -> None:
        super().prepare()
        self.job = selectors.job_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        if self.partial:
            response = render(request, "annualreports/_progress.html", self._context())
            if self.job.is_finished:
                response["HX-Refresh"] = "true"
            return response
        return super().get(request, *args, **kwargs)

    def _context(self) -> dict:
        return {
            "job": self.job,
            "report": self.job.report,
            "progress_url": reverse("annualreports:job-progress", args=[self.job.pk]),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self._context(), **kwargs)


class Templates(ReaderMixin, TemplateView):
    """The district's Word template: upload its own (validated), go back to the default."""

    template_name = "annualreports/templates.html"

    def prepare(self) -> None:
        super().prepare()
        if not permissions.can_replace_template(self.request.user):
            raise PermissionDenied("只有区级管理员可以更换报告模板")

    def get_context_data(self, form=None, **kwargs):
        user = self.request.user
        return super().get_context_data(
            form=form or forms.TemplateForm(),
            templates=selectors.templates(user=user)[:50],
            regions=selectors.region_choices(user),
            **kwargs,
        )

    def post(self, request):
        if request.POST.get("action") == "default":
            region = _region(request.user, request.POST.get("region", ""))
            services.use_default_template(actor=request.user, region=region)
            messages.success(request, "已恢复使用默认模板")
            return redirect("annualreports:templates")
        form = forms.TemplateForm(request.POST, request.FILES)
        region = _region(request.user, request.POST.get("region", ""))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(services.MAX_TEMPLATE_BYTES + 1)
            try:
                services.upload_template(
                    actor=request.user,
                    region=region,
                    name=form.cleaned_data["name"],
                    data=data,
                    filename=upload.name,
                )
            except OutOfScope as exc:
                raise Http404("未找到该区域") from exc
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "模板已上传，此后生成的报告使用该模板")
                return redirect("annualreports:templates")
        mark_invalid(form)
        return self.render_to_response(self.get_context_data(form=form))


class DefaultTemplate(ReaderMixin, View):
    def get(self, request):
        return HttpResponse(
            documents.default_template_bytes(),
            content_type=DOCX,
            headers={"Content-Disposition": 'attachment; filename="annual-report-template.docx"'},
        )


class TemplateFile(ReaderMixin, View):
    def get(self, request, pk):
        template = selectors.templates(user=request.user).filter(pk=pk).first()
        if template is None:
            raise Http404("未找到该模板")
        return FileResponse(
            template.file.open("rb"), as_attachment=True, filename=f"{template.name}.docx",
            content_type=DOCX,
        )  # fmt: skip
