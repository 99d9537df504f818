"""Pages of the liaisons (Chinese, scoped; the record forms fit a 390 px phone): each list
with its region filter, pagination and xlsx export (the same view with ``export=True``),
the record forms, the pairing's problems and the three figure tables."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from liangxin.core.downloads import xlsx_table_response
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.core.views import ConfirmDeletePage, RecordFormPage, RegistryAccessMixin
from liangxin.liaisons import forms, permissions, selectors, services
from liangxin.liaisons.models import (
    LiaisonLink,
    LiaisonMeeting,
    NoticeReceipt,
    PolicyLiaison,
    StaffProblem,
)
from liangxin.regions.pages import ScopedListPage, chosen_region

PAGE_SIZE = 25


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _blank(value):
    return "" if value is None else value


class Tabs:
    """The app's pages as tabs (liaisons/_tabs.html)."""

    TABS = [
        ("notices", "政策推送"),
        ("receipts", "送达回执"),
        ("liaisons", "政策联络员"),
        ("figures", "直达统计"),
        ("links", "三联对象"),
        ("meetings", "三会记录"),
        ("sanlian", "三联三会统计"),
        ("pairings", "党员联系职工"),
        ("pairing-figures", "结对统计"),
    ]
    tab = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(tabs=self.TABS, tab=self.tab, **kwargs)


# --- lists ------------------------------------------------------------------------------


class ListPage(Tabs, ScopedListPage):
    """A scoped list, filtered by region and text, 25 a page; ``export=True``: the xlsx."""

    namespace = "liaisons"
    template_name = "liaisons/list.html"

    def action(self, row) -> tuple[str, str] | None:
        return None

    def item(self, row) -> tuple:
        return self.link(row), self.cells(row), self.action(row)

    def may_create(self) -> bool:
        return permissions.can_record(self.request.user)

    def region_choices(self):
        return selectors.region_choices(self.request.user)


class NoticeList(ListPage):
    tab, title = "notices", "政策推送"
    headers = [
        "政策名称",
        "发文单位及文号",
        "政策联络员",
        "所属区域",
        "发布时间",
        "送达企业",
        "已确认",
    ]
    region_field = "liaison__region__path"
    search_fields = ("title", "liaison__name")
    create_url_name, create_label = "liaisons:notice-create", "推送政策"

    def base_rows(self):
        return selectors.notices(user=self.request.user)

    def may_create(self):
        return permissions.can_push(self.request.user)

    def cells(self, n):
        return [
            n.title, n.source, n.liaison.name, n.liaison.region.name, _local(n.published_at),
            n.receipt_count, n.confirmed_count,
        ]  # fmt: skip

    def link(self, n):
        return f"{reverse('liaisons:receipts')}?notice={n.pk}"


class ReceiptList(ListPage):
    tab, title = "receipts", "政策送达回执"
    headers = [
        "政策名称", "企业", "所属区域", "政策联络员", "送达时间", "应确认时间", "确认时间",
        "确认人", "职务", "用时（工作小时）", "半日直达",
    ]  # fmt: skip
    region_field = "enterprise__region__path"
    search_fields = ("notice__title", "enterprise__name")

    def base_rows(self):
        rows = selectors.receipts(user=self.request.user)
        get = self.request.GET
        if get.get("notice", "").isdigit():
            rows = rows.filter(notice_id=int(get["notice"]))
        if get.get("overdue") == "1":
            rows = rows.filter(selectors.overdue_q())
        elif get.get("pending") == "1":
            rows = rows.filter(confirmed_at__isnull=True)
        return rows

    def may_create(self):
        return False

    def cells(self, r):
        if r.confirmed_at:
            on_time = "是" if r.confirmed_at <= r.due_at else "否"
        else:
            on_time = "否（超时未确认）" if r.due_at < timezone.now() else "待确认"
        return [
            r.notice.title, r.enterprise.name, r.enterprise.region.name, r.notice.liaison.name,
            _local(r.sent_at), _local(r.due_at), _local(r.confirmed_at), r.head_name,
            r.head_post, _blank(r.working_hours), on_time,
        ]  # fmt: skip

    def action(self, r):
        if r.confirmed_at is None and permissions.can_confirm(self.request.user):
            return ("确认收到", reverse("liaisons:confirm", args=[r.pk]))
        return None


class LiaisonList(ListPage):
    tab, title = "liaisons", "政策联络员"
    headers = ["姓名", "单位及职务", "所属区域", "联系企业数", "在岗"]
    region_field = "region__path"
    search_fields = ("name", "unit")
    create_url_name, create_label = "liaisons:liaison-create", "新增联络员"

    def base_rows(self):
        return selectors.liaisons(user=self.request.user)

    def may_create(self):
        return permissions.can_push(self.request.user)

    def cells(self, x):
        return [x.name, x.unit, x.region.name, x.enterprise_count, "是" if x.active else "否"]

    def link(self, x):
        if permissions.can_push(self.request.user) and selectors.owns(self.request.user, x):
            return reverse("liaisons:liaison-edit", args=[x.pk])
        return None


class LinkList(ListPage):
    tab, title = "links", "三联对象"
    headers = ["党组织", "所属区域", "联系类型", "党员", "联系对象", "职务或班组", "建立日期"]
    region_field = "organization__region__path"
    search_fields = ("organization__name", "member__name", "counterpart_name")
    create_url_name, create_label = "liaisons:link-create", "登记三联对象"

    def link(self, row) -> str | None:
        return reverse("liaisons:link-edit", args=[row.pk]) if self.may_create() else None

    def base_rows(self):
        return selectors.links(user=self.request.user)

    def cells(self, x):
        return [
            x.organization.name, x.organization.region.name, x.get_kind_display(), x.member.name,
            x.counterpart_name, x.counterpart_post, x.started_on.isoformat(),
        ]  # fmt: skip


class MeetingList(ListPage):
    tab, title = "meetings", "三会记录"
    headers = [
        "党组织", "所属区域", "会议类型", "召开日期", "参加人数", "议题", "提出问题数",
        "采纳建议数", "结果与落实",
    ]  # fmt: skip
    region_field = "organization__region__path"
    search_fields = ("organization__name", "topics")
    create_url_name, create_label = "liaisons:meeting-create", "登记会议"

    def link(self, row) -> str | None:
        return reverse("liaisons:meeting-edit", args=[row.pk]) if self.may_create() else None

    def base_rows(self):
        return selectors.meetings(user=self.request.user)

    def cells(self, m):
        return [
            m.organization.name, m.organization.region.name, m.get_kind_display(),
            m.held_on.isoformat(), m.participants, m.topics, m.issues_raised,
            m.suggestions_adopted, m.outcome,
        ]  # fmt: skip


class PairingList(ListPage):
    tab, title = "pairings", "党员联系职工"
    headers = [
        "党员",
        "党组织",
        "所属区域",
        "职工",
        "类别",
        "班组或部门",
        "结对日期",
        "问题",
        "已解决",
    ]
    region_field = "member__organization__region__path"
    search_fields = ("member__name", "staff_name", "team")
    create_url_name, create_label = "liaisons:pairing-create", "登记结对"

    def base_rows(self):
        return selectors.pairings(user=self.request.user)

    def cells(self, x):
        org = x.member.organization
        return [
            x.member.name, org.name, org.region.name, x.staff_name, x.get_staff_kind_display(),
            x.team, x.started_on.isoformat(), x.problem_count, x.solved_count,
        ]  # fmt: skip

    def link(self, x):
        return reverse("liaisons:pairing", args=[x.pk])


# --- forms ------------------------------------------------------------------------------


class FormPage(Tabs, RecordFormPage):
    template_name = "liaisons/form.html"
    allowed = staticmethod(permissions.can_record)

    def back_url(self) -> str:
        return reverse(f"liaisons:{self.tab}")


class LiaisonCreate(FormPage):
    tab, title, done = "liaisons", "新增政策联络员", "已新增政策联络员"
    form_class = forms.LiaisonForm
    allowed = staticmethod(permissions.can_push)

    def perform(self, d):
        services.liaison_create(actor=self.request.user, **d)


class LiaisonEdit(FormPage):
    tab, title, done = "liaisons", "修改政策联络员", "已修改政策联络员"
    form_class = forms.LiaisonEditForm
    allowed = staticmethod(permissions.can_push)

    def prepare(self) -> None:
        super().prepare()
        self.liaison = get_scoped_or_404(
            PolicyLiaison.objects.select_related("region"), self.request.user, pk=self.kwargs["pk"]
        )
        if not selectors.owns(self.request.user, self.liaison):
            raise Http404("未找到该记录")

    def get_initial(self):
        x = self.liaison
        visible = scoped(x.enterprises.all(), self.request.user)
        return {
            "name": x.name,
            "unit": x.unit,
            "region": x.region.code,
            "enterprises": list(visible.values_list("uscc", flat=True)),
            "active": x.active,
        }

    def perform(self, d):
        services.liaison_update(actor=self.request.user, liaison=self.liaison, **d)


class NoticeCreate(FormPage):
    tab, title, done = "notices", "推送政策", "已推送政策，等待企业负责人确认"
    form_class = forms.NoticeForm
    allowed = staticmethod(permissions.can_push)

    def get_initial(self):
        return {"published_at": forms.now_local()}

    def perform(self, d):
        services.notice_publish(actor=self.request.user, **d)


class ReceiptConfirm(FormPage):
    tab, title, done = "receipts", "确认收到政策", "已登记企业负责人确认"
    form_class = forms.ConfirmForm
    allowed = staticmethod(permissions.can_confirm)

    def prepare(self) -> None:
        super().prepare()
        self.receipt = get_scoped_or_404(
            NoticeReceipt.objects.select_related("notice", "enterprise"),
            self.request.user,
            pk=self.kwargs["pk"],
        )

    def get_initial(self):
        return {"confirmed_at": forms.now_local()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(receipt=self.receipt, **kwargs)

    def perform(self, d):
        services.receipt_confirm(actor=self.request.user, receipt=self.receipt, **d)

    def success_url_for(self):
        return f"{reverse('liaisons:receipts')}?notice={self.receipt.notice_id}"


class LinkCreate(FormPage):
    tab, title, done = "links", "登记三联对象", "已登记三联对象"
    form_class = forms.LinkForm

    def perform(self, d):
        services.link_create(actor=self.request.user, **d)


class MeetingCreate(FormPage):
    tab, title, done = "meetings", "登记三会记录", "已登记会议"
    form_class = forms.MeetingForm

    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def perform(self, d):
        services.meeting_record(actor=self.request.user, **d)


class LinkEdit(FormPage):
    tab, title, done = "links", "修改三联对象", "已修改三联对象"
    form_class = forms.LinkForm

    def prepare(self) -> None:
        super().prepare()
        self.link = get_scoped_or_404(
            LiaisonLink.objects.select_related("organization", "member"),
            self.request.user,
            pk=self.kwargs["pk"],
        )

    def get_initial(self):
        x = self.link
        return {
            "organization": x.organization.code,
            "kind": x.kind,
            "member": x.member.public_id,
            "counterpart_name": x.counterpart_name,
            "counterpart_post": x.counterpart_post,
            "started_on": x.started_on,
        }

    def get_context_data(self, **kwargs):
        url = reverse("liaisons:link-delete", args=[self.link.pk])
        return super().get_context_data(delete_url=url, **kwargs)

    def perform(self, d):
        services.link_update(actor=self.request.user, link=self.link, **d)


class MeetingEdit(FormPage):
    tab, title, done = "meetings", "修改三会记录", "已修改会议"
    form_class = forms.MeetingForm

    def prepare(self) -> None:
        super().prepare()
        self.meeting = get_scoped_or_404(
            LiaisonMeeting.objects.select_related("organization"),
            self.request.user,
            pk=self.kwargs["pk"],
        )

    def get_initial(self):
        x = self.meeting
        names = ("kind", "held_on", "participants", "topics", "issues_raised")
        return {
            "organization": x.organization.code,
            **{name: getattr(x, name) for name in names},
            "suggestions_adopted": x.suggestions_adopted,
            "outcome": x.outcome,
        }

    def get_context_data(self, **kwargs):
        url = reverse("liaisons:meeting-delete", args=[self.meeting.pk])
        return super().get_context_data(delete_url=url, **kwargs)

    def perform(self, d):
        services.meeting_update(actor=self.request.user, meeting=self.meeting, **d)


class RecordDelete(ConfirmDeletePage):
    tab = ""
    model = LiaisonLink
    tabs_template = "liaisons/_tabs.html"
    allowed = staticmethod(permissions.can_record)

    def find(self):
        return get_scoped_or_404(self.model.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def cancel_url(self) -> str:
        return reverse(f"liaisons:{self.tab.rstrip('s')}-edit", args=[self.object.pk])

    def back_url(self) -> str:
        return reverse(f"liaisons:{self.tab}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(tabs=Tabs.TABS, tab=self.tab, **kwargs)


class LinkDelete(RecordDelete):
    tab, model, noun = "links", LiaisonLink, "三联对象"

    def perform(self, *, actor, record):
        services.link_delete(actor=actor, link=record)


class MeetingDelete(RecordDelete):
    tab, model, noun = "meetings", LiaisonMeeting, "三会记录"

    def perform(self, *, actor, record):
        services.meeting_delete(actor=actor, meeting=record)


class PairingCreate(FormPage):
    tab, title, done = "pairings", "登记党员联系职工", "已登记结对"
    form_class = forms.PairingForm

    def get_initial(self):
        return {"started_on": timezone.localdate()}

    def perform(self, d):
        self.created = services.pairing_create(actor=self.request.user, **d)

    def success_url_for(self):
        return reverse("liaisons:pairing", args=[self.created.pk])


class PairingDetail(FormPage):
    """The pairing with its problems; the form adds a problem."""

    template_name = "liaisons/pairing.html"
    tab, title, done = "pairings", "党员联系职工", "已登记问题"
    form_class = forms.ProblemForm

    def prepare(self) -> None:
        self.link = selectors.pairing_detail(user=self.request.user, pk=self.kwargs["pk"])
        if self.request.method == "POST":
            super().prepare()

    def get_initial(self):
        return {"raised_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pairing=self.link,
            problems=self.link.problems.all(),
            may_record=permissions.can_record(self.request.user),
            **kwargs,
        )

    def perform(self, d):
        services.problem_record(actor=self.request.user, link=self.link, **d)

    def success_url_for(self):
        return reverse("liaisons:pairing", args=[self.link.pk])


class ProblemSolve(FormPage):
    tab, title, done = "pairings", "登记问题解决", "已登记解决"
    form_class = forms.SolveForm

    def prepare(self) -> None:
        super().prepare()
        self.problem = get_scoped_or_404(
            StaffProblem.objects.all(), self.request.user, pk=self.kwargs["pk"]
        )

    def perform(self, d):
        services.problem_solve(actor=self.request.user, problem=self.problem, **d)

    def back_url(self):
        return reverse("liaisons:pairing", args=[self.problem.link_id])


# --- figures ----------------------------------------------------------------------------


class FiguresPage(Tabs, RegistryAccessMixin, TemplateView):
    template_name = "liaisons/figures.html"
    export = False
    title = ""
    dimensions: dict[str, str] = {"region": "区域"}

    def compute(self, region, by):
        raise NotImplementedError

    def figures(self):
        by = self.request.GET.get("by")
        by = by if by in self.dimensions else "region"
        return by, self.compute(chosen_region(self.request), by)

    def get(self, request, *args, **kwargs):
        if not self.export:
            return super().get(request, *args, **kwargs)
        by, figures = self.figures()
        headers = [self.dimensions[by], *(name for _, name in figures.columns)]
        keys = [key for key, _ in figures.columns]
        rows = [[row["label"], *(_blank(row[k]) for k in keys)] for row in figures.rows]
        if figures.total:
            rows.append(["合计", *(_blank(figures.total[k]) for k in keys)])
        title = f"{self.title}（按{self.dimensions[by]}）"
        return xlsx_table_response(title, headers, rows, user=request.user)

    def get_context_data(self, **kwargs):
        by, figures = self.figures()
        return super().get_context_data(
            title=self.title,
            figures=figures,
            by=by,
            dimensions=self.dimensions,
            regions=selectors.region_choices(self.request.user),
            query=self.request.GET,
            export_url=reverse(f"liaisons:{self.tab}-export"),
            **kwargs,
        )


class NoticeFigures(FiguresPage):
    tab, title = "figures", "政策半日直达统计"
    dimensions = {"region": "区域", "liaison": "政策联络员"}

    def compute(self, region, by):
        return selectors.notice_figures(user=self.request.user, region=region, by=by)


class SanlianFigures(FiguresPage):
    tab, title = "sanlian", "三联三会统计"

    def compute(self, region, by):
        return selectors.sanlian_figures(user=self.request.user, region=region)


class PairingFigures(FiguresPage):
    tab, title = "pairing-figures", "党员联系职工统计"

    def compute(self, region, by):
        return selectors.pairing_figures(user=self.request.user, region=region)
