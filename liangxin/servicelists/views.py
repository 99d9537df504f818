"""Pages of the three lists (Chinese, scoped, 25 a page, filtered by region, exported to
xlsx): needs with the match flow (need → resource or service item → delivered → service
record), resources, the service menu, activities, events, the figures and the types."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.core.services import OutOfScope
from liangxin.core.views import ConfirmDeletePage, RegistryAccessMixin
from liangxin.regions.models import Region
from liangxin.servicelists import columns, forms, permissions, selectors, services
from liangxin.servicelists.models import (
    Activity,
    ActivityType,
    Event,
    EventType,
    Group,
    NeedCategory,
    NeedState,
    OutcomeKind,
    Resource,
    ServiceItem,
)

PAGE_SIZE = 25


def filter_region(user, queryset, code: str, field: str = "region__path"):
    """``?region=<code>``: rows under that region of the user's; another's finds nothing."""
    code = (code or "").strip()
    if not code:
        return queryset
    region = scoped(Region.objects.filter(code=code), user).first()
    return queryset.filter(**{f"{field}__startswith": region.path}) if region else queryset.none()


# --- lists -----------------------------------------------------------------------------


class Listing:
    """One list: its rows (scoped, filtered by ``?region``, ``?q`` and its own filters) and
    its columns, shared by the page and the xlsx export (columns.KINDS)."""

    kind = ""

    def rows(self):
        spec = columns.KINDS[self.kind]
        user, get = self.request.user, self.request.GET
        rows = filter_region(user, spec.selector(user=user), get.get("region", ""))
        if (text := get.get("q", "").strip()[:50]) and spec.search:
            found = Q()
            for field in spec.search:
                found |= Q(**{f"{field}__icontains": text})
            rows = rows.filter(found)
        for name, field, choices, _ in self.filters():
            if (value := get.get(name, "")) in choices:
                rows = rows.filter(**{field: value})
        return rows

    def filters(self) -> list[tuple[str, str, dict, str]]:
        """The list's filters, the choices read now (a district's table may have changed)."""
        if not hasattr(self, "_filters"):
            self._filters = [
                (name, field, choices() if callable(choices) else choices, label)
                for name, field, choices, label in columns.KINDS[self.kind].filters
            ]
        return self._filters


class ListView(Listing, RegistryAccessMixin, TemplateView):
    template_name = "servicelists/list.html"

    def get_context_data(self, **kwargs):
        spec = columns.KINDS[self.kind]
        page = Paginator(self.rows(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            spec=spec,
            filters=self.filters(),
            kind=self.kind,
            page=page,
            query=query,
            regions=selectors.region_choices(self.request.user),
            can_add=spec.may_add(self.request.user),
            **kwargs,
        )


class ExportView(Listing, RegistryAccessMixin, View):
    def get(self, request):
        spec = columns.KINDS[self.kind]
        rows = self.rows()
        if spec.prefetch:
            rows = rows.prefetch_related(*spec.prefetch)
        cells = ([cell(row) for _, cell in spec.columns] for row in rows.iterator(chunk_size=500))
        headers = [header for header, _ in spec.columns]
        return xlsx_table_response(spec.title, headers, cells, user=request.user)


def list_views(kind: str):
    return (
        type(f"{kind}List", (ListView,), {"kind": kind}).as_view(),
        type(f"{kind}Export", (ExportView,), {"kind": kind}).as_view(),
    )


# --- forms -----------------------------------------------------------------------------


class RecordFormView(RegistryAccessMixin, FormView):
    """A create (or edit) form whose service writes the record; errors beside the fields."""

    template_name = "servicelists/form.html"
    title = ""
    back = ""
    allowed = staticmethod(permissions.can_keep)
    refused = "您的角色不能登记此类记录"

    def prepare(self) -> None:
        if not self.allowed(self.request.user):
            raise PermissionDenied(self.refused)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back=self.back, **kwargs)

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存：{saved}")
        return redirect(self.success(saved))

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def success(self, saved) -> str:
        return self.back


class OfferFormView(RecordFormView):
    model = Resource

    def prepare(self) -> None:
        super().prepare()
        self.object = None
        if "pk" in self.kwargs:
            self.object = get_scoped_or_404(
                self.model.objects.all(), self.request.user, pk=self.kwargs["pk"]
            )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}


class ResourceFormView(OfferFormView):
    form_class = forms.ResourceForm
    title = "资源清单"
    back = reverse_lazy("servicelists:resources")
    refused = "您的角色不能维护资源清单"

    def save(self, form):
        return services.resource_save(
            actor=self.request.user, data=form.service_data(), resource=self.object
        )


class ServiceItemFormView(OfferFormView):
    model = ServiceItem
    form_class = forms.ServiceItemForm
    title = "服务菜单项目"
    back = reverse_lazy("servicelists:menu")
    refused = "您的角色不能维护服务菜单"

    def save(self, form):
        return services.service_item_save(
            actor=self.request.user, data=form.service_data(), item=self.object
        )


class NeedCreateView(RecordFormView):
    form_class = forms.NeedForm
    title = "登记需求"
    back = reverse_lazy("servicelists:needs")
    allowed = staticmethod(permissions.can_record)
    refused = "您的角色不能登记需求"

    def save(self, form):
        return services.need_create(actor=self.request.user, data=form.cleaned_data)

    def success(self, saved) -> str:
        return reverse("servicelists:need", args=[saved.pk])


class ActivityCreateView(RecordFormView):
    form_class = forms.ActivityForm
    title = "登记阵地活动"
    back = reverse_lazy("servicelists:activities")
    allowed = staticmethod(permissions.can_record)
    refused = "您的角色不能登记阵地活动"

    def save(self, form):
        return services.activity_create(actor=self.request.user, data=form.service_data())


class ActivityEditView(ActivityCreateView):
    """An activity corrected: the same form and service; out of scope is 404."""

    title = "修改阵地活动"

    def prepare(self) -> None:
        super().prepare()
        self.object = get_scoped_or_404(
            Activity.objects.all(), self.request.user, pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        delete = reverse("servicelists:activity-delete", args=[self.object.pk])
        return super().get_context_data(delete_url=delete, **kwargs)

    def save(self, form):
        return services.activity_save(
            actor=self.request.user, data=form.service_data(), activity=self.object
        )


class EventCreateView(RecordFormView):
    form_class = forms.EventForm
    title = "登记服务活动"
    back = reverse_lazy("servicelists:events")
    refused = "您的角色不能登记服务活动"

    def save(self, form):
        data, outcomes = form.service_data()
        return services.event_create(actor=self.request.user, data=data, outcomes=outcomes)

    def success(self, saved) -> str:
        return reverse("servicelists:event", args=[saved.pk])


class EventEditView(EventCreateView):
    """An event and its outcomes corrected: the same form and service; out of scope 404."""

    title = "修改服务活动"

    def prepare(self) -> None:
        super().prepare()
        self.object = get_scoped_or_404(
            Event.objects.all(), self.request.user, pk=self.kwargs["pk"]
        )
        self.back = reverse("servicelists:event", args=[self.object.pk])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        delete = reverse("servicelists:event-delete", args=[self.object.pk])
        return super().get_context_data(delete_url=delete, **kwargs)

    def save(self, form):
        data, outcomes = form.service_data()
        return services.event_save(
            actor=self.request.user, data=data, outcomes=outcomes, event=self.object
        )


class DeleteView(ConfirmDeletePage):
    model = Activity
    allowed = staticmethod(permissions.can_record)
    back = ""

    def find(self):
        return get_scoped_or_404(self.model.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def back_url(self) -> str:
        return str(self.back)


class ActivityDeleteView(DeleteView):
    noun = "阵地活动"
    back = reverse_lazy("servicelists:activities")

    def cancel_url(self) -> str:
        return reverse("servicelists:activity-edit", args=[self.object.pk])

    def perform(self, *, actor, record) -> None:
        services.activity_delete(actor=actor, activity=record)


class EventDeleteView(DeleteView):
    model = Event
    allowed = staticmethod(permissions.can_keep)
    noun = "服务活动"
    back = reverse_lazy("servicelists:events")

    def cancel_url(self) -> str:
        return reverse("servicelists:event", args=[self.object.pk])

    def going_too(self) -> list[str]:
        found = selectors.outcome_map(self.object)
        return [f"{label}：{found[kind]}" for kind, label in OutcomeKind.choices if kind in found]

    def perform(self, *, actor, record) -> None:
        services.event_delete(actor=actor, event=record)


# --- a need and its match flow ---------------------------------------------------------


class NeedDetailView(RegistryAccessMixin, TemplateView):
    template_name = "servicelists/need_detail.html"

    def prepare(self) -> None:
        self.need = selectors.need_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        need = self.need
        match = getattr(need, "match", None)
        keeper = permissions.can_keep(self.request.user)
        return super().get_context_data(
            need=need,
            match=match,
            record=getattr(match, "record", None) if match else None,
            may_match=keeper and need.state == NeedState.OPEN,
            may_deliver=keeper and need.state == NeedState.MATCHED,
            may_close=keeper and need.state in (NeedState.OPEN, NeedState.MATCHED),
            **kwargs,
        )


STEPS = {
    "match": (forms.MatchForm, "对接资源或服务", services.match_create),
    "deliver": (forms.DeliverForm, "登记服务记录", services.match_deliver),
    "close": (forms.CloseForm, "关闭需求", services.need_close),
}


class NeedStepView(RegistryAccessMixin, FormView):
    """One step of the match flow on a need (对接, 登记服务, 关闭)."""

    template_name = "servicelists/need_step.html"

    def prepare(self) -> None:
        if self.kwargs["step"] not in STEPS:
            raise Http404("没有这个操作")
        self.need = selectors.need_detail(user=self.request.user, pk=self.kwargs["pk"])
        if not permissions.can_keep(self.request.user):
            raise PermissionDenied("您的角色不能办理需求对接")
        self.make_form, self.label, self.perform = STEPS[self.kwargs["step"]]

    def get_form(self, form_class=None):
        kwargs = self.get_form_kwargs()
        if self.kwargs["step"] == "match":
            kwargs["user"] = self.request.user
        return self.make_form(**kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(need=self.need, label=self.label, **kwargs)

    def form_valid(self, form):
        try:
            self.perform(actor=self.request.user, need=self.need, **form.cleaned_data)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已{self.label}")
        return redirect("servicelists:need", self.need.pk)

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)


# --- the service menu and an event -----------------------------------------------------


class MenuView(RegistryAccessMixin, TemplateView):
    """菜单式服务目录: the items on offer, by the group they serve, with their process."""

    template_name = "servicelists/menu.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        items = filter_region(
            user, selectors.service_item_list(user=user), self.request.GET.get("region", "")
        )
        if self.request.GET.get("all") != "1":
            items = items.filter(active=True)
        groups = [(label, [i for i in items if i.group == value]) for value, label in Group.choices]
        return super().get_context_data(
            groups=groups,
            query=self.request.GET,
            regions=selectors.region_choices(user),
            can_add=permissions.can_keep(user),
            **kwargs,
        )


class EventDetailView(RegistryAccessMixin, TemplateView):
    template_name = "servicelists/event_detail.html"

    def get_context_data(self, **kwargs):
        event = selectors.event_detail(user=self.request.user, pk=self.kwargs["pk"])
        found = selectors.outcome_map(event)
        return super().get_context_data(
            event=event,
            may_edit=permissions.can_keep(self.request.user),
            outcomes=[(label, found.get(kind)) for kind, label in OutcomeKind.choices],
            enterprises=event.enterprises.order_by("name"),
            **kwargs,
        )


# --- figures ---------------------------------------------------------------------------


def _year(text, *, default: int | None) -> int | None:
    today = timezone.localdate()
    try:
        year = int(text)
    except (TypeError, ValueError):
        return default
    return min(max(year, 2000), today.year + 1)


def _figures_region(request) -> Region | None:
    if code := request.GET.get("region", "").strip():
        region = scoped(Region.objects.filter(code=code), request.user).first()
        if region is None:
            raise Http404("未找到该区域")
        return region
    return selectors.top_region(request.user)


class NeedFiguresMixin:
    def figures(self):
        get = self.request.GET
        year = _year(get.get("year"), default=timezone.localdate().year)
        dimension = get.get("by") if get.get("by") in selectors.DIMENSIONS else "region"
        region = _figures_region(self.request)
        found = selectors.need_figures(
            user=self.request.user, year=year, dimension=dimension, region=region
        )
        return year, dimension, region, found


class NeedFiguresView(NeedFiguresMixin, RegistryAccessMixin, TemplateView):
    template_name = "servicelists/figures.html"

    def get_context_data(self, **kwargs):
        year, dimension, region, found = self.figures()
        return super().get_context_data(
            year=year,
            dimension=dimension,
            region=region,
            figures=found,
            dimensions=selectors.DIMENSIONS,
            measures=selectors.MEASURES,
            query=self.request.GET,
            **kwargs,
        )


def _cell(value):
    return "" if value is None else value


class NeedFiguresExportView(NeedFiguresMixin, RegistryAccessMixin, View):
    def get(self, request):
        year, dimension, region, found = self.figures()
        measures = selectors.MEASURES
        headers = [selectors.DIMENSIONS[dimension], *measures.values()]
        rows = [[row["label"], *(_cell(row[m]) for m in measures)] for row in found.rows]
        rows.append(["合计", *(_cell(found.total[m]) for m in measures)])
        title = f"三张清单需求对接统计{year}（按{selectors.DIMENSIONS[dimension]}）"
        return xlsx_table_response(title, headers, rows, user=request.user)


class EventFiguresMixin:
    def figures(self):
        get = self.request.GET
        year = _year(get.get("year"), default=None)
        region = _figures_region(self.request)
        event_type = None
        if (pk := get.get("type", "")).isdigit():
            event_type = EventType.objects.filter(pk=int(pk)).first()
        found = selectors.event_figures(
            user=self.request.user, region=region, year=year, event_type=event_type
        )
        return year, region, event_type, found


class EventFiguresView(EventFiguresMixin, RegistryAccessMixin, TemplateView):
    template_name = "servicelists/event_figures.html"

    def get_context_data(self, **kwargs):
        year, region, event_type, found = self.figures()
        return super().get_context_data(
            year=year,
            region=region,
            event_type=event_type,
            types=EventType.objects.all(),
            figures=found,
            measures=selectors.EVENT_MEASURES,
            query=self.request.GET,
            **kwargs,
        )


class EventFiguresExportView(EventFiguresMixin, RegistryAccessMixin, View):
    def get(self, request):
        year, region, event_type, found = self.figures()
        measures = selectors.EVENT_MEASURES
        headers = ["年度", "区域", *measures.values()]
        rows = [[r["year"], r["label"], *(r[m] for m in measures)] for r in found.rows]
        rows.append(["合计", "", *(found.total[m] for m in measures)])
        title = f"服务活动成效统计{year or ''}{event_type.name if event_type else ''}"
        return xlsx_table_response(title, headers, rows, user=request.user)


# --- types -----------------------------------------------------------------------------

TYPE_MODELS = {"activity": ActivityType, "event": EventType}


class CategoriesView(RegistryAccessMixin, TemplateView):
    """The need categories a district edits: add (code, name, source), rename, switch off.
    A category is never deleted: the needs keep its code."""

    template_name = "servicelists/categories.html"

    def get_context_data(self, **kwargs):
        may_edit = permissions.can_edit_types(self.request.user)
        renaming = kwargs.pop("renaming", None)
        rows = []
        for row in NeedCategory.objects.all():
            form = renaming[1] if renaming and renaming[0] == row.pk else None
            if form is None and may_edit:
                form = forms.CategoryForm(
                    prefix=f"c{row.pk}",
                    rename=True,
                    initial={"name": row.name, "source": row.source},
                )
            rows.append((row, form))
        return super().get_context_data(
            rows=rows,
            form=kwargs.pop("form", None) or forms.CategoryForm(prefix="new"),
            may_edit=may_edit,
            **kwargs,
        )

    def post(self, request):
        if not permissions.can_edit_types(request.user):
            raise PermissionDenied("只有区级管理员可以维护需求类别")
        rename, toggle = request.POST.get("rename", ""), request.POST.get("toggle", "")
        if rename or toggle:
            pk = rename or toggle
            row = NeedCategory.objects.filter(pk=pk).first() if pk.isdigit() else None
            if row is None:
                raise Http404("未找到该需求类别")
            if toggle:
                services.type_toggle(actor=request.user, row=row)
                return redirect("servicelists:categories")
            form = forms.CategoryForm(request.POST, prefix=f"c{row.pk}", rename=True)
            context = {"renaming": (row.pk, form)}
            saved = "已修改需求类别"
        else:
            row, form = None, forms.CategoryForm(request.POST, prefix="new")
            context = {"form": form}
            saved = "已添加需求类别"
        if form.is_valid():
            try:
                services.category_save(actor=request.user, category=row, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, saved)
                return redirect("servicelists:categories")
        mark_invalid(form)
        return self.render_to_response(self.get_context_data(**context))


class TypesView(RegistryAccessMixin, TemplateView):
    """The activity and event types a district edits (name, source, on or off)."""

    template_name = "servicelists/types.html"

    def get_context_data(self, **kwargs):
        forms_now = kwargs.pop("forms_now", {})
        return super().get_context_data(
            sections=[
                ("activity", "阵地活动类型", ActivityType.objects.all()),
                ("event", "服务活动类型", EventType.objects.all()),
            ],
            forms_now={k: forms_now.get(k) or forms.TypeForm(prefix=k) for k in TYPE_MODELS},
            may_edit=permissions.can_edit_types(self.request.user),
            **kwargs,
        )

    def post(self, request):
        if not permissions.can_edit_types(request.user):
            raise PermissionDenied("只有区级管理员可以维护活动类型")
        if (toggle := request.POST.get("toggle", "")) and ":" in toggle:
            kind, _, pk = toggle.partition(":")
            model = TYPE_MODELS.get(kind)
            row = model.objects.filter(pk=pk).first() if model and pk.isdigit() else None
            if row is None:
                raise Http404("未找到该类型")
            services.type_toggle(actor=request.user, row=row)
            return redirect("servicelists:types")
        kind = request.POST.get("kind", "")
        if kind not in TYPE_MODELS:
            raise Http404("没有这个类型")
        form = forms.TypeForm(request.POST, prefix=kind)
        if form.is_valid():
            try:
                services.type_create(
                    actor=request.user, model=TYPE_MODELS[kind], **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "已添加类型")
                return redirect("servicelists:types")
        mark_invalid(form)
        return self.render_to_response(self.get_context_data(forms_now={kind: form}))
