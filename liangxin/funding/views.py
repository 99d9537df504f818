"""Pages of the funds (Chinese, scoped; the expense form fits a 390 px phone): rules and
their versions, budgets, generation with its preview, allocations with approve/pay and
expenses, enterprise funds with the 1% warning, dues refunds, the yearly summary and the
finance export (one workbook: ledger and summary, which balance)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.core.attachments import attachment_response
from liangxin.core.downloads import xlsx_written_response
from liangxin.core.forms import add_service_errors
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.core.views import ConfirmDeletePage, RecordFormPage, RegistryAccessMixin
from liangxin.funding import exports, forms, permissions, selectors, services
from liangxin.funding.models import (
    Allocation,
    AllocationEventKind,
    DuesRefund,
    EnterpriseFunding,
    Expense,
    ExpenseReceipt,
    FundingRule,
)
from liangxin.regions.pages import ScopedListPage, chosen_region, chosen_year

PAGE_SIZE = 25


class Tabs:
    TABS = [
        ("rules", "经费规则"),
        ("budgets", "经费预算"),
        ("allocations", "经费拨付"),
        ("enterprise-funds", "企业党建经费"),
        ("refunds", "党费拨返"),
        ("summary", "经费汇总"),
    ]
    tab = ""
    allowed = staticmethod(permissions.can_read)

    def prepare(self) -> None:
        if not self.allowed(self.request.user):
            raise PermissionDenied("您的角色不使用党建经费")

    def get_context_data(self, **kwargs):
        user = self.request.user
        shown = [t for t in self.TABS if t[0] == "allocations" or permissions.can_read(user)]
        return super().get_context_data(tabs=shown, tab=self.tab, **kwargs)


# --- lists ------------------------------------------------------------------------------


class ListPage(Tabs, ScopedListPage):
    namespace = "funding"
    template_name = "funding/list.html"
    year_filter = True

    @property
    def year_field(self) -> str:
        return "year" if self.year_filter else ""

    def may_create(self) -> bool:
        return permissions.can_manage(self.request.user)

    def region_choices(self):
        return selectors.region_choices(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(year_filter=self.year_filter, **kwargs)


def _yuan(value) -> str:
    return "" if value is None else f"{value:,.2f}"


class RuleList(ListPage):
    tab, title = "rules", "经费规则"
    headers = [
        "规则", "计发依据", "资金来源", "版本", "每年金额（元）", "拨返比例（%）", "条件",
        "生效日期", "失效日期", "依据出处",
    ]  # fmt: skip
    year_filter = False
    search_fields = ("rule__name",)

    def base_rows(self):
        from liangxin.funding.models import FundingRuleVersion

        return scoped(
            FundingRuleVersion.objects.select_related("rule"), self.request.user
        ).order_by("rule__code", "number")

    create_url_name, create_label = "funding:rule-create", "新增规则"

    def may_create(self):
        return permissions.can_edit_rules(self.request.user)

    def cells(self, v):
        conditions = "；".join(
            part
            for part in (
                f"组织类别 {v.org_kinds}" if v.org_kinds else "",
                f"阵地等级 {v.station_levels}" if v.station_levels else "",
                f"阵地类型 {v.venue_kinds}" if v.venue_kinds else "",
                f"{v.star_level} 星" if v.star_level else "",
                "年内新建党组织按月折算" if v.prorate_founding else "",
            )
            if part
        )
        return [
            v.rule.name, v.rule.get_basis_display(), v.rule.get_money_source_display(),
            f"第{v.number}版", _yuan(v.amount) or "未录入", v.share_percent or "", conditions,
            v.effective_from.isoformat(), v.effective_to.isoformat() if v.effective_to else "",
            v.rule.citation,
        ]  # fmt: skip

    def link(self, v):
        if permissions.can_edit_rules(self.request.user):
            return reverse("funding:version-create", args=[v.rule_id])
        return None


class BudgetList(ListPage):
    tab, title = "budgets", "经费预算"
    headers = [
        "年度",
        "区域",
        "资金来源",
        "预算金额（元）",
        "已拨金额（元）",
        "预算余额（元）",
        "说明",
    ]
    region_field = "region__path"
    create_url_name, create_label = "funding:budget-create", "设置预算"

    def base_rows(self):
        return selectors.budgets(user=self.request.user).order_by("-year", "region__path")

    def cells(self, b):
        return [
            b.year, b.region.name, b.get_money_source_display(), _yuan(b.amount),
            _yuan(b.allocated), _yuan(b.amount - b.allocated), b.note,
        ]  # fmt: skip


class AllocationList(ListPage):
    tab, title = "allocations", "经费拨付"
    headers = [
        "年度", "拨付对象", "所属区域", "经费规则", "资金来源", "拨付金额（元）", "已支出（元）",
        "余额（元）", "状态", "计算说明",
    ]  # fmt: skip
    region_field = "region__path"
    search_fields = ("organization__name", "station__name", "rule__name")
    create_url_name, create_label = "funding:generate", "按规则生成"
    allowed = staticmethod(permissions.can_read_allocations)

    def base_rows(self):
        rows = selectors.allocations(user=self.request.user)
        state = self.request.GET.get("state", "")
        return rows.filter(state=state) if state else rows

    def get_context_data(self, **kwargs):
        state = self.request.GET.get("state", "")
        bulk = None
        if permissions.can_manage(self.request.user) and state in ("draft", "approved"):
            kind = "approved" if state == "draft" else "paid"
            label = "全部审批" if state == "draft" else "全部登记拨付"
            query = self.request.GET.urlencode()
            bulk = (label, f"{reverse('funding:allocations-move-all', args=[kind])}?{query}")
        project = reverse("funding:project-create") if self.may_create() else ""
        return super().get_context_data(bulk=bulk, project_url=project, **kwargs)

    def cells(self, a):
        return [
            a.year, a.recipient_name, a.region.name, a.rule.name,
            a.rule.get_money_source_display(), _yuan(a.amount), _yuan(a.spent),
            _yuan(a.balance), a.get_state_display(), a.computation,
        ]  # fmt: skip

    def link(self, a):
        return reverse("funding:allocation", args=[a.pk])


class EnterpriseFundingList(ListPage):
    tab, title = "enterprise-funds", "企业党建工作经费"
    headers = [
        "年度",
        "企业",
        "所属区域",
        "职工工资薪金总额（元）",
        "党建工作经费（元）",
        "占比",
        "提示",
    ]
    region_field = "enterprise__region__path"
    search_fields = ("enterprise__name",)
    create_url_name, create_label = "funding:enterprise-fund-create", "登记企业经费"

    def base_rows(self):
        return scoped(
            EnterpriseFunding.objects.select_related("enterprise__region"), self.request.user
        )

    def cells(self, e):
        ratio = f"{e.party_funds * 100 / e.wage_bill:.2f}%" if e.wage_bill else ""
        return [
            e.year, e.enterprise.name, e.enterprise.region.name, _yuan(e.wage_bill),
            _yuan(e.party_funds), ratio, selectors.enterprise_share_warning(e),
        ]  # fmt: skip


class RefundList(ListPage):
    tab, title = "refunds", "党费拨返"
    headers = [
        "年度",
        "党组织",
        "所属区域",
        "收缴党费（元）",
        "拨返比例（%）",
        "拨返金额（元）",
        "状态",
    ]
    region_field = "organization__region__path"
    search_fields = ("organization__name",)
    create_url_name, create_label = "funding:refund-create", "核算党费拨返"

    def base_rows(self):
        return scoped(DuesRefund.objects.select_related("organization__region"), self.request.user)

    def cells(self, r):
        return [
            r.year, r.organization.name, r.organization.region.name, _yuan(r.dues_collected),
            r.share_percent, _yuan(r.refunded), r.get_state_display(),
        ]  # fmt: skip

    def link(self, r):
        if r.state == "draft" and permissions.can_manage(self.request.user):
            return reverse("funding:refund-approve", args=[r.pk])
        return None


# --- forms ------------------------------------------------------------------------------


class FormPage(Tabs, RecordFormPage):
    template_name = "funding/form.html"
    allowed = staticmethod(permissions.can_manage)

    def back_url(self) -> str:
        return reverse(f"funding:{self.tab}")


class VersionCreate(FormPage):
    tab, done = "rules", "已新增规则版本"
    form_class = forms.VersionForm
    allowed = staticmethod(permissions.can_edit_rules)

    def prepare(self):
        super().prepare()
        self.rule = get_scoped_or_404(
            FundingRule.objects.all(), self.request.user, pk=self.kwargs["pk"]
        )
        self.title = f"新增规则版本：{self.rule.name}"

    def get_initial(self):
        latest = self.rule.versions.order_by("-number").first()
        if latest is None:
            return {}
        return {
            "amount": latest.amount,
            "share_percent": latest.share_percent,
            "org_kinds": latest.org_kinds,
            "station_levels": latest.station_levels,
            "venue_kinds": latest.venue_kinds,
            "star_level": latest.star_level,
            "prorate_founding": latest.prorate_founding,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            versions=self.rule.versions.order_by("number"), rule=self.rule, **kwargs
        )

    def perform(self, d):
        services.rule_version_add(actor=self.request.user, rule=self.rule, **d)


class RuleCreate(FormPage):
    tab, title, done = "rules", "新增经费规则", "已新增经费规则"
    form_class = forms.RuleForm
    allowed = staticmethod(permissions.can_edit_rules)

    def get_initial(self):
        return {"effective_from": datetime.date(timezone.localdate().year, 1, 1)}

    def perform(self, d):
        services.rule_create(actor=self.request.user, **d)


class ProjectCreate(FormPage):
    tab, title, done = "allocations", "拨付项目经费", "已生成项目经费拨付（草稿），待审批"
    form_class = forms.ProjectForm

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def perform(self, d):
        services.project_allocate(actor=self.request.user, **d)


class BudgetCreate(FormPage):
    tab, title, done = "budgets", "设置经费预算", "已保存预算"
    form_class = forms.BudgetForm

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def perform(self, d):
        services.budget_save(actor=self.request.user, **d)


class ExpenseCreate(FormPage):
    tab, done = "allocations", "已登记支出"
    title = "登记经费支出"
    form_class = forms.ExpenseForm
    allowed = staticmethod(permissions.can_spend)

    def prepare(self):
        super().prepare()
        self.allocation = get_scoped_or_404(
            selectors.allocations(user=self.request.user), self.request.user, pk=self.kwargs["pk"]
        )

    def get_initial(self):
        return {"spent_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(allocation=self.allocation, **kwargs)

    def perform(self, d):
        services.expense_record(actor=self.request.user, allocation=self.allocation, **d)

    def back_url(self):
        return reverse("funding:allocation", args=[self.allocation.pk])

    def form_invalid(self, form):
        # A browser cannot be given files back: say so, the typed fields stay.
        response = super().form_invalid(form)
        response.context_data["files_lost"] = bool(self.request.FILES)
        return response


def _expense_in_scope(request, pk: int, expense_pk: int) -> Expense:
    return get_scoped_or_404(
        Expense.objects.select_related("allocation", "category"),
        request.user,
        pk=expense_pk,
        allocation_id=pk,
    )


class ExpenseUpdate(ExpenseCreate):
    """Correcting an expense entered by mistake (amount, date, category, receipts …)."""

    done, title = "已更正支出", "更正经费支出"
    form_class = forms.ExpenseEditForm

    def prepare(self):
        super().prepare()
        self.expense = _expense_in_scope(self.request, self.kwargs["pk"], self.kwargs["expense_pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "expense": self.expense}

    def get_initial(self):
        e = self.expense
        return {
            "spent_on": e.spent_on,
            "category": e.category,
            "amount": e.amount,
            "payee": e.payee,
            "receipt_number": e.receipt_number,
            "description": e.description,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(expense=self.expense, **kwargs)

    def perform(self, d):
        services.expense_update(actor=self.request.user, expense=self.expense, **d)


class ExpenseDelete(Tabs, ConfirmDeletePage):
    """The delete question of an expense entered by mistake (its receipts go with it)."""

    tab, noun = "allocations", "经费支出"
    tabs_template = "funding/_tabs.html"
    allowed = staticmethod(permissions.can_spend)

    def prepare(self):
        ConfirmDeletePage.prepare(self)  # Tabs' own check stops there

    def find(self):
        return _expense_in_scope(self.request, self.kwargs["pk"], self.kwargs["expense_pk"])

    def going_too(self):
        return [f"票据附件：{r.file_name}" for r in self.object.receipts.all()]

    def cancel_url(self):
        return reverse("funding:allocation", args=[self.kwargs["pk"]])

    def back_url(self):
        return self.cancel_url()

    def perform(self, *, actor, record):
        services.expense_delete(actor=actor, expense=record)


class ReceiptFile(RegistryAccessMixin, View):
    """A receipt's scan, decrypted, never cached; out of scope 404."""

    def prepare(self):
        if not permissions.can_read_allocations(self.request.user):
            raise PermissionDenied("您的角色不使用党建经费")

    def get(self, request, pk, receipt_pk):
        found = get_scoped_or_404(
            ExpenseReceipt.objects.all(), request.user, pk=receipt_pk, expense__allocation_id=pk
        )
        return attachment_response(found)


class EnterpriseFundingCreate(FormPage):
    tab, title, done = "enterprise-funds", "登记企业党建工作经费", "已登记企业党建工作经费"
    form_class = forms.EnterpriseFundingForm
    allowed = staticmethod(permissions.can_spend)

    def get_initial(self):
        return {"year": timezone.localdate().year - 1}

    def perform(self, d):
        _, warning = services.enterprise_funding_save(actor=self.request.user, **d)
        if warning:
            messages.warning(self.request, warning)


class RefundCreate(FormPage):
    tab, title, done = "refunds", "核算党费拨返", "已按党费台账核算拨返金额，待审批"
    form_class = forms.RefundForm

    def get_initial(self):
        return {"year": timezone.localdate().year - 1}

    def perform(self, d):
        services.dues_refund_compute(actor=self.request.user, **d)


class RefundApprove(FormPage):
    tab, title, done = "refunds", "审批党费拨返", "已审批党费拨返"
    form_class = forms.MoveForm
    template_name = "funding/refund.html"

    def prepare(self):
        super().prepare()
        self.refund = get_scoped_or_404(
            DuesRefund.objects.select_related("organization"),
            self.request.user,
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(refund=self.refund, **kwargs)

    def perform(self, d):
        services.dues_refund_approve(actor=self.request.user, refund=self.refund)


# --- generation -------------------------------------------------------------------------


class Generate(FormPage):
    """Pick region, year and rule: the preview (recipients, total, budget left) shows
    under the form; 确认生成 creates them all or none."""

    tab, title = "allocations", "按规则生成经费拨付"
    template_name = "funding/generate.html"
    form_class = forms.GenerateForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET" and "rule" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_bound and form.is_valid():
            d = form.cleaned_data
            try:
                context["plan"] = services.plan(d["region"], d["year"], d["rule"])
            except ValidationError as exc:
                add_service_errors(form, exc)
        return context

    def form_valid(self, form):
        if self.request.method == "GET":
            return self.render_to_response(self.get_context_data(form=form))
        d = form.cleaned_data
        try:
            created = services.allocations_generate(actor=self.request.user, **d)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已生成 {len(created)} 笔经费拨付（草稿），待审批")
        return redirect(
            f"{reverse('funding:allocations')}?year={d['year']}&region={d['region'].code}"
        )

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_bound:
            return self.form_valid(form) if form.is_valid() else self.form_invalid(form)
        return super().get(request, *args, **kwargs)


# --- one allocation ---------------------------------------------------------------------


class AllocationDetail(Tabs, RegistryAccessMixin, TemplateView):
    tab = "allocations"
    template_name = "funding/allocation.html"
    allowed = staticmethod(permissions.can_read_allocations)

    def prepare(self):
        super().prepare()
        self.allocation = get_scoped_or_404(
            selectors.allocations(user=self.request.user), self.request.user, pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        a = self.allocation
        user = self.request.user
        return super().get_context_data(
            title=f"经费拨付：{a.recipient_name}",
            allocation=a,
            versions=a.versions.order_by("number"),
            events=a.events.select_related("actor"),
            expenses=a.expenses.select_related("category", "recorded_by").prefetch_related(
                "receipts"
            ),
            may_manage=permissions.can_manage(user),
            may_spend=permissions.can_spend(user) and a.state == "paid",
            may_correct=permissions.can_spend(user),
            **kwargs,
        )


class AllocationsMoveAll(RegistryAccessMixin, TemplateView):
    """POST: approve (or pay) every allocation the list's filters show, in scope."""

    http_method_names = ["post"]

    def post(self, request, kind):
        if kind not in (AllocationEventKind.APPROVED, AllocationEventKind.PAID):
            raise Http404("未找到该操作")
        if not permissions.can_manage(request.user):
            raise PermissionDenied("您的角色不能审批或拨付经费")
        listing = AllocationList(request=request, kwargs={})
        listing.request = request
        verb = "审批" if kind == AllocationEventKind.APPROVED else "登记拨付"
        try:
            moved = services.allocations_move_all(
                actor=request.user, allocations=listing.rows(), kind=kind
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已{verb} {moved} 笔")
        return redirect(f"{reverse('funding:allocations')}?{request.GET.urlencode()}")


class AllocationMove(RegistryAccessMixin, TemplateView):
    """POST: approve (审批) or pay (拨付) one allocation."""

    http_method_names = ["post"]

    def post(self, request, pk, kind):
        if kind not in (AllocationEventKind.APPROVED, AllocationEventKind.PAID):
            raise Http404("未找到该操作")
        allocation = get_scoped_or_404(Allocation.objects.all(), request.user, pk=pk)
        if not permissions.can_manage(request.user):
            raise PermissionDenied("您的角色不能审批或拨付经费")
        try:
            services.allocation_move(
                actor=request.user,
                allocation=allocation,
                kind=kind,
                comment=request.POST.get("comment", "")[:500],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已审批" if kind == "approved" else "已登记拨付")
        return redirect("funding:allocation", pk=allocation.pk)


# --- summary and the finance export -----------------------------------------------------


class SummaryPage(Tabs, RegistryAccessMixin, TemplateView):
    tab, title = "summary", "经费汇总"
    template_name = "funding/summary.html"
    export = False

    def get(self, request, *args, **kwargs):
        if not self.export:
            return super().get(request, *args, **kwargs)
        year, region = chosen_year(request), chosen_region(request)
        title = f"{year}年党建经费台账"
        return xlsx_written_response(
            lambda stream: exports.write_finance(
                stream, user=request.user, year=year, region=region, title=title
            ),
            title,
        )

    def get_context_data(self, **kwargs):
        year, region = chosen_year(self.request), chosen_region(self.request)
        by = self.request.GET.get("by", "region")
        found = selectors.summary(user=self.request.user, year=year, region=region, by=by)
        return super().get_context_data(
            title=self.title,
            summary=found,
            year=year,
            dimensions=selectors.DIMENSIONS,
            regions=selectors.region_choices(self.request.user),
            query=self.request.GET,
            export_url=reverse("funding:summary-export"),
            **kwargs,
        )
