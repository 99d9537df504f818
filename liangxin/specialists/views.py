"""Pages of the specialists (Chinese, scoped; the contact form fits a 390 px phone): the
specialists and their teams, the assignments, the cadences, the contacts, the missed
cadences of the town and the figures by region — every list filtered by region and
exported as xlsx."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.core.services import OutOfScope
from liangxin.core.views import ConfirmDeletePage, RegistryAccessMixin
from liangxin.enterprises.models import Enterprise
from liangxin.regions.models import Region
from liangxin.specialists import forms, keys, permissions, selectors, services
from liangxin.specialists.models import (
    Assignment,
    Cadence,
    ContactMode,
    Specialist,
    SpecialistKind,
    SpecialistTeam,
)

PAGE_SIZE = 25


def _date(text):
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


def _year(text) -> int:
    today = timezone.localdate()
    try:
        year = int(text or today.year)
    except ValueError:
        year = today.year
    return min(max(year, 2000), today.year)


class ListMixin(RegistryAccessMixin):
    """A filtered list page and its export share ``rows()``."""

    def region(self) -> Region | None:
        code = self.request.GET.get("region", "").strip()
        if not code:
            return None
        region = scoped(Region.objects.filter(code=code), self.request.user).first()
        if region is None:
            raise Http404("未找到该区域")
        return region

    def page(self, rows):
        return Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))

    def query(self):
        query = self.request.GET.copy()
        query.pop("page", None)
        return query

    def common(self) -> dict:
        user = self.request.user
        return {
            "query": self.query(),
            "regions": selectors.region_choices(user),
            "can_manage": permissions.can_manage(user),
            "can_log": permissions.can_log_any(user),
        }


# --- specialists ----------------------------------------------------------------------


class SpecialistRows(ListMixin):
    def rows(self):
        rows = selectors.specialist_list(user=self.request.user)
        get = self.request.GET
        if text := get.get("q", "").strip()[:40]:
            rows = rows.filter(Q(name__contains=text) | Q(employer__contains=text))
        if get.get("kind") in SpecialistKind.values:
            rows = rows.filter(kind=get["kind"])
        if region := self.region():
            rows = rows.filter(region__path__startswith=region.path)
        if get.get("current") == "1":
            rows = rows.filter(selectors.active_on(timezone.localdate()))
        return rows


class SpecialistListView(SpecialistRows, TemplateView):
    template_name = "specialists/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.page(self.rows()), kinds=SpecialistKind.choices, **self.common(), **kwargs
        )


SPECIALIST_HEADERS = [
    "姓名",
    "类别",
    "工作单位",
    "所属区域",
    "组团",
    "任期开始",
    "任期结束",
    "关联账号",
]


class SpecialistExportView(SpecialistRows, View):
    def get(self, request):
        rows = (
            [s.name, s.get_kind_display(), s.employer, s.region.name, s.team.name if s.team else "",
             s.start, s.end or "", s.user.username if s.user else ""]
            for s in self.rows().iterator(chunk_size=500)
        )  # fmt: skip
        return xlsx_table_response("助企服务专员", SPECIALIST_HEADERS, rows, user=request.user)


class ManagerMixin(RegistryAccessMixin):
    def prepare(self) -> None:
        if not permissions.can_manage(self.request.user):
            raise PermissionDenied("您的角色不能管理助企服务专员")


class ServiceFormMixin:
    """Run the service on a valid form; its ValidationError goes back onto the form."""

    success_message = "已保存"

    def form_valid(self, form):
        try:
            self.saved = self.perform(form)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class SpecialistCreateView(ManagerMixin, ServiceFormMixin, FormView):
    template_name = "specialists/form.html"
    form_class = forms.SpecialistForm
    success_message = "已登记助企服务专员"
    title = "登记助企服务专员"

    def get_initial(self):
        return {"start": timezone.localdate()}

    def perform(self, form):
        return services.specialist_create(actor=self.request.user, data=form.service_data())

    def get_success_url(self):
        return reverse("specialists:detail", args=[self.saved.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)


class SpecialistEditView(SpecialistCreateView):
    success_message = "已修改专员信息"
    title = "修改专员信息"

    def prepare(self) -> None:
        super().prepare()
        self.object = get_scoped_or_404(
            Specialist.objects.all(), self.request.user, pk=self.kwargs["pk"]
        )

    def get_initial(self):
        s = self.object
        return {
            "name": s.name, "kind": s.kind, "employer": s.employer, "region": s.region_id,
            "team": s.team_id, "start": s.start, "end": s.end,
            "user": s.user.username if s.user else "",
        }  # fmt: skip

    def perform(self, form):
        return services.specialist_update(
            actor=self.request.user, specialist=self.object, data=form.service_data()
        )


class SpecialistDetailView(RegistryAccessMixin, TemplateView):
    template_name = "specialists/detail.html"

    def prepare(self) -> None:
        self.object = get_scoped_or_404(
            selectors.specialist_list(user=self.request.user),
            self.request.user,
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        s = self.object
        return super().get_context_data(
            s=s,
            assignments=selectors.assignment_list(user=user).filter(specialist=s),
            contacts=selectors.contact_list(user=user).filter(assignment__specialist=s)[:20],
            can_manage=permissions.can_manage(user),
            today=timezone.localdate(),
            **kwargs,
        )


class TeamListView(ListMixin, FormView):
    template_name = "specialists/teams.html"
    form_class = forms.TeamForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            teams=selectors.team_list(user=self.request.user), **self.common(), **kwargs
        )

    def form_valid(self, form):
        if not permissions.can_manage(self.request.user):
            raise PermissionDenied("您的角色不能管理助企服务专员")
        try:
            services.team_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "已添加组团")
        return redirect("specialists:teams")

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)


class TeamEditView(ManagerMixin, ServiceFormMixin, FormView):
    template_name = "specialists/form.html"
    form_class = forms.TeamForm
    success_message = "已修改组团"

    def prepare(self) -> None:
        super().prepare()
        self.object = get_scoped_or_404(
            SpecialistTeam.objects.all(), self.request.user, pk=self.kwargs["pk"]
        )

    def get_initial(self):
        team = self.object
        return {"name": team.name, "region": team.region_id, "note": team.note}

    def perform(self, form):
        return services.team_update(actor=self.request.user, team=self.object, **form.cleaned_data)

    def get_success_url(self):
        return reverse("specialists:teams")

    def get_context_data(self, **kwargs):
        delete_url = reverse("specialists:team-delete", args=[self.object.pk])
        return super().get_context_data(title="修改组团", delete_url=delete_url, **kwargs)


class TeamDeleteView(ConfirmDeletePage):
    noun = "组团"
    allowed = staticmethod(permissions.can_manage)
    blocked_note = "请先在专员信息中调整这些专员的组团。"

    def find(self):
        return get_scoped_or_404(
            SpecialistTeam.objects.all(), self.request.user, pk=self.kwargs["pk"]
        )

    def blocked(self):
        return [("专员", self.object.specialists.count())]

    def cancel_url(self) -> str:
        return reverse("specialists:team-edit", args=[self.object.pk])

    def back_url(self) -> str:
        return reverse("specialists:teams")

    def perform(self, *, actor, record) -> None:
        services.team_delete(actor=actor, team=record)


# --- assignments ----------------------------------------------------------------------


class AssignmentRows(ListMixin):
    def rows(self):
        rows = selectors.assignment_list(user=self.request.user)
        get = self.request.GET
        if text := get.get("q", "").strip()[:40]:
            rows = rows.filter(
                Q(enterprise__name__contains=text) | Q(specialist__name__contains=text)
            )
        if (specialist := get.get("specialist", "")).isdigit():
            rows = rows.filter(specialist_id=int(specialist))
        if region := self.region():
            rows = rows.filter(enterprise__region__path__startswith=region.path)
        key = keys.kinds().get(get.get("key", ""))
        if key is not None:
            rows = rows.filter(enterprise__in=enterprises_with(key[1]))
        if get.get("current") == "1":
            rows = rows.filter(selectors.active_on(timezone.localdate()))
        return rows


def enterprises_with(condition):
    # Narrows rows already scoped by selectors.assignment_list: no scope of its own needed.
    return Enterprise.objects.filter(condition).values("pk")


class AssignmentListView(AssignmentRows, TemplateView):
    template_name = "specialists/assignments.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.page(self.rows()),
            key_kinds=[(k, label) for k, (label, _q) in keys.kinds().items()],
            today=timezone.localdate(),
            **self.common(),
            **kwargs,
        )


ASSIGNMENT_HEADERS = [
    "专员",
    "专员类别",
    "企业",
    "统一社会信用代码",
    "企业所属区域",
    "包联开始",
    "包联结束",
    "说明",
]


class AssignmentExportView(AssignmentRows, View):
    def get(self, request):
        rows = (
            [a.specialist.name, a.specialist.get_kind_display(), a.enterprise.name,
             a.enterprise.uscc, a.enterprise.region.name, a.start, a.end or "", a.note]
            for a in self.rows().iterator(chunk_size=500)
        )  # fmt: skip
        return xlsx_table_response("专员包联企业", ASSIGNMENT_HEADERS, rows, user=request.user)


class AssignmentCreateView(ManagerMixin, ServiceFormMixin, FormView):
    template_name = "specialists/form.html"
    form_class = forms.AssignmentForm
    success_message = "已添加包联企业"

    def get_initial(self):
        return {"start": timezone.localdate(), "specialist": self.request.GET.get("specialist")}

    def perform(self, form):
        return services.assignment_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("specialists:detail", args=[self.saved.specialist_id])

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="添加包联企业", **kwargs)


class AssignmentEndView(ManagerMixin, ServiceFormMixin, FormView):
    template_name = "specialists/form.html"
    form_class = forms.EndForm
    success_message = "已结束包联"

    def prepare(self) -> None:
        super().prepare()
        self.object = get_scoped_or_404(
            selectors.assignment_list(user=self.request.user),
            self.request.user,
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def get_initial(self):
        return {"end": timezone.localdate()}

    def perform(self, form):
        return services.assignment_end(
            actor=self.request.user, assignment=self.object, end=form.cleaned_data["end"]
        )

    def get_success_url(self):
        return reverse("specialists:detail", args=[self.object.specialist_id])

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"结束包联：{self.object}", **kwargs)


# --- cadences -------------------------------------------------------------------------


class CadenceListView(RegistryAccessMixin, TemplateView):
    template_name = "specialists/cadences.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cadences=scoped(selectors.cadences(), self.request.user),
            may_edit=permissions.can_edit_cadences(self.request.user),
            **kwargs,
        )


class CadenceEditView(RegistryAccessMixin, ServiceFormMixin, FormView):
    template_name = "specialists/form.html"
    form_class = forms.CadenceForm
    success_message = "已修改联系频次"

    def prepare(self) -> None:
        if not permissions.can_edit_cadences(self.request.user):
            raise PermissionDenied("只有区级管理员可以修改联系频次")
        self.object = get_scoped_or_404(
            Cadence.objects.all(), self.request.user, pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return FormView.get_form_kwargs(self)

    def get_initial(self):
        return {name: getattr(self.object, name) for name in services.CADENCE_FIELDS}

    def perform(self, form):
        return services.cadence_update(
            actor=self.request.user, cadence=self.object, data=form.cleaned_data
        )

    def get_success_url(self):
        return reverse("specialists:cadences")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"修改联系频次：{self.object.name}", **kwargs)


# --- contacts -------------------------------------------------------------------------


class ContactRows(ListMixin):
    def rows(self):
        user = self.request.user
        rows = selectors.contact_list(user=user)
        rows = rows.filter(assignment__in=selectors.mine_or_all(user, Assignment.objects.all()))
        get = self.request.GET
        if region := self.region():
            rows = rows.filter(assignment__enterprise__region__path__startswith=region.path)
        if (cadence := get.get("cadence", "")).isdigit():
            rows = rows.filter(cadence_id=int(cadence))
        if (assignment := get.get("assignment", "")).isdigit():
            rows = rows.filter(assignment_id=int(assignment))
        if first := _date(get.get("from")):
            rows = rows.filter(date__gte=first)
        if last := _date(get.get("to")):
            rows = rows.filter(date__lte=last)
        return rows


class ContactListView(ContactRows, TemplateView):
    template_name = "specialists/contacts.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.page(self.rows()), cadences=selectors.cadences(), **self.common(), **kwargs
        )


CONTACT_HEADERS = [
    "联系日期",
    "联系频次",
    "方式",
    "专员",
    "企业",
    "企业所属区域",
    "发现的情况和问题",
    "转办诉求",
]


class ContactExportView(ContactRows, View):
    def get(self, request):
        rows = (
            [c.date, c.cadence.name, c.get_mode_display(), c.assignment.specialist.name,
             c.assignment.enterprise.name, c.assignment.enterprise.region.name, c.findings,
             c.request.number if c.request else ""]
            for c in self.rows().iterator(chunk_size=500)
        )  # fmt: skip
        return xlsx_table_response("专员联系记录", CONTACT_HEADERS, rows, user=request.user)


class ContactCreateView(RegistryAccessMixin, ServiceFormMixin, FormView):
    template_name = "specialists/contact_form.html"
    form_class = forms.ContactForm
    success_message = "已记录联系"

    def prepare(self) -> None:
        if not permissions.can_log_any(self.request.user):
            raise PermissionDenied("您不是助企服务专员，不能记录联系")

    def get_initial(self):
        weekly = Cadence.objects.filter(active=True, frequency="weekly").first()
        return {
            "date": timezone.localdate(),
            "assignment": self.request.GET.get("assignment"),
            "cadence": self.request.GET.get("cadence") or (weekly.pk if weekly else None),
            "mode": ContactMode.VISIT,
        }

    def perform(self, form):
        return services.contact_log(
            actor=self.request.user,
            assignment=form.cleaned_data["assignment"],
            data=form.contact_data(),
            open_request=form.request_data(),
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        if getattr(self, "saved", None) is not None and self.saved.request_id:
            messages.info(self.request, f"已转为诉求 {self.saved.request.number}")
        return response

    def get_success_url(self):
        return reverse("specialists:contacts")


# --- missed cadences and figures ------------------------------------------------------


class MissedRows(ListMixin):
    def rows(self):
        get = self.request.GET
        year = _year(get.get("year"))
        cadence = None
        if (key := get.get("cadence", "")).isdigit():
            cadence = Cadence.objects.filter(pk=int(key), active=True, counts_missed=True).first()
        self.year = year
        return selectors.missed(
            user=self.request.user,
            first=datetime.date(year, 1, 1),
            today=min(timezone.localdate(), datetime.date(year + 1, 1, 1)),
            cadence=cadence,
            region=self.region(),
        )


class MissedListView(MissedRows, TemplateView):
    template_name = "specialists/missed.html"

    def get_context_data(self, **kwargs):
        page = self.page(self.rows())
        return super().get_context_data(
            page=page,
            year=self.year,
            cadences=selectors.tracked_cadences(),
            **self.common(),
            **kwargs,
        )


MISSED_HEADERS = ["联系频次", "应落实期间", "专员", "专员类别", "企业", "企业所属区域"]


class MissedExportView(MissedRows, View):
    def get(self, request):
        rows = (
            [o.cadence.name, o.period.label, o.assignment.specialist.name,
             o.assignment.specialist.get_kind_display(), o.assignment.enterprise.name,
             o.assignment.enterprise.region.name]
            for o in self.rows()
        )  # fmt: skip
        return xlsx_table_response(
            f"联系频次未落实{self.year}", MISSED_HEADERS, rows, user=request.user
        )


class FiguresMixin(ListMixin):
    def figures(self):
        year = _year(self.request.GET.get("year"))
        region = self.region() or selectors.top_region(self.request.user)
        if region is None:
            raise Http404("未找到该区域")
        return year, selectors.figures(user=self.request.user, region=region, year=year)


class FiguresView(FiguresMixin, TemplateView):
    template_name = "specialists/figures.html"

    def get_context_data(self, **kwargs):
        year, figures = self.figures()
        return super().get_context_data(
            year=year, figures=figures, measures=selectors.MEASURES, **self.common(), **kwargs
        )


class FiguresExportView(FiguresMixin, View):
    def get(self, request):
        year, figures = self.figures()
        measures = selectors.MEASURES
        headers = ["区域", *measures.values()]
        rows = [[row["label"], *(_cell(row[m]) for m in measures)] for row in figures["rows"]]
        rows.append(["合计", *(_cell(figures["total"][m]) for m in measures)])
        title = f"助企服务专员统计{year}（{figures['region'].name}）"
        return xlsx_table_response(title, headers, rows, user=request.user)


def _cell(value):
    return "" if value is None else value
