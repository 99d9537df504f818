"""Pages of organization life: the meetings (list, record, detail, correct), the
compliance of a region with the organizations behind, and the members absent six months."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.core import page_cache
from liangxin.core.attachments import attachment_response
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.scoping import get_scoped_or_404, scoped, user_scope
from liangxin.core.services import OutOfScope
from liangxin.core.views import (
    RegistryAccessMixin,
    RegistryDetailView,
    RegistryListView,
    ServiceFormView,
)
from liangxin.life import compliance, selectors, services, standing
from liangxin.life.filters import MeetingFilter
from liangxin.life.forms import Decisions, MeetingForm, Sheet, sheet_members
from liangxin.life.models import MeetingFile
from liangxin.organizations.models import PartyOrganization
from liangxin.organizations.selectors import only_organization_code
from liangxin.regions.models import Region

EDIT_KIND = services.EDIT_KIND
PAGE_SIZE = 50


class MeetingListView(RegistryListView):
    kind = EDIT_KIND
    selector = selectors.meeting_list
    filterset_class = MeetingFilter
    template_name = "life/meeting_list.html"


class MeetingDetailView(RegistryDetailView):
    kind = EDIT_KIND
    template_name = "life/meeting_detail.html"
    context_object_name = "meeting"

    def get_object(self):
        return selectors.meeting_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        meeting = self.object
        quorate, quorum_text = services.quorum(meeting)
        return super().get_context_data(
            attendance=meeting.attendance.select_related("member").order_by("member_id"),
            decisions=list(meeting.decisions.order_by("id")),
            files=list(meeting.files.order_by("id")),
            voting=quorate is not None,
            quorum_text=quorum_text,
            theme_day_note=services.theme_day_note(meeting),
            **kwargs,
        )


class MeetingFileView(RegistryAccessMixin, View):
    """One attached file, decrypted, once the meeting is in the user's scope."""

    def get(self, request, pk, file_pk):
        attachment = get_scoped_or_404(
            MeetingFile.objects.all(), request.user, pk=file_pk, meeting_id=pk
        )
        return attachment_response(attachment)


# --- recording and correcting a meeting --------------------------------------------------


def meeting_url(meeting) -> str:
    return reverse("life:meeting-detail", args=[meeting.pk])


class MeetingFormView(ServiceFormView):
    """The meeting's fields, its sign-in sheet and votes, and files, on one page. Changing
    the organization or the kind reloads the sheet (htmx asks for ``_sheet.html``; without
    script a button reloads the page by GET, what was typed travelling in the address)."""

    kind = EDIT_KIND
    template_name = "life/meeting_form.html"
    form_class = MeetingForm

    def get(self, request, *args, **kwargs):
        if request.headers.get("HX-Request"):
            return render(request, "life/_sheet.html", self.sheet_context(None, request.GET))
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET":  # a reload keeps what was typed
            fields = self.form_class.base_fields
            kwargs["initial"] = {k: v for k, v in self.request.GET.items() if k in fields}
            if self.object is None and "organization" not in kwargs["initial"]:
                kwargs["initial"]["organization"] = self.only_organization()
        return kwargs

    def only_organization(self) -> str:
        """A secretary of one organization records for it without choosing it."""
        return only_organization_code(self.request.user)

    def chosen_organization(self, data):
        if self.object is not None:
            return self.object.organization
        code = (data.get("organization") or "").strip()
        if not code and self.request.method == "GET":
            code = self.only_organization()
        if not code:
            return None
        visible = scoped(PartyOrganization.objects.all(), self.request.user)
        return visible.filter(code=code).first()

    def sheet_context(self, form, data) -> dict:
        organization = self.chosen_organization(data)
        kind = data.get("kind") or (self.object.kind if self.object else "")
        attendance = None
        if self.object is not None and "presence-" not in "".join(data):
            attendance = {row.member_id: row for row in self.object.attendance.all()}
        decisions = self.object.decisions.order_by("id") if self.object else ()
        return {
            "organization": organization,
            "sheet": Sheet(sheet_members(organization), kind, data, attendance),
            "decisions": Decisions(kind, data, decisions),
            "sheet_errors": [],
            "decision_errors": [],
            "sheet_url": self.request.path,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        context.update({**self.sheet_context(context["form"], data), **kwargs})
        return context

    def form_valid(self, form):
        parts = self.sheet_context(form, self.request.POST)
        sheet, decisions = parts["sheet"], parts["decisions"]
        if sheet.errors() or decisions.errors():
            return self.invalid(form, sheet.errors(), decisions.errors())
        try:
            saved = self.save(form, sheet, decisions)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            return self.service_invalid(form, exc)
        messages.success(self.request, f"已保存：{saved}")
        return redirect(meeting_url(saved))

    def service_invalid(self, form, exc: ValidationError):
        """The sheet's and the votes' errors go above those parts; the rest to the fields."""
        sheet_errors, decision_errors = [], []
        if hasattr(exc, "error_dict"):
            sheet_errors = [m for e in exc.error_dict.pop("attendance", []) for m in e.messages]
            decision_errors = [m for e in exc.error_dict.pop("decisions", []) for m in e.messages]
        if not hasattr(exc, "error_dict") or exc.error_dict:
            add_service_errors(form, exc)
        return self.invalid(form, sheet_errors, decision_errors)

    def invalid(self, form, sheet_errors, decision_errors):
        mark_invalid(form)
        context = self.get_context_data(form=form)
        context.update(sheet_errors=sheet_errors, decision_errors=decision_errors)
        context["files_lost"] = bool(self.request.FILES)
        return self.render_to_response(context)

    def form_invalid(self, form):
        return self.invalid(form, [], [])

    def uploads(self):
        return self.request.FILES.getlist("files")


class MeetingCreateView(MeetingFormView):
    title = "记录会议活动"

    def save(self, form, sheet, decisions):
        return services.meeting_record(
            actor=self.request.user,
            organization=form.cleaned_data["organization"],
            data=form.service_data(),
            sheet=sheet.lines(),
            votes=decisions.votes(),
            uploads=self.uploads(),
        )

    def cancel_url(self) -> str:
        return reverse("life:meetings")


class MeetingUpdateView(MeetingFormView):
    title = "修改会议记录"

    def get_object(self):
        return selectors.meeting_detail(user=self.request.user, pk=self.kwargs["pk"])

    def save(self, form, sheet, decisions):
        return services.meeting_update(
            actor=self.request.user,
            meeting=self.object,
            data=form.service_data(),
            sheet=sheet.lines(),
            votes=decisions.votes(),
            uploads=self.uploads(),
        )

    def cancel_url(self) -> str:
        return meeting_url(self.object)


# --- compliance ------------------------------------------------------------------------

FIRST_YEAR = 2015


def chosen_year(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return min(max(year, FIRST_YEAR), this_year)


def chosen_region(request):
    """``?region=code`` inside the user's scope (404 outside), else the user's first region;
    None for those who hold organizations, not regions (a secretary)."""
    code = request.GET.get("region", "").strip()
    if code:
        return get_scoped_or_404(Region.objects.all(), request.user, code=code)
    paths = user_scope(request.user).region_paths
    return Region.objects.filter(path__in=paths).order_by("path").first()


def organizations_in(request, region):
    organizations = scoped(PartyOrganization.objects.all(), request.user)
    if region is None:
        return organizations
    return compliance.within(organizations, region)


def filled(figures: dict) -> list:
    """{kind: figures or None} → figures in kind order, a region without any as zeros."""
    return [
        figures.get(kind) or compliance.KindFigures(kind, compliance.label(kind), 0)
        for kind in compliance.KINDS
    ]


class ComplianceView(RegistryAccessMixin, TemplateView):
    template_name = "life/compliance.html"

    def get(self, request, *args, **kwargs):
        # Kept per user, address and date under the data version (core.page_cache): a
        # meeting, an organization or a frequency changed is a new version.
        return page_cache.cached(request, lambda: super(ComplianceView, self).get(request))

    def get_context_data(self, **kwargs):
        request = self.request
        year, region = chosen_year(request), chosen_region(request)
        context = {
            "year": year,
            "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
            "region": region,
            "parent": self.visible_parent(region),
            "regions": Region.objects.filter(
                path__in=user_scope(request.user).region_paths
            ).order_by("path"),
        }
        # One pass gives the figures and the list (life.standing); the periods missed are
        # read for the page of the list shown.
        one_pass = standing.read(organizations_in(request, region), year)
        behind = one_pass.behind()
        context["behind_count"] = len(behind)
        page = Paginator(behind, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = standing.shortfalls(one_pass, list(page.object_list))
        context["page_obj"] = page
        if region is not None:
            context.update(self.figures(one_pass, region))
        return super().get_context_data(**context, **kwargs)

    def figures(self, one_pass, region) -> dict:
        """The subtree's totals and each child region's figures: the pass grouped on the
        region path cut at the children's depth (the region's own organizations form a
        group of their own, so the totals are the sum of the groups)."""
        groups = one_pass.grouped((region.depth + 1) * Region.steplen)
        totals = [
            compliance.summed(kind, window.months, [g[kind] for g in groups.values() if kind in g])
            for kind, window in one_pass.windows.items()
        ]
        children = Region.objects.get_children(Region.objects.get(pk=region.pk))
        rows = [(child, filled(groups.get(child.path, {}))) for child in children]
        return {"totals": totals, "children": rows}

    def visible_parent(self, region):
        if region is None or region.is_root():
            return None
        parent = Region.objects.get_parent(region)
        visible = scoped(Region.objects.filter(pk=parent.pk), self.request.user).exists()
        return parent if visible else None


BEHIND_HEADERS = [
    "组织编码",
    "党组织",
    "所属区域",
    "项目",
    "应开期数",
    "已开期数",
    "未开期次",
]


class ComplianceExportView(RegistryAccessMixin, View):
    """The organizations behind in the chosen region and year, one row per meeting kind."""

    def get(self, request):
        year, region = chosen_year(request), chosen_region(request)
        behind = standing.organizations_behind(organizations_in(request, region), year)
        rows = (
            [
                organization.code,
                organization.name,
                organization.region.name,
                shortfall.label,
                shortfall.due,
                shortfall.held,
                "、".join(shortfall.missing_periods),
            ]
            for organization, shortfalls in behind
            for shortfall in shortfalls
        )
        title = f"组织生活未按期开展的党组织（{year}年）"
        scope = region.name if region is not None else ""
        return xlsx_table_response(title, BEHIND_HEADERS, rows, user=request.user, scope=scope)


# --- members absent, 限期改正 ----------------------------------------------------------


class AbsentView(RegistryAccessMixin, TemplateView):
    """Members absent from organization life six months running (党章 art. 9), and the
    限期改正 cases falling due (``?tab=corrections``)."""

    template_name = "life/absent.html"

    def get_context_data(self, **kwargs):
        tab = "corrections" if self.request.GET.get("tab") == "corrections" else "absent"
        user = self.request.user
        if tab == "corrections":
            rows = scoped(selectors.corrections_due(), user).select_related("member__organization")
            rows = rows.order_by("due_on", "id")
        else:
            rows = scoped(selectors.absent_members(), user).defer(
                "id_number_cipher", "phone_cipher"
            )
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            tab=tab, page_obj=page, today=timezone.localdate(), **kwargs
        )
