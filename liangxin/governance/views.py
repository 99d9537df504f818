"""Pages of leadership and governance (Chinese, scoped; the record forms fit a 390 px
phone): the organizations with their committees' counts, one organization's committee with
双向进入、交叉任职 and 党建入章, the add / correct / end-term forms, and the 泉州 figures by
region with their xlsx and csv export."""

import csv
import datetime
import io
from urllib.parse import quote

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from liangxin.core.downloads import report_title, xlsx_table_response
from liangxin.core.views import RecordFormPage, RegistryAccessMixin
from liangxin.governance import forms, permissions, selectors, services
from liangxin.regions.pages import chosen_region

PAGE_SIZE = 25


class Tabs:
    TABS = [("organizations", "班子与双向进入"), ("figures", "治理统计")]
    tab = "organizations"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tabs=self.TABS, tab=self.tab, **kwargs)


def chosen_date(request) -> datetime.date:
    """The ?as_of= day; missing or malformed: today."""
    text = request.GET.get("as_of", "").strip()[:10]
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return timezone.localdate()
    return day if forms.EARLIEST <= day <= forms.LATEST else timezone.localdate()


def _yes(value) -> str:
    return "—" if value is None else ("是" if value else "否")


class OrganizationList(Tabs, RegistryAccessMixin, TemplateView):
    template_name = "governance/organizations.html"

    def rows(self):
        rows = selectors.organizations(user=self.request.user).order_by("region__path", "path")
        region = chosen_region(self.request)
        if region is not None:
            rows = rows.filter(region__path__startswith=region.path)
        text = self.request.GET.get("q", "").strip()[:50]
        if text:
            rows = rows.filter(Q(name__contains=text) | Q(code__contains=text))
        return rows

    def get_context_data(self, **kwargs):
        page = Paginator(self.rows(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            title="班子与双向进入",
            page=page,
            query=query,
            regions=selectors.region_choices(self.request.user),
            **kwargs,
        )


class CommitteePage(Tabs, RegistryAccessMixin, TemplateView):
    template_name = "governance/committee.html"

    def prepare(self) -> None:
        self.org = selectors.organization(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        current, others = selectors.committee(self.org)
        return super().get_context_data(
            title=f"{self.org.name}班子",
            org=self.org,
            current=current,
            others=others,
            figures=selectors.organization_figures(self.org),
            may_keep=permissions.can_keep(self.request.user),
            yes=_yes,
            **kwargs,
        )


class FormPage(Tabs, RecordFormPage):
    template_name = "governance/form.html"
    allowed = staticmethod(permissions.can_keep)
    refused = "您的角色不能维护党组织班子成员"

    def back_url(self) -> str:
        return reverse("governance:committee", args=[self.org.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(org=self.org, **kwargs)


class MemberCreate(FormPage):
    title, done = "添加班子成员", "已添加班子成员"
    form_class = forms.CommitteeMemberForm

    def prepare(self) -> None:
        super().prepare()
        self.org = selectors.organization(user=self.request.user, pk=self.kwargs["pk"])

    def get_initial(self):
        return {"term_started_on": self.org.term_started_on or timezone.localdate()}

    def perform(self, d):
        return services.committee_member_save(actor=self.request.user, organization=self.org, **d)


class RowForm(FormPage):
    def prepare(self) -> None:
        super().prepare()
        self.row = selectors.committee_member(user=self.request.user, pk=self.kwargs["pk"])
        self.org = self.row.organization

    def get_context_data(self, **kwargs):
        return super().get_context_data(row=self.row, **kwargs)


class MemberEdit(RowForm):
    title, done = "修改班子成员", "已修改班子成员"
    form_class = forms.CommitteeMemberForm

    def get_initial(self):
        r = self.row
        initial = {name: getattr(r, name) for name in services.FIELDS if name != "member"}
        initial["member"] = r.member.public_id if r.member else ""
        return initial

    def perform(self, d):
        return services.committee_member_save(
            actor=self.request.user, organization=self.org, row=self.row, **d
        )


class MemberEnd(RowForm):
    title, done = "登记离任", "已登记离任"
    form_class = forms.EndTermForm

    def prepare(self) -> None:
        super().prepare()
        if self.row.term_ended_on is not None:
            raise Http404("该成员已登记离任")

    def get_initial(self):
        return {"term_ended_on": timezone.localdate()}

    def perform(self, d):
        return services.committee_member_end(actor=self.request.user, row=self.row, **d)


# --- the figures by region ----------------------------------------------------------------


def _cell(value):
    return "" if value is None else value


def figure_table(found: dict) -> tuple[list[str], list[list]]:
    headers = ["区域", *(label for _, label in found["columns"])]
    rows = [
        [row["label"], *(_cell(row[key]) for key, _ in found["columns"])]
        for row in [*found["rows"], *([found["total"]] if found["rows"] else [])]
    ]
    return headers, rows


class Figures(Tabs, RegistryAccessMixin, TemplateView):
    tab, template_name = "figures", "governance/figures.html"
    export = ""

    def found(self) -> dict:
        return selectors.figures_by_region(
            self.request.user, chosen_region(self.request), chosen_date(self.request)
        )

    def get(self, request, *args, **kwargs):
        if not self.export:
            return super().get(request, *args, **kwargs)
        found = self.found()
        headers, rows = figure_table(found)
        title = f"党建入章与双向进入（截至{found['as_of'].isoformat()}）"
        if self.export == "xlsx":
            return xlsx_table_response(title, headers, rows, user=request.user)
        return csv_response(title, headers, rows, found, user=request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="治理统计",
            found=self.found(),
            regions=selectors.region_choices(self.request.user),
            query=self.request.GET,
            **kwargs,
        )


def csv_response(title: str, headers, rows, found: dict, *, user) -> HttpResponse:
    """UTF-8 with a BOM (Excel opens it in Chinese); the title row, then the base."""
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow([report_title(title, user=user)])
    writer.writerow([f"口径：{found['base']}"])
    writer.writerow(headers)
    writer.writerows(rows)
    response = HttpResponse("\ufeff" + stream.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = quote(f"{title}-{stamp}.csv")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    response["Cache-Control"] = "no-store"
    response.audit_details = {"rows": len(rows)}
    return response
