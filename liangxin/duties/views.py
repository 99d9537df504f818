"""Pages of 责任落实 (Chinese, scoped; out of scope is 404; the record forms fit a 390 px
phone): 双承诺 and 述职 lists with their forms, the list of who has not reported (xlsx),
the member units with their tasks, quarterly progress, 晾晒会 and year-end 述职, and the
statistics per town."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from liangxin.core.downloads import xlsx_table_response
from liangxin.core.scoping import get_scoped_or_404
from liangxin.core.views import RecordFormPage, RegistryAccessMixin
from liangxin.duties import forms, permissions, selectors, services
from liangxin.duties.models import (
    Commitment,
    DutyReport,
    Grade,
    MemberUnit,
    Showcase,
    UnitReview,
    UnitTask,
)
from liangxin.regions.pages import ScopedListPage, chosen_region, chosen_year

PAGE_SIZE = 25


def _date(value) -> str:
    return value.isoformat() if value else ""


def _blank(value) -> str:
    return "" if value is None else str(value)


class Tabs:
    TABS = [
        ("commitments", "双承诺"),
        ("reports", "述职"),
        ("missing", "未述职名单"),
        ("units", "成员单位晾晒"),
        ("statistics", "统计"),
    ]
    tab = ""

    def get_context_data(self, **kwargs):
        user = self.request.user
        tabs = [
            (key, label)
            for key, label in self.TABS
            if (key != "units" or permissions.can_read_units(user))
            and (key != "missing" or permissions.can_see_missing(user))
        ]
        return super().get_context_data(tabs=tabs, tab=self.tab, **kwargs)


class Page(Tabs, RegistryAccessMixin, TemplateView):
    allowed = staticmethod(permissions.can_read)

    def prepare(self) -> None:
        if not self.allowed(self.request.user):
            raise PermissionDenied("您的角色不使用此页面")


# --- commitments and reports --------------------------------------------------------------


class ListPage(Tabs, ScopedListPage):
    """A scoped list filtered by year and region, 25 a page; ``export=True``: the xlsx."""

    namespace = "duties"
    template_name = "duties/list.html"
    region_field = "organization__region__path"
    year_field = "year"
    edit_name = ""
    allowed = staticmethod(permissions.can_read)

    def prepare(self) -> None:
        if not self.allowed(self.request.user):
            raise PermissionDenied("您的角色不使用此页面")

    def link(self, row) -> str:
        return reverse(self.edit_name, args=[row.pk]) if self.may_create() else ""

    def create_url(self) -> str:
        return reverse(f"duties:{self.tab.rstrip('s')}-create")

    def may_create(self) -> bool:
        return permissions.can_record(self.request.user)

    def region_choices(self):
        return selectors.region_choices(self.request.user)


class CommitmentList(ListPage):
    tab, title, create_label = "commitments", "双承诺", "登记承诺"
    edit_name = "duties:commitment-edit"
    headers = ["党组织", "年度", "书记", "承诺对象", "承诺事项", "公开日期", "年终自查"]

    def base_rows(self):
        return selectors.commitments(user=self.request.user)

    def cells(self, c):
        to = "、".join(
            label
            for on, label in ((c.to_town_committee, "镇党委"), (c.to_members, "党员群众"))
            if on
        )
        checked = f"已自查（{_date(c.self_checked_on)}）" if c.kept else "未自查"
        return [
            c.organization.name, c.year, c.secretary_name, to, len(c.item_lines),
            _date(c.published_on), checked,
        ]  # fmt: skip


class ReportList(ListPage):
    tab, title, create_label = "reports", "述职", "登记述职"
    edit_name = "duties:report-edit"
    headers = [
        "党组织", "年度", "述职对象", "述职日期", "日常考核", "上级测评", "党员测评",
        "综合得分", "等次", "整改事项",
    ]  # fmt: skip

    def base_rows(self):
        return selectors.reports(user=self.request.user)

    def cells(self, r):
        return [
            r.organization.name, r.year, r.get_audience_display(), _date(r.held_on),
            _blank(r.daily_score), _blank(r.superior_score), _blank(r.member_score),
            _blank(r.total), r.get_grade_display(), len(r.rectification_lines),
        ]  # fmt: skip


class FormPage(Tabs, RecordFormPage):
    template_name = "duties/form.html"
    allowed = staticmethod(permissions.can_record)
    model = Commitment
    noun = ""

    def back_url(self) -> str:
        return reverse(f"duties:{self.tab}")

    def prepare(self) -> None:
        super().prepare()
        pk = self.kwargs.get("pk")
        self.instance = (
            get_scoped_or_404(self.model.objects.all(), self.request.user, pk=pk) if pk else None
        )
        if self.instance is not None:
            self.title = f"修改{self.noun}"

    def initial_of(self, instance) -> dict:
        codes = {"organization": "code", "secretary": "public_id", "region": "code"}
        initial = {}
        for name in self.form_class.base_fields:
            value = getattr(instance, name, None)
            if name in codes:
                value = getattr(value, codes[name]) if value is not None else ""
            elif hasattr(value, "pk"):
                value = value.pk
            initial[name] = value
        return initial

    def get_initial(self):
        if self.instance is None:
            return super().get_initial()
        return self.initial_of(self.instance)


class CommitmentEdit(FormPage):
    tab, noun, title, done = "commitments", "承诺", "登记双承诺", "已保存承诺"
    model, form_class = Commitment, forms.CommitmentForm

    def perform(self, d):
        return services.commitment_save(actor=self.request.user, commitment=self.instance, **d)


class ReportEdit(FormPage):
    tab, noun, title, done = "reports", "述职", "登记述职", "已保存述职"
    model, form_class = DutyReport, forms.ReportForm

    def perform(self, d):
        return services.report_save(actor=self.request.user, report=self.instance, **d)

    def get_context_data(self, **kwargs):
        w = services.weights()
        note = f"综合得分按 日常考核 : 上级测评 : 党员测评 = {w[0]} : {w[1]} : {w[2]} 计算"
        return super().get_context_data(note=note, **kwargs)


# --- who has not reported -----------------------------------------------------------------


class Missing(Page):
    """Organizations in scope that lack a commitment or either of the two 述职 of a year."""

    template_name = "duties/missing.html"
    tab = "missing"
    allowed = staticmethod(permissions.can_see_missing)
    export = False
    headers = ["所属区域", "党组织", "组织编码", "书记", "缺少"]

    def rows(self):
        self.year = chosen_year(self.request, timezone.localdate().year - 1)
        region = chosen_region(self.request)
        return selectors.missing(user=self.request.user, year=self.year, region=region)

    def cells(self, org) -> list:
        return [
            org.region.name, org.name, org.code, org.secretary_name,
            "、".join(selectors.missing_labels(org)),
        ]  # fmt: skip

    def get(self, request, *args, **kwargs):
        if self.export:
            rows = (self.cells(o) for o in self.rows().iterator(chunk_size=500))
            title = f"{self.year}年度未承诺未述职名单"
            return xlsx_table_response(title, self.headers, rows, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        page = Paginator(self.rows(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            title="未述职名单",
            year=self.year,
            headers=self.headers,
            page=page,
            items=[self.cells(o) for o in page.object_list],
            query=query,
            regions=selectors.region_choices(self.request.user),
            due=selectors.report_due_date(self.year + 1),
            **kwargs,
        )


# --- member units -------------------------------------------------------------------------


class Units(Page):
    """The member units, their tasks of a year with each quarter's progress, the 晾晒会 and
    the year-end 述职."""

    template_name = "duties/units.html"
    tab = "units"
    allowed = staticmethod(permissions.can_read_units)

    def get_context_data(self, **kwargs):
        user = self.request.user
        year = chosen_year(self.request)
        task_rows = []
        for task in selectors.tasks(user=user, year=year):
            by_quarter = {row.quarter: row for row in task.progress.all()}
            task_rows.append((task, [by_quarter.get(q) for q in range(1, 5)]))
        return super().get_context_data(
            title="成员单位晾晒",
            year=year,
            units=selectors.units(user=user),
            tasks=task_rows,
            showcases=selectors.showcases(user=user).filter(year=year),
            reviews=selectors.reviews(user=user).filter(year=year),
            may_keep=permissions.can_keep_units(user),
            **kwargs,
        )


class ShowcaseDetail(Page):
    template_name = "duties/showcase.html"
    tab = "units"
    allowed = staticmethod(permissions.can_read_units)

    def get_context_data(self, **kwargs):
        showcase = get_scoped_or_404(
            Showcase.objects.select_related("region"), self.request.user, pk=self.kwargs["pk"]
        )
        return super().get_context_data(
            title=str(showcase),
            showcase=showcase,
            rows=showcase.rows.order_by("rank", "pk"),
            may_keep=permissions.can_keep_units(self.request.user),
            **kwargs,
        )


class UnitsForm(FormPage):
    tab = "units"
    allowed = staticmethod(permissions.can_keep_units)


class UnitEdit(UnitsForm):
    noun, title, done = "成员单位", "新增成员单位", "已保存成员单位"
    model, form_class = MemberUnit, forms.UnitForm

    def perform(self, d):
        return services.unit_save(actor=self.request.user, unit=self.instance, **d)


class TaskEdit(UnitsForm):
    noun, title, done = "任务", "新增成员单位任务", "已保存任务"
    model, form_class = UnitTask, forms.TaskForm

    def perform(self, d):
        return services.task_save(actor=self.request.user, task=self.instance, **d)


class ProgressCreate(UnitsForm):
    title, done = "报送季度进展", "已保存季度进展"
    form_class = forms.ProgressForm

    def prepare(self) -> None:
        RecordFormPage.prepare(self)
        self.instance = None
        self.task = get_scoped_or_404(
            UnitTask.objects.select_related("unit"), self.request.user, pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        holder = f"{self.task.unit.name}：{self.task.title}（{self.task.year}年）"
        return super().get_context_data(holder=holder, **kwargs)

    def perform(self, d):
        return services.progress_record(actor=self.request.user, task=self.task, **d)


class ShowcaseEdit(UnitsForm):
    noun, title, done = "晾晒会", "登记晾晒会", "已登记晾晒会，排名已固定"
    model, form_class = Showcase, forms.ShowcaseForm

    def perform(self, d):
        return services.showcase_save(actor=self.request.user, showcase=self.instance, **d)

    def success_url_for(self) -> str:
        return reverse("duties:showcase", args=[self.saved.pk])


class ReviewEdit(UnitsForm):
    noun, title, done = "年终述职", "登记成员单位年终述职", "已保存年终述职"
    model, form_class = UnitReview, forms.ReviewForm

    def perform(self, d):
        return services.review_save(actor=self.request.user, review=self.instance, **d)


# --- statistics ---------------------------------------------------------------------------


class Statistics(Page):
    template_name = "duties/statistics.html"
    tab = "statistics"
    export = False
    headers = ["镇街", *Grade.labels, "未评定", "述职合计", "承诺数", "已兑现（自查）", "兑现率"]

    def cells(self, t) -> list:
        return [
            t.region.name, *(t.grades[g] for g in Grade.values), t.ungraded, t.reports,
            t.commitments, t.kept, t.kept_share,
        ]  # fmt: skip

    def get(self, request, *args, **kwargs):
        self.year = chosen_year(request)
        self.figures = selectors.statistics(user=request.user, year=self.year)
        if self.export:
            rows = [self.cells(t) for t in self.figures]
            title = f"{self.year}年度双承诺双述职统计"
            return xlsx_table_response(title, self.headers, rows, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="双承诺双述职统计",
            year=self.year,
            headers=self.headers,
            rows=[self.cells(t) for t in self.figures],
            **kwargs,
        )
