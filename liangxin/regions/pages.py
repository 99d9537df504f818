"""The pieces every app's record lists share: the ?region= and ?year= filters read in the
user's scope, and a scoped list page (region, year and text filters, 25 a page, the same
rows as xlsx). Here and not in core.views because the region filter needs the Region
model, which sits a floor above core."""

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from liangxin.core.downloads import xlsx_table_response
from liangxin.core.scoping import scoped
from liangxin.core.views import RegistryAccessMixin
from liangxin.regions.models import Region

PAGE_SIZE = 25
SEARCH_MAX_LENGTH = 50
FIRST_YEAR, LAST_YEAR = 2000, 2100


def chosen_region(request) -> Region | None:
    """The ?region= code in the user's scope; a code outside it is a 404."""
    code = request.GET.get("region", "").strip()[:32]  # Region.code is 32 at most
    if not code:
        return None
    region = scoped(Region.objects.filter(code=code), request.user).first()
    if region is None:
        raise Http404("未找到该区域")
    return region


def chosen_year(request, default: int | None = None) -> int:
    """?year=, else ``default`` (this year): a malformed or absurd year is the default."""
    fallback = default or timezone.localdate().year
    try:
        year = int(request.GET.get("year", fallback))
    except (TypeError, ValueError):
        return fallback
    return year if FIRST_YEAR <= year <= LAST_YEAR else fallback


def filter_regions(user) -> QuerySet:
    """The district, towns and parks a list's region filter offers (no grids or areas)."""
    return scoped(Region.objects.exclude(kind__in=("grid", "area")), user).order_by("path")


class ScopedListPage(RegistryAccessMixin, TemplateView):
    """A scoped list filtered by region, year and text, 25 a page; ``export=True``: the
    same rows as an xlsx file. A subclass names its rows (``base_rows``, already scoped),
    its cells and where the filters apply; the template is the app's own."""

    namespace = ""  # the app's URL namespace: the export is "<namespace>:<tab>-export"
    tab = ""
    export = False
    title = ""
    headers: list[str] = []
    region_field = ""  # the region path the ?region= filter narrows, e.g. "region__path"
    year_field = ""  # the field ?year= filters, e.g. "year"; empty: no year filter
    search_fields: tuple[str, ...] = ()
    create_url_name = ""
    create_label = ""

    def base_rows(self) -> QuerySet:
        raise NotImplementedError

    def cells(self, row) -> list:
        raise NotImplementedError

    def link(self, row) -> str | None:
        return None

    def item(self, row) -> tuple:
        """One row of the table as the template reads it."""
        return self.link(row), self.cells(row)

    def may_create(self) -> bool:
        return False

    def create_url(self) -> str:
        return reverse(self.create_url_name) if self.create_url_name else ""

    def region_choices(self) -> QuerySet:
        return filter_regions(self.request.user)

    def rows(self) -> QuerySet:
        rows = self.base_rows()
        region = chosen_region(self.request)
        if region is not None and self.region_field:
            rows = rows.filter(**{f"{self.region_field}__startswith": region.path})
        if self.year_field and self.request.GET.get("year"):
            rows = rows.filter(**{self.year_field: chosen_year(self.request)})
        text = self.request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
        if text and self.search_fields:
            condition = Q()
            for name in self.search_fields:
                condition |= Q(**{f"{name}__contains": text})
            rows = rows.filter(condition)
        return rows

    def get(self, request, *args, **kwargs):
        if self.export:
            rows = (self.cells(row) for row in self.rows().iterator(chunk_size=500))
            return xlsx_table_response(self.title, self.headers, rows, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        page = Paginator(self.rows(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            title=self.title,
            headers=self.headers,
            page=page,
            items=[self.item(row) for row in page.object_list],
            query=query,
            regions=self.region_choices(),
            export_url=reverse(f"{self.namespace}:{self.tab}-export"),
            create_url=self.create_url(),
            create_label=self.create_label,
            may_create=self.may_create(),
            **kwargs,
        )
