"""Account pages: the system admin keeps accounts, the security admin gives roles and
scopes (三员分立); every user changes their own password and keeps their API tokens.

The views check the role up front to show only what each may do; the services
(liangxin.accounts.services) hold the rules and refuse anything else.
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.generic import FormView, ListView, TemplateView, View

from liangxin.accounts import services
from liangxin.accounts.manage_forms import (
    AccountCreateForm,
    AccountSearchForm,
    AssignForm,
    OwnPasswordChangeForm,
)
from liangxin.accounts.models import ApiToken, User
from liangxin.core import roles
from liangxin.core.audit import client_address
from liangxin.core.forms import add_service_errors, mark_invalid

PAGE_SIZE = 25


def no_store(response):
    """Pages that show a one-time password or a raw token: never kept by a cache."""
    response["Cache-Control"] = "no-store"
    return response


class AccountAdminMixin(LoginRequiredMixin):
    """The account pages: the system admin and the security admin; others get 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not roles.can_manage_accounts(request.user):
            raise Http404("页面不存在")
        return super().dispatch(request, *args, **kwargs)

    def target(self) -> User:
        return get_object_or_404(User, pk=self.kwargs["pk"])


class AccountListView(AccountAdminMixin, ListView):
    template_name = "accounts/account_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "accounts"

    def get_queryset(self):
        self.search = AccountSearchForm(self.request.GET or None)
        accounts = User.objects.order_by("username")
        if self.search.is_valid():
            accounts = filter_accounts(accounts, **self.search.cleaned_data)
        return accounts

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(search=self.search, **capabilities(self.request.user))
        return context


def filter_accounts(accounts, *, q: str, role: str):
    if q:
        accounts = accounts.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    if role:
        accounts = accounts.filter(role="" if role == "none" else role)
    return accounts


def capabilities(user) -> dict:
    return {
        "can_keep_accounts": roles.can_keep_accounts(user),
        "can_assign_roles": roles.can_assign_roles(user),
    }


class AccountCreateView(AccountAdminMixin, FormView):
    template_name = "accounts/account_form.html"
    form_class = AccountCreateForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.can_keep_accounts(request.user):
            raise PermissionDenied("只有系统管理员可以新建账号")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            user = services.account_create(
                actor=self.request.user,
                remote_addr=client_address(self.request),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return one_time_password_page(self.request, user, user.one_time_password, created=True)

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)


def one_time_password_page(request, user, password: str, *, created: bool):
    context = {"account": user, "password": password, "created": created}
    return no_store(render(request, "accounts/one_time_password.html", context))


class AccountDetailView(AccountAdminMixin, TemplateView):
    template_name = "accounts/account_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        account = self.target()
        actor = self.request.user
        context.update(
            account=account,
            regions=account.regions.order_by("path"),
            organizations=account.organizations.order_by("path"),
            tokens=account.api_tokens.order_by("-created_at")[:10],
            may_keep=roles.can_keep_account(actor, account),
            may_assign=roles.can_assign_role_to(actor, account),
            is_administrator=roles.is_administrator(account),
            **capabilities(actor),
        )
        return context


class AccountActionView(AccountAdminMixin, View):
    """A POST button on the detail page; the service refuses what the role may not do."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        account = self.target()
        if not roles.can_keep_account(request.user, account):
            raise PermissionDenied("系统管理员只能管理业务账号，不能管理自己或其他管理员")
        return self.act(account, remote_addr=client_address(request))

    def act(self, account, *, remote_addr):
        raise NotImplementedError

    def back(self, account):
        return redirect("accounts:detail", pk=account.pk)


class PasswordResetView(AccountActionView):
    def act(self, account, *, remote_addr):
        password = services.password_reset(
            actor=self.request.user, target=account, remote_addr=remote_addr
        )
        return one_time_password_page(self.request, account, password, created=False)


class AccountActiveView(AccountActionView):
    def act(self, account, *, remote_addr):
        active = self.request.POST.get("active") == "1"
        services.account_set_active(
            actor=self.request.user, target=account, active=active, remote_addr=remote_addr
        )
        messages.success(self.request, f"账号 {account.username} 已{'启用' if active else '停用'}")
        return self.back(account)


class AssignView(AccountAdminMixin, FormView):
    template_name = "accounts/assign_form.html"
    form_class = AssignForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and roles.can_manage_accounts(request.user):
            self.account = self.target()
            if not roles.can_assign_role_to(request.user, self.account):
                raise PermissionDenied(
                    "安全管理员只能为业务账号分配角色和数据范围，不能为自己或其他管理员分配"
                )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "target": self.account}

    def form_valid(self, form):
        try:
            services.account_assign(
                actor=self.request.user,
                target=self.account,
                remote_addr=client_address(self.request),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存账号 {self.account.username} 的角色与数据范围")
        return redirect("accounts:detail", pk=self.account.pk)

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.account}


# --- every user: own password, own API tokens ------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        user = services.password_change(
            user=self.request.user,
            password=form.cleaned_data["new_password1"],
            remote_addr=client_address(self.request),
        )
        update_session_auth_hash(self.request, user)  # stay logged in with the new password
        messages.success(self.request, "密码已修改")
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        mark_invalid(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        help_texts = password_validators_help_texts()
        return {**super().get_context_data(**kwargs), "password_help": help_texts}


class TokenListView(LoginRequiredMixin, TemplateView):
    """My API tokens: issue one (shown once), revoke."""

    template_name = "accounts/token_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "tokens": user.api_tokens.order_by("-created_at")[:20],
            "may_issue": roles.can_view_registry(user),
        }

    def post(self, request, *args, **kwargs):
        if not roles.can_view_registry(request.user):
            raise PermissionDenied("管理员账号不使用 API 令牌")
        raw = services.token_issue(
            user=request.user, actor=request.user, remote_addr=client_address(request)
        )
        context = self.get_context_data(raw_token=raw)
        return no_store(self.render_to_response(context))


class TokenRevokeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        token = get_object_or_404(ApiToken, pk=kwargs["pk"])
        owner = token.user
        if owner.pk != request.user.pk and not roles.can_keep_account(request.user, owner):
            raise Http404("未找到该令牌")
        services.token_revoke(actor=request.user, token=token, remote_addr=client_address(request))
        messages.success(request, f"令牌 {token.prefix}… 已吊销")
        if owner.pk == request.user.pk:
            return redirect("accounts:tokens")
        return redirect(reverse("accounts:detail", args=[owner.pk]))
