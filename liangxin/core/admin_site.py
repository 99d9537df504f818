"""The Django admin shows nothing: accounts, roles and scopes are kept on our own pages
(/accounts/manage/, liangxin.accounts.manage_views), through the same services as the
commands, so the three separate duties (三员分立) have one implementation.

A ModelAdmin shows whatever its model holds to whoever passes ``has_permission``,
so no library's registration (axes, django-tasks-db, auditlog, auth) may add a
screen: ``register`` keeps nothing. /admin/ itself is kept as an address and
sends its visitors to the account pages (or to the login page first).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import path


class LiangxinAdminSite(admin.AdminSite):
    site_header = "两新党建平台 · 系统管理"
    site_title = "两新党建平台"
    index_title = "系统管理"

    def register(self, model_or_iterable, admin_class=None, **options):
        """No admin screens (see the module docstring)."""

    def has_permission(self, request):
        return False

    def get_urls(self):
        return [
            path("", to_account_pages, name="index"),
            path("login/", to_account_pages, name="login"),
            path("logout/", to_account_pages, name="logout"),
        ]


def to_account_pages(request):
    return redirect("accounts:list")


class LiangxinAdminConfig(AdminConfig):
    default_site = "liangxin.core.admin_site.LiangxinAdminSite"
