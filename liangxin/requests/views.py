"""Pages of the request loop (Chinese, scoped; the form and the detail fit a 390 px phone):
the list with filters and export, the detail with its timeline and the actions the user
may take now, the create form, one form per action, the statistics and the settings."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from liangxin.core.attachments import attachment_response
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.core.services import OutOfScope
from liangxin.core.views import RegistryAccessMixin
from liangxin.regions.models import Region
from liangxin.requests import forms, permissions, selectors, services
from liangxin.requests.models import (
    Action,
    DeadlineRule,
    HandlingUnit,
    RequestCategory,
    RequestFile,
    State,
    Urgency,
)

PAGE_SIZE = 25


def _month(text: str):
    try:
        return datetime.datetime.strptime(text, "%Y-%m").date()
    except (TypeError, ValueError):
        return None


class RequestFilterMixin:
    def requests(self):
        requests = selectors.request_list(user=self.request.user)
        get = self.request.GET
        if text := get.get("q", "").strip():
            requests = requests.filter(
                Q(number__icontains=text) | Q(enterprise__name__contains=text)
            )
        state = get.get("state", "")
        if state == "running":
            requests = requests.filter(state__in=[State.ACCEPTED, State.ASSIGNED, State.HANDLING])
        elif state in State.values:
            requests = requests.filter(state=state)
        if get.get("urgency") in Urgency.values:
            requests = requests.filter(urgency=get["urgency"])
        if (category := get.get("category", "")).isdigit():
            requests = requests.filter(categories__pk=int(category)).distinct()
        if code := get.get("region", "").strip():
            region = scoped(Region.objects.filter(code=code), self.request.user).first()
            requests = requests.filter(selectors.in_region(region)) if region else requests.none()
        if month := _month(get.get("month")):
            start = timezone.make_aware(datetime.datetime.combine(month, datetime.time()))
            end_month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            end = timezone.make_aware(datetime.datetime.combine(end_month, datetime.time()))
            requests = requests.filter(received_at__gte=start, received_at__lt=end)
        if get.get("overdue") == "1":
            requests = requests.filter(selectors.overdue_q())
        return requests


class RequestListView(RequestFilterMixin, RegistryAccessMixin, TemplateView):
    template_name = "requests/list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(self.requests(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            page=page,
            query=query,
            states=[("running", "办理期内（已受理至办理中）"), *State.choices],
            urgencies=Urgency.choices,
            categories=RequestCategory.objects.select_related("parent"),
            regions=selectors.region_choices(self.request.user),
            now=timezone.now(),
            can_submit=permissions.can_submit(self.request.user),
            **kwargs,
        )


HEADERS = [
    "诉求编号", "企业", "所属区域", "渠道", "类别", "紧急程度", "状态", "接收时间", "受理时间",
    "办理期限", "牵头单位", "办结时间", "按时办结", "办理结果", "回访评价", "重办次数",
    "兑现资金（万元）", "诉求内容",
]  # fmt: skip


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def export_row(r) -> list:
    on_time = ""
    if r.finished_at:
        on_time = "是" if r.finished_at <= r.due_at else "否"
    return [
        r.number, r.enterprise.name, r.enterprise.region.name, r.get_channel_display(),
        "、".join(str(c) for c in r.categories.all()), r.get_urgency_display(),
        r.get_state_display(), _local(r.received_at), _local(r.accepted_at), _local(r.due_at),
        r.lead_unit.name if r.lead_unit else "", _local(r.finished_at), on_time,
        r.get_result_display(), r.get_satisfaction_display(), r.reopen_count,
        r.funds if r.funds is not None else "", r.content,
    ]  # fmt: skip


class RequestExportView(RequestFilterMixin, RegistryAccessMixin, View):
    def get(self, request):
        requests = self.requests().prefetch_related("categories__parent")
        rows = (export_row(r) for r in requests.iterator(chunk_size=500))
        return xlsx_table_response("助企服务诉求", HEADERS, rows, user=request.user)


# The channel a request typed by each role most likely came through (the form's default).
CHANNEL_OF_ROLE = {"secretary": "self", "instructor": "instructor", "grid_officer": "grid"}


class RequestCreateView(RegistryAccessMixin, FormView):
    template_name = "requests/form.html"
    form_class = forms.RequestForm

    def prepare(self) -> None:
        if not permissions.can_submit(self.request.user):
            raise PermissionDenied("您的角色不能登记诉求")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        channel = CHANNEL_OF_ROLE.get(self.request.user.role, "platform")
        return {"channel": channel, "enterprise": self.request.GET.get("enterprise") or None}

    def form_valid(self, form):
        try:
            created = services.request_create(
                actor=self.request.user,
                data=form.cleaned_data,
                files=self.request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已登记诉求 {created.number}")
        return redirect("requests:detail", created.pk)

    def form_invalid(self, form):
        mark_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, files_lost=True))


class RequestMixin(RegistryAccessMixin):
    def prepare(self) -> None:
        self.object = selectors.request_detail(user=self.request.user, pk=self.kwargs["pk"])


class RequestDetailView(RequestMixin, TemplateView):
    template_name = "requests/detail.html"

    def get_context_data(self, **kwargs):
        r = self.object
        return super().get_context_data(
            r=r,
            categories=r.categories.select_related("parent"),
            co_units=r.co_units.all(),
            events=r.events.select_related("actor"),
            extensions=r.extensions.select_related("asked_by", "decided_by"),
            follow_ups=r.follow_ups.select_related("recorded_by"),
            files=r.files.all(),
            actions=[(a, Action(a).label) for a in services.allowed_actions(self.request.user, r)],
            overdue=r.due_at is not None
            and r.state in (State.ACCEPTED, State.ASSIGNED, State.HANDLING)
            and timezone.now() > r.due_at,
            **kwargs,
        )


class RequestFileView(RegistryAccessMixin, View):
    def get(self, request, pk, file_pk):
        found = get_scoped_or_404(
            RequestFile.objects.all(), request.user, pk=file_pk, request_id=pk
        )
        return attachment_response(found)


def _comment(service, label=None):
    def form(*args, **kwargs):
        if label:
            return forms.RequiredCommentForm(*args, label=label, **kwargs)
        return forms.CommentForm(*args, **kwargs)

    return form, lambda actor, r, data: service(actor=actor, request=r, comment=data["comment"])


ACTIONS = {
    Action.ACCEPT: _comment(services.request_accept),
    Action.RETURN: _comment(services.request_return, "需补充的内容"),
    Action.RESUBMIT: (
        forms.ResubmitForm,
        lambda actor, r, d: services.request_resubmit(
            actor=actor, request=r, comment=d["comment"], content=d["content"]
        ),
    ),
    Action.ANSWER_DIRECTLY: (
        forms.AnswerForm,
        lambda actor, r, d: services.request_answer_directly(
            actor=actor, request=r, answer=d["public_answer"], funds=d["funds"]
        ),
    ),
    Action.ASSIGN: (
        forms.AssignForm,
        lambda actor, r, d: services.request_assign(
            actor=actor,
            request=r,
            lead_unit=d["lead_unit"],
            co_units=list(d["co_units"]),
            comment=d["comment"],
        ),
    ),
    Action.UNIT_RETURN: _comment(services.request_unit_return, "退回理由"),
    Action.START: _comment(services.request_start),
    Action.EXTEND_ASK: (
        forms.ExtensionForm,
        lambda actor, r, d: services.extension_ask(
            actor=actor, request=r, reason=d["reason"], new_due=d["new_due"]
        ),
    ),
    Action.EXTEND_APPROVE: (
        forms.CommentForm,
        lambda actor, r, d: services.extension_decide(
            actor=actor, request=r, approve=True, note=d["comment"]
        ),
    ),
    Action.EXTEND_REJECT: (
        lambda *a, **k: forms.RequiredCommentForm(*a, label="驳回理由", **k),
        lambda actor, r, d: services.extension_decide(
            actor=actor, request=r, approve=False, note=d["comment"]
        ),
    ),
    Action.RESOLVE: (
        forms.ResolveForm,
        lambda actor, r, d: services.request_resolve(
            actor=actor,
            request=r,
            result=d["result"],
            reason=d["result_reason"],
            answer=d["public_answer"],
            funds=d["funds"],
        ),
    ),
    Action.UNABLE: (
        forms.UnableForm,
        lambda actor, r, d: services.request_unable(
            actor=actor, request=r, reason=d["result_reason"], answer=d["public_answer"]
        ),
    ),
    Action.REPLY: _comment(services.request_reply),
    Action.FOLLOW_UP: (
        forms.FollowUpForm,
        lambda actor, r, d: services.follow_up_record(actor=actor, request=r, **d),
    ),
    Action.URGE: _comment(services.request_urge),
    Action.SUPERVISE: _comment(services.request_supervise),
}


class RequestActionView(RequestMixin, FormView):
    template_name = "requests/action.html"

    def prepare(self) -> None:
        super().prepare()
        if self.kwargs["action"] not in ACTIONS:
            raise Http404("没有这个操作")
        self.action = Action(self.kwargs["action"])
        self.make_form, self.perform = ACTIONS[self.action]

    def get_form(self, form_class=None):
        kwargs = self.get_form_kwargs()
        if self.action == Action.ASSIGN:
            kwargs["user"] = self.request.user
        return self.make_form(**kwargs)

    def get_context_data(self, **kwargs):
        allowed = services.may(self.request.user, self.action, self.object)
        return super().get_context_data(
            r=self.object, action=self.action, allowed=allowed, **kwargs
        )

    def form_valid(self, form):
        try:
            self.perform(self.request.user, self.object, form.cleaned_data)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已{self.action.label}")
        return redirect("requests:detail", self.object.pk)

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)


# --- statistics ----------------------------------------------------------------------


class StatisticsMixin:
    def figures(self):
        get = self.request.GET
        today = timezone.localdate()
        try:
            year = int(get.get("year") or today.year)
        except ValueError:
            year = today.year
        year = min(max(year, 2000), today.year + 1)
        dimension = get.get("by") if get.get("by") in selectors.DIMENSIONS else "region"
        region = None
        if code := get.get("region", "").strip():
            region = scoped(Region.objects.filter(code=code), self.request.user).first()
            if region is None:
                raise Http404("未找到该区域")
        region = region or selectors.top_region(self.request.user)
        stats = selectors.statistics(
            user=self.request.user, year=year, dimension=dimension, region=region
        )
        return year, dimension, region, stats


STAT_COLUMNS = [
    "received", "accepted", "closed", "on_time", "on_time_rate", "direct", "direct_rate",
    "avg_days",
    "extended", "overdue", "rated", "satisfaction_rate", "satisfied_rate", "reopened",
    "reopen_rate", "funds",
]  # fmt: skip


class StatisticsView(StatisticsMixin, RegistryAccessMixin, TemplateView):
    template_name = "requests/statistics.html"

    def get_context_data(self, **kwargs):
        year, dimension, region, stats = self.figures()
        return super().get_context_data(
            year=year,
            dimension=dimension,
            region=region,
            stats=stats,
            dimensions=selectors.DIMENSIONS,
            columns=STAT_COLUMNS,
            names=selectors.MEASURES,
            query=self.request.GET,
            **kwargs,
        )


class StatisticsExportView(StatisticsMixin, RegistryAccessMixin, View):
    def get(self, request):
        year, dimension, region, stats = self.figures()
        headers = [selectors.DIMENSIONS[dimension], *(selectors.MEASURES[c] for c in STAT_COLUMNS)]
        rows = [[row["label"], *(_cell(row[c]) for c in STAT_COLUMNS)] for row in stats.rows]
        rows.append(["合计", *(_cell(stats.total[c]) for c in STAT_COLUMNS)])
        title = f"助企服务诉求统计{year}（按{selectors.DIMENSIONS[dimension]}）"
        return xlsx_table_response(title, headers, rows, user=request.user)


def _cell(value):
    return "" if value is None else value


# --- settings ----------------------------------------------------------------------


class SettingsView(RegistryAccessMixin, TemplateView):
    template_name = "requests/settings.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            rules=DeadlineRule.objects.select_related("category"),
            units=HandlingUnit.objects.select_related("region"),
            categories=RequestCategory.objects.select_related("parent"),
            may_edit=permissions.can_edit_settings(user),
            unit_form=kwargs.pop("unit_form", None) or forms.UnitForm(user=user),
            **kwargs,
        )

    def post(self, request):
        form = forms.UnitForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.unit_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "已添加承办单位")
                return redirect("requests:settings")
        mark_invalid(form)
        return self.render_to_response(self.get_context_data(unit_form=form))


class DeadlineRuleEditView(RegistryAccessMixin, FormView):
    template_name = "requests/rule_form.html"
    form_class = forms.DeadlineRuleForm

    def prepare(self) -> None:
        if not permissions.can_edit_settings(self.request.user):
            raise PermissionDenied("您的角色不能修改办理时限")
        self.rule = get_scoped_or_404(
            DeadlineRule.objects.all(), self.request.user, pk=self.kwargs["pk"]
        )

    def get_initial(self):
        return {"span": self.rule.span, "unit": self.rule.unit, "source": self.rule.source}

    def get_context_data(self, **kwargs):
        return super().get_context_data(rule=self.rule, **kwargs)

    def form_valid(self, form):
        try:
            services.deadline_rule_update(
                actor=self.request.user, rule=self.rule, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "已修改办理时限（新受理的诉求按新时限计算）")
        return redirect("requests:settings")
