import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from liangxin.audit.history import RecordHistoryMixin
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.private_search import PrivateSearchMixin
from liangxin.core.scoping import get_scoped_or_404
from liangxin.core.views import (
    RegistryAccessMixin,
    RegistryDetailView,
    RegistryListView,
    RevealView,
    ServiceFormView,
)
from liangxin.enterprises.selectors import visible_employer_ids
from liangxin.members import conflicts, selectors, services
from liangxin.members.filters import MemberFilter
from liangxin.members.forms import MemberForm
from liangxin.members.models import IdentityConflict, Member
from liangxin.members.party_age import milestone_members, political_birthdays
from liangxin.members.privacy import sees_birth_date
from liangxin.regions.selectors import region_suggestions


def member_url(member: Member) -> str:
    return reverse("members:detail", args=[member.public_id])


class MemberListView(PrivateSearchMixin, RegistryListView):
    region_suggestions = staticmethod(region_suggestions)
    kind = "members"
    selector = selectors.member_list
    filterset_class = MemberFilter
    template_name = "members/member_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | person_context(self.request.user, context["object_list"])


class MemberByPublicId:
    """Members and instructors are addressed by their opaque public id (never the ID number)."""

    def get_object(self):
        return selectors.member_detail(user=self.request.user, public_id=self.kwargs["public_id"])


class MemberDetailView(RecordHistoryMixin, MemberByPublicId, RegistryDetailView):
    kind = "members"
    template_name = "members/member_detail.html"
    context_object_name = "member"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | person_context(self.request.user, [self.object])

    def get(self, request, *args, **kwargs):
        services.record_member_view(request, self.object)
        return super().get(request, *args, **kwargs)


def person_context(user, members) -> dict:
    """What the member pages may show beside the masked ID number: the birth date only to
    a role that may unmask it (members.privacy), employers only inside the scope."""
    return {
        "sees_birth_date": sees_birth_date(user),
        "visible_employers": visible_employer_ids(members, user=user),
    }


class MemberRevealView(MemberByPublicId, RevealView):
    pass


class MemberCreateView(ServiceFormView):
    kind = "members"
    form_class = MemberForm
    title = "新增党员"

    def get_initial(self):
        return {"organization": self.request.GET.get("organization", "")}

    def save(self, form):
        return services.member_create(actor=self.request.user, data=form.service_data())

    def success_url_for(self, saved) -> str:
        return member_url(saved)

    def cancel_url(self) -> str:
        return reverse("members:list")


class MemberUpdateView(MemberByPublicId, ServiceFormView):
    kind = "members"
    form_class = MemberForm
    title = "编辑党员"

    def save(self, form):
        return services.member_update(
            actor=self.request.user, member=self.object, data=form.service_data()
        )

    def success_url_for(self, saved) -> str:
        return member_url(saved)

    def cancel_url(self) -> str:
        return member_url(self.object)


def month_param(request) -> tuple[int, int]:
    """?month=YYYY-MM, defaulting to this month; malformed values fall back too."""
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        return today.year, today.month
    return year, month


def year_param(request) -> int:
    value = request.GET.get("year", "")
    return (
        int(value) if value.isdigit() and 1921 <= int(value) <= 2200 else timezone.localdate().year
    )


def birthday_rows(user, year: int, month: int):
    members = political_birthdays(selectors.member_list(user=user), year=year, month=month)
    return members, lambda m: [
        m.name,
        m.organization.name,
        m.joined_on,
        year - m.joined_on.year,
    ]


class XlsxOnRequest:
    """``?format=xlsx`` answers the page's list as a workbook instead of HTML."""

    export_title = ""
    export_headers: list[str] = []

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return xlsx_table_response(
                self.export_title, self.export_headers, self.export_rows(), user=request.user
            )
        return super().get(request, *args, **kwargs)


class PoliticalBirthdayView(XlsxOnRequest, RegistryAccessMixin, TemplateView):
    """This month's political birthdays: the secretary's list for 政治生日 activities."""

    template_name = "members/birthdays.html"
    export_title = "政治生日"
    export_headers = ["姓名", "所在党组织", "入党日期", "入党年数"]

    def export_rows(self):
        year, month = month_param(self.request)
        members, row = birthday_rows(self.request.user, year, month)
        return (row(member) for member in members.iterator(chunk_size=2000))

    def get_context_data(self, **kwargs):
        year, month = month_param(self.request)
        members = political_birthdays(
            selectors.member_list(user=self.request.user), year=year, month=month
        )
        page = Paginator(members, 50).get_page(self.request.GET.get("page"))
        rows = [(member, year - member.joined_on.year) for member in page]
        return super().get_context_data(year=year, month=month, page_obj=page, rows=rows, **kwargs)


class MilestoneView(XlsxOnRequest, RegistryAccessMixin, TemplateView):
    """Members reaching 30/40/50 years of Party age this year (党龄纪念章)."""

    template_name = "members/milestones.html"
    export_title = "党龄纪念"
    export_headers = ["姓名", "所在党组织", "转正日期", "党龄（年）"]

    def export_rows(self):
        rows = milestone_members(
            selectors.member_list(user=self.request.user), year=year_param(self.request)
        )
        return ([m.name, m.organization.name, m.full_member_on, years] for m, years in rows)

    def get_context_data(self, **kwargs):
        year = year_param(self.request)
        rows = milestone_members(selectors.member_list(user=self.request.user), year=year)
        return super().get_context_data(year=year, rows=rows[:1000], total=len(rows), **kwargs)


# --- 身份号码冲突: the district admin's list --------------------------------------------------


class ConflictAccessMixin(RegistryAccessMixin):
    """Only a district admin resolves conflicts; for anyone else the page does not exist."""

    def prepare(self) -> None:
        if not conflicts.can_resolve_conflicts(self.request.user):
            raise Http404("未找到该页面")


class ConflictListView(ConflictAccessMixin, TemplateView):
    template_name = "members/conflicts.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        queryset = conflicts.conflict_list(user=user)
        if self.request.GET.get("all") != "1":
            queryset = queryset.filter(resolved_at__isnull=True)
        page = Paginator(queryset, 50).get_page(self.request.GET.get("page"))
        rows = conflicts.conflict_rows(list(page), user=user)
        return super().get_context_data(
            page_obj=page, rows=rows, show_all=self.request.GET.get("all") == "1", **kwargs
        )


class ConflictResolveView(ConflictAccessMixin, View):
    def post(self, request, pk: int):
        conflict = get_scoped_or_404(IdentityConflict.objects.all(), request.user, pk=pk)
        try:
            conflicts.identity_conflict_resolve(
                actor=request.user, conflict=conflict, note=request.POST.get("note", "")
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已核处：{conflict.id_number_masked}")
        return redirect("members:conflicts")
