"""Pages of the 比学赶超跑道: the boards, one board ranked with its movement, a subject's
drill-down, the district's configuration, and the 晾晒会 snapshots with their export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.board import permissions, selectors, services
from liangxin.board.forms import BoardForm, IndicatorForm
from liangxin.board.indicators import CATALOGUE
from liangxin.board.models import BoardIndicator
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.scoping import get_scoped_or_404, user_scope
from liangxin.core.services import OutOfScope
from liangxin.core.views import RegistryAccessMixin
from liangxin.regions.models import Region


def board_url(board) -> str:
    return reverse("board:board", args=[board.pk])


class BoardMixin(RegistryAccessMixin):
    """A page about one board (scoped: 404 outside)."""

    def prepare(self):
        self.board = selectors.board_detail(user=self.request.user, pk=self.kwargs["pk"])


def ensure_configurer(user) -> None:
    if not permissions.can_configure(user):
        raise PermissionDenied("只有区级管理员可以设置比学赶超跑道")


class ConfigureMixin:
    """The district's pages about a board: a board outside the scope is 404 first."""

    def prepare(self):
        super().prepare()
        ensure_configurer(self.request.user)


class BoardListView(RegistryAccessMixin, TemplateView):
    template_name = "board/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            boards=selectors.board_list(user=user),
            can_configure=permissions.can_configure(user),
            **kwargs,
        )


CHART_ROWS = 30  # the bars a page draws: the top of a long board (the table has them all)


def chart_data(rows) -> list:
    return [[row.subject.name, row.score] for row in rows if row.score is not None][:CHART_ROWS]


class BoardView(BoardMixin, TemplateView):
    """The ranking as it stands today, computed on each visit (make bench --suite board:
    p95 under 100 ms on the zone dataset without core.page_cache)."""

    template_name = "board/board.html"

    def get_context_data(self, **kwargs):
        on = timezone.localdate()
        rows, previous = selectors.live_rows(self.board, on)
        user = self.request.user
        indicators = list(self.board.indicators.all())
        return super().get_context_data(
            board=self.board,
            indicators=indicators,
            shown_indicators=[{"key": i.key, "label": CATALOGUE[i.key].label} for i in indicators],
            catalogue=CATALOGUE,
            rows=rows,
            previous=previous,
            on=on,
            drillable=selectors.drillable(user, self.board, rows),
            chart=chart_data(rows),
            can_configure=permissions.can_configure(user),
            **kwargs,
        )


class ScreenView(BoardMixin, TemplateView):
    """大屏 for the 晾晒会: the ranking, dark and large, refreshing itself."""

    template_name = "board/screen.html"

    def get_context_data(self, **kwargs):
        on = timezone.localdate()
        rows, previous = selectors.live_rows(self.board, on)
        return super().get_context_data(
            board=self.board, rows=rows, previous=previous, on=on, chart=chart_data(rows), **kwargs
        )


class SubjectView(BoardMixin, TemplateView):
    """Drill-down: what moved one subject's score, and its organizations (in scope)."""

    template_name = "board/subject.html"

    def get_context_data(self, **kwargs):
        user, on = self.request.user, timezone.localdate()
        row = selectors.subject_row(user=user, board=self.board, code=self.kwargs["code"], on=on)
        keys, organizations = selectors.subject_organizations(
            user=user, board=self.board, subject=row.subject, on=on
        )
        return super().get_context_data(
            board=self.board,
            row=row,
            lines=selectors.indicator_lines(self.board, row),
            keys=keys,
            labels=[CATALOGUE[key].label for key in keys],
            organizations=organizations,
            on=on,
            **kwargs,
        )


# --- configuration (the district admin) ------------------------------------------------------


class BoardEditView(RegistryAccessMixin, View):
    template_name = "board/board_form.html"

    def prepare(self):
        ensure_configurer(self.request.user)
        pk = self.kwargs.get("pk")
        self.board = selectors.board_detail(user=self.request.user, pk=pk) if pk else None

    def initial(self) -> dict:
        board = self.board
        if board is None:
            first = Region.objects.filter(path__in=user_scope(self.request.user).region_paths)
            region = first.order_by("path").first()
            return {"region": region.code if region else "", "subject_depth": 1}
        return {
            "name": board.name,
            "region": board.region.code,
            "subject_kind": board.subject_kind,
            "subject_depth": board.subject_depth,
            "period": board.period,
            "description": board.description,
        }

    def get(self, request, pk=None):
        form = BoardForm(initial=self.initial(), user=request.user)
        return render(request, self.template_name, {"form": form, "board": self.board})

    def post(self, request, pk=None):
        form = BoardForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                board = services.board_save(
                    actor=request.user, data=form.cleaned_data, board=self.board
                )
            except OutOfScope as exc:
                raise Http404("未找到该记录") from exc
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已保存跑道：{board.name}")
                return redirect(reverse("board:configure", args=[board.pk]))
        mark_invalid(form)
        return render(request, self.template_name, {"form": form, "board": self.board}, status=400)


class ConfigureView(ConfigureMixin, BoardMixin, View):
    """The board's indicators and weights, each with its source; add or change one."""

    template_name = "board/configure.html"

    def indicator(self):
        pk = self.request.GET.get("indicator") or self.request.POST.get("indicator")
        if not pk:
            return None
        if not str(pk).isdigit():
            raise Http404("未找到该指标")
        return get_scoped_or_404(
            BoardIndicator.objects.filter(board=self.board), self.request.user, pk=pk
        )

    def page(self, form, indicator, status=200):
        context = {
            "board": self.board,
            "indicators": list(self.board.indicators.all()),
            "catalogue": CATALOGUE,
            "form": form,
            "editing": indicator,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        indicator = self.indicator()
        initial = {}
        if indicator is not None:
            initial = {
                "key": indicator.key,
                "weight": indicator.weight,
                "full_value": indicator.full_value,
                "source": indicator.source,
                "order": indicator.order,
            }
        return self.page(IndicatorForm(initial=initial), indicator)

    def post(self, request, pk):
        indicator, form = self.indicator(), IndicatorForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.indicator_save(
                    actor=request.user,
                    board=self.board,
                    indicator=indicator,
                    key=data["key"],
                    weight=data["weight"],
                    full_value=data["full_value"],
                    source=data["source"],
                    order=data["order"] or 0,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已保存指标：{CATALOGUE[data['key']].label}")
                return redirect(reverse("board:configure", args=[self.board.pk]))
        mark_invalid(form)
        return self.page(form, indicator, status=400)


class IndicatorDeleteView(ConfigureMixin, BoardMixin, View):
    def post(self, request, pk, indicator):
        found = get_scoped_or_404(
            BoardIndicator.objects.filter(board=self.board), request.user, pk=indicator
        )
        services.indicator_delete(actor=request.user, indicator=found)
        messages.success(request, "已删除指标")
        return redirect(reverse("board:configure", args=[self.board.pk]))


# --- snapshots --------------------------------------------------------------------------------


class FreezeView(ConfigureMixin, BoardMixin, View):
    def post(self, request, pk):
        try:
            snapshot = services.snapshot_freeze(actor=request.user, board=self.board)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(board_url(self.board))
        messages.success(request, f"已冻结 {snapshot.label} 晾晒快照")
        return redirect(reverse("board:snapshot", args=[self.board.pk, snapshot.pk]))


class SnapshotListView(BoardMixin, TemplateView):
    template_name = "board/snapshots.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            board=self.board,
            snapshots=selectors.snapshots(user=self.request.user, board=self.board),
            **kwargs,
        )


class SnapshotView(BoardMixin, TemplateView):
    template_name = "board/snapshot.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("snapshot", None)  # the URL's number; the page names the record
        snapshot = selectors.snapshot_detail(
            user=self.request.user, board=self.board, pk=self.kwargs["snapshot"]
        )
        rows, previous = selectors.snapshot_rows(snapshot)
        return super().get_context_data(
            board=self.board, snapshot=snapshot, rows=rows, previous=previous, **kwargs
        )


def snapshot_table(snapshot, rows) -> tuple[list[str], list[list]]:
    indicators = snapshot.indicators
    headers = ["名次", "排名对象", "代码", "得分", "名次变化", "得分变化"]
    headers += [f"{i['label']}（权重 {i['weight']}）" for i in indicators]
    body = [
        [
            row.rank,
            row.subject.name,
            row.subject.code,
            row.score,
            row.rank_change,
            row.score_change,
            *[row.values.get(i["key"]) for i in indicators],
        ]
        for row in rows
    ]
    return headers, body


class SnapshotExportView(BoardMixin, View):
    def get(self, request, pk, snapshot):
        found = selectors.snapshot_detail(user=request.user, board=self.board, pk=snapshot)
        rows, _ = selectors.snapshot_rows(found)
        headers, body = snapshot_table(found, rows)
        title = f"{self.board.name}{found.label}晾晒"
        return xlsx_table_response(title, headers, body, scope=self.board.region.name)
