"""The workforce's yearly figures by region (figures.py), on a page and as a file."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.core.downloads import xlsx_table_response
from liangxin.core.scoping import get_scoped_or_404, scoped, user_scope
from liangxin.core.views import RegistryAccessMixin
from liangxin.regions.models import Region
from liangxin.workforce import figures

FIRST_YEAR = 2018


def chosen_year(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return min(max(year, FIRST_YEAR), this_year)


def chosen_region(request) -> Region:
    """``?region=code`` inside the scope (404 outside), else the user's first region; the
    figures are by region, so a user holding organizations only is refused."""
    code = request.GET.get("region", "").strip()
    if code:
        return get_scoped_or_404(Region.objects.all(), request.user, code=code)
    paths = user_scope(request.user).region_paths
    region = Region.objects.filter(path__in=paths).order_by("path").first()
    if region is None:
        raise PermissionDenied("队伍建设统计按区域查看，您的账号没有管辖区域")
    return region


class FiguresMixin(RegistryAccessMixin):
    def figures(self) -> figures.Figures:
        request = self.request
        return figures.figures(
            user=request.user, region=chosen_region(request), year=chosen_year(request)
        )


class FiguresView(FiguresMixin, TemplateView):
    template_name = "workforce/figures.html"

    def get_context_data(self, **kwargs):
        found = self.figures()
        region = found.region
        parent = None if region.is_root() else Region.objects.get_parent(region)
        if (
            parent is not None
            and not scoped(Region.objects.filter(pk=parent.pk), self.request.user).exists()
        ):
            parent = None
        return super().get_context_data(
            figures=found,
            columns=figures.COLUMNS,
            parent=parent,
            regions=Region.objects.filter(
                path__in=user_scope(self.request.user).region_paths
            ).order_by("path"),
            years=list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
            **kwargs,
        )


class FiguresExportView(FiguresMixin, View):
    def get(self, request):
        found = self.figures()
        headers = ["区域", *[label for _, label in figures.COLUMNS], "参训率", "初任培训及时率"]
        rows = [
            [
                row.label,
                *[row.values[key] for key in figures.KEYS],
                row.trained_share,
                row.in_time_share,
            ]
            for row in [*found.rows, found.total]
        ]
        title = f"{found.region.name}{found.year}年党建指导员和党务工作者队伍统计"
        return xlsx_table_response(title, headers, rows, user=request.user)
