"""Pages of appointments, visit logs and hazards (Chinese, scoped, one column on a phone).

The instructor writes visits from a phone; the town reads them, the hazards still open
and the visits overdue; the town or district keeps the appointments."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from liangxin.core import roles
from liangxin.core.attachments import attachment_response
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid, style_form
from liangxin.core.scoping import get_scoped_or_404
from liangxin.core.services import OutOfScope
from liangxin.core.views import RegistryAccessMixin, run_and_redirect
from liangxin.workforce import selectors, services
from liangxin.workforce.forms_visits import AssignmentEndForm, AssignmentForm, VisitForm
from liangxin.workforce.models import Hazard, VisitMode, VisitPhoto
from liangxin.workforce.periods import period_of

PAGE_SIZE = 25


def _day(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


class InstructorOnlyMixin(RegistryAccessMixin):
    def prepare(self) -> None:
        self.instructor = selectors.own_instructor(self.request.user)
        if self.instructor is None:
            raise PermissionDenied("只有党建指导员本人使用此页面")


class WorkView(InstructorOnlyMixin, TemplateView):
    """The instructor's enterprises: last visit, and the period's end if still to visit."""

    template_name = "workforce/work.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            rows=selectors.home_work(instructor=self.instructor, on=today),
            period=period_of(today),
            open_hazards=selectors.open_hazards(user=self.request.user)[:50],
            **kwargs,
        )


class VisitCreateView(InstructorOnlyMixin, FormView):
    template_name = "workforce/visit_form.html"
    form_class = VisitForm

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "user": self.request.user}
        kwargs["instructor"] = self.instructor
        return kwargs

    def get_initial(self):
        return {
            "visited_on": timezone.localdate(),
            "enterprise": self.request.GET.get("enterprise") or None,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        enterprise = form.chosen_enterprise
        context["open_hazards"] = (
            selectors.enterprise_open_hazards(instructor=self.instructor, enterprise=enterprise)
            if enterprise
            else []
        )
        context["closing"] = set(self.request.POST.getlist("close"))
        context["typed_hazards"] = form.typed_hazards() if form.is_bound else []
        return context

    def form_valid(self, form):
        closes = Hazard.objects.filter(
            pk__in=[pk for pk in self.request.POST.getlist("close") if pk.isdigit()],
            visit__instructor=self.instructor,
        )
        data = dict(form.cleaned_data)
        try:
            visit = services.visit_record(
                actor=self.request.user,
                data=data,
                hazards=form.hazards(),
                closes=list(closes),
                photos=self.request.FILES.getlist("photos"),
            )
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存走访记录：{visit}")
        return redirect("instructors:work")

    def form_invalid(self, form):
        mark_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, photos_lost=True))


class VisitFilterMixin:
    def visits(self):
        visits = selectors.visit_list(user=self.request.user)
        get = self.request.GET
        if text := get.get("q", "").strip():
            visits = visits.filter(enterprise__name__contains=text)
        if name := get.get("instructor", "").strip():
            visits = visits.filter(instructor__name__contains=name)
        if mode := get.get("mode"):
            visits = visits.filter(mode=mode)
        if start := _day(get.get("from")):
            visits = visits.filter(visited_on__gte=start)
        if end := _day(get.get("to")):
            visits = visits.filter(visited_on__lte=end)
        return visits


class VisitListView(VisitFilterMixin, RegistryAccessMixin, TemplateView):
    template_name = "workforce/visit_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(self.visits(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page,
            modes=VisitMode.choices,
            query=self.request.GET,
            is_instructor=selectors.own_instructor(self.request.user) is not None,
            **kwargs,
        )


VISIT_HEADERS = [
    "走访日期", "党建指导员", "企业", "方式", "指导内容", "发现问题", "后续跟进",
    "安全生产检查", "发现隐患数",
]  # fmt: skip


class VisitExportView(VisitFilterMixin, RegistryAccessMixin, View):
    def get(self, request):
        visits = self.visits().prefetch_related("hazards")
        rows = (
            [
                v.visited_on,
                v.instructor.name,
                v.enterprise.name,
                v.get_mode_display(),
                v.topics,
                v.problems,
                v.follow_up,
                "是" if v.safety_checked else "否",
                len(v.hazards.all()),
            ]
            for v in visits
        )
        return xlsx_table_response("指导员走访工作日志", VISIT_HEADERS, rows, user=request.user)


class VisitDetailView(RegistryAccessMixin, TemplateView):
    template_name = "workforce/visit_detail.html"

    def prepare(self) -> None:
        self.visit = selectors.visit_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            visit=self.visit,
            hazards=self.visit.hazards.select_related("closed_at"),
            closed=self.visit.closed_hazards.all(),
            photos=self.visit.photos.all(),
            items=self.visit.checklist_items.select_related("template"),
            **kwargs,
        )


class VisitPhotoView(RegistryAccessMixin, View):
    def get(self, request, pk, photo_pk):
        photo = get_scoped_or_404(VisitPhoto.objects.all(), request.user, pk=photo_pk, visit_id=pk)
        return attachment_response(photo)


HAZARD_TABS = {"open": "未整改", "overdue": "逾期未整改", "closed": "已整改", "all": "全部"}


class HazardFilterMixin:
    def tab(self) -> str:
        tab = self.request.GET.get("tab", "open")
        return tab if tab in HAZARD_TABS else "open"

    def hazards(self):
        user, tab = self.request.user, self.tab()
        if tab == "open":
            return selectors.open_hazards(user=user)
        if tab == "overdue":
            return selectors.hazards_past_due(user=user)
        hazards = selectors.hazard_list(user=user)
        return hazards.filter(rectified_on__isnull=False) if tab == "closed" else hazards


class HazardListView(HazardFilterMixin, RegistryAccessMixin, TemplateView):
    template_name = "workforce/hazard_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(self.hazards(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page, tab=self.tab(), tabs=HAZARD_TABS, today=timezone.localdate(), **kwargs
        )


HAZARD_HEADERS = [
    "企业", "党建指导员", "发现日期", "隐患描述", "整改期限", "整改完成日期", "状态",
]  # fmt: skip


def hazard_state(hazard: Hazard, today: datetime.date) -> str:
    if hazard.rectified_on:
        return "已整改"
    return "逾期未整改" if hazard.rectify_by < today else "整改中"


class HazardExportView(HazardFilterMixin, RegistryAccessMixin, View):
    def get(self, request):
        today = timezone.localdate()
        rows = (
            [
                h.visit.enterprise.name,
                h.visit.instructor.name,
                h.visit.visited_on,
                h.text,
                h.rectify_by,
                h.rectified_on or "",
                hazard_state(h, today),
            ]
            for h in self.hazards()
        )
        title = f"安全隐患（{HAZARD_TABS[self.tab()]}）"
        return xlsx_table_response(title, HAZARD_HEADERS, rows, user=request.user)


class AssignmentFilterMixin:
    def assignments(self):
        assignments = selectors.assignment_list(user=self.request.user).prefetch_related(
            "enterprises", "organizations"
        )
        state = self.request.GET.get("state", "")
        return assignments.filter(state=state) if state else assignments


class AssignmentListView(AssignmentFilterMixin, RegistryAccessMixin, TemplateView):
    template_name = "workforce/assignment_list.html"

    def get_context_data(self, **kwargs):
        assignments = self.assignments()
        state = self.request.GET.get("state", "")
        page = Paginator(assignments, PAGE_SIZE).get_page(self.request.GET.get("page"))
        end_form = AssignmentEndForm()
        style_form(end_form)
        return super().get_context_data(
            page=page,
            state=state,
            can_edit=roles.can_edit(self.request.user, "instructors"),
            end_form=end_form,
            **kwargs,
        )


ASSIGNMENT_HEADERS = [
    "党建指导员",
    "来源",
    "派出单位",
    "联系企业",
    "联系党组织",
    "任期开始",
    "任期结束",
    "状态",
]


class AssignmentExportView(AssignmentFilterMixin, RegistryAccessMixin, View):
    """The appointments in scope (the list's state filter kept), one row each."""

    def get(self, request):
        rows = (
            [
                a.instructor.name,
                a.get_source_display(),
                a.dispatching_unit,
                "、".join(e.name for e in a.enterprises.all()),
                "、".join(o.name for o in a.organizations.all()),
                a.starts_on,
                a.ends_on,
                a.get_state_display(),
            ]
            for a in self.assignments().order_by("instructor__name", "-starts_on", "id")
        )
        return xlsx_table_response("指导员派驻", ASSIGNMENT_HEADERS, rows, user=request.user)


class AssignmentCreateView(RegistryAccessMixin, FormView):
    template_name = "workforce/assignment_form.html"
    form_class = AssignmentForm

    def prepare(self) -> None:
        if not roles.can_edit(self.request.user, "instructors"):
            raise PermissionDenied("您的角色无权修改此类记录")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"starts_on": timezone.localdate(), "instructor": self.request.GET.get("instructor")}

    def form_valid(self, form):
        try:
            services.assignment_create(
                actor=self.request.user,
                instructor=form.cleaned_data["instructor"],
                data=form.service_data(),
            )
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "已保存派驻")
        return redirect("instructors:assignments")

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)


class AssignmentEndView(RegistryAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = selectors.assignment_detail(user=request.user, pk=pk)
        post = request.POST
        back = reverse("instructors:assignments")
        return run_and_redirect(
            request,
            lambda: services.assignment_end(
                actor=request.user,
                assignment=assignment,
                state=post.get("state", ""),
                reason=post.get("reason", ""),
                approver=post.get("approver", ""),
            ),
            "已变更派驻状态",
            back,
        )
