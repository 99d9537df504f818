"""Pages of the 党内统计 forms (WORK.md §7): the two forms for a region and date with
every cell linked to the units behind it, their xlsx, and the returns with their review
steps. Every page is scoped: a region outside the user's scope is a 404."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from liangxin.core.views import RegistryAccessMixin
from liangxin.statforms import editions, permissions, selectors, services, xlsx
from liangxin.statforms.models import StatReturn

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_PARAM = 64


def default_as_of() -> datetime.date:
    """31 December of last year: the annual return's date."""
    return datetime.date(timezone.localdate().year - 1, 12, 31)


class BadQuery(Exception):
    pass


def parse_date(raw: str) -> datetime.date:
    raw = (raw or "").strip()
    if not raw:
        return default_as_of()
    if len(raw) > 10:
        raise BadQuery("统计截止日期格式应为 YYYY-MM-DD")
    try:
        value = datetime.date.fromisoformat(raw)
    except ValueError:
        raise BadQuery("统计截止日期格式应为 YYYY-MM-DD") from None
    if value > timezone.localdate():
        raise BadQuery("统计截止日期不能晚于今天")
    if value.year < 1990:
        raise BadQuery("统计截止日期过早")
    return value


class StatAccess(RegistryAccessMixin):
    def prepare(self):
        if not permissions.can_view(self.request.user):
            raise PermissionDenied("您的角色不查看党内统计报表")

    def query(self):
        """(edition, region, as_of) of the query string; a region out of scope is a 404."""
        get = self.request.GET
        if any(len(v) > MAX_PARAM for v in get.values()):
            raise BadQuery("查询参数过长")
        edition = get.get("edition", "").strip() or editions.DEFAULT_EDITION
        if edition not in editions.EDITIONS:
            raise BadQuery("未知的报表版本")
        code = get.get("region", "").strip()
        region = (
            selectors.region_for(self.request.user, code)
            if code
            else selectors.default_region(self.request.user)
        )
        if region is None:
            raise PermissionDenied("您没有可统计的区域")
        return edition, region, parse_date(get.get("as_of", ""))

    def bad(self, message: str):
        response = self.render_to_response(self.get_context_data(error=message))
        response.status_code = 400
        return response


class FormsPage(StatAccess, TemplateView):
    template_name = "statforms/forms.html"

    def get(self, request, *args, **kwargs):
        try:
            edition, region, as_of = self.query()
        except BadQuery as exc:
            return self.bad(str(exc))
        tables = [
            selectors.table(editions.FORMS[t], region, as_of, edition)
            for t in editions.titles_of(edition)
        ]
        return self.render_to_response(
            self.get_context_data(
                tables=tables, edition=edition, region=region, as_of=as_of, live=True
            )
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("editions", list(editions.EDITIONS))
        kwargs.setdefault("default_as_of", default_as_of())
        return super().get_context_data(**kwargs)


class ExportView(StatAccess, TemplateView):
    template_name = "statforms/forms.html"

    def get(self, request, *args, **kwargs):
        try:
            edition, region, as_of = self.query()
        except BadQuery as exc:
            return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
        titles = editions.titles_of(edition)
        title = request.GET.get("title", "")
        if title:
            selectors.form_or_404(title)
            titles = [title]
        tables = [selectors.table(editions.FORMS[t], region, as_of, edition) for t in titles]
        return xlsx_response(tables, f"党内统计_{region.code}_{as_of:%Y%m%d}.xlsx")


def xlsx_response(tables, filename: str) -> HttpResponse:
    response = HttpResponse(xlsx.form_workbook(tables), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


class CellPage(StatAccess, TemplateView):
    template_name = "statforms/cell.html"

    def get(self, request, *args, **kwargs):
        try:
            edition, region, as_of = self.query()
        except BadQuery as exc:
            return self.bad(str(exc))
        get = request.GET
        form, row, col, units, behind = selectors.cell_units(
            request.user,
            get.get("title", ""),
            region,
            as_of,
            get.get("row", ""),
            get.get("col", ""),
        )
        units = list(units[:2000])
        return self.render_to_response(
            self.get_context_data(
                form=form,
                number=editions.number_of(edition, form.title),
                row=row,
                col=col,
                units=units,
                behind=list(behind[:500]) if behind is not None else None,
                region=region,
                as_of=as_of,
                edition=edition,
            )
        )


class ReturnList(StatAccess, TemplateView):
    template_name = "statforms/returns.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            returns=selectors.returns(user).order_by("-as_of", "region__code", "-version")[:200],
            can_keep=permissions.can_keep(user),
            editions=list(editions.EDITIONS),
            default_as_of=default_as_of(),
            default_region=selectors.default_region(user),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        data = request.POST
        edition = data.get("edition", "").strip()
        code = data.get("region", "").strip()[:MAX_PARAM]
        try:
            as_of = parse_date(data.get("as_of", "")[:MAX_PARAM] or "x")
            if edition not in editions.EDITIONS:
                raise BadQuery("未知的报表版本")
        except BadQuery as exc:
            return self.refused(str(exc))
        region = selectors.region_for(request.user, code)
        try:
            created = services.create_return(request.user, region, as_of, edition)
        except ValidationError as exc:
            return self.refused("；".join(exc.messages))
        messages.success(request, f"已新建：{created}")
        return redirect("statforms:return", pk=created.pk)

    def refused(self, message: str):
        response = self.render_to_response(self.get_context_data(error=message))
        response.status_code = 400
        return response


class ReturnPage(StatAccess, TemplateView):
    template_name = "statforms/return.html"

    def prepare(self):
        super().prepare()
        self.object = selectors.return_or_404(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        r: StatReturn = self.object
        return super().get_context_data(
            object=r,
            tables=selectors.return_tables(r),
            region=r.region,
            as_of=r.as_of,
            edition=r.edition,
            live=not r.is_frozen,
            may_advance=services.may_advance(self.request.user, r),
            step_label=services.STEP_LABEL.get(r.state, ""),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("export"):
            return xlsx_response(
                selectors.return_tables(self.object),
                f"党内统计_{self.object.region.code}_{self.object.as_of:%Y%m%d}"
                f"_v{self.object.version}.xlsx",
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.advance(request.user, self.object)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已完成审核步骤")
        return redirect(reverse("statforms:return", args=[self.object.pk]))
