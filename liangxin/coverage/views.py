"""Dashboard, big screen, drill-down lists, work lists: the 两个覆盖 pages.

Statistics cover whole region subtrees, so these pages are for region-scoped
roles (liangxin.coverage.access); the region asked for must lie in the scope.
"""

from itertools import tee

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.core import roles
from liangxin.core.audit import CHANNEL_WEB, audit_context
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.core.views import RegistryAccessMixin
from liangxin.coverage import gaps, worklists
from liangxin.coverage.access import CATEGORY_CHOICES, statistics_region
from liangxin.coverage.dashboard import dashboard, goals
from liangxin.coverage.definitions import (
    INDICATOR_KEYS,
    INDICATOR_LABELS,
    annotated_base,
    indicator_filter,
)
from liangxin.coverage.forms import AssignInstructorForm, GoalsForm
from liangxin.coverage.models import IndicatorGoal
from liangxin.enterprises.models import Enterprise
from liangxin.ledger.export import typed_rows
from liangxin.ledger.kinds import kind_named
from liangxin.ledger.names import with_names
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor
from liangxin.workforce.services import instructor_update

PAGE_SIZE = 25
PARTS = {"den": "分母（应统计）", "num": "分子（已达标）", "gap": "未达标"}
CATEGORY_LABELS = {"enterprise": "非公企业", "social": "社会组织", "individual": "个体工商户"}


class StatisticsMixin(LoginRequiredMixin):
    """Resolve ?region= inside the user's region scope (404 outside) and ?category=."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.region = statistics_region(request.user, request.GET.get("region"))
        self.category = request.GET.get("category", "enterprise")
        if self.category not in CATEGORY_CHOICES:
            raise Http404("未知的单位类别")
        return super().dispatch(request, *args, **kwargs)

    def base_context(self) -> dict:
        return {
            "region": self.region,
            "category": self.category,
            "category_label": CATEGORY_LABELS[self.category],
            "categories": CATEGORY_LABELS,
            "ancestors": self.visible_ancestors(),
        }

    def visible_ancestors(self):
        return scoped(Region.objects.get_ancestors(self.region), self.request.user)


class DashboardView(StatisticsMixin, TemplateView):
    template_name = "coverage/dashboard.html"

    def get_context_data(self, **kwargs):
        data = dashboard(region=self.region, category=self.category)
        charts = {
            "labels": data["labels"],
            "goals": data["goals"],
            "children": data["children"],
            "trend": data["trend"],
            "drill": reverse("coverage:drilldown"),
            "dashboard": reverse("coverage:dashboard"),
            "category": self.category,
        }
        context = {**self.base_context(), **data}
        return super().get_context_data(
            **context, charts=charts, worklist_specs=worklists.WORK_LISTS, **kwargs
        )


class ScreenView(DashboardView):
    """数据大屏: the same figures, dark and large, refreshing itself."""

    template_name = "coverage/screen.html"


def drilldown_queryset(region, category: str, key: str, part: str):
    if key not in INDICATOR_KEYS or part not in PARTS:
        raise Http404("未知的指标")
    base = annotated_base(timezone.localdate(), category)
    return (
        base.filter(region__path__startswith=region.path)
        .filter(indicator_filter(key, part))
        .select_related("region")
        .order_by("region__path", "name", "id")
    )


class DrilldownView(StatisticsMixin, TemplateView):
    """The enterprises behind one number on the dashboard."""

    template_name = "coverage/drilldown.html"

    def get_context_data(self, **kwargs):
        key, part = self.request.GET.get("indicator", ""), self.request.GET.get("part", "den")
        queryset = drilldown_queryset(self.region, self.category, key, part)
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            **self.base_context(),
            indicator=key,
            indicator_label=INDICATOR_LABELS[key],
            part=part,
            part_label=PARTS[part],
            parts=PARTS,
            page_obj=page,
            query=self.request.GET.urlencode(),
            **kwargs,
        )


NAMES_BESIDE_CODES = {"所属区域代码": "所属区域名称", "行业门类": "行业门类名称"}


def enterprise_workbook(queryset, title: str, *, scope: str) -> HttpResponse:
    """The list in the enterprise ledger's headers, with each code's name beside it and a
    title row (name, scope, date) above: a report, which still imports (the reader passes
    over the title, the import over the names: ledger.reader, ledger.names)."""
    ledger = kind_named("enterprises")
    codes = [column.header for column in ledger.columns]
    region_at, industry_at = codes.index("所属区域代码"), codes.index("行业门类")

    def row(enterprise, cells) -> list:
        industry = enterprise.get_industry_display() if enterprise.industry else ""
        names = {region_at: enterprise.region.name, industry_at: industry.partition(" ")[2]}
        out = []
        for index, cell in enumerate(cells):
            out += (cell, names[index]) if index in names else (cell,)
        return out

    # One stream of enterprises read twice in step: the ledger's typed cells, and the
    # names the report sets beside the codes.
    for_cells, for_names = tee(queryset.iterator(chunk_size=2000))
    cells = typed_rows(ledger, (ledger.export_row(e) for e in for_cells))
    rows = (row(e, c) for e, c in zip(for_names, cells, strict=True))
    headers = with_names(codes, NAMES_BESIDE_CODES)
    return xlsx_table_response(title, headers, rows, scope=scope)


class DrilldownExportView(StatisticsMixin, View):
    def get(self, request):
        key, part = request.GET.get("indicator", ""), request.GET.get("part", "den")
        queryset = drilldown_queryset(self.region, self.category, key, part)
        return enterprise_workbook(
            queryset,
            f"{self.region.name}-{INDICATOR_LABELS[key]}-{PARTS[part]}",
            scope=self.region.name,
        )


def worklist_spec(key: str):
    spec = worklists.WORK_LISTS.get(key)
    if spec is None:
        raise Http404("未知的工作清单")
    return spec


class WorkListView(StatisticsMixin, TemplateView):
    template_name = "coverage/worklist.html"

    def get_context_data(self, **kwargs):
        spec = worklist_spec(self.kwargs["key"])
        user = self.request.user
        queryset = worklists.work_list(key=spec.key, user=user, region=self.region).order_by(
            "region__path", "name", "id"
        )
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            **self.base_context(),
            spec=spec,
            specs=worklists.WORK_LISTS,
            page_obj=page,
            by_region=worklists.counts_by_child_region(queryset, self.region),
            total=page.paginator.count,
            can_create_org=roles.can_edit(user, "organizations"),
            can_assign=roles.can_edit(user, "instructors"),
            instructors=scoped(Instructor.objects.filter(active=True), user).order_by("name")[:500],
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class WorkListExportView(StatisticsMixin, View):
    def get(self, request, key):
        spec = worklist_spec(key)
        queryset = worklists.work_list(key=spec.key, user=request.user, region=self.region)
        return enterprise_workbook(
            queryset.order_by("region__path", "id"),
            f"{self.region.name}-{spec.title}",
            scope=self.region.name,
        )


class AssignInstructorView(LoginRequiredMixin, View):
    """From a work list: add an enterprise to an instructor's assignments (选派党建指导员)."""

    def post(self, request):
        if not roles.can_edit(request.user, "instructors"):
            raise PermissionDenied("您的角色无权选派党建指导员")
        form = AssignInstructorForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择指导员")
            return redirect(request.POST.get("next") or reverse("coverage:dashboard"))
        enterprise = get_scoped_or_404(
            Enterprise.objects.all(), request.user, uscc=form.cleaned_data["enterprise"]
        )
        instructor = get_scoped_or_404(
            Instructor.objects.all(), request.user, public_id=form.cleaned_data["instructor"]
        )
        assigned = list(scoped(Enterprise.objects.filter(instructors=instructor), request.user))
        try:
            with audit_context(request.user, channel=CHANNEL_WEB):
                instructor_update(
                    actor=request.user,
                    instructor=instructor,
                    data={"enterprises": [*assigned, enterprise]},
                )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已为“{enterprise.name}”选派党建指导员{instructor.name}")
        return redirect(safe_next(request))


def safe_next(request) -> str:
    target = request.POST.get("next", "")
    return (
        target
        if target.startswith("/") and not target.startswith("//")
        else reverse("coverage:dashboard")
    )


class GoalsView(LoginRequiredMixin, TemplateView):
    """District admins set the goal line of each indicator."""

    template_name = "coverage/goals.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.role != roles.Role.DISTRICT_ADMIN:
            raise Http404("未找到该页面")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or GoalsForm(initial=goals())
        return super().get_context_data(form=form, **kwargs)

    def post(self, request):
        form = GoalsForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        with audit_context(request.user, channel=CHANNEL_WEB):
            for key, value in form.cleaned_data.items():
                IndicatorGoal.objects.update_or_create(indicator=key, defaults={"goal": value})
        messages.success(request, "目标值已保存")
        return redirect("coverage:dashboard")


class EnterpriseGapView(RegistryAccessMixin, TemplateView):
    """The coverage gap on an enterprise's page (htmx): what is missing, and for those who
    may act, the pre-filled organization form and the instructor assignment."""

    template_name = "coverage/_enterprise_gap.html"

    def prepare(self) -> None:
        self.enterprise = get_scoped_or_404(
            Enterprise.objects.select_related("region"), self.request.user, uscc=self.kwargs["uscc"]
        )

    def get_context_data(self, **kwargs):
        gap = gaps.enterprise_gap(self.enterprise)
        actions = gaps.gap_actions(gap, self.request.user) if gap and gap.any else {}
        next_url = reverse("enterprises:detail", args=[self.enterprise.uscc])
        return super().get_context_data(gap=gap, next_url=next_url, **actions, **kwargs)
