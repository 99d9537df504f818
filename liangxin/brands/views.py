"""Pages of brands and 标杆 projects (Chinese, scoped, one column on a phone).

Each action is a small POST to a service; its refusals come back as messages (or next to
the form's fields) in the service's words. Out of scope is 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.brands import permissions, selectors, services
from liangxin.brands.forms import (
    BrandForm,
    NodeForm,
    ProgrammeForm,
    ProgressForm,
    ProjectForm,
    ReasonForm,
)
from liangxin.brands.models import BrandAction, BrandKind, BrandState, ProjectState
from liangxin.core.attachments import attachment_response
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.scoping import user_scope
from liangxin.core.services import OutOfScope
from liangxin.core.views import RegistryAccessMixin
from liangxin.core.views import run_and_redirect as run
from liangxin.regions.models import Region


class Page(RegistryAccessMixin, TemplateView):
    pass


class FormPage(Page):
    """A page with one service-backed form: GET shows it, POST saves or shows the errors."""

    title = ""

    def form(self, data=None, files=None):
        raise NotImplementedError

    def save(self, form):
        raise NotImplementedError

    def done_url(self, saved) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form())
        return super().get_context_data(title=self.title, **kwargs)

    def post(self, request, **kwargs):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = self.save(form)
            except OutOfScope as exc:
                raise Http404("未找到该记录") from exc
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已保存：{saved}")
                return redirect(self.done_url(saved))
        mark_invalid(form)
        context = self.get_context_data(form=form, files_lost=bool(request.FILES))
        return self.render_to_response(context)


# --- brands ---------------------------------------------------------------------------------


def brand_url(brand) -> str:
    return reverse("brands:brand", args=[brand.pk])


def brand_filters(request) -> dict:
    return {
        "kind": request.GET.get("kind", ""),
        "state": request.GET.get("state", ""),
        "q": request.GET.get("q", "").strip()[:50],
    }


class BrandListView(Page):
    template_name = "brands/brand_list.html"

    def get_context_data(self, **kwargs):
        user, filters = self.request.user, brand_filters(self.request)
        totals = selectors.brand_totals(user=user)
        return super().get_context_data(
            rows=selectors.brand_list(user=user, **filters)[:500],
            filters=filters,
            query=self.request.GET.urlencode(),
            kinds=BrandKind.choices,
            states=BrandState.choices,
            totals=totals,
            can_create=permissions.can_keep_brand(user),
            **kwargs,
        )


EXPORT_HEADERS = [
    "品牌名称",
    "类别",
    "所属党组织/行业/区域",
    "所属区域",
    "状态",
    "命名日期",
    "最近复核",
    "佐证材料数",
]


class BrandExportView(RegistryAccessMixin, View):
    def get(self, request):
        rows = selectors.brand_export(user=request.user, **brand_filters(request))
        lines = (
            [
                brand.name,
                brand.get_kind_display(),
                brand.holder_label,
                brand.region.name,
                brand.get_state_display(),
                brand.named_on or "",
                brand.reviewed_on or "",
                brand.evidence_count,
            ]
            for brand in rows
        )
        return xlsx_table_response("党建品牌", EXPORT_HEADERS, lines, user=request.user)


class BrandDetailView(Page):
    template_name = "brands/brand_detail.html"

    def prepare(self) -> None:
        self.object = selectors.brand_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        user, brand = self.request.user, self.object
        keep, district = permissions.can_keep_brand(user), permissions.can_name_brand(user)
        actions = [
            (action, BrandAction(action).label)
            for action, (sources, _) in services.TRANSITIONS.items()
            if brand.state in sources
            and (district if action in services.DISTRICT_ACTIONS else keep)
        ]
        return super().get_context_data(
            brand=brand,
            actions=actions,
            needs_reason=[a.value for a in services.NEEDS_REASON],
            can_edit=keep and brand.state != BrandState.REVOKED,
            reason_form=ReasonForm(),
            **kwargs,
        )


class BrandFormView(FormPage):
    template_name = "brands/brand_form.html"

    def form(self, data=None, files=None):
        return BrandForm(data, user=self.request.user, instance=getattr(self, "object", None))

    def uploads(self):
        return self.request.FILES.getlist("files")

    def done_url(self, saved) -> str:
        return brand_url(saved)


class BrandCreateView(BrandFormView):
    title = "登记党建品牌"

    def prepare(self) -> None:
        if not permissions.can_keep_brand(self.request.user):
            raise PermissionDenied("您的角色不能登记党建品牌")

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("brands:list"), **kwargs)

    def save(self, form):
        return services.brand_create(
            actor=self.request.user,
            data=form.service_data(),
            holders=form.cleaned_data["holders"],
            uploads=self.uploads(),
        )


class BrandUpdateView(BrandFormView):
    title = "修改党建品牌"

    def prepare(self) -> None:
        self.object = selectors.brand_detail(user=self.request.user, pk=self.kwargs["pk"])
        if not permissions.can_keep_brand(self.request.user):
            raise PermissionDenied("您的角色不能修改党建品牌")

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=brand_url(self.object), **kwargs)

    def save(self, form):
        return services.brand_update(
            actor=self.request.user,
            brand=self.object,
            data=form.service_data(),
            holders=form.cleaned_data["holders"],
            uploads=self.uploads(),
        )


class BrandActionView(RegistryAccessMixin, View):
    http_method_names = ["post"]

    def prepare(self) -> None:
        self.object = selectors.brand_detail(user=self.request.user, pk=self.kwargs["pk"])

    def post(self, request, pk, action):
        if action not in services.TRANSITIONS:
            raise Http404("未知的操作")
        return run(
            request,
            lambda: services.brand_transition(
                actor=request.user,
                brand=self.object,
                action=action,
                comment=request.POST.get("comment", ""),
            ),
            f"已{BrandAction(action).label}",
            brand_url(self.object),
        )


class BrandUploadView(BrandActionView):
    def post(self, request, pk):
        def act():
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError("请选择要上传的文件")
            services.brand_evidence_add(actor=request.user, brand=self.object, upload=upload)

        return run(request, act, "已上传佐证材料", brand_url(self.object))


class BrandEvidenceView(RegistryAccessMixin, View):
    def get(self, request, pk):
        return attachment_response(selectors.brand_evidence_detail(user=request.user, pk=pk))


class BrandRegionsView(Page):
    """Brands by kind and state per town (WORK.md §3 statistics)."""

    template_name = "brands/regions.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        paths = user_scope(user).region_paths
        top = Region.objects.filter(path=paths[0]).first() if len(paths) == 1 else None
        rows = selectors.brands_by_region(user=user, parent=top) if top else []
        return super().get_context_data(
            top=top, rows=rows, kinds=BrandKind.choices, states=BrandState.choices, **kwargs
        )


# --- programmes -----------------------------------------------------------------------------


def programme_url(programme) -> str:
    return reverse("brands:programme", args=[programme.pk])


class ProgrammeListView(Page):
    template_name = "brands/programme_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            programmes=selectors.programme_list(user=user),
            can_create=permissions.can_edit_programmes(user),
            **kwargs,
        )


class ProgrammeCreateView(FormPage):
    template_name = "brands/form.html"
    title = "设立标杆创建工程"

    def prepare(self) -> None:
        if not permissions.can_edit_programmes(self.request.user):
            raise PermissionDenied("只有区级管理员可以设立标杆创建工程")

    def form(self, data=None, files=None):
        year = timezone.localdate().year
        initial = {"start_year": year, "end_year": year + 2}
        return ProgrammeForm(data, user=self.request.user, initial=initial)

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("brands:programmes"), **kwargs)

    def save(self, form):
        return services.programme_create(
            actor=self.request.user, data=form.service_data(), tiers=form.cleaned_data["tiers"]
        )

    def done_url(self, saved) -> str:
        return programme_url(saved)


class ProgrammeDetailView(Page):
    template_name = "brands/programme_detail.html"

    def prepare(self) -> None:
        self.object = selectors.programme_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        user, programme = self.request.user, self.object
        return super().get_context_data(
            programme=programme,
            tiers=selectors.tier_progress(user=user, programme=programme),
            projects=selectors.project_list(user=user, programme=programme),
            can_manage=permissions.can_manage_projects(user),
            **kwargs,
        )


PROJECT_HEADERS = [
    "层级",
    "党组织",
    "所属区域",
    "责任人",
    "状态",
    "已完成节点",
    "节点数",
    "逾期节点",
    "进度%",
]


class ProgrammeExportView(RegistryAccessMixin, View):
    """The district's list of 标杆 projects with progress, as the 晾晒 table."""

    def get(self, request, pk):
        programme = selectors.programme_detail(user=request.user, pk=pk)
        rows = (
            [
                p.tier.name,
                p.organization.name,
                p.organization.region.name,
                p.owner,
                p.get_state_display(),
                p.nodes_done,
                p.nodes_total,
                p.nodes_overdue,
                round(100 * p.nodes_done / p.nodes_total) if p.nodes_total else 0,
            ]
            for p in selectors.project_list(user=request.user, programme=programme)
        )
        return xlsx_table_response(programme.name, PROJECT_HEADERS, rows, user=request.user)


class ProjectCreateView(FormPage):
    template_name = "brands/form.html"
    title = "标杆创建立项"

    def prepare(self) -> None:
        self.programme = selectors.programme_detail(user=self.request.user, pk=self.kwargs["pk"])
        if not permissions.can_manage_projects(self.request.user):
            raise PermissionDenied("只有镇（园区）或区级管理员可以立项")

    def form(self, data=None, files=None):
        return ProjectForm(data, user=self.request.user, programme=self.programme)

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=programme_url(self.programme), **kwargs)

    def save(self, form):
        return services.project_create(
            actor=self.request.user, programme=self.programme, **form.cleaned_data
        )

    def done_url(self, saved) -> str:
        return project_url(saved)


# --- projects and nodes ---------------------------------------------------------------------


def project_url(project) -> str:
    return reverse("brands:project", args=[project.pk])


class ProjectDetailView(Page):
    template_name = "brands/project_detail.html"

    def prepare(self) -> None:
        self.object = selectors.project_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        user, project = self.request.user, self.object
        open_ = project.state == ProjectState.IN_PROGRESS
        can_manage = permissions.can_manage_projects(user) and open_
        return super().get_context_data(
            project=project,
            nodes=selectors.project_nodes(user=user, project=project),
            can_manage=can_manage,
            can_report=permissions.can_report_progress(user) and open_,
            node_form=NodeForm(user=user) if can_manage else None,
            reason_form=ReasonForm(),
            **kwargs,
        )


class ProjectActionView(RegistryAccessMixin, View):
    http_method_names = ["post"]

    def prepare(self) -> None:
        self.object = selectors.project_detail(user=self.request.user, pk=self.kwargs["pk"])
        self.back = project_url(self.object)


class NodeAddView(ProjectActionView):
    def post(self, request, pk):
        form = NodeForm(request.POST, user=request.user)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(self.back)
        return run(
            request,
            lambda: services.node_add(actor=request.user, project=self.object, **form.cleaned_data),
            f"已安排节点：{form.cleaned_data['title']}",
            self.back,
        )


class ProjectCloseView(ProjectActionView):
    def post(self, request, pk, state):
        if state not in (ProjectState.ACHIEVED, ProjectState.WITHDRAWN):
            raise Http404("未知的操作")
        return run(
            request,
            lambda: services.project_close(
                actor=request.user,
                project=self.object,
                state=state,
                comment=request.POST.get("comment", ""),
            ),
            f"项目{ProjectState(state).label}",
            self.back,
        )


class NodeView(Page):
    """A node and its progress form: what its owner fills in on a phone."""

    template_name = "brands/node.html"

    def prepare(self) -> None:
        self.object = selectors.node_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        node, user = self.object, self.request.user
        kwargs.setdefault(
            "form", ProgressForm(initial={"state": node.state, "note": node.progress_note})
        )
        return super().get_context_data(
            node=node,
            can_report=permissions.can_report_progress(user)
            and node.project.state == ProjectState.IN_PROGRESS,
            **kwargs,
        )

    def post(self, request, pk):
        form = ProgressForm(request.POST)
        if form.is_valid():
            try:
                services.node_progress(
                    actor=request.user,
                    node=self.object,
                    uploads=request.FILES.getlist("files"),
                    **form.cleaned_data,
                )
            except OutOfScope as exc:
                raise Http404("未找到该记录") from exc
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已更新进展：{self.object.title}")
                return redirect(reverse("brands:node", args=[self.object.pk]))
        mark_invalid(form)
        context = self.get_context_data(form=form, files_lost=bool(request.FILES))
        return self.render_to_response(context)


class NodeListView(Page):
    template_name = "brands/node_list.html"

    def get_context_data(self, **kwargs):
        overdue = self.request.GET.get("overdue") == "1"
        rows = selectors.node_list(user=self.request.user, overdue=overdue)
        return super().get_context_data(rows=rows[:500], overdue=overdue, **kwargs)


class NodeEvidenceView(RegistryAccessMixin, View):
    def get(self, request, pk):
        return attachment_response(selectors.node_evidence_detail(user=request.user, pk=pk))
