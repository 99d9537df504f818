"""Pages of the talent pool (党务人才库) and the partner groups (先锋工匠/党建合伙人): scoped
lists with filters and xlsx exports, the figures, and the forms on each record's page.

A form posted from a record's page that the service refuses comes back on that page with
the refusal next to the field (or above the form), nothing typed lost."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.core import roles
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.views import RegistryAccessMixin, ServiceFormView, attempt, run_and_redirect
from liangxin.workforce import selectors_pool as selectors
from liangxin.workforce import services_pool as services
from liangxin.workforce.forms_pool import (
    MemberForm,
    PartnerGroupForm,
    PartnerTaskForm,
    PlacementForm,
    PlacementOutcomeForm,
    PoolEntryForm,
)
from liangxin.workforce.models_people import PoolState, PoolTier, WorkerChannel
from liangxin.workforce.views_figures import chosen_region

PAGE_SIZE = 25
KIND = "instructors"


def _yes(value: bool) -> str:
    return "是" if value else "否"


class EditorMixin:
    def ensure_editor(self) -> None:
        if not roles.can_edit(self.request.user, KIND):
            raise PermissionDenied("您的角色无权修改此类记录")


# --- talent pool ---------------------------------------------------------------------------

POOL_FILTERS = ("q", "channel", "tier", "state", "available", "region")


class PoolFilterMixin:
    def filters(self) -> dict:
        return {name: self.request.GET.get(name, "") for name in POOL_FILTERS}

    def entries(self):
        return selectors.pool_list(user=self.request.user, filters=self.filters())


class PoolListView(PoolFilterMixin, RegistryAccessMixin, TemplateView):
    template_name = "workforce/pool_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(self.entries(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page,
            query=self.request.GET,
            channels=WorkerChannel.choices,
            tiers=PoolTier.choices,
            states=PoolState.choices,
            can_edit=roles.can_edit(self.request.user, KIND),
            **kwargs,
        )


ENTRY_HEADERS = [
    "姓名", "所属区域", "来源渠道", "层次", "专长", "可推荐", "状态", "入库日期", "推荐次数",
]  # fmt: skip


class PoolExportView(PoolFilterMixin, RegistryAccessMixin, View):
    def get(self, request):
        from django.db.models import Count

        entries = self.entries().annotate(sent=Count("placements"))
        rows = (
            [
                e.name,
                e.region.name,
                e.get_channel_display(),
                e.get_tier_display(),
                e.skills,
                _yes(e.available),
                e.get_state_display(),
                e.entered_on,
                e.sent,
            ]
            for e in entries
        )
        return xlsx_table_response("党务人才库", ENTRY_HEADERS, rows, user=request.user)


PLACEMENT_HEADERS = [
    "姓名", "来源渠道", "推荐企业", "推荐活动", "推荐日期", "企业录用", "进入管理层", "说明",
]  # fmt: skip


class PlacementExportView(PoolFilterMixin, RegistryAccessMixin, View):
    def get(self, request):
        placements = selectors.placement_list(user=request.user, entries=self.entries())
        rows = (
            [
                p.entry.name,
                p.entry.get_channel_display(),
                p.enterprise.name,
                p.event,
                p.recommended_on,
                _yes(p.hired),
                _yes(p.in_management),
                p.note,
            ]
            for p in placements
        )
        return xlsx_table_response("党务人才推荐", PLACEMENT_HEADERS, rows, user=request.user)


class PoolFiguresView(RegistryAccessMixin, TemplateView):
    template_name = "workforce/pool_figures.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        try:
            region = chosen_region(self.request)
        except PermissionDenied:  # a user holding organizations only: no regions to show
            region = None
        return super().get_context_data(
            by_event=selectors.figures_by_event(user=user),
            by_channel=selectors.figures_by_channel(user=user),
            region=region,
            by_region=selectors.figures_by_region(user=user, region=region) if region else [],
            **kwargs,
        )


class PoolEntryCreateView(ServiceFormView):
    kind = KIND
    template_name = "registry/form.html"
    form_class = PoolEntryForm
    title = "人才入库"

    def get_initial(self):
        return {"entered_on": timezone.localdate()}

    def save(self, form):
        return services.pool_entry_create(actor=self.request.user, data=form.service_data())

    def success_url_for(self, saved) -> str:
        return reverse("instructors:pool-entry", args=[saved.pk])

    def cancel_url(self) -> str:
        return reverse("instructors:pool")


class PoolEntryUpdateView(PoolEntryCreateView):
    title = "修改入库信息"

    def get_object(self):
        return selectors.pool_entry(user=self.request.user, pk=self.kwargs["pk"])

    def save(self, form):
        return services.pool_entry_update(
            actor=self.request.user, entry=self.object, data=form.service_data()
        )

    def cancel_url(self) -> str:
        return reverse("instructors:pool-entry", args=[self.object.pk])


class PoolEntryView(EditorMixin, RegistryAccessMixin, TemplateView):
    """An entry, its placements (each with its outcome form) and the recommend form."""

    template_name = "workforce/pool_detail.html"

    def prepare(self) -> None:
        self.entry = selectors.pool_entry(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, placement_form=None, outcome=None, **kwargs):
        user = self.request.user
        placements = selectors.placement_list(user=user).filter(entry=self.entry)
        forms = {}
        for placement in placements:
            if outcome is not None and outcome[0] == placement.pk:
                forms[placement.pk] = outcome[1]
            else:
                forms[placement.pk] = PlacementOutcomeForm(
                    initial={"hired": placement.hired, "in_management": placement.in_management,
                             "note": placement.note},
                    prefix=f"p{placement.pk}",
                )  # fmt: skip
        return super().get_context_data(
            entry=self.entry,
            placements=[(p, forms[p.pk]) for p in placements],
            placement_form=placement_form
            or PlacementForm(user=user, initial={"recommended_on": timezone.localdate()}),
            can_edit=roles.can_edit(user, KIND),
            **kwargs,
        )


class PlacementCreateView(PoolEntryView):
    http_method_names = ["post"]

    def post(self, request, pk):
        self.ensure_editor()
        form = PlacementForm(request.POST, user=request.user)
        if form.is_valid() and attempt(
            lambda: services.placement_create(
                actor=request.user, entry=self.entry, data=dict(form.cleaned_data)
            ),
            form,
        ):
            messages.success(request, f"已推荐：{self.entry.name}")
            return redirect("instructors:pool-entry", pk=self.entry.pk)
        return self.render_to_response(self.get_context_data(placement_form=form))


class PlacementOutcomeView(PoolEntryView):
    http_method_names = ["post"]

    def prepare(self) -> None:
        self.placement = selectors.placement(user=self.request.user, pk=self.kwargs["pk"])
        self.entry = self.placement.entry

    def post(self, request, pk):
        self.ensure_editor()
        form = PlacementOutcomeForm(request.POST, prefix=f"p{pk}")
        if form.is_valid() and attempt(
            lambda: services.placement_record_outcome(
                actor=request.user, placement=self.placement, **form.cleaned_data
            ),
            form,
        ):
            messages.success(request, "已保存录用情况")
            return redirect("instructors:pool-entry", pk=self.entry.pk)
        return self.render_to_response(self.get_context_data(outcome=(pk, form)))


# --- partner groups --------------------------------------------------------------------------


class PartnerYearMixin:
    def year(self) -> int | None:
        text = self.request.GET.get("year", "")
        if text.isdigit():
            return int(text)
        if text == "all":
            return None
        return timezone.localdate().year

    def groups(self):
        return selectors.group_list(user=self.request.user, year=self.year()).order_by(
            "-year", "name", "id"
        )


def group_rows(groups) -> list[dict]:
    rule = selectors.size_rule()
    return [
        {
            "group": group,
            "warning": rule.warning(group.size),
            "kinds": selectors.task_progress(group),
        }
        for group in groups
    ]


class PartnerListView(PartnerYearMixin, RegistryAccessMixin, TemplateView):
    template_name = "workforce/partner_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(self.groups(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        years = selectors.group_years(user=self.request.user)
        return super().get_context_data(
            page=page,
            rows=group_rows(page.object_list),
            year=self.year(),
            years=sorted({*years, timezone.localdate().year}, reverse=True),
            rule=selectors.size_rule(),
            can_edit=roles.can_edit(self.request.user, KIND),
            **kwargs,
        )


GROUP_HEADERS = [
    "年度", "小组名称", "先锋工匠", "所属区域", "结对书记人数", "人数提示",
    "党建课题", "党建项目", "党建品牌", "党员骨干", "结对书记",
]  # fmt: skip


def _progress_text(row) -> str:
    return "缺" if row.progress is None else f"{row.progress}%"


class PartnerExportView(PartnerYearMixin, RegistryAccessMixin, View):
    def get(self, request):
        groups = self.groups().prefetch_related("members")
        rows = (
            [
                row["group"].year,
                row["group"].name,
                row["group"].leader.name,
                row["group"].region.name,
                row["group"].size,
                row["warning"],
                *[_progress_text(kind) for kind in row["kinds"]],
                "、".join(m.name for m in row["group"].members.all()),
            ]
            for row in group_rows(groups)
        )
        return xlsx_table_response("党建合伙人小组", GROUP_HEADERS, rows, user=request.user)


class PartnerCreateView(EditorMixin, RegistryAccessMixin, TemplateView):
    template_name = "registry/form.html"

    def prepare(self) -> None:
        self.ensure_editor()

    def get_context_data(self, **kwargs):
        kwargs.update(title="新建党建合伙人小组", cancel_url=reverse("instructors:partners"))
        kwargs.setdefault(
            "form",
            PartnerGroupForm(user=self.request.user, initial={"year": timezone.localdate().year}),
        )
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = PartnerGroupForm(request.POST, user=request.user)
        made = []
        if form.is_valid() and attempt(
            lambda: made.append(
                services.partner_group_create(actor=request.user, data=dict(form.cleaned_data))
            ),
            form,
        ):
            messages.success(request, f"已建立小组：{made[0].name}")
            return redirect("instructors:partner", pk=made[0].pk)
        return self.render_to_response(self.get_context_data(form=form))


class PartnerView(EditorMixin, RegistryAccessMixin, TemplateView):
    """A group: size and its warning, the members, the four shared tasks."""

    template_name = "workforce/partner_detail.html"

    def prepare(self) -> None:
        self.group = selectors.group_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, member_form=None, task_form=None, task_edit=None, **kwargs):
        group, user = self.group, self.request.user
        members = list(group.members.order_by("name", "id"))
        kinds = selectors.task_progress(group)
        task_forms = {
            task.pk: PartnerTaskForm(
                prefix=f"t{task.pk}",
                initial={
                    "kind": task.kind,
                    "title": task.title,
                    "progress": task.progress,
                    "evidence": task.evidence,
                },
            )  # fmt: skip
            for row in kinds
            for task in row.tasks
        }
        if task_edit is not None:
            task_forms[task_edit[0]] = task_edit[1]
        return super().get_context_data(
            group=group,
            members=members,
            warning=selectors.size_rule().warning(len(members)),
            kinds=kinds,
            missing=[row.label for row in kinds if row.progress is None],
            task_forms=task_forms,
            member_form=member_form or MemberForm(user=user, group=group),
            task_form=task_form or PartnerTaskForm(),
            can_edit=roles.can_edit(user, KIND),
            **kwargs,
        )


class MemberAddView(PartnerView):
    http_method_names = ["post"]

    def post(self, request, pk):
        self.ensure_editor()
        form = MemberForm(request.POST, user=request.user, group=self.group)
        if form.is_valid() and attempt(
            lambda: services.partner_member_add(
                actor=request.user, group=self.group, worker=form.cleaned_data["worker"]
            ),
            form,
        ):
            messages.success(request, f"已加入：{form.cleaned_data['worker'].name}")
            return redirect("instructors:partner", pk=self.group.pk)
        return self.render_to_response(self.get_context_data(member_form=form))


class MemberRemoveView(EditorMixin, RegistryAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, worker_pk):
        self.ensure_editor()
        group = selectors.group_detail(user=request.user, pk=pk)
        worker = selectors.group_member(group=group, pk=worker_pk)
        return run_and_redirect(
            request,
            lambda: services.partner_member_remove(actor=request.user, group=group, worker=worker),
            f"已移出：{worker.name}",
            reverse("instructors:partner", args=[group.pk]),
        )


class TaskCreateView(PartnerView):
    http_method_names = ["post"]

    def post(self, request, pk):
        self.ensure_editor()
        form = PartnerTaskForm(request.POST)
        if form.is_valid() and attempt(
            lambda: services.partner_task_create(
                actor=request.user, group=self.group, data=dict(form.cleaned_data)
            ),
            form,
        ):
            messages.success(request, f"已添加任务：{form.cleaned_data['title']}")
            return redirect("instructors:partner", pk=self.group.pk)
        return self.render_to_response(self.get_context_data(task_form=form))


class TaskUpdateView(PartnerView):
    http_method_names = ["post"]

    def prepare(self) -> None:
        self.task = selectors.group_task(user=self.request.user, pk=self.kwargs["pk"])
        self.group = self.task.group

    def post(self, request, pk):
        self.ensure_editor()
        form = PartnerTaskForm(request.POST, prefix=f"t{pk}")
        if form.is_valid() and attempt(
            lambda: services.partner_task_update(
                actor=request.user, task=self.task, data=dict(form.cleaned_data)
            ),
            form,
        ):
            messages.success(request, f"已更新任务进度：{form.cleaned_data['title']}")
            return redirect("instructors:partner", pk=self.group.pk)
        return self.render_to_response(self.get_context_data(task_edit=(self.task.pk, form)))
