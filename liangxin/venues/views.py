"""Pages of the places (Chinese, scoped; the check form fits a 390 px phone): the list with
its filters (region, kind, level, 未完善) and xlsx export, the directory by town (printable,
no map), a place's page, the place form (creates the station and its profile together; on a
station of the old code it creates the profile), the check form and the statistics."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.scoping import scoped
from liangxin.core.services import OutOfScope
from liangxin.core.views import RegistryAccessMixin
from liangxin.regions.models import Region
from liangxin.venues import forms, permissions, selectors, services
from liangxin.venues.models import VenueKind, VenueLevel, VenueStandard

PAGE_SIZE = 25
MISSING = "未完善"

TABS = [
    ("places", "阵地"),
    ("directory", "阵地名录"),
    ("figures", "阵地统计"),
    ("vocabulary", "类型与标准"),
]


class Tabs:
    tab = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(tabs=TABS, tab=self.tab, **kwargs)


def chosen_region(request) -> Region | None:
    """The ?region= code in the user's scope; a code outside it is a 404."""
    code = request.GET.get("region", "").strip()
    if not code:
        return None
    region = scoped(Region.objects.filter(code=code), request.user).first()
    if region is None:
        raise Http404("未找到该区域")
    return region


def _text(value) -> str:
    return "" if value is None else str(value)


# --- the list ---------------------------------------------------------------------------


HEADERS = [
    "名称", "阵地类型", "阵地等级", "所属区域", "所属中心", "地址", "面积（平方米）",
    "功能室数", "开放时间", "服务的党组织数", "下设站点数", "联系人", "联系电话",
]  # fmt: skip


def place_cells(station) -> list:
    profile = selectors.profile_of(station)
    if profile is None:
        return [station.name, MISSING, MISSING, station.region.name, "", station.address,
                "", "", "", station.organization_count, station.child_count, "", ""]  # fmt: skip
    return [
        station.name, profile.kind.name, profile.level.name, station.region.name,
        _text(profile.parent), station.address, _text(profile.area_m2), _text(profile.rooms),
        profile.opening_hours, station.organization_count, station.child_count,
        profile.contact_name, profile.contact_phone,
    ]  # fmt: skip


class PlaceList(Tabs, RegistryAccessMixin, TemplateView):
    """Places in scope, 25 a page; ``export=True``: the same rows as xlsx."""

    template_name = "venues/list.html"
    tab = "places"
    export = False

    def rows(self):
        get = self.request.GET
        rows = selectors.places(user=self.request.user)
        region = chosen_region(self.request)
        if region is not None:
            rows = rows.filter(region__path__startswith=region.path)
        if kind := get.get("kind", "").strip():
            rows = rows.filter(venue__kind__code=kind)
        if level := get.get("level", "").strip():
            rows = rows.filter(venue__level__code=level)
        if get.get("missing") == "1":
            rows = rows.filter(venue__isnull=True)
        if text := get.get("q", "").strip()[:50]:
            rows = rows.filter(Q(name__contains=text) | Q(address__contains=text))
        return rows

    def get(self, request, *args, **kwargs):
        if self.export:
            cells = (place_cells(row) for row in self.rows().iterator(chunk_size=500))
            return xlsx_table_response("阵地", HEADERS, cells, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        page = Paginator(self.rows(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            title="阵地",
            headers=HEADERS[:5] + ["服务党组织", "下设站点"],
            page=page,
            items=[(row, selectors.profile_of(row)) for row in page.object_list],
            query=query,
            regions=selectors.region_choices(self.request.user),
            kinds=VenueKind.objects.all(),
            levels=VenueLevel.objects.all(),
            may_keep=permissions.can_keep(self.request.user),
            **kwargs,
        )


# --- the directory ----------------------------------------------------------------------


class Directory(Tabs, RegistryAccessMixin, TemplateView):
    template_name = "venues/directory.html"
    tab = "directory"

    def get_context_data(self, **kwargs):
        region = chosen_region(self.request)
        return super().get_context_data(
            title="阵地名录",
            groups=selectors.directory(user=self.request.user, region=region),
            region=region,
            regions=selectors.region_choices(self.request.user),
            today=timezone.localdate(),
            **kwargs,
        )


# --- a place ----------------------------------------------------------------------------


class PlaceDetail(Tabs, RegistryAccessMixin, TemplateView):
    template_name = "venues/detail.html"
    tab = "places"

    def prepare(self) -> None:
        self.detail = selectors.place_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.detail.station.name,
            d=self.detail,
            may_keep=permissions.can_keep(self.request.user),
            **kwargs,
        )


class FormPage(Tabs, RegistryAccessMixin, FormView):
    """A record form: role checked first (403), the service saves; its errors stay on the
    form and nothing is saved."""

    template_name = "venues/form.html"
    tab = "places"
    title = ""

    def prepare(self) -> None:
        if not permissions.can_keep(self.request.user):
            raise PermissionDenied("您的角色不能维护阵地")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back=self.back_url(), **kwargs)

    def back_url(self) -> str:
        return reverse("venues:places")

    def form_valid(self, form):
        try:
            saved = self.perform(form)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存：{saved}")
        return redirect(self.success_url_for(saved))

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def success_url_for(self, saved) -> str:
        return reverse("venues:place", args=[saved.pk])


class PlaceCreate(FormPage):
    title = "新增阵地"
    form_class = forms.PlaceForm

    def perform(self, form):
        return services.place_save(actor=self.request.user, data=form.cleaned_data)


class PlaceEdit(FormPage):
    """Edit a place; on a station with no profile yet (未完善) the profile is created."""

    form_class = forms.PlaceForm

    def prepare(self) -> None:
        super().prepare()
        self.station = selectors.place(user=self.request.user, pk=self.kwargs["pk"])
        self.profile = selectors.profile_of(self.station)
        self.title = f"{'修改' if self.profile else '完善'}阵地：{self.station.name}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "station": self.station}

    def get_initial(self):
        s, p = self.station, self.profile
        visible = scoped(s.organizations.all(), self.request.user)
        initial = {
            "name": s.name,
            "region": s.region.code,
            "address": s.address,
            "organizations": list(visible.values_list("code", flat=True)),
        }
        if p is not None:
            for field in services.PROFILE_FIELDS:
                initial[field] = getattr(p, f"{field}_id", None) or getattr(p, field)
        return initial

    def back_url(self) -> str:
        return reverse("venues:place", args=[self.station.pk])

    def perform(self, form):
        return services.place_save(
            actor=self.request.user, data=form.cleaned_data, station=self.station
        )


class CheckCreate(FormPage):
    template_name = "venues/check.html"
    form_class = forms.CheckForm

    def prepare(self) -> None:
        super().prepare()
        self.station = selectors.place(user=self.request.user, pk=self.kwargs["pk"])
        self.profile = selectors.profile_of(self.station)
        if self.profile is None:
            messages.warning(self.request, "请先完善阵地档案（类型、等级）再登记检查")
        self.title = f"登记检查：{self.station.name}"

    def get(self, request, *args, **kwargs):
        if self.profile is None:
            return redirect("venues:place-edit", pk=self.station.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.profile is None:
            return redirect("venues:place-edit", pk=self.station.pk)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return {**kwargs, "standards": services.applicable_standards(self.profile)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(station=self.station, profile=self.profile, **kwargs)

    def back_url(self) -> str:
        return reverse("venues:place", args=[self.station.pk])

    def perform(self, form):
        data = form.cleaned_data
        check = services.check_record(
            actor=self.request.user,
            station=self.station,
            checked_on=data["checked_on"],
            checker=data["checker"],
            note=data["note"],
            items=form.items(),
        )
        return check

    def success_url_for(self, saved) -> str:
        return self.back_url()


class CheckEdit(FormPage):
    """Correct a check (its date, checker, opinion, the items met); the items stay those the
    check was made against, with their points."""

    template_name = "venues/check.html"
    form_class = forms.CheckForm

    def prepare(self) -> None:
        super().prepare()
        self.venue_check = selectors.check(user=self.request.user, pk=self.kwargs["pk"])
        self.station = self.venue_check.station
        self.profile = selectors.profile_of(self.station)
        self.standards = services.check_standards(self.venue_check)
        self.title = f"修改检查：{self.station.name}（{self.venue_check.checked_on:%Y-%m-%d}）"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return {**kwargs, "standards": self.standards}

    def get_initial(self):
        c = self.venue_check
        initial = {"checked_on": c.checked_on, "checker": c.checker, "note": c.note}
        for item in c.items.all():
            initial[f"met_{item.standard_id}"] = item.met
            initial[f"note_{item.standard_id}"] = item.note
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(station=self.station, profile=self.profile, **kwargs)

    def back_url(self) -> str:
        return reverse("venues:place", args=[self.station.pk])

    def perform(self, form):
        data = form.cleaned_data
        return services.check_update(
            actor=self.request.user,
            check=self.venue_check,
            checked_on=data["checked_on"],
            checker=data["checker"],
            note=data["note"],
            items=form.items(),
        )

    def success_url_for(self, saved) -> str:
        return self.back_url()


# --- statistics -------------------------------------------------------------------------


def chosen_year(request) -> int:
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "").strip()
    if raw.isdigit() and 2000 <= int(raw) <= this_year:
        return int(raw)
    return this_year


class Figures(Tabs, RegistryAccessMixin, TemplateView):
    """Places by town and kind, by town and level; activities and 组织生活 with their
    participants in a year."""

    template_name = "venues/figures.html"
    tab = "figures"
    export = False

    def figures(self):
        user, region = self.request.user, chosen_region(self.request)
        year = chosen_year(self.request)
        return {
            "region": region,
            "year": year,
            "by_kind": selectors.crosstab(user=user, region=region, by="kind"),
            "by_level": selectors.crosstab(user=user, region=region, by="level"),
            "activities": selectors.activity_figures(user=user, region=region, year=year),
        }

    def get(self, request, *args, **kwargs):
        if self.export:
            return self.workbook(self.figures())
        return super().get(request, *args, **kwargs)

    def workbook(self, f):
        """One sheet: the kind table, then the level table, then the year's activities."""
        rows: list[list] = []
        for label, table in (("按类型", f["by_kind"]), ("按等级", f["by_level"])):
            rows.append([label, *[c.name for c in table.columns], MISSING, "合计"])
            for town, cells, missing, total in table.rows:
                rows.append([_town_name(town), *cells, missing, total])
            rows.append(["合计", *table.column_totals, table.missing_total, table.total])
            rows.append([])
        headers = ["开展活动的阵地数", "活动次数", "参加人次", "组织生活次数", "组织生活到会人次"]
        rows.append([f"{f['year']}年阵地活动", *headers])
        for r in f["activities"]:
            counts = [r.places, r.activities, r.participants, r.meetings, r.attendance]
            rows.append([_town_name(r.town), *counts])
        return xlsx_table_response("阵地统计", ["阵地统计"], rows, user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="阵地统计",
            regions=selectors.region_choices(self.request.user),
            years=range(timezone.localdate().year, 2019, -1),
            missing=MISSING,
            **self.figures(),
            **kwargs,
        )


def _town_name(town) -> str:
    return town.name if town is not None else "（区域以上）"


# --- the district's vocabulary -----------------------------------------------------------

VOCABULARY = {
    "kinds": ("阵地类型", VenueKind, forms.KindForm),
    "levels": ("阵地等级", VenueLevel, forms.LevelForm),
    "standards": ("阵地建设标准", VenueStandard, forms.StandardForm),
}


class Vocabulary(Tabs, RegistryAccessMixin, TemplateView):
    """The kinds, levels and standard items with their sources; the district edits them."""

    template_name = "venues/vocabulary.html"
    tab = "vocabulary"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="类型、等级与标准",
            kinds=VenueKind.objects.all(),
            levels=VenueLevel.objects.all(),
            standards=VenueStandard.objects.prefetch_related("kinds"),
            may_edit=permissions.can_edit_vocabulary(self.request.user),
            **kwargs,
        )


class VocabularyEdit(FormPage):
    """Add (no pk) or change one row of a section."""

    tab = "vocabulary"

    def prepare(self) -> None:
        if not permissions.can_edit_vocabulary(self.request.user):
            raise PermissionDenied("只有区级管理员可以维护阵地类型、等级和标准")
        if self.kwargs["section"] not in VOCABULARY:
            raise Http404("没有这一项")
        label, self.model, self.form_class = VOCABULARY[self.kwargs["section"]]
        self.row = None
        if "pk" in self.kwargs:
            self.row = self.model.objects.filter(pk=self.kwargs["pk"]).first()
            if self.row is None:
                raise Http404("未找到该记录")
        self.title = f"{'修改' if self.row else '新增'}{label}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.row}

    def back_url(self) -> str:
        return reverse("venues:vocabulary")

    def perform(self, form):
        return services.vocabulary_save(
            actor=self.request.user, model=self.model, data=form.service_data(), row=self.row
        )

    def success_url_for(self, saved) -> str:
        return self.back_url()
