"""党费 pages: the monthly collection ledger, bases, the unpaid alert, totals, and exports.

Viewing follows the registry pages (business roles, scoped, 404 outside the
scope); every action needs roles.can_edit(user, "members") — dues are part of
the member's record.
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView, TemplateView, View

from liangxin.core import private_search, roles
from liangxin.core.downloads import xlsx_table_response as xlsx_response
from liangxin.core.forms import add_service_errors, label_empty_choices, mark_invalid
from liangxin.core.private_search import PrivateSearchMixin
from liangxin.core.scoping import get_scoped_or_404
from liangxin.core.services import OutOfScope
from liangxin.core.views import (
    PAGE_SIZE,
    RegistryAccessMixin,
    RegistryListView,
    ServiceFormView,
)
from liangxin.dues import exports, selectors, services
from liangxin.dues.filters import DuesBaseFilter, DuesMonthFilter
from liangxin.dues.forms import ApprovalForm, DuesBaseForm, OpenMonthForm, PayForm, ReduceForm
from liangxin.dues.models import DuesStatus
from liangxin.dues.periods import PeriodForm, previous_month
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.selectors import region_suggestions
from liangxin.rules.values import rule_value

EDIT_KIND = services.EDIT_KIND


def can_handle_dues(user) -> bool:
    return roles.can_edit(user, EDIT_KIND)


def safe_next(request, fallback: str) -> str:
    """Back to the list the user came from, never to another site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# --- the monthly collection ledger ----------------------------------------------------------


def with_current_period(data: QueryDict | None) -> QueryDict:
    """The ledger opens on this month; an explicit empty 月份 shows the whole year."""
    data = (data or QueryDict()).copy()
    today = timezone.localdate()
    data.setdefault("year", str(today.year))
    data.setdefault("month", str(today.month))
    return data


class MonthListView(PrivateSearchMixin, RegistryListView):
    region_suggestions = staticmethod(region_suggestions)
    kind = EDIT_KIND
    selector = selectors.dues_month_list
    filterset_class = DuesMonthFilter
    template_name = "dues/month_list.html"

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = with_current_period(kwargs.get("data"))
        return kwargs

    def get_queryset(self):
        return super().get_queryset().order_by("member__organization__path", "member__name", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = selectors.collection_summary(self.object_list)
        context["statuses"] = DuesStatus
        if context["can_create"]:
            context["open_form"] = OpenMonthForm(user=self.request.user)
        return context


class MonthExportView(RegistryAccessMixin, View):
    def get(self, request):
        queryset = selectors.dues_month_list(user=request.user)
        data = with_current_period(private_search.resolve(request.GET, request.session))
        filterset = DuesMonthFilter(data, queryset=queryset)
        rows = exports.month_rows(filterset.qs.order_by("member__organization__path", "id"))
        return xlsx_response("党费收缴台账", exports.MONTH_HEADERS, rows, user=self.request.user)


class MonthOpenView(RegistryAccessMixin, FormView):
    form_class = OpenMonthForm
    template_name = "registry/form.html"

    def prepare(self) -> None:
        if not can_handle_dues(self.request.user):
            raise PermissionDenied("您的角色无权处理党费")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            result = services.dues_month_open(
                actor=self.request.user,
                organization=data["organization"],
                year=data["year"],
                month=data["month"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, opened_message(result))
        query = (
            f"?organization={data['organization'].code}&year={data['year']}&month={data['month']}"
        )
        return redirect(reverse("dues:months") + query)

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="生成月度党费台账", cancel_url=reverse("dues:months"), **kwargs
        )


def opened_message(result: services.OpenResult) -> str:
    text = f"已生成 {result.created} 条，已存在 {result.already_open} 条"
    if result.without_base:
        text += f"；{result.without_base} 名党员尚未核定该年度党费基数，未生成"
    return text


class MonthActionMixin(RegistryAccessMixin):
    """One month row: scoped first (404), then the role (403)."""

    def prepare(self) -> None:
        self.object = selectors.dues_month_detail(user=self.request.user, pk=self.kwargs["pk"])
        if not can_handle_dues(self.request.user):
            raise PermissionDenied("您的角色无权处理党费")

    def list_url(self) -> str:
        month = self.object
        return reverse("dues:months") + f"?year={month.year}&month={month.month}"


class MonthPayView(MonthActionMixin, View):
    """交纳 in two steps: the form (amount, day, method), then a confirmation that shows
    what will be recorded; only the confirmed post writes. From HTMX each step is the
    panel in the page's dialog, and the saved payment also swaps the row and the summary
    cards out of band, so the page needs no reload."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        return self.panel(self.form(initial=self.initial()))

    def post(self, request, *args, **kwargs):
        if "edit" in request.POST:  # back from the confirmation, the values kept
            return self.panel(self.form(initial=request.POST.dict()))
        form = self.form(data=request.POST)
        if not form.is_valid():
            mark_invalid(form)
            return self.panel(form)
        try:
            if "confirmed" not in request.POST:
                return self.panel(form, payment=self.check(form.cleaned_data))
            self.pay(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            mark_invalid(form)
            return self.panel(form)
        return self.paid()

    def form(self, **kwargs) -> PayForm:
        return PayForm(user=self.request.user, instance=self.object, **kwargs)

    def initial(self) -> dict:
        return {"amount": self.object.payable_amount, "paid_on": timezone.localdate()}

    def check(self, data) -> services.Payment:
        try:
            return services.payment_checked(actor=self.request.user, dues_month=self.object, **data)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc

    def pay(self, data) -> None:
        try:
            services.dues_pay(actor=self.request.user, dues_month=self.object, **data)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc

    def next_url(self) -> str:
        return safe_next(self.request, self.list_url())

    def panel(self, form, payment=None):
        context = {"month": self.object, "form": form, "payment": payment, "next": self.next_url()}
        htmx = bool(self.request.headers.get("HX-Request"))
        template = "dues/_pay_panel.html" if htmx else "dues/pay.html"
        return render(self.request, template, context)

    def paid(self):
        month = selectors.dues_month_detail(user=self.request.user, pk=self.object.pk)
        text = (
            f"已登记交纳：{month.member.name} {month}，{month.amount_paid} 元，"
            f"{month.paid_on:%Y-%m-%d}，{month.get_method_display()}"
        )
        if not self.request.headers.get("HX-Request"):
            messages.success(self.request, text)
            return redirect(self.next_url())
        context = {
            "object": month,
            "done": text,
            "can_create": True,
            "list_path": self.next_url(),
            "summary": self.summary(self.next_url()),
        }
        return render(self.request, "dues/_pay_done.html", context)

    def summary(self, list_url: str) -> dict:
        """The cards of the list the user paid from, over the same filters."""
        query = QueryDict(urlsplit(list_url).query)
        data = with_current_period(private_search.resolve(query, self.request.session))
        months = selectors.dues_month_list(user=self.request.user)
        return selectors.collection_summary(DuesMonthFilter(data, queryset=months).qs)


class ReliefView(MonthActionMixin, FormView):
    """Reduction or waiver: a form for the approval, then the service."""

    template_name = "registry/form.html"
    title = ""

    def form_valid(self, form):
        try:
            self.apply(form)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, f"{self.title}已登记：{self.object.member.name} {self.object}"
        )
        return redirect(safe_next(self.request, self.list_url()))

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        month = self.object
        title = f"{self.title}：{month.member.name} {month}（应交 {month.amount_due} 元）"
        return super().get_context_data(title=title, cancel_url=self.list_url(), **kwargs)


class MonthReduceView(ReliefView):
    form_class = ReduceForm
    title = "减交党费"

    def apply(self, form):
        services.dues_reduce(
            actor=self.request.user,
            dues_month=self.object,
            amount=form.cleaned_data["amount"],
            approval=form.approval(),
        )


class MonthWaiveView(ReliefView):
    form_class = ApprovalForm
    title = "免交党费"

    def apply(self, form):
        services.dues_waive(
            actor=self.request.user, dues_month=self.object, approval=form.approval()
        )


# --- bases ----------------------------------------------------------------------------------


class BaseListView(PrivateSearchMixin, RegistryListView):
    region_suggestions = staticmethod(region_suggestions)
    kind = EDIT_KIND
    selector = selectors.dues_base_list
    filterset_class = DuesBaseFilter
    template_name = "dues/base_list.html"


def bases_url(year) -> str:
    return reverse("dues:bases") + f"?year={year}"


class BaseCreateView(ServiceFormView):
    kind = EDIT_KIND
    form_class = DuesBaseForm
    title = "核定党费基数"

    def save(self, form):
        return services.dues_base_set(actor=self.request.user, **form.service_data())

    def success_message(self, saved) -> str:
        return f"已核定：{saved.member.name} {saved}，月应交 {saved.monthly_amount} 元"

    def success_url_for(self, saved) -> str:
        return bases_url(saved.year)

    def cancel_url(self) -> str:
        return reverse("dues:bases")


class BaseUpdateView(BaseCreateView):
    title = "修改党费基数"

    def get_object(self):
        return selectors.dues_base_detail(user=self.request.user, pk=self.kwargs["pk"])

    def save(self, form):
        base = self.object
        return services.dues_base_set(
            actor=self.request.user,
            dues_base=base,
            member=base.member,
            year=base.year,
            **form.service_data(),
        )

    def cancel_url(self) -> str:
        return bases_url(self.object.year)


# --- the six-months-unpaid alert --------------------------------------------------------------


class AlertMixin(RegistryAccessMixin):
    def prepare(self) -> None:
        self.period = PeriodForm(self.request.GET or None, user=self.request.user)
        year, month = previous_month()
        self.year, self.month, self.organization = year, month, None
        if self.period.is_bound and self.period.is_valid():
            data = self.period.cleaned_data
            self.year, self.month = data["year"] or year, data["month"] or month
            self.organization = data["organization"]

    def members(self):
        members = selectors.alert_members(user=self.request.user, year=self.year, month=self.month)
        if self.organization is not None:
            members = members.filter(organization__path__startswith=self.organization.path)
        return members


class AlertListView(AlertMixin, TemplateView):
    template_name = "dues/alert_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(self.members(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        details = selectors.streak_details(
            user=self.request.user,
            year=self.year,
            month=self.month,
            member_ids=[member.pk for member in page.object_list],
        )
        rows = [(member, details.get(member.pk)) for member in page.object_list]
        label_empty_choices(self.period)
        return super().get_context_data(
            period=self.period,
            year=self.year,
            month=self.month,
            rows=rows,
            page_obj=page,
            paginator=page.paginator,
            needed=rule_value("dues.unpaid_alert_months"),
            action=exports.BRANCH_ACTION,
            **kwargs,
        )


class AlertExportView(AlertMixin, View):
    def get(self, request):
        members = list(self.members())
        details = selectors.streak_details(
            user=request.user, year=self.year, month=self.month, member_ids=[m.pk for m in members]
        )
        rows = exports.alert_rows(members, details)
        return xlsx_response(
            "连续未交党费提醒", exports.ALERT_HEADERS, rows, user=self.request.user
        )


# --- totals ---------------------------------------------------------------------------------


class TotalsMixin(RegistryAccessMixin):
    def prepare(self) -> None:
        self.period = PeriodForm(
            self.request.GET or None, user=self.request.user, month_optional=True
        )
        self.year, self.month, self.parent = timezone.localdate().year, None, None
        if self.period.is_bound and self.period.is_valid():
            data = self.period.cleaned_data
            self.year = data["year"] or self.year
            self.month, self.parent = data["month"], data["organization"]
        code = self.request.GET.get("organization")
        if code and self.parent is None:  # a code outside the scope: no such organization
            get_scoped_or_404(PartyOrganization.objects.all(), self.request.user, code=code)

    def figures(self) -> dict:
        user, year, month, parent = self.request.user, self.year, self.month, self.parent
        return {
            "total": selectors.subtree_total(user=user, year=year, month=month, parent=parent),
            "groups": selectors.totals_by_organization(
                user=user, year=year, month=month, parent=parent
            ),
            "by_month": selectors.totals_by_month(user=user, year=year, parent=parent),
        }


class TotalsView(TotalsMixin, TemplateView):
    template_name = "dues/totals.html"

    def get_context_data(self, **kwargs):
        label_empty_choices(self.period)
        return super().get_context_data(
            period=self.period,
            year=self.year,
            month=self.month,
            parent=self.parent,
            **self.figures(),
            **kwargs,
        )


class TotalsExportView(TotalsMixin, View):
    def get(self, request):
        figures = self.figures()
        if request.GET.get("by") == "month":
            rows = exports.month_total_rows(figures["by_month"])
            return xlsx_response(
                f"{self.year}年党费按月汇总",
                exports.MONTH_TOTAL_HEADERS,
                rows,
                user=self.request.user,
            )
        rows = exports.group_rows(figures["groups"])
        return xlsx_response(
            f"{self.year}年党费按组织汇总", exports.GROUP_HEADERS, rows, user=self.request.user
        )
