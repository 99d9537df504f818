"""Pages of the campaigns (Chinese, scoped, out of scope 404): the list and its export, a
campaign's targets with their day-by-day progress, its work items, and a 摸底 round's
progress by grid and the grid's own rows to confirm or correct (fits a 390 px phone)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from liangxin.campaigns import forms, permissions, selectors, services
from liangxin.campaigns.models import Campaign, CampaignKind, Round, RoundRow, RowState
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import mark_invalid
from liangxin.core.scoping import get_scoped_or_404
from liangxin.core.views import RegistryAccessMixin, attempt, run_and_redirect
from liangxin.coverage.worklists import WORK_LISTS
from liangxin.regions.models import Region

PAGE_SIZE = 25


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _list_title(key: str) -> str:
    spec = WORK_LISTS.get(key)
    return spec.title if spec else key


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class CampaignMixin(RegistryAccessMixin):
    """Pages of one campaign: fetched in the user's scope (else 404)."""

    def prepare(self) -> None:
        self.campaign = get_scoped_or_404(
            Campaign.objects.select_related("kind", "region"),
            self.request.user,
            pk=self.kwargs["pk"],
        )


class RoundMixin(RegistryAccessMixin):
    def prepare(self) -> None:
        self.round = get_scoped_or_404(
            Round.objects.select_related("campaign", "campaign__region"),
            self.request.user,
            pk=self.kwargs["pk"],
        )


# --- campaigns ------------------------------------------------------------------------


class CampaignList(RegistryAccessMixin, TemplateView):
    template_name = "campaigns/list.html"
    export = False
    headers = ["行动名称", "类型", "范围", "开始日期", "结束日期", "状态", "目标数", "工作项"]

    def cells(self, c) -> list:
        return [
            c.title, c.kind.name, c.region.name, c.starts_on.isoformat(), c.ends_on.isoformat(),
            c.get_state_display(), c.target_count, c.item_count,
        ]  # fmt: skip

    def get(self, request, *args, **kwargs):
        rows = selectors.campaigns(user=request.user)
        if self.export:
            cells = (self.cells(c) for c in rows.iterator(chunk_size=500))
            return xlsx_table_response("专项行动", self.headers, cells, user=request.user)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        context = self.get_context_data(
            page=page,
            headers=self.headers,
            items=[(c, self.cells(c)) for c in page.object_list],
            may_create=permissions.can_organize(request.user),
            round_url=_my_round_url(request.user),
        )
        return self.render_to_response(context)


def _my_round_url(user) -> str:
    if not permissions.can_confirm(user):
        return ""
    found = selectors.latest_round_for(user)
    return reverse("campaigns:round-rows", args=[found.pk]) if found else ""


class FormPage(RegistryAccessMixin, FormView):
    template_name = "campaigns/form.html"
    title = ""
    done = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back=self.back_url(), **kwargs)

    def form_valid(self, form):
        if not attempt(lambda: self.perform(form.cleaned_data), form):
            return self.form_invalid(form)
        messages.success(self.request, self.done)
        return redirect(self.success_url_for())

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)


class CampaignCreate(FormPage):
    title, done = "发起专项行动", "已发起专项行动"
    form_class = forms.CampaignForm

    def prepare(self) -> None:
        _require(permissions.can_organize(self.request.user), "您的角色不能发起专项行动")

    def back_url(self) -> str:
        return reverse("campaigns:campaigns")

    def perform(self, data):
        self.created = services.campaign_create(actor=self.request.user, **data)

    def success_url_for(self) -> str:
        return reverse("campaigns:campaign", args=[self.created.pk])


class CampaignDetail(CampaignMixin, TemplateView):
    template_name = "campaigns/campaign.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        figures = selectors.target_figures(user=user, campaign=self.campaign)
        return super().get_context_data(
            campaign=self.campaign,
            figures=figures,
            chart=selectors.chart_data(figures),
            rounds=selectors.rounds(user=user, campaign=self.campaign),
            list_titles=[_list_title(k) for k in self.campaign.kind.work_lists],
            may_organize=permissions.can_organize(user),
            **kwargs,
        )


class CampaignAction(CampaignMixin, View):
    """A button: 刷新进度, 生成工作项, 发起摸底 (POST only)."""

    def post(self, request, pk, action):
        user, campaign = request.user, self.campaign
        back = reverse("campaigns:campaign", args=[pk])
        actions = {
            "refresh": (
                lambda: services.progress_refresh(actor=user, campaign=campaign),
                "已刷新进度",
            ),
            "generate": (
                lambda: services.workitems_generate(actor=user, campaign=campaign),
                "已按工作清单生成工作项",
            ),
            "round": (lambda: services.round_open(actor=user, campaign=campaign), "已发起摸底排查"),
        }
        if action not in actions:
            raise PermissionDenied("未知操作")
        run, done = actions[action]
        return run_and_redirect(request, run, done, back)


class TargetCreate(CampaignMixin, FormPage):
    title, done = "设置行动目标", "已设置行动目标"
    form_class = forms.TargetForm

    def prepare(self) -> None:
        super().prepare()
        _require(permissions.can_organize(self.request.user), "您的角色不能设置行动目标")

    def get_initial(self):
        return {"region": self.campaign.region.code, "goal": 100}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "campaign": self.campaign}

    def back_url(self) -> str:
        return reverse("campaigns:campaign", args=[self.campaign.pk])

    def perform(self, data):
        services.target_set(actor=self.request.user, campaign=self.campaign, **data)

    def success_url_for(self) -> str:
        return self.back_url()


class WorkItemList(CampaignMixin, TemplateView):
    template_name = "campaigns/items.html"
    export = False
    headers = [
        "企业",
        "统一社会信用代码",
        "所属区域",
        "工作清单",
        "应办事项",
        "生成日期",
        "状态",
        "完成日期",
    ]

    def cells(self, item) -> list:
        spec = WORK_LISTS.get(item.list_key)
        return [
            item.enterprise.name, item.enterprise.uscc, item.enterprise.region.name,
            _list_title(item.list_key), spec.action if spec else "", item.generated_on.isoformat(),
            "待办" if item.is_open else "已完成",
            item.done_on.isoformat() if item.done_on and not item.is_open else "",
        ]  # fmt: skip

    def rows(self):
        rows = selectors.work_items(user=self.request.user, campaign=self.campaign)
        state = self.request.GET.get("state")
        if state in ("open", "done"):
            rows = rows.filter(is_open=state == "open")
        return rows

    def get(self, request, *args, **kwargs):
        if self.export:
            cells = (self.cells(i) for i in self.rows().iterator(chunk_size=500))
            title = f"{self.campaign.title}工作项"
            return xlsx_table_response(title, self.headers, cells, user=request.user)
        page = Paginator(self.rows(), PAGE_SIZE).get_page(request.GET.get("page"))
        context = self.get_context_data(
            campaign=self.campaign,
            page=page,
            headers=self.headers,
            items=[self.cells(i) for i in page.object_list],
            state=request.GET.get("state", ""),
        )
        return self.render_to_response(context)


# --- kinds -----------------------------------------------------------------------------


class KindList(RegistryAccessMixin, TemplateView):
    """The kinds of drive (the district edits them; every registry user reads them)."""

    template_name = "campaigns/kinds.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kinds=CampaignKind.objects.all(),
            list_titles={k: spec.title for k, spec in WORK_LISTS.items()},
            may_edit=permissions.can_edit_kinds(self.request.user),
            **kwargs,
        )

    def post(self, request):
        _require(permissions.can_edit_kinds(request.user), "只有区级管理员可以维护专项行动类型")
        pk = request.POST.get("toggle", "")
        kind = CampaignKind.objects.filter(pk=pk).first() if pk.isdigit() else None
        if kind is None:
            raise Http404("未找到该类型")
        services.kind_toggle(actor=request.user, kind=kind)
        return redirect("campaigns:kinds")


class KindEdit(RegistryAccessMixin, FormView):
    template_name = "campaigns/form.html"
    form_class = forms.KindForm

    def prepare(self) -> None:
        _require(
            permissions.can_edit_kinds(self.request.user), "只有区级管理员可以维护专项行动类型"
        )
        pk = self.kwargs.get("pk")
        self.kind = get_object_or_404(CampaignKind, pk=pk) if pk else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": self.kind is not None}

    def get_initial(self):
        k = self.kind
        if k is None:
            return {}
        return {"code": k.code, "name": k.name, "source": k.source,
                "work_lists": k.work_lists, "has_round": k.has_round,
                "indicators": k.indicators}  # fmt: skip

    def get_context_data(self, **kwargs):
        title = "修改专项行动类型" if self.kind else "新增专项行动类型"
        return super().get_context_data(title=title, back=reverse("campaigns:kinds"), **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        if self.kind is not None:
            data["code"] = self.kind.code
        action = lambda: services.kind_save(actor=self.request.user, kind=self.kind, **data)  # noqa: E731
        if not attempt(action, form):
            return self.form_invalid(form)
        messages.success(self.request, "已保存专项行动类型")
        return redirect("campaigns:kinds")

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)


# --- 摸底排查 --------------------------------------------------------------------------


class RoundDetail(RoundMixin, TemplateView):
    """The round's progress by grid; ``export``: the pending rows per grid (xlsx)."""

    template_name = "campaigns/round.html"
    export = False
    headers = ["网格", "企业", "统一社会信用代码", "地址", "职工人数", "经营状态", "状态"]

    def get(self, request, *args, **kwargs):
        if self.export:
            rows = selectors.round_rows(user=request.user, round_=self.round)
            rows = rows.filter(state=RowState.PENDING).order_by("grid__path", "enterprise__name")
            cells = (
                [r.grid_label, r.enterprise.name, r.enterprise.uscc, r.enterprise.address,
                 r.enterprise.employee_count, r.enterprise.get_status_display(),
                 r.get_state_display()]
                for r in rows.iterator(chunk_size=500)
            )  # fmt: skip
            title = f"{self.round.campaign.title}未确认企业"
            return xlsx_table_response(title, self.headers, cells, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        grids = selectors.round_progress(user=self.request.user, round_=self.round)
        return super().get_context_data(
            round=self.round,
            campaign=self.round.campaign,
            grids=grids,
            finished=sum(1 for g in grids if g.finished),
            **kwargs,
        )


class RoundRows(RoundMixin, TemplateView):
    """The rows the user sees (a grid officer: their grid), pending first, with 全部确认."""

    template_name = "campaigns/rows.html"

    def chosen_grid(self, data) -> Region | None:
        """The ?grid= (or posted grid) code, among the grids of the rows the user sees."""
        code = data.get("grid", "").strip()
        if not code:
            return None
        rows = selectors.round_rows(user=self.request.user, round_=self.round)
        grid = Region.objects.filter(code=code, pk__in=rows.values("grid_id")).first()
        if grid is None:
            raise Http404("未找到该网格")
        return grid

    def rows(self):
        rows = selectors.round_rows(user=self.request.user, round_=self.round)
        state = self.request.GET.get("state", "pending")
        if state in RowState.values:
            rows = rows.filter(state=state)
        grid = self.chosen_grid(self.request.GET)
        return rows if grid is None else rows.filter(grid=grid)

    def get_context_data(self, **kwargs):
        page = Paginator(self.rows(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            round=self.round,
            campaign=self.round.campaign,
            page=page,
            state=self.request.GET.get("state", "pending"),
            grid=self.request.GET.get("grid", ""),
            states=RowState.choices,
            may_confirm=permissions.can_confirm(self.request.user),
            grids=selectors.round_progress(user=self.request.user, round_=self.round),
            **kwargs,
        )

    def post(self, request, pk):
        """全部确认."""
        _require(permissions.can_confirm(request.user), "您的角色不能确认摸底信息")
        grid = self.chosen_grid(request.POST)
        back = reverse("campaigns:round-rows", args=[pk])
        if grid is not None:
            back = f"{back}?grid={grid.code}"
        return run_and_redirect(
            request,
            lambda: services.rows_confirm_all(actor=request.user, round_=self.round, grid=grid),
            "已全部确认",
            back,
        )


class RowMixin(RegistryAccessMixin):
    def prepare(self) -> None:
        self.row = get_scoped_or_404(
            RoundRow.objects.select_related("enterprise", "round", "grid"),
            self.request.user,
            pk=self.kwargs["pk"],
        )
        _require(permissions.can_confirm(self.request.user), "您的角色不能确认摸底信息")

    def back_url(self) -> str:
        return reverse("campaigns:round-rows", args=[self.row.round_id])


class RowConfirm(RowMixin, View):
    def post(self, request, pk):
        return run_and_redirect(
            request,
            lambda: services.row_confirm(actor=request.user, row=self.row),
            f"已确认“{self.row.enterprise.name}”",
            self.back_url(),
        )


class RowCorrect(RowMixin, FormView):
    template_name = "campaigns/correct.html"
    form_class = forms.CorrectionForm

    def get_initial(self):
        e = self.row.enterprise
        return {name: getattr(e, name) for name in services.CORRECTABLE}

    def get_context_data(self, **kwargs):
        return super().get_context_data(row=self.row, back=self.back_url(), **kwargs)

    def form_valid(self, form):
        action = lambda: services.row_correct(  # noqa: E731
            actor=self.request.user, row=self.row, data=form.cleaned_data
        )
        if not attempt(action, form):
            return self.form_invalid(form)
        messages.success(self.request, f"已更正“{self.row.enterprise.name}”")
        return redirect(self.back_url())

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)


class MyRound(RegistryAccessMixin, TemplateView):
    """The grid officer's link (and the to-do's list): their newest round's rows; a page
    saying so when there is none (a to-do's list always opens)."""

    template_name = "campaigns/no_round.html"

    def get(self, request, *args, **kwargs):
        url = _my_round_url(request.user)
        if url:
            return redirect(url)
        return super().get(request, *args, **kwargs)
