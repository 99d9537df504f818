"""逾期通报 page and its export (WORK.md §5 "> 5 working days late → 通报"): scoped, by
region and by the month the due fell in, grouped by lead unit and ranked (notices.py)."""

import datetime

from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.core.downloads import xlsx_table_response
from liangxin.core.scoping import scoped
from liangxin.core.views import RegistryAccessMixin
from liangxin.regions.models import Region
from liangxin.requests import notices, selectors

UNITS_PER_PAGE = 20


def _month(text: str | None) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        return None


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


class NoticeMixin:
    def notices(self):
        get = self.request.GET
        region = None
        if code := get.get("region", "").strip():
            region = scoped(Region.objects.filter(code=code), self.request.user).first()
            if region is None:
                raise Http404("未找到该区域")
        month = _month(get.get("month"))
        late = notices.late_requests(user=self.request.user, region=region, month=month)
        return region, month, notices.by_unit(late)


class NoticeView(NoticeMixin, RegistryAccessMixin, TemplateView):
    template_name = "requests/notices.html"

    def get_context_data(self, **kwargs):
        region, month, groups = self.notices()
        page = Paginator(groups, UNITS_PER_PAGE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            region=region,
            month=month,
            page=page,
            total=sum(group.count for group in groups),
            days=notices.threshold(),
            regions=selectors.region_choices(self.request.user),
            query=query,
            **kwargs,
        )


HEADERS = [
    "名次", "牵头单位", "诉求编号", "企业", "所属区域", "紧急程度", "状态", "办理期限",
    "办结时间", "逾期工作日", "仍在办理",
]  # fmt: skip


def export_rows(groups):
    for group in groups:
        for item in group.items:
            r = item.request
            yield [
                group.rank, group.unit, r.number, r.enterprise.name, r.enterprise.region.name,
                r.get_urgency_display(), r.get_state_display(), _local(r.due_at),
                _local(r.finished_at), item.workdays_late, "是" if item.running else "否",
            ]  # fmt: skip


class NoticeExportView(NoticeMixin, RegistryAccessMixin, View):
    def get(self, request):
        region, month, groups = self.notices()
        title = f"诉求逾期通报（超过 {notices.threshold()} 个工作日）"
        if month:
            title += f"{month:%Y年%m月}到期"
        return xlsx_table_response(title, HEADERS, export_rows(groups), user=request.user)
