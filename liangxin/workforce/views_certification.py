"""Pages of certification (list, application, steps, 年检, level settings), honours and
allowances (rules, the yearly list with compute / approve / paid, exports). Chinese, scoped,
one column on a phone."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from liangxin.core import roles
from liangxin.core.attachments import attachment_response
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import mark_invalid
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.core.views import RegistryAccessMixin, attempt, run_and_redirect
from liangxin.regions.models import Region, RegionKind
from liangxin.workforce import allowances
from liangxin.workforce import selectors_certification as sel
from liangxin.workforce import services_certification as services
from liangxin.workforce.forms_certification import (
    AllowanceRuleForm,
    AnnualCheckForm,
    ApplicationForm,
    HonourForm,
    IssueForm,
    LevelSettingForm,
    StepForm,
)
from liangxin.workforce.models_people import (
    AllowanceKind,
    AllowanceRule,
    AllowanceState,
    CertificationFile,
    CertificationLevel,
    CertLevel,
    CertState,
    HonourLevel,
)

PAGE_SIZE = 25
KIND = services.KIND


def _year(text, default: int | None) -> int | None:
    try:
        year = int(text)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def _query(request) -> str:
    """The filters of the page, for its export and pager links (without the page)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _can_edit(user) -> bool:
    return roles.can_edit(user, KIND)


class EditorMixin(RegistryAccessMixin):
    def prepare(self) -> None:
        if not _can_edit(self.request.user):
            raise PermissionDenied("您的角色无权修改此类记录")


class DistrictMixin(RegistryAccessMixin):
    def prepare(self) -> None:
        if not sel.is_district_admin(self.request.user):
            raise PermissionDenied("只有区级管理员可以办理此事项")


# --- certification ----------------------------------------------------------------------------


class RegionFilterMixin:
    """A county, town or park the user sees, by its code (404 outside the scope)."""

    def region_options(self):
        kinds = (RegionKind.COUNTY, RegionKind.TOWN, RegionKind.PARK)
        return scoped(Region.objects.filter(kind__in=kinds), self.request.user).order_by("path")

    def region(self):
        code = self.request.GET.get("region") or self.request.POST.get("region")
        if not code:
            return None
        return get_scoped_or_404(Region.objects.all(), self.request.user, code=code)


class CertificationFilterMixin(RegionFilterMixin):
    def filters(self) -> dict:
        get = self.request.GET
        level = get.get("level", "")
        state = get.get("state", "")
        return {
            "level": level if level in CertLevel.values else "",
            "state": state if state in CertState.values else "",
            "year": _year(get.get("year"), None),
        }

    def certifications(self):
        return sel.certification_list(
            user=self.request.user, region=self.region(), **self.filters()
        )


class CertificationListView(CertificationFilterMixin, RegistryAccessMixin, TemplateView):
    template_name = "workforce/cert_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(self.certifications(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page,
            filters=self.filters(),
            region=self.region(),
            regions=self.region_options(),
            levels=CertLevel.choices,
            states=CertState.choices,
            query=_query(self.request),
            can_edit=_can_edit(self.request.user),
            is_district=sel.is_district_admin(self.request.user),
            **kwargs,
        )


CERT_HEADERS = ["姓名", "所属区域", "等级", "认证机关", "状态", "申报日期", "证书编号",
                "发证日期", "有效期至"]  # fmt: skip


class CertificationExportView(CertificationFilterMixin, RegistryAccessMixin, View):
    def get(self, request):
        rows = (
            [
                c.worker.name,
                c.worker.region.name,
                c.get_level_display(),
                c.get_issuer_level_display(),
                c.get_state_display(),
                c.applied_on,
                c.certificate_no,
                c.issued_on or "",
                c.valid_until or "",
            ]
            for c in self.certifications()
        )
        return xlsx_table_response("党务工作者职业化认证", CERT_HEADERS, rows, user=request.user)


class CertificationCreateView(EditorMixin, FormView):
    template_name = "workforce/cert_form.html"
    form_class = ApplicationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"applied_on": timezone.localdate(), "worker": self.request.GET.get("worker")}

    def form_valid(self, form):
        made = []
        data = form.cleaned_data
        if not attempt(
            lambda: made.append(
                services.certification_apply(
                    actor=self.request.user,
                    worker=data["worker"],
                    level=data["level"],
                    applied_on=data["applied_on"],
                    evidence=data["evidence"],
                    direct_special=data["direct_special"],
                    files=self.request.FILES.getlist("files"),
                )
            ),
            form,
        ):
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, f"已登记申报：{made[0]}")
        return redirect("instructors:certification", made[0].pk)

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)


class CertificationDetailView(RegistryAccessMixin, TemplateView):
    template_name = "workforce/cert_detail.html"

    def prepare(self) -> None:
        self.certification = sel.certification_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        c = self.certification
        today = timezone.localdate()
        return super().get_context_data(
            c=c,
            events=c.events.select_related("actor"),
            checks=c.annual_checks.all(),
            files=c.files.all(),
            next_step=services.NEXT_STEP.get(c.state),
            in_progress=c.state in sel.IN_PROGRESS,
            district_issues=sel.district_issues(c.issuer_level),
            valid_today=sel.valid_on(c, today),
            can_edit=_can_edit(self.request.user),
            is_district=sel.is_district_admin(self.request.user),
            step_form=StepForm(),
            issue_form=IssueForm(initial={"issued_on": today}),
            check_form=AnnualCheckForm(initial={"year": today.year, "checked_on": today}),
            **kwargs,
        )


class CertificationActionView(RegistryAccessMixin, View):
    """The step buttons: POST advance / reject / issue / check; refusals come back as
    messages on the detail page."""

    http_method_names = ["post"]

    def prepare(self) -> None:
        self.certification = sel.certification_detail(user=self.request.user, pk=self.kwargs["pk"])

    def post(self, request, pk, action):
        back = reverse("instructors:certification", args=[pk])
        handler = getattr(self, f"do_{action.replace('-', '_')}", None)
        if handler is None:
            return redirect(back)
        form_class, run, done = handler()
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        return run_and_redirect(request, lambda: run(form.cleaned_data), done, back)

    def do_advance(self):
        def run(data):
            services.certification_advance(
                actor=self.request.user,
                certification=self.certification,
                comment=data["comment"],
                training_hours=data["training_hours"],
                test_score=data["test_score"],
            )

        return StepForm, run, "已进入下一步"

    def do_reject(self):
        def run(data):
            services.certification_reject(
                actor=self.request.user, certification=self.certification, comment=data["comment"]
            )

        return StepForm, run, "已记为未通过"

    def do_issue(self):
        def run(data):
            services.certification_issue(
                actor=self.request.user, certification=self.certification, **data
            )

        return IssueForm, run, "已发证（登记）"

    def do_revoke(self):
        def run(data):
            services.certification_revoke(
                actor=self.request.user, certification=self.certification, comment=data["comment"]
            )

        return StepForm, run, "已撤销证书"

    def do_check(self):
        def run(data):
            services.annual_check_record(
                actor=self.request.user, certification=self.certification, **data
            )

        return AnnualCheckForm, run, "已记录年检"


class CertificationFileView(RegistryAccessMixin, View):
    def get(self, request, pk, file_pk):
        found = get_scoped_or_404(
            CertificationFile.objects.all(), request.user, pk=file_pk, certification_id=pk
        )
        return attachment_response(found)


class LevelSettingsView(RegistryAccessMixin, TemplateView):
    template_name = "workforce/cert_levels.html"

    def get_context_data(self, **kwargs):
        rows = scoped(CertificationLevel.objects.all(), self.request.user)
        rows = sorted(rows, key=lambda row: sel.level_rank(row.level))
        is_district = sel.is_district_admin(self.request.user)
        forms = [(row, LevelSettingForm(instance=row, prefix=f"l{row.pk}")) for row in rows]
        return super().get_context_data(rows=forms, is_district=is_district, **kwargs)


class LevelSettingUpdateView(DistrictMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        setting = get_scoped_or_404(CertificationLevel.objects.all(), request.user, pk=pk)
        form = LevelSettingForm(request.POST, instance=setting, prefix=f"l{pk}")
        back = reverse("instructors:cert-levels")
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        return run_and_redirect(
            request,
            lambda: services.level_setting_update(
                actor=request.user, setting=setting, data=form.cleaned_data
            ),
            f"已保存{setting}的认证设置",
            back,
        )


# --- honours ----------------------------------------------------------------------------------


class HonourFilterMixin:
    def filters(self) -> dict:
        level = self.request.GET.get("level", "")
        return {
            "level": level if level in HonourLevel.values else "",
            "year": _year(self.request.GET.get("year"), None),
        }

    def honours(self):
        return sel.honour_list(user=self.request.user, **self.filters())


class HonourListView(HonourFilterMixin, RegistryAccessMixin, TemplateView):
    template_name = "workforce/honour_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(self.honours(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page,
            filters=self.filters(),
            levels=HonourLevel.choices,
            query=_query(self.request),
            can_edit=_can_edit(self.request.user),
            **kwargs,
        )


HONOUR_HEADERS = ["获得者", "类别", "荣誉名称", "级别", "授予单位", "授予日期", "文号"]


class HonourExportView(HonourFilterMixin, RegistryAccessMixin, View):
    def get(self, request):
        rows = (
            [
                str(h.worker or h.organization),
                "个人" if h.worker_id else "党组织",
                h.title,
                h.get_level_display(),
                h.awarded_by,
                h.awarded_on,
                h.document_no,
            ]
            for h in self.honours()
        )
        return xlsx_table_response("荣誉", HONOUR_HEADERS, rows, user=request.user)


class HonourCreateView(EditorMixin, FormView):
    template_name = "workforce/honour_form.html"
    form_class = HonourForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        if not attempt(lambda: services.honour_create(actor=self.request.user, data=data), form):
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, f"已登记荣誉：{data['title']}")
        return redirect("instructors:honours")

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)


# --- allowances -------------------------------------------------------------------------------


class AllowanceRulesView(RegistryAccessMixin, TemplateView):
    template_name = "workforce/allowance_rules.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rules=sel.allowance_rules(user=self.request.user),
            is_district=sel.is_district_admin(self.request.user),
            **kwargs,
        )


class AllowanceRuleEditView(DistrictMixin, FormView):
    template_name = "workforce/allowance_rule_form.html"
    form_class = AllowanceRuleForm

    def prepare(self) -> None:
        super().prepare()
        pk = self.kwargs.get("pk")
        self.rule = (
            get_scoped_or_404(AllowanceRule.objects.all(), self.request.user, pk=pk) if pk else None
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.rule}

    def get_initial(self):
        return {} if self.rule else {"effective_from": timezone.localdate().year}

    def form_valid(self, form):
        run = partial(
            allowances.allowance_rule_save,
            actor=self.request.user,
            rule=self.rule,
            data=form.cleaned_data,
        )
        if not attempt(run, form):
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, "已保存津贴规则")
        return redirect("instructors:allowance-rules")

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(rule=self.rule, **kwargs)


def default_year() -> int:
    """The list is drawn up after the year's assessments and checks: last year by default."""
    return timezone.localdate().year - 1


class AllowanceScopeMixin(RegionFilterMixin):
    def year(self) -> int:
        return _year(self.request.GET.get("year") or self.request.POST.get("year"), default_year())

    def rows(self):
        kind = self.request.GET.get("kind", "")
        return sel.allowance_list(
            user=self.request.user, year=self.year(), region=self.region(), kind=kind
        )


class AllowanceListView(AllowanceScopeMixin, RegistryAccessMixin, TemplateView):
    template_name = "workforce/allowance_list.html"

    def get_context_data(self, **kwargs):
        year, region = self.year(), self.region()
        rows = self.rows()
        page = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        workers = allowances.workers_in(user=self.request.user, year=year, region=region)
        refused = allowances.compute(year, workers).refused
        totals = dict.fromkeys(AllowanceState.values, 0)
        for state, amount in rows.values_list("state", "amount"):
            totals[state] += amount
        return super().get_context_data(
            page=page,
            year=year,
            region=region,
            regions=self.region_options(),
            kinds=AllowanceKind.choices,
            kind=self.request.GET.get("kind", ""),
            refused=refused,
            total=sum(totals.values()),
            totals=[(AllowanceState(s).label, v) for s, v in totals.items() if v],
            is_district=sel.is_district_admin(self.request.user),
            query=_query(self.request),
            **kwargs,
        )


ALLOWANCE_HEADERS = ["姓名", "所属区域", "类型", "依据", "金额", "状态"]


class AllowanceExportView(AllowanceScopeMixin, RegistryAccessMixin, View):
    def get(self, request):
        rows = list(self.rows())
        table = [
            [a.worker.name, a.worker.region.name, a.get_kind_display(), a.basis, a.amount,
             a.get_state_display()]
            for a in rows
        ]  # fmt: skip
        table.append(["合计", "", "", f"{len(rows)}笔", sum((a.amount for a in rows), 0), ""])
        title = f"{self.year()}年度党务工作者津贴发放表"
        return xlsx_table_response(title, ALLOWANCE_HEADERS, table, user=request.user)


class AllowanceActionView(AllowanceScopeMixin, DistrictMixin, View):
    http_method_names = ["post"]

    def post(self, request, action):
        year, region = self.year(), self.region()
        back = reverse("instructors:allowances") + f"?year={year}"
        if region is not None:
            back += f"&region={region.code}"
        if action == "compute":
            return self.compute(year, region, back)
        run = {"approve": allowances.allowances_approve, "paid": allowances.allowances_mark_paid}
        if action not in run:
            return redirect(back)
        done = {"approve": "已审批", "paid": "已标记为已发放"}[action]
        return run_and_redirect(
            request, lambda: run[action](actor=request.user, year=year, region=region), done, back
        )

    def compute(self, year, region, back):
        reports = []

        def go():
            reports.append(
                allowances.allowances_compute(actor=self.request.user, year=year, region=region)
            )

        response = run_and_redirect(self.request, go, f"已核算{year}年度津贴", back)
        if reports:
            report = reports[0]
            messages.info(
                self.request,
                f"写入已核算津贴 {report.written} 笔，未获津贴 {len(report.refused)} 项",
            )
            if report.kept:
                names = "、".join(
                    f"{row.worker.name}（{row.get_kind_display()}）" for row in report.kept[:20]
                )
                messages.warning(self.request, f"以下津贴已审批或已发放，未重新核算：{names}")
        return response
