from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from liangxin.core import roles
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.scoping import user_scope
from liangxin.core.services import OutOfScope
from liangxin.core.views import (
    RegistryAccessMixin,
    RegistryDetailView,
    RegistryListView,
    ServiceFormView,
)
from liangxin.members.selectors import member_detail
from liangxin.posts import selectors, services
from liangxin.posts.filters import PostFilter, TeamFilter
from liangxin.posts.forms import EndForm, PostAssignmentForm, TeamForm, TeamMemberForm
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
        context["can_edit"] = context["can_create"]
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
    ended = post.ended_on or "在岗"  # a date cell, or the words
    return [
        post.title,
        post.get_kind_display(),
        post.member.name,
        post.organization.code,
        post.organization.name,
        post.started_on,
        ended,
    ]


class PostExportView(RegistryAccessMixin, View):
    """The filtered list as .xlsx."""

    def get(self, request):
        posts = PostFilter(request.GET or None, queryset=selectors.post_list(user=request.user)).qs
        rows = (post_row(post) for post in posts.iterator(chunk_size=2000))
        return xlsx_table_response("先锋岗与队伍", POST_HEADERS, rows, user=request.user)


# --- editing and ending a post --------------------------------------------------------------


def posts_url(organization) -> str:
    return reverse("posts:list") + f"?organization={organization.code}"


class PostUpdateView(ServiceFormView):
    kind = "members"
    title = "修改岗位"

    def get_object(self):
        return selectors.post_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_form_class(self):
        return PostAssignmentForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def save(self, form):
        return services.post_update(
            actor=self.request.user, assignment=self.object, data=dict(form.cleaned_data)
        )

    def success_message(self, saved) -> str:
        return f"已保存：{saved.member.name}的{saved.title}"

    def success_url_for(self, saved) -> str:
        return posts_url(saved.organization)

    def cancel_url(self) -> str:
        return posts_url(self.object.organization)


class EndView(RegistryAccessMixin, FormView):
    """One date that ends something (a post, a team, a member's time in a team)."""

    template_name = "posts/end_form.html"
    form_class = EndForm
    date_label = "结束日期"
    title = ""

    def prepare(self) -> None:
        self.object = self.get_object()
        if not roles.can_edit(self.request.user, services.EDIT_KIND):
            raise PermissionDenied("您的角色无权修改此类记录")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "label": self.date_label}

    def form_valid(self, form):
        try:
            self.end(form.cleaned_data["ended_on"])
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            form.add_error("ended_on", exc.messages)
            mark_invalid(form)
            return self.form_invalid(form)
        messages.success(self.request, self.done_message())
        return redirect(self.back_url())

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object, title=self.title, cancel_url=self.back_url(), **kwargs
        )


class PostEndView(EndView):
    title = "结束岗位"

    def get_object(self):
        return selectors.post_detail(user=self.request.user, pk=self.kwargs["pk"])

    def end(self, ended_on) -> None:
        services.post_end(actor=self.request.user, assignment=self.object, ended_on=ended_on)

    def done_message(self) -> str:
        return f"已结束：{self.object.member.name}的{self.object.title}"

    def back_url(self) -> str:
        return posts_url(self.object.organization)


# --- teams ----------------------------------------------------------------------------------


class TeamListView(RegistryListView):
    region_suggestions = staticmethod(region_suggestions)
    kind = "members"
    selector = selectors.team_list
    filterset_class = TeamFilter
    template_name = "posts/team_list.html"


class TeamDetailView(RegistryDetailView):
    kind = "members"
    template_name = "posts/team_detail.html"
    context_object_name = "team"

    def get_object(self):
        return selectors.team_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        memberships = list(self.object.memberships.all())
        context["current"] = [m for m in memberships if m.left_on is None]
        context["former"] = [m for m in memberships if m.left_on is not None]
        if context["can_edit"] and self.object.ended_on is None:
            context["member_form"] = TeamMemberForm(user=self.request.user, team=self.object)
        return context


def team_url(team) -> str:
    return reverse("posts:team-detail", args=[team.pk])


class TeamCreateView(ServiceFormView):
    kind = "members"
    title = "组建队伍"
    form_class = TeamForm

    def save(self, form):
        return services.team_create(actor=self.request.user, data=form.service_data())

    def success_url_for(self, saved) -> str:
        return team_url(saved)

    def cancel_url(self) -> str:
        return reverse("posts:teams")


class TeamUpdateView(ServiceFormView):
    kind = "members"
    title = "修改队伍"
    form_class = TeamForm

    def get_object(self):
        return selectors.team_detail(user=self.request.user, pk=self.kwargs["pk"])

    def save(self, form):
        return services.team_update(
            actor=self.request.user, team=self.object, data=form.service_data()
        )

    def success_url_for(self, saved) -> str:
        return team_url(saved)

    def cancel_url(self) -> str:
        return team_url(self.object)


class TeamEndView(EndView):
    title = "撤销队伍"
    date_label = "撤销日期"

    def get_object(self):
        return selectors.team_detail(user=self.request.user, pk=self.kwargs["pk"])

    def end(self, ended_on) -> None:
        services.team_end(actor=self.request.user, team=self.object, ended_on=ended_on)

    def done_message(self) -> str:
        return f"已撤销：{self.object.name}；在队队员同日退出"

    def back_url(self) -> str:
        return team_url(self.object)


class TeamMemberAddView(RegistryAccessMixin, FormView):
    """The add-member form of the team page, posted here; errors show on the team page."""

    template_name = "posts/team_member_form.html"

    def prepare(self) -> None:
        self.team = selectors.team_detail(user=self.request.user, pk=self.kwargs["pk"])
        if not roles.can_edit(self.request.user, services.EDIT_KIND):
            raise PermissionDenied("您的角色无权修改此类记录")

    def get_form(self, form_class=None):
        return TeamMemberForm(user=self.request.user, team=self.team, **self.get_form_kwargs())

    def form_valid(self, form):
        try:
            membership = services.team_member_add(
                actor=self.request.user, team=self.team, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"{membership.member.name}已加入{self.team.name}")
        return redirect(team_url(self.team))

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(team=self.team, **kwargs)


class TeamMemberLeaveView(EndView):
    title = "队员退出"
    date_label = "退出日期"

    def get_object(self):
        return selectors.membership_detail(user=self.request.user, pk=self.kwargs["pk"])

    def end(self, ended_on) -> None:
        services.team_member_leave(
            actor=self.request.user, membership=self.object, left_on=ended_on
        )

    def done_message(self) -> str:
        return f"{self.object.member.name}已退出{self.object.team.name}"

    def back_url(self) -> str:
        return team_url(self.object.team)
