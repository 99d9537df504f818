"""Pages every user meets (login, home, audit) and the base views of the registry pages.

Order of checks on a registry page: logged in → role uses the registries
(else 403) → object inside the user's scope (else 404) → role may do this to
it (else 403). Scope comes first so a 403 never confirms that a record exists.
"""

import re
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from liangxin.core import page_cache, roles
from liangxin.core.home import cards_for, request_todo_counts, search, todos_for
from liangxin.core.pii import mask_id_number
from liangxin.core.scoping import scoped, user_scope
from liangxin.core.views import PAGE_SIZE, RegistryAccessMixin

# --- home ------------------------------------------------------------------


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get(self, request, *args, **kwargs):
        # The work list is read on every visit and changes only with the data: the page
        # cache keeps it under the data version, as it keeps the registry lists.
        return page_cache.cached(
            request, lambda: super(HomeView, self).get(request, *args, **kwargs)
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context.update(
            scope_regions=user.regions.order_by("path"),
            scope_organizations=user.organizations.order_by("path"),
            scope_enterprises=assigned_enterprises(user),
            can_view_registry=roles.can_view_registry(user),
            can_view_audit=roles.can_view_audit(user),
            can_manage_accounts=roles.can_manage_accounts(user),
        )
        if context["can_view_registry"]:
            context["counts"] = cards_for(user)
            context["due"] = due_todos(self.request, first=HOME_ITEMS)
            context["has_todos"] = bool(request_todo_counts(self.request))
        return context


# --- to-dos ---------------------------------------------------------------------------

HOME_ITEMS = 5  # items of each to-do listed on the home page; the to-do page has them all
TODO_PAGE_ITEMS = 10  # on the to-do page, before "查看全部"


def due_todos(request, *, first: int) -> list[dict]:
    """The user's to-dos with something due, each with its first few items (a work list)."""
    counts = request_todo_counts(request)
    return [
        {"due": due, "first": list(due.items[:first])}
        for due in todos_for(request.user, counts=counts)
        if due.count
    ]


class TodoListView(RegistryAccessMixin, TemplateView):
    """Every to-do with something due; ``?todo=KEY`` pages through one of them."""

    template_name = "todos.html"

    def get_context_data(self, **kwargs):
        key = self.request.GET.get("todo")
        if not key:
            return super().get_context_data(groups=due_todos(self.request, first=TODO_PAGE_ITEMS))
        counts = request_todo_counts(self.request)
        found = [d for d in todos_for(self.request.user, counts=counts) if d.todo.key == key]
        if not found:
            raise Http404("没有这类待办")
        page = Paginator(found[0].items, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(chosen=found[0], page_obj=page, **kwargs)


class TodoBadgeView(TemplateView):
    """The bar's 待办 count, fetched by htmx after a page that did not count its to-dos.
    Signed out meanwhile: nothing (htmx would put the login page into the bar)."""

    template_name = "_todo_badge.html"

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return HttpResponse("")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(known=request_todo_counts(self.request), **kwargs)


# --- the search box -------------------------------------------------------------------

SEARCH_MAX_LENGTH = 100
# A run of 11 or more digits (an X may end an ID number) is a phone or an ID number:
# looked up only when posted, never carried in a URL (issue 12).
PRIVATE_NUMBER = re.compile(r"\d{11,}[\dXx]*")
NUMBER_IN_URL = "按身份证号或手机号查找，请在页面顶部的搜索框中输入后提交，不要写在网址里。"


def masked(text: str) -> str:
    """``text`` as the page may show it again: numbers in it masked like ID numbers."""
    return PRIVATE_NUMBER.sub(lambda m: mask_id_number(m.group().upper()), text)


class SearchView(RegistryAccessMixin, TemplateView):
    """The navigation bar's search box across the user's scope, results grouped by kind.

    The box posts. A text with no long number is sent on to ``?q=`` (a result page the
    browser can reload and go back to); one with a phone or ID number is answered on
    the post itself, so the number reaches no URL, no history and no access log. A
    number that still arrives in a URL is not looked up (an ID number is refused
    before this view, core.middleware).
    """

    template_name = "search.html"

    def post(self, request, *args, **kwargs):
        text = request.POST.get("q", "")
        if not PRIVATE_NUMBER.search(text) and len(text) <= SEARCH_MAX_LENGTH:
            return redirect(reverse("search") + "?" + urlencode({"q": text.strip()}))
        return self.render_to_response(self.results(text))

    def get(self, request, *args, **kwargs):
        text = request.GET.get("q", "")
        if PRIVATE_NUMBER.search(text):
            context = self.results("")
            context["error"] = NUMBER_IN_URL
            return self.render_to_response(context)
        return self.render_to_response(self.results(text))

    def results(self, text: str) -> dict:
        text = text.strip()
        context = self.get_context_data(shown_text=masked(text)[:SEARCH_MAX_LENGTH])
        if len(text) > SEARCH_MAX_LENGTH:
            context["error"] = f"搜索内容过长（最多 {SEARCH_MAX_LENGTH} 个字），请缩短后再试。"
        elif text:
            context["groups"] = search(self.request.user, text)
            context["searched"] = True
        return context


def assigned_enterprises(user):
    """The enterprises an instructor is assigned to (their whole scope); others have none."""
    if user.role != roles.Role.INSTRUCTOR or not user_scope(user).enterprise_ids:
        return []
    return scoped(user.instructor.enterprises.all(), user)


# --- audit log (审计管理员 only): liangxin.audit, kept importable from here for the URL --
from liangxin.audit.views import AuditLogView  # noqa: E402, F401
