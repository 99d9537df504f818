"""Pages of the party workers (党务工作者), their stations (一站一岗), 书记分级, the yearly
工作清单 turning into the year-end grade, and the instructors' yearly assessment beside
their visit record (WORK.md §4, issue 17). Scoped; the district and town admins write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from liangxin.core.attachments import attachment_response
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid, style_form
from liangxin.core.scoping import get_scoped_or_404
from liangxin.core.services import OutOfScope
from liangxin.core.views import RegistryAccessMixin, run_and_redirect
from liangxin.workforce import assessment, selectors, services_workers
from liangxin.workforce import selectors_workers as sel
from liangxin.workforce.forms_workers import (
    InstructorAssessForm,
    ItemsForm,
    ProgressForm,
    WorkerEndForm,
    WorkerForm,
    WorkListAssessForm,
    WorkListForm,
    typed_items,
)
from liangxin.workforce.models_people import (
    Grade,
    SecretaryGrade,
    WorkerRole,
    WorkerState,
    WorkListEvidence,
    WorkListState,
)

PAGE_SIZE = 25


def _year(request) -> int:
    text = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(text) if text.isdigit() and 2000 <= int(text) <= this_year + 1 else this_year


class KeeperMixin(RegistryAccessMixin):
    """Pages that write: the district and town admins only."""

    def prepare(self) -> None:
        if not sel.keeps_workers(self.request.user):
            raise PermissionDenied("您的角色无权修改此类记录")
        self.load()

    def load(self) -> None:
        """Hook: fetch the record the page is about (scoped, 404 outside)."""


def _service_or_form(form, action) -> bool:
    try:
        action()
    except OutOfScope as exc:
        raise Http404("未找到该记录") from exc
    except ValidationError as exc:
        add_service_errors(form, exc)
        mark_invalid(form)
        return False
    return True


# --- workers ------------------------------------------------------------------------------


class WorkerFilterMixin:
    def workers(self):
        workers = sel.worker_list(user=self.request.user)
        return sel.filter_workers(workers, self.request.GET)


class WorkerListView(WorkerFilterMixin, RegistryAccessMixin, TemplateView):
    template_name = "workforce/worker_list.html"

    def get_context_data(self, **kwargs):
        workers = self.workers()
        page = Paginator(workers, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            page=page,
            query=self.request.GET,
            querystring=query.urlencode(),
            roles=WorkerRole.choices,
            states=WorkerState.choices,
            grades=SecretaryGrade.choices,
            grade_counts=sel.grade_counts(sel.worker_list(user=self.request.user)),
            can_edit=sel.keeps_workers(self.request.user),
            **kwargs,
        )


WORKER_HEADERS = [
    "姓名", "身份", "专职", "选配渠道", "所属区域", "所在党组织", "所在企业", "党群工作站",
    "书记分级", "任职日期", "离岗日期", "状态",
]  # fmt: skip


def worker_row(w) -> list:
    return [
        w.name,
        w.get_role_display(),
        "是" if w.full_time else "否",
        w.get_channel_display(),
        w.region.name,
        w.organization.name if w.organization_id else "",
        w.enterprise.name if w.enterprise_id else "",
        w.station.name if w.station_id else "",
        w.secretary_grade,
        w.started_on,
        w.ended_on or "",
        w.get_state_display(),
    ]


class WorkerExportView(WorkerFilterMixin, RegistryAccessMixin, View):
    def get(self, request):
        rows = (worker_row(w) for w in self.workers())
        return xlsx_table_response("党务工作者", WORKER_HEADERS, rows, user=request.user)


class WorkerDetailView(RegistryAccessMixin, TemplateView):
    template_name = "workforce/worker_detail.html"

    def prepare(self) -> None:
        self.worker = sel.worker_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        year = timezone.localdate().year
        end_form = WorkerEndForm(initial={"ended_on": timezone.localdate()})
        style_form(end_form)
        user = self.request.user
        return super().get_context_data(
            worker=self.worker,
            year=year,
            counts=sel.year_counts(self.worker, year, user),
            work_lists=sel.worklist_list(user=user).filter(worker=self.worker),
            assessments=self.worker.assessments.all(),
            can_edit=sel.keeps_workers(user),
            grades=SecretaryGrade.choices,
            end_form=end_form,
            **kwargs,
        )


class WorkerFormView(KeeperMixin, FormView):
    template_name = "workforce/worker_form.html"
    form_class = WorkerForm
    worker = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.worker}

    def get_initial(self):
        return {} if self.worker else {"started_on": timezone.localdate()}

    def form_valid(self, form):
        user, data, saved = self.request.user, form.service_data(), {}

        def save():
            if self.worker is None:
                saved["w"] = services_workers.worker_create(actor=user, data=data)
            else:
                saved["w"] = services_workers.worker_update(
                    actor=user, worker=self.worker, data=data
                )

        if not _service_or_form(form, save):
            return self.form_invalid(form)
        messages.success(self.request, f"已保存党务工作者：{saved['w']}")
        return redirect("instructors:worker", saved["w"].pk)

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(worker=self.worker, **kwargs)


class WorkerCreateView(WorkerFormView):
    pass


class WorkerUpdateView(WorkerFormView):
    def load(self) -> None:
        self.worker = sel.worker_detail(user=self.request.user, pk=self.kwargs["pk"])


class WorkerEndView(RegistryAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        worker = sel.worker_detail(user=request.user, pk=pk)
        form = WorkerEndForm(request.POST)
        ended_on = form.cleaned_data["ended_on"] if form.is_valid() else None
        return run_and_redirect(
            request,
            lambda: services_workers.worker_end(
                actor=request.user, worker=worker, ended_on=ended_on
            ),
            "已登记离岗",
            reverse("instructors:worker", args=[pk]),
        )


class WorkerGradeView(RegistryAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        worker = sel.worker_detail(user=request.user, pk=pk)
        grade = request.POST.get("secretary_grade", "")
        return run_and_redirect(
            request,
            lambda: services_workers.worker_set_grade(
                actor=request.user, worker=worker, grade=grade
            ),
            "已保存书记分级",
            reverse("instructors:worker", args=[pk]),
        )


class StationListView(RegistryAccessMixin, TemplateView):
    template_name = "workforce/worker_stations.html"

    def get_context_data(self, **kwargs):
        rows = sel.station_rows(user=self.request.user)
        return super().get_context_data(
            rows=rows, vacant=sum(1 for row in rows if row.worker is None), **kwargs
        )


STATION_HEADERS = ["党群工作站", "所属区域", "等级", "在岗专职党务工作者", "任职日期"]


class StationExportView(RegistryAccessMixin, View):
    """一站一岗 as a file: every station of the scope, those with no worker first."""

    def get(self, request):
        rows = (
            [
                row.station.name,
                row.station.region.name,
                row.station.get_level_display(),
                row.worker.name if row.worker else "（未配专职）",
                row.worker.started_on if row.worker else "",
            ]
            for row in sel.station_rows(user=request.user)
        )
        return xlsx_table_response("党群工作站一站一岗", STATION_HEADERS, rows, user=request.user)


# --- work lists ---------------------------------------------------------------------------


class WorkListFilterMixin:
    def lists(self):
        year = _year(self.request)
        lists = sel.worklist_list(user=self.request.user).filter(year=year)
        if state := self.request.GET.get("state"):
            lists = lists.filter(state=state)
        if region := self.request.GET.get("region", "").strip():
            lists = lists.filter(worker__region__name__contains=region)
        return sel.scored(lists).order_by("worker__name", "id")


class WorkListListView(WorkListFilterMixin, RegistryAccessMixin, TemplateView):
    template_name = "workforce/worklist_list.html"

    def get_context_data(self, **kwargs):
        user, year = self.request.user, _year(self.request)
        page = Paginator(self.lists(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        for work_list in page.object_list:
            work_list.score = assessment.score_from_points(work_list.points)
        keeper = sel.keeps_workers(user)
        return super().get_context_data(
            page=page,
            year=year,
            state=self.request.GET.get("state", ""),
            states=WorkListState.choices,
            region=self.request.GET.get("region", ""),
            to_issue=sel.lists_to_issue(user=user, year=year)[:100] if keeper else [],
            can_edit=keeper,
            **kwargs,
        )


WORKLIST_HEADERS = [
    "党务工作者", "所属区域", "党群工作站", "年度", "状态", "下达单位", "下达日期", "清单得分",
    "考核等次",
]  # fmt: skip


class WorkListExportView(WorkListFilterMixin, RegistryAccessMixin, View):
    def get(self, request):
        lists = self.lists().select_related("worker__station")
        grades = sel.year_grades(lists)
        rows = (
            [
                wl.worker.name,
                wl.worker.region.name,
                wl.worker.station.name if wl.worker.station_id else "",
                wl.year,
                wl.get_state_display(),
                wl.issued_by,
                wl.issued_on or "",
                assessment.score_from_points(wl.points),
                grades.get((wl.worker_id, wl.year), ""),
            ]
            for wl in lists
        )
        title = f"{_year(request)}年度工作清单"
        return xlsx_table_response(title, WORKLIST_HEADERS, rows, user=request.user)


class WorkListItemsMixin:
    """The item rows of a create or edit form, shown again with what was typed."""

    def rows(self, form):
        if self.request.method == "POST":
            return [
                dict(title=t, target=g, weight=w, due=d)
                for t, g, w, d in zip(
                    self.request.POST.getlist("item_title"),
                    self.request.POST.getlist("item_target"),
                    self.request.POST.getlist("item_weight"),
                    self.request.POST.getlist("item_due"),
                    strict=False,
                )
            ]
        return self.initial_rows()

    def initial_rows(self):
        return [dict(title="", target="", weight="", due="")] * 3

    def items_or_error(self, form):
        try:
            return typed_items(self.request.POST)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return None


class WorkListCreateView(WorkListItemsMixin, KeeperMixin, FormView):
    template_name = "workforce/worklist_form.html"
    form_class = WorkListForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"worker": self.request.GET.get("worker"), "year": _year(self.request)}

    def form_valid(self, form):
        items, made = self.items_or_error(form), {}
        if items is None:
            return self.form_invalid(form)

        def create():
            made["list"] = services_workers.worklist_create(
                actor=self.request.user,
                worker=form.cleaned_data["worker"],
                year=form.cleaned_data["year"],
                items=items,
            )

        if not _service_or_form(form, create):
            return self.form_invalid(form)
        messages.success(self.request, f"已保存工作清单草稿：{made['list']}")
        return redirect("instructors:worklist", made["list"].pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, "rows": self.rows(context["form"]), "work_list": None}


class WorkListEditView(WorkListItemsMixin, KeeperMixin, TemplateView):
    """A draft's items, typed again (a list once issued keeps its items)."""

    template_name = "workforce/worklist_form.html"

    def load(self) -> None:
        self.work_list = sel.worklist_detail(user=self.request.user, pk=self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        form = ItemsForm(request.POST)
        form.is_valid()
        items = self.items_or_error(form)
        ok = items is not None and _service_or_form(
            form,
            lambda: services_workers.worklist_update_items(
                actor=request.user, work_list=self.work_list, items=items
            ),
        )
        if not ok:
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, "已保存清单事项")
        return redirect("instructors:worklist", self.work_list.pk)

    def initial_rows(self):
        return [
            dict(title=i.title, target=i.target, weight=i.weight, due=i.due_on or "")
            for i in self.work_list.items.all()
        ]

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or ItemsForm()
        return super().get_context_data(
            form=form, rows=self.rows(form), work_list=self.work_list, **kwargs
        )


class WorkListDetailView(RegistryAccessMixin, TemplateView):
    template_name = "workforce/worklist_detail.html"

    def prepare(self) -> None:
        self.work_list = sel.worklist_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        work_list, user = self.work_list, self.request.user
        items = list(sel.worklist_items(work_list))
        score = assessment.list_score((i.weight, i.progress) for i in items)
        assess_form = kwargs.pop("assess_form", None) or WorkListAssessForm(
            initial={"assessor": str(user), "assessed_on": timezone.localdate()}
        )
        return super().get_context_data(
            work_list=work_list,
            items=items,
            score=score,
            computed=Grade(assessment.grade_for(score, assessment.thresholds())).label,
            cutoffs=assessment.thresholds(),
            record=sel.worker_assessment(work_list.worker, work_list.year),
            can_edit=sel.keeps_workers(user),
            can_progress=sel.can_update_progress(user, work_list),
            progress_errors=kwargs.pop("progress_errors", {}),
            assess_form=assess_form,
            next_year=work_list.year + 1,
            **kwargs,
        )


class WorkListActionView(RegistryAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        work_list = sel.worklist_detail(user=request.user, pk=pk)
        return self.act(request, work_list)


class WorkListIssueView(WorkListActionView):
    def act(self, request, work_list):
        return run_and_redirect(
            request,
            lambda: services_workers.worklist_issue(actor=request.user, work_list=work_list),
            "清单已下达",
            reverse("instructors:worklist", args=[work_list.pk]),
        )


class WorkListCopyView(WorkListActionView):
    def act(self, request, work_list):
        made = {}

        def copy():
            made["list"] = services_workers.worklist_copy(
                actor=request.user, source=work_list, year=work_list.year + 1
            )

        response = run_and_redirect(
            request,
            copy,
            "已按本清单生成下一年度草稿",
            reverse("instructors:worklist", args=[work_list.pk]),
        )
        return redirect("instructors:worklist", made["list"].pk) if made else response


class ItemProgressView(WorkListDetailView):
    http_method_names = ["post"]

    def post(self, request, pk, item_pk):
        item = sel.item_detail(user=request.user, work_list=self.work_list, pk=item_pk)
        form = ProgressForm(request.POST, request.FILES)
        if form.is_valid() and _service_or_form(form, lambda: self._save(form, item)):
            messages.success(request, f"已更新进度：{item.title}")
            return redirect(reverse("instructors:worklist", args=[pk]) + f"#item-{item.pk}")
        errors = {item.pk: [e for errs in form.errors.values() for e in errs]}
        return self.render_to_response(self.get_context_data(progress_errors=errors))

    def _save(self, form, item):
        services_workers.worklist_progress(
            actor=self.request.user,
            item=item,
            progress=form.cleaned_data["progress"],
            evidence=form.cleaned_data["evidence"],
            upload=form.cleaned_data.get("file"),
        )


class WorkListAssessView(WorkListDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = WorkListAssessForm(request.POST)
        data = form.cleaned_data if form.is_valid() else None
        if data is not None and _service_or_form(
            form,
            lambda: services_workers.worklist_assess(
                actor=request.user, work_list=self.work_list, **data
            ),
        ):
            messages.success(request, "已完成年度考核")
            return redirect("instructors:worklist", pk)
        mark_invalid(form)
        return self.render_to_response(self.get_context_data(assess_form=form))


class EvidenceFileView(RegistryAccessMixin, View):
    def get(self, request, pk, file_pk):
        file = get_scoped_or_404(
            WorkListEvidence.objects.all(), request.user, pk=file_pk, item__work_list_id=pk
        )
        return attachment_response(file)


# --- instructors' yearly assessment ---------------------------------------------------------


class InstructorAssessmentView(RegistryAccessMixin, TemplateView):
    template_name = "workforce/assessment_instructors.html"

    def get_context_data(self, **kwargs):
        year = kwargs.pop("year", None) or _year(self.request)
        form = InstructorAssessForm()
        return super().get_context_data(
            year=year,
            rows=sel.instructor_year_rows(user=self.request.user, year=year),
            form=form,
            grades=Grade.choices,
            can_edit=sel.keeps_workers(self.request.user),
            errors=kwargs.pop("errors", {}),
            **kwargs,
        )

    def post(self, request):
        if not sel.keeps_workers(request.user):
            raise PermissionDenied("您的角色无权修改此类记录")
        chosen = request.POST.get("instructor", "")
        instructors = selectors.instructor_list(user=request.user)
        instructor = get_scoped_or_404(
            instructors, request.user, pk=int(chosen or 0) if chosen.isdigit() else 0
        )
        year = int(request.POST["year"]) if request.POST.get("year", "").isdigit() else 0
        form = InstructorAssessForm(request.POST)
        if form.is_valid() and _service_or_form(
            form,
            lambda: services_workers.instructor_assess(
                actor=request.user, instructor=instructor, year=year, **form.cleaned_data
            ),
        ):
            messages.success(request, f"已保存{instructor.name}{year}年度考核")
            return redirect(reverse("instructors:assessments") + f"?year={year}")
        errors = {instructor.pk: [e for errs in form.errors.values() for e in errs]}
        return self.render_to_response(self.get_context_data(year=year or None, errors=errors))


ASSESSMENT_HEADERS = [
    "党建指导员", "所属区域", "走访次数", "有走访的周期", "应走访周期", "安全生产检查",
    "发现隐患", "已整改隐患", "考核等次", "考核人", "评语", "提示",
]  # fmt: skip


def assessment_row(row) -> list:
    record = row["assessment"]
    incompetent = record is not None and record.grade == Grade.INCOMPETENT
    return [
        row["instructor"].name,
        row["instructor"].region.name if row["instructor"].region_id else "",
        row["visits"],
        row["periods_visited"],
        row["periods_due"],
        row["safety_checks"],
        row["hazards_found"],
        row["hazards_closed"],
        record.get_grade_display() if record else "",
        record.assessor if record else "",
        record.comment if record else "",
        INCOMPETENT_NOTE if incompetent else "",
    ]


INCOMPETENT_NOTE = "应整改或召回 [L:沁县]"


class InstructorAssessmentExportView(RegistryAccessMixin, View):
    def get(self, request):
        year = _year(request)
        rows = (assessment_row(r) for r in sel.instructor_year_rows(user=request.user, year=year))
        title = f"党建指导员{year}年度考核"
        return xlsx_table_response(title, ASSESSMENT_HEADERS, rows, user=request.user)
