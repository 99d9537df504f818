"""Training pages (WORK.md §4 "Training"): sessions and their attendance, the attendance
sheet import, each person's year, the coverage of "every party worker at least one
training a year" with who is missing, and the 初任培训 of new secretaries. Scoped; the
lists export to .xlsx; one column on a phone."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from liangxin.core import roles
from liangxin.core.downloads import xlsx_file_response, xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.scoping import get_scoped_or_404
from liangxin.core.services import OutOfScope
from liangxin.core.views import RegistryAccessMixin, run_and_redirect
from liangxin.regions.models import Region
from liangxin.workforce import selectors_training as selectors
from liangxin.workforce import services_training as services
from liangxin.workforce.forms_training import AttendanceForm, SheetForm, TrainingForm
from liangxin.workforce.models_people import (
    TrainingAttendance,
    TrainingKind,
    TrainingLevel,
)
from liangxin.workforce.training_import import (
    HEADERS,
    MAX_UPLOAD_BYTES,
    import_sheet,
    template_bytes,
)

PAGE_SIZE = 25


def can_keep(user) -> bool:
    return roles.can_edit(user, "instructors") and user.role in roles.REGION_SCOPED


def asked_year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


def asked_region(request, *, default=None) -> Region | None:
    """The region of ``?region=<pk>`` (404 outside the scope), else ``default``."""
    pk = request.GET.get("region", "")
    if not pk:
        return default
    if not pk.isdigit():
        raise Http404("未找到该区域")
    return get_scoped_or_404(Region.objects.all(), request.user, pk=int(pk))


def years_shown() -> list[int]:
    this = timezone.localdate().year
    return list(range(this, this - 6, -1))


def passed_text(value) -> str:
    return {True: "合格", False: "不合格"}.get(value, "")


# --- sessions --------------------------------------------------------------------------------


class TrainingFilterMixin:
    def trainings(self):
        request = self.request
        trainings = selectors.training_list(user=request.user)
        if request.GET.get("year"):
            trainings = trainings.filter(starts_on__year=asked_year(request))
        if (level := request.GET.get("level")) in TrainingLevel.values:
            trainings = trainings.filter(level=level)
        if (kind := request.GET.get("kind")) in TrainingKind.values:
            trainings = trainings.filter(kind=kind)
        if region := asked_region(request):
            trainings = trainings.filter(region__path__startswith=region.path)
        return trainings


class TrainingListView(TrainingFilterMixin, RegistryAccessMixin, TemplateView):
    template_name = "workforce/training_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(self.trainings(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page,
            query=self.request.GET,
            years=years_shown(),
            levels=TrainingLevel.choices,
            kinds=TrainingKind.choices,
            regions=selectors.coverage_regions(user=self.request.user)[:200],
            can_keep=can_keep(self.request.user),
            tab_name="sessions",
            **kwargs,
        )


TRAINING_HEADERS = [
    "培训主题", "层级", "类别", "方式", "主办单位", "所属区域", "开始日期", "结束日期",
    "学时", "地点", "有结业测试", "参训人数",
]  # fmt: skip


class TrainingExportView(TrainingFilterMixin, RegistryAccessMixin, View):
    def get(self, request):
        rows = (
            [
                t.title,
                t.get_level_display(),
                t.get_kind_display(),
                t.get_mode_display(),
                t.organizer,
                t.region.name,
                t.starts_on,
                t.ends_on,
                float(t.hours),
                t.place,
                "是" if t.has_test else "否",
                t.people,
            ]  # fmt: skip
            for t in self.trainings()
        )
        return xlsx_table_response("培训班次", TRAINING_HEADERS, rows, user=request.user)


class KeeperMixin(RegistryAccessMixin):
    def check_keeper(self) -> None:
        if not can_keep(self.request.user):
            raise PermissionDenied("只有区、镇（园区）管理员可以登记培训")


class TrainingFormView(KeeperMixin, FormView):
    template_name = "workforce/training_form.html"
    form_class = TrainingForm
    training = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.training}

    def form_valid(self, form):
        try:
            training = self.save(form.service_data())
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存培训班次：{training}")
        return redirect("instructors:training", pk=training.pk)

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(training=self.training, **kwargs)


class TrainingCreateView(TrainingFormView):
    def prepare(self) -> None:
        self.check_keeper()

    def get_initial(self):
        regions = self.request.user.regions.order_by("path")
        return {"starts_on": timezone.localdate(), "region": regions.first()}

    def save(self, data):
        return services.training_create(actor=self.request.user, data=data)


class TrainingUpdateView(TrainingFormView):
    def prepare(self) -> None:
        self.training = selectors.training_detail(user=self.request.user, pk=self.kwargs["pk"])
        self.check_keeper()

    def save(self, data):
        return services.training_update(actor=self.request.user, training=self.training, data=data)


class TrainingDetailView(KeeperMixin, FormView):
    """The session, its attendance, and (for its keepers) the form adding people."""

    template_name = "workforce/training_detail.html"
    form_class = AttendanceForm

    def prepare(self) -> None:
        self.training = selectors.training_detail(user=self.request.user, pk=self.kwargs["pk"])
        if self.request.method == "POST":
            self.check_keeper()

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "training": self.training,
        }

    def form_valid(self, form):
        try:
            added = services.attendance_add(
                actor=self.request.user, training=self.training, entries=form.entries()
            )
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已登记参训 {len(added)} 人")
        return redirect("instructors:training", pk=self.training.pk)

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            training=self.training,
            attendance=selectors.attendance_of(user=user, training=self.training),
            unit_of=selectors.unit_of,
            can_keep=can_keep(user) and self._keeps_this(),
            passed_text=passed_text,
            **kwargs,
        )

    def _keeps_this(self) -> bool:
        paths = self.request.user.regions.values_list("path", flat=True)
        return any(self.training.region.path.startswith(path) for path in paths)


ATTENDANCE_HEADERS = ["姓名", "身份", "所在单位", "学时", "考试合格"]


class AttendanceExportView(RegistryAccessMixin, View):
    def get(self, request, pk):
        training = selectors.training_detail(user=request.user, pk=pk)
        rows = (
            [
                a.worker.name,
                a.worker.get_role_display(),
                selectors.unit_of(a.worker),
                float(a.hours),
                passed_text(a.passed),
            ]
            for a in selectors.attendance_of(user=request.user, training=training)
        )
        title = f"参训名单-{training.title}"[:60]
        return xlsx_table_response(title, ATTENDANCE_HEADERS, rows, user=request.user)


class AttendanceRemoveView(KeeperMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, attendance_pk):
        training = selectors.training_detail(user=request.user, pk=pk)
        attendance = get_scoped_or_404(
            TrainingAttendance.objects.select_related("worker"),
            request.user,
            pk=attendance_pk,
            training=training,
        )
        self.check_keeper()  # after the scope: a 403 never confirms a record exists
        return run_and_redirect(
            request,
            lambda: services.attendance_remove(actor=request.user, attendance=attendance),
            f"已删除 {attendance.worker.name} 的参训记录",
            reverse("instructors:training", args=[pk]),
        )


class AttendanceImportView(KeeperMixin, FormView):
    template_name = "workforce/training_import.html"
    form_class = SheetForm

    def prepare(self) -> None:
        self.training = selectors.training_detail(user=self.request.user, pk=self.kwargs["pk"])
        self.check_keeper()

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            outcome = import_sheet(
                actor=self.request.user,
                training=self.training,
                data=upload.read(MAX_UPLOAD_BYTES + 1),  # past the limit: refused by size
                name=upload.name,
            )
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        if outcome.errors:
            return self.render_to_response(
                self.get_context_data(form=form, problems=outcome.errors)
            )
        messages.success(self.request, f"已导入参训记录 {outcome.written} 人")
        return redirect("instructors:training", pk=self.training.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(training=self.training, headers=HEADERS, **kwargs)


class SheetTemplateView(RegistryAccessMixin, View):
    def get(self, request):
        return xlsx_file_response(template_bytes(), "培训签到表模板.xlsx")


# --- the year: people, coverage, the missing ----------------------------------------------


class PeopleYearView(RegistryAccessMixin, TemplateView):
    """Each party worker's sessions and hours in the year, beside the hours expected."""

    template_name = "workforce/training_people.html"

    def rows(self):
        request = self.request
        year = asked_year(request)
        workers = selectors.workers_of_year(
            user=request.user, year=year, region=asked_region(request)
        )
        if text := request.GET.get("q", "").strip():
            workers = workers.filter(name__contains=text)
        return year, workers

    def get_context_data(self, **kwargs):
        year, workers = self.rows()
        page = Paginator(workers, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page,
            year=year,
            years=years_shown(),
            query=self.request.GET,
            expected=selectors.hour_expectations(),
            needed=selectors.min_sessions(),
            unit_of=selectors.unit_of,
            regions=selectors.coverage_regions(user=self.request.user)[:200],
            tab_name="people",
            **kwargs,
        )


PEOPLE_HEADERS = [
    "姓名",
    "身份",
    "所在单位",
    "区域",
    "年度",
    "参训次数",
    "学时",
    "应达学时",
    "学时达标",
]


class PeopleYearExportView(PeopleYearView):
    def get(self, request, *args, **kwargs):
        year, workers = self.rows()
        expected = selectors.hour_expectations()
        rows = (
            [
                w.name,
                w.get_role_display(),
                selectors.unit_of(w),
                w.region.name,
                year,
                w.sessions,
                float(w.hours),
                expected[w.role],
                "是" if w.hours >= expected[w.role] else "否",
            ]  # fmt: skip
            for w in workers
        )
        return xlsx_table_response(
            f"{year}年党务工作者培训学时", PEOPLE_HEADERS, rows, user=request.user
        )


class PersonYearView(RegistryAccessMixin, TemplateView):
    template_name = "workforce/training_person.html"

    def get_context_data(self, **kwargs):
        year = asked_year(self.request)
        worker, attended = selectors.person_year(
            user=self.request.user, pk=self.kwargs["pk"], year=year
        )
        hours = sum((a.hours for a in attended), start=selectors.ZERO)
        return super().get_context_data(
            worker=worker,
            attended=attended,
            year=year,
            years=years_shown(),
            hours=hours,
            expected=selectors.hour_expectations()[worker.role],
            unit=selectors.unit_of(worker),
            passed_text=passed_text,
            **kwargs,
        )


class CoverageView(RegistryAccessMixin, TemplateView):
    """Coverage of the children of the selected region, and who is not yet trained."""

    template_name = "workforce/training_coverage.html"

    def selection(self):
        user = self.request.user
        region = asked_region(self.request, default=selectors.default_region(user=user))
        return asked_year(self.request), region

    def get_context_data(self, **kwargs):
        user = self.request.user
        year, region = self.selection()
        rows, total = (
            ([], None)
            if region is None
            else selectors.coverage(user=user, year=year, region=region)
        )
        missing = selectors.untrained(user=user, year=year, region=region)
        page = Paginator(missing, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            year=year,
            years=years_shown(),
            region=region,
            rows=rows,
            total=total,
            page=page,
            missing_count=page.paginator.count,
            needed=selectors.min_sessions(),
            unit_of=selectors.unit_of,
            regions=selectors.coverage_regions(user=user)[:200],
            query=self.request.GET,
            tab_name="coverage",
            **kwargs,
        )


MISSING_HEADERS = ["姓名", "身份", "所在单位", "区域", "任职日期", "本年参训次数"]


class MissingExportView(CoverageView):
    def get(self, request, *args, **kwargs):
        year, region = self.selection()
        rows = (
            [
                w.name,
                w.get_role_display(),
                selectors.unit_of(w),
                w.region.name,
                w.started_on,
                w.sessions,
            ]  # fmt: skip
            for w in selectors.untrained(user=request.user, year=year, region=region)
        )
        where = region.name if region else ""
        title = f"{year}年{where}未参训党务工作者"
        return xlsx_table_response(title, MISSING_HEADERS, rows, user=request.user)


COVERAGE_HEADERS = ["区域", "党务工作者", "已参训", "覆盖率（%）"]


class CoverageExportView(CoverageView):
    def get(self, request, *args, **kwargs):
        year, region = self.selection()
        if region is None:
            raise Http404("请选择区域")
        rows, total = selectors.coverage(user=request.user, year=year, region=region)
        table = [
            [r.label, r.workers, r.trained, r.share if r.share is not None else ""]
            for r in [*rows, total]
        ]
        title = f"{year}年{region.name}党务工作者培训覆盖"
        return xlsx_table_response(title, COVERAGE_HEADERS, table, user=request.user)


# --- 初任培训 ----------------------------------------------------------------------------------


class InitialView(RegistryAccessMixin, TemplateView):
    template_name = "workforce/training_initial.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        user = self.request.user
        return super().get_context_data(
            due=selectors.initial_due(user=user, today=today),
            overdue=selectors.initial_overdue(user=user, today=today),
            deadline=selectors.initial_deadline,
            months=selectors.initial_months(),
            today=today,
            tab_name="initial",
            **kwargs,
        )


INITIAL_HEADERS = ["姓名", "所在党组织", "任职日期", "初任培训期限", "状态"]


class InitialExportView(RegistryAccessMixin, View):
    def get(self, request):
        today = timezone.localdate()
        rows = [
            [
                w.name,
                selectors.unit_of(w),
                w.started_on,
                selectors.initial_deadline(w.started_on),
                state,
            ]
            for state, found in (
                ("逾期未培训", selectors.initial_overdue(user=request.user, today=today)),
                ("待培训", selectors.initial_due(user=request.user, today=today)),
            )
            for w in found
        ]
        return xlsx_table_response("新任书记初任培训", INITIAL_HEADERS, rows, user=request.user)
