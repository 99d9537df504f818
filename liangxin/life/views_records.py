"""Pages of the organization-life records that are not meetings: 民主评议 and the 限期改正
it opens, 谈心谈话, members out of 应到会人数, the 提示单 with their take-up, and the study
counts. Reads go through life.study (scoped aggregates), writes through life.services."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from liangxin.core import roles
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.scoping import get_scoped_or_404, scoped, user_scope
from liangxin.core.services import OutOfScope
from liangxin.core.views import RegistryAccessMixin
from liangxin.life import services, study
from liangxin.life.forms_records import (
    ChooseForm,
    CloseForm,
    ExclusionForm,
    GradeSheet,
    GuideForm,
    TalkForm,
    years,
)
from liangxin.life.models import Appraisal, CorrectionCase, Grade, StudyGuide
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.organizations.selectors import only_organization_code
from liangxin.regions.models import Region

EDIT_KIND = services.EDIT_KIND
PAGE_SIZE = 50


def chosen_year(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or this_year)
    except ValueError:
        return this_year
    return year if year in years() else this_year


def chosen_organization(request, data=None):
    """``?organization=code`` (or the code in ``data``) inside the user's scope (404
    outside), else the secretary's own organization, else None."""
    data = request.GET if data is None else data
    code = (data.get("organization") or "").strip()
    code = code or only_organization_code(request.user)
    if not code:
        return None
    return get_scoped_or_404(PartyOrganization.objects.all(), request.user, code=code)


def page_of(request, rows, size: int = PAGE_SIZE):
    return Paginator(rows, size).get_page(request.GET.get("page"))


class RecordPageView(RegistryAccessMixin, FormView):
    """A record form above the list of the records: everyone in the business roles reads,
    those who edit ``edit_kind`` record. A GET with the form's fields (the 刷新党员名单
    button) reloads the form with what was typed."""

    edit_kind = EDIT_KIND
    success_text = "已保存"

    def prepare(self) -> None:
        self.can_edit = roles.can_edit(self.request.user, self.edit_kind)
        if self.request.method == "POST" and not self.can_edit:
            raise PermissionDenied("您的角色无权修改此类记录")

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "user": self.request.user}
        if self.request.method == "GET":
            fields = self.form_class.base_fields
            typed = {k: v for k, v in self.request.GET.items() if k in fields and v}
            kwargs["initial"] = {**self.default_initial(), **typed}
        return kwargs

    def default_initial(self) -> dict:
        code = only_organization_code(self.request.user)
        return {"organization": code} if code else {}

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"{self.success_text}：{saved}")
        return redirect(self.request.path + self.query_after(saved))

    def query_after(self, saved) -> str:
        return ""

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_edit=self.can_edit, **kwargs)


# --- 民主评议 ----------------------------------------------------------------------------


class AppraisalView(RegistryAccessMixin, TemplateView):
    """Choose an organization and a year; grade the members not yet graded; see the
    results with the counts per grade (all organizations in scope when none is chosen)."""

    template_name = "life/records/appraisals.html"

    def prepare(self) -> None:
        self.year = chosen_year(self.request)
        posted = self.request.POST if self.request.method == "POST" else None
        self.organization = chosen_organization(self.request, posted)
        self.can_edit = roles.can_edit(self.request.user, EDIT_KIND)

    def ungraded(self) -> list[Member]:
        graded = Appraisal.objects.filter(year=self.year).values("member_id")
        members = Member.objects.filter(organization=self.organization).exclude(pk__in=graded)
        return list(members.only("id", "name", "status", "organization_id").order_by("name", "id"))

    def post(self, request, *args, **kwargs):
        if not self.can_edit:
            raise PermissionDenied("您的角色无权修改此类记录")
        if self.organization is None:
            raise Http404("未找到该党组织")
        sheet = GradeSheet(self.ungraded(), request.POST)
        errors = sheet.errors()
        if not errors:
            try:
                result = services.appraisal_record(
                    actor=request.user,
                    organization=self.organization,
                    year=self.year,
                    grades=sheet.grades(),
                )
            except OutOfScope as exc:
                raise Http404("未找到该记录") from exc
            except ValidationError as exc:
                errors = exc.messages
            else:
                self.report(result)
                return redirect(self.here())
        return self.render_to_response(self.get_context_data(sheet=sheet, sheet_errors=errors))

    def report(self, result) -> None:
        messages.success(self.request, f"已保存 {len(result.appraisals)} 名党员的评议结果")
        for warning in result.warnings:
            messages.warning(self.request, warning)
        for case in result.corrections:
            messages.info(
                self.request,
                f"{case.member.name}评定为不合格，已开始限期改正，期限至 {case.due_on:%Y-%m-%d}",
            )

    def here(self) -> str:
        query = {"organization": self.organization.code, "year": self.year}
        return reverse("life:appraisals") + "?" + urlencode(query)

    def get_context_data(self, **kwargs):
        user = self.request.user
        initial = {"year": self.year}
        if self.organization is not None:
            initial["organization"] = self.organization.code
        context = {
            "choose": ChooseForm(user=user, initial=initial),
            "year": self.year,
            "organization": self.organization,
            "can_edit": self.can_edit,
            "grades": Grade.choices,
        }
        if self.organization is None:
            context["by_organization"] = page_of(
                self.request, study.appraisal_counts(user=user, year=self.year)
            )
        else:
            results = scoped(
                Appraisal.objects.filter(organization=self.organization, year=self.year), user
            ).select_related("member", "correction")
            context["results"] = results.order_by("member__name", "id")
            context["totals"] = study.grade_totals(results)
            if "sheet" not in kwargs:
                context["sheet"] = GradeSheet(self.ungraded()) if self.can_edit else None
        return super().get_context_data(**context, **kwargs)


# --- 限期改正 ----------------------------------------------------------------------------


class CorrectionListView(RegistryAccessMixin, TemplateView):
    template_name = "life/records/corrections.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            page_obj=page_of(self.request, study.open_corrections(user=user)),
            closed=study.closed_corrections(user=user)[:20],
            can_edit=roles.can_edit(user, EDIT_KIND),
            close_form=CloseForm(),
            today=timezone.localdate(),
            **kwargs,
        )


class CorrectionCloseView(RegistryAccessMixin, FormView):
    template_name = "life/records/correction_close.html"
    form_class = CloseForm

    def prepare(self) -> None:
        self.case = get_scoped_or_404(
            CorrectionCase.objects.select_related("member__organization", "appraisal"),
            self.request.user,
            pk=self.kwargs["pk"],
        )
        if not roles.can_edit(self.request.user, EDIT_KIND):
            raise PermissionDenied("您的角色无权修改此类记录")

    def form_valid(self, form):
        try:
            case = services.correction_close(
                actor=self.request.user, case=self.case, **form.cleaned_data
            )
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, f"已办结：{case.member.name}（{case.get_outcome_display()}）"
        )
        return redirect("life:corrections")

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.case, **kwargs)


# --- 谈心谈话 ----------------------------------------------------------------------------


class TalkView(RecordPageView):
    template_name = "life/records/talks.html"
    form_class = TalkForm
    success_text = "已记录谈心谈话"

    def save(self, form):
        return services.talk_record(
            actor=self.request.user,
            organization=form.cleaned_data["organization"],
            data=form.service_data(),
        )

    def query_after(self, saved) -> str:
        return "?" + urlencode({"organization": saved.organization.code})

    def get_context_data(self, **kwargs):
        user, year = self.request.user, chosen_year(self.request)
        organization = chosen_organization(self.request)
        rows = study.talks(user=user, year=year)
        coverage = study.talk_coverage(user=user, year=year)
        if organization is not None:
            rows = rows.filter(organization=organization)
            coverage = coverage.filter(organization=organization)
        return super().get_context_data(
            year=year,
            years=years(),
            organization=organization,
            page_obj=page_of(self.request, rows),
            coverage=coverage[:200],
            **kwargs,
        )


# --- 不计入应到会人数 ---------------------------------------------------------------------


class ExclusionView(RecordPageView):
    template_name = "life/records/exclusions.html"
    form_class = ExclusionForm
    success_text = "已登记不计入应到会人数"

    def save(self, form):
        saved = services.exclusion_record(actor=self.request.user, data=form.service_data())
        return f"{saved.member.name}（{saved.get_category_display()}）"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        rows = study.current_exclusions(user=self.request.user, on=today)
        organization = chosen_organization(self.request)
        if organization is not None:
            rows = rows.filter(member__organization=organization)
        return super().get_context_data(
            organization=organization, page_obj=page_of(self.request, rows), **kwargs
        )


# --- 提示单 -----------------------------------------------------------------------------


class GuideListView(RecordPageView):
    """提示单 sent to the user's regions (and, for a secretary, to the regions above its
    organizations); a district or town admin sends one to a region in scope."""

    template_name = "life/records/guides.html"
    form_class = GuideForm
    edit_kind = "regions"
    success_text = "已下发提示单"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": None}

    def default_initial(self) -> dict:
        """The admin's own region (the first, when several)."""
        paths = user_scope(self.request.user).region_paths
        found = Region.objects.filter(path__in=paths).order_by("path")
        code = found.values_list("code", flat=True).first()
        return {"region": code} if code else {}

    def save(self, form):
        return services.guide_publish(actor=self.request.user, data=form.service_data())

    def get_context_data(self, **kwargs):
        guides = scoped(StudyGuide.objects.select_related("region"), self.request.user)
        return super().get_context_data(page_obj=page_of(self.request, guides), **kwargs)


def guide_of(request, pk: int) -> StudyGuide:
    return get_scoped_or_404(StudyGuide.objects.select_related("region"), request.user, pk=pk)


class GuideDetailView(RegistryAccessMixin, TemplateView):
    """The branches the guide reached and whether each held a meeting on it."""

    template_name = "life/records/guide_detail.html"

    def get_context_data(self, **kwargs):
        guide = guide_of(self.request, self.kwargs["pk"])
        organizations = study.guide_organizations(user=self.request.user, guide=guide)
        return super().get_context_data(
            guide=guide,
            counts=study.guide_counts(organizations),
            page_obj=page_of(self.request, organizations),
            **kwargs,
        )


GUIDE_HEADERS = ["组织编码", "党组织", "所属区域", "是否开展", "首次开展日期"]


class GuideExportView(RegistryAccessMixin, View):
    def get(self, request, pk):
        guide = guide_of(request, pk)
        organizations = study.guide_organizations(user=request.user, guide=guide)
        rows = (
            [org.code, org.name, org.region.name, org.held, org.held_on or ""]
            for org in organizations.iterator(chunk_size=2000)
        )
        title = f"提示单落实情况（{guide.year}年{guide_period(guide)}）"
        return xlsx_table_response(title, GUIDE_HEADERS, rows, user=request.user)


def guide_period(guide: StudyGuide) -> str:
    return f"{guide.month}月" if guide.month else f"第{guide.quarter}季度"


# --- 学习教育 ----------------------------------------------------------------------------


def study_table(request, year: int):
    forms = study.study_forms(user=request.user, year=year)
    rows = study.study_counts(user=request.user, year=year, forms=forms)
    return [study.form_label(form) for form in forms], rows


def study_cells(row: dict, form_count: int) -> list[int]:
    by_form = [row[f"form_{n}"] for n in range(form_count)]
    return [*by_form, row["lectures"], row["first_topics"], row["theme_days"]]


class StudyView(RegistryAccessMixin, TemplateView):
    """党课 by form, 第一议题 and 主题党日 per organization for a year."""

    template_name = "life/records/study.html"

    def get_context_data(self, **kwargs):
        year = chosen_year(self.request)
        labels, rows = study_table(self.request, year)
        page = page_of(self.request, rows, 100)
        table = [(row, study_cells(row, len(labels))) for row in page]
        return super().get_context_data(
            year=year, years=years(), labels=labels, page_obj=page, table=table, **kwargs
        )


class StudyExportView(RegistryAccessMixin, View):
    def get(self, request):
        year = chosen_year(request)
        labels, rows = study_table(request, year)
        headers = [
            "组织编码",
            "党组织",
            *[f"党课：{label}" for label in labels],
            "党课合计",
            "第一议题",
            "主题党日",
        ]
        lines = (
            [row["organization__code"], row["organization__name"], *study_cells(row, len(labels))]
            for row in rows.iterator()
        )
        return xlsx_table_response(f"学习教育统计（{year}年）", headers, lines, user=request.user)
