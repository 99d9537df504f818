"""The base views of the registry pages (lists, details, service forms, reveal).

Order of checks on a registry page: logged in → role uses the registries
(else 403) → object inside the user's scope (else 404) → role may do this to
it (else 403). Scope comes first so a 403 never confirms that a record exists.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.generic import FormView, TemplateView, View
from django_filters.views import FilterView

from liangxin.core import page_cache, pickers, roles
from liangxin.core.audit import client_address, record_unmask
from liangxin.core.forms import add_service_errors, label_empty_choices, mark_invalid, style_form
from liangxin.core.services import OutOfScope

PAGE_SIZE = 25


# --- access ------------------------------------------------------------------


class RegistryAccessMixin(LoginRequiredMixin):
    """Registry pages: for the business roles only; ``prepare`` fetches and checks the object."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not roles.can_view_registry(request.user):
            raise PermissionDenied("您的角色不使用业务台账")
        self.prepare()
        return super().dispatch(request, *args, **kwargs)

    def prepare(self) -> None:
        """Hook: load what the page is about; raise Http404 or PermissionDenied."""


class RegistryListView(RegistryAccessMixin, FilterView):
    """A registry list: selector (scoped) → FilterSet → 25 per page."""

    kind = ""
    selector = None
    paginate_by = PAGE_SIZE
    # Suggestions for a "region" filter field: a function of the user (the regions app
    # gives one, regions.selectors.region_suggestions); None offers none.
    region_suggestions = None

    def get(self, request, *args, **kwargs):
        return page_cache.cached(
            request, lambda: super(RegistryListView, self).get(request, *args, **kwargs)
        )

    def get_queryset(self):
        return type(self).selector(user=self.request.user)

    def paginate_queryset(self, queryset, page_size):
        # A page past the end (an old link after deletions, a bookmark) shows the last
        # page, and one below 1 or not a number the first, rather than a 404.
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(max(self.requested_page(), 1))  # get_page clamps the top
        return paginator, page, page.object_list, page.has_other_pages()

    def requested_page(self) -> int:
        asked = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg)
        try:
            return int(asked)
        except (TypeError, ValueError):
            return 1

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        style_form(filterset.form)
        label_empty_choices(filterset.form)
        if "region" in filterset.form.fields:
            filterset.form.fields["region"].widget.attrs["list"] = "region-options"
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = roles.can_edit(self.request.user, self.kind)
        suggest = type(self).region_suggestions
        if suggest is not None and "region" in self.filterset.form.fields:
            context["region_options"] = suggest(self.request.user)
        return context


class RegistryDetailView(RegistryAccessMixin, TemplateView):
    """A registry record: ``get_object`` must go through the scoping function."""

    kind = ""
    context_object_name = "object"

    def prepare(self) -> None:
        self.object = self.get_object()

    def get_object(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = context[self.context_object_name] = self.object
        context["can_edit"] = roles.can_edit(self.request.user, self.kind)
        return context


class ServiceFormView(RegistryAccessMixin, FormView):
    """Create or edit through a service; its ValidationErrors land next to the fields."""

    kind = ""
    template_name = "registry/form.html"
    title = ""

    def prepare(self) -> None:
        self.object = self.get_object()
        if not roles.can_edit(self.request.user, self.kind):
            raise PermissionDenied("您的角色无权修改此类记录")

    def get_object(self):
        """The record being edited (scoped, 404 outside), or None when creating."""
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.object}

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(saved))
        return redirect(self.success_url_for(saved))

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def save(self, form):
        raise NotImplementedError

    def success_message(self, saved) -> str:
        return f"已保存：{saved}"

    def success_url_for(self, saved) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, title=self.title, cancel_url=self.cancel_url())
        return context

    def cancel_url(self) -> str:
        raise NotImplementedError


class RecordFormPage(RegistryAccessMixin, FormView):
    """A record form of an app's pages: the role checked first (403), a service saves what
    ``perform`` is given; its errors stay on the form and nothing is saved. An app names its
    template, who may use it (``allowed``) and where the form returns (``back_url``)."""

    title = ""
    done = ""
    refused = "您的角色不能登记此项"

    @staticmethod
    def allowed(user) -> bool:
        return False

    def prepare(self) -> None:
        if not self.allowed(self.request.user):
            raise PermissionDenied(self.refused)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back=self.back_url(), **kwargs)

    def back_url(self) -> str:
        raise NotImplementedError

    def perform(self, data):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.saved = self.perform(form.cleaned_data)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.done)
        return redirect(self.success_url_for())

    def success_url_for(self) -> str:
        return self.back_url()

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)


class ConfirmDeletePage(RegistryAccessMixin, TemplateView):
    """Deleting a record of an app's pages: GET asks (and changes nothing), POST deletes
    through the app's service (audited) or shows why it refuses; out of scope is 404. An app
    names who may (``allowed``), how the record is found in scope (``find``), what goes with
    it (``going_too``), what stops it (``blocked``: (label, count) pairs), the service
    (``perform``) and the pages to go back to (``cancel_url``, ``back_url``)."""

    template_name = "registry/delete.html"
    noun = ""
    tabs_template = ""  # the app's tab bar, included above the question when given
    going_too_note = "以下记录属于它，将一并删除："
    blocked_note = (
        "这些是已统计的成果，不随之删除。如已终止，请在“修改”中标记终止；"
        "如确属误录，请先逐条删除这些记录。"
    )

    @staticmethod
    def allowed(user) -> bool:
        return False

    def prepare(self) -> None:
        if not self.allowed(self.request.user):
            raise PermissionDenied(f"您的角色不能删除{self.noun}")
        self.object = self.find()

    def find(self):
        raise NotImplementedError

    def going_too(self) -> list[str]:
        return []

    def blocked(self) -> list[tuple[str, int]]:
        return []

    def cancel_url(self) -> str:
        raise NotImplementedError

    def back_url(self) -> str:
        raise NotImplementedError

    def perform(self, *, actor, record) -> None:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            noun=self.noun,
            tabs_template=self.tabs_template,
            going_too=self.going_too(),
            going_too_note=self.going_too_note,
            blocked_note=self.blocked_note,
            blocked=[(label, n) for label, n in self.blocked() if n],
            cancel=self.cancel_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        back = self.back_url()  # before the record is gone
        try:
            self.perform(actor=request.user, record=self.object)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            refused = " ".join(exc.messages)
            return self.render_to_response(self.get_context_data(refused=refused))
        messages.success(request, f"已删除{self.noun}：{self.object}")
        return redirect(back)


class RevealView(RegistryAccessMixin, View):
    """POST (HTMX): the plaintext of one personal-data field, audited as an ACCESS entry."""

    http_method_names = ["post"]
    fields = {"id_number": "reveal_id_number", "phone": "reveal_phone"}

    def prepare(self) -> None:
        if self.kwargs["field"] not in self.fields:
            raise Http404("未找到该字段")
        self.object = self.get_object()
        if not roles.can_unmask(self.request.user):
            raise PermissionDenied("您的角色无权查看明文")

    def get_object(self):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        field = self.kwargs["field"]
        value = getattr(self.object, self.fields[field])()
        record_unmask(request.user, self.object, field=field, remote_addr=client_address(request))
        response = render(request, "registry/_revealed.html", {"value": value})
        response["Cache-Control"] = "no-store"
        return response


class PickerView(RegistryAccessMixin, View):
    """GET ``/pickers/<key>/?q=``: the picker's options, JSON ``[{value, text}]``, scoped."""

    http_method_names = ["get"]

    def prepare(self) -> None:
        self.source = pickers.sources().get(self.kwargs["key"])
        if self.source is None or not self.source.shown_to(self.request.user):
            raise Http404("未找到该选择器")

    def get(self, request, *args, **kwargs):
        try:
            found = pickers.search(self.source, request.user, request.GET.get("q", ""))
        except pickers.BadQuery as exc:
            return JsonResponse({"error": str(exc)}, status=400)
        response = JsonResponse(found, safe=False)
        response["Cache-Control"] = "private, no-store"
        return response


def run_and_redirect(request, action, done: str, back: str):
    """Run a service for a button that posts no form: a refusal becomes a message, out of
    scope is 404, then back to ``back``."""
    try:
        action()
    except OutOfScope as exc:
        raise Http404("未找到该记录") from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(back)


def attempt(action, *forms) -> bool:
    """Run a service; its refusal lands on the first form (nothing is lost: the page is
    shown again with what was typed). Out of scope is 404."""
    try:
        action()
    except OutOfScope as exc:
        raise Http404("未找到该记录") from exc
    except ValidationError as exc:
        add_service_errors(forms[0], exc)
        for form in forms:
            mark_invalid(form)
        return False
    return True
