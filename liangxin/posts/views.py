from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from liangxin.core import roles
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.scoping import user_scope
from liangxin.core.views import RegistryAccessMixin, RegistryListView
from liangxin.members.selectors import member_detail
from liangxin.posts import selectors, services
from liangxin.posts.filters import PostFilter
from liangxin.posts.forms import PostAssignmentForm
from liangxin.posts.models import PostKind
from liangxin.regions.models import Region
from liangxin.regions.selectors import region_suggestions


class PostListView(RegistryListView):
    region_suggestions = staticmethod(region_suggestions)
    kind = "members"
    selector = selectors.post_list
    filterset_class = PostFilter
    template_name = "posts/post_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = False  # assignments start from a member's page
        return context


class PostCountsView(RegistryAccessMixin, TemplateView):
    template_name = "posts/post_counts.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        paths = user_scope(user).region_paths
        top = Region.objects.filter(path=paths[0]).first() if len(paths) == 1 else None
        by_region = selectors.counts_by_region(user=user, parent=top) if top else []
        return super().get_context_data(
            kinds=PostKind.choices,
            by_organization=table(
                selectors.counts_by_organization(user=user)[:200], "organization__name"
            ),
            by_region=table(by_region, "region"),
            top=top,
            **kwargs,
        )


def table(rows: list[dict], label: str) -> list[dict]:
    """Rows as label, one count per kind (in PostKind order), total — for a plain template."""
    return [
        {
            "label": row[label],
            "cells": [row[kind] for kind in PostKind.values],
            "total": row["total"],
        }
        for row in rows
    ]


class PostAssignView(RegistryAccessMixin, FormView):
    template_name = "posts/post_form.html"
    form_class = PostAssignmentForm

    def prepare(self) -> None:
        self.member = member_detail(user=self.request.user, public_id=self.kwargs["public_id"])
        if not roles.can_edit(self.request.user, "members"):
            raise PermissionDenied("您的角色无权安排党员岗位")

    def form_valid(self, form):
        try:
            services.post_assign(
                actor=self.request.user, data={"member": self.member, **form.cleaned_data}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            mark_invalid(form)
            return self.form_invalid(form)
        messages.success(self.request, f"已为{self.member.name}安排：{form.cleaned_data['title']}")
        return redirect(reverse("posts:list") + f"?organization={self.member.organization.code}")

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)


POST_HEADERS = ["名称", "类别", "党员", "所在党组织编码", "所在党组织", "开始日期", "结束日期"]


def post_row(post) -> list:
    ended = post.ended_on.isoformat() if post.ended_on else "在岗"
    return [
        post.title,
        post.get_kind_display(),
        post.member.name,
        post.organization.code,
        post.organization.name,
        post.started_on.isoformat(),
        ended,
    ]


class PostExportView(RegistryAccessMixin, View):
    """The filtered list as .xlsx."""

    def get(self, request):
        posts = PostFilter(request.GET or None, queryset=selectors.post_list(user=request.user)).qs
        rows = (post_row(post) for post in posts.iterator(chunk_size=2000))
        return xlsx_table_response("先锋岗与队伍", POST_HEADERS, rows)
