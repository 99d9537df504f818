"""The Django admin, for the system and security administrators only (三员分立).

System admins manage accounts; security admins assign roles and scopes; the
audit admin works from the audit page, never here. Registry data is edited on
the scoped pages, so the admin does not expose it.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from liangxin.accounts.roles import Role

ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN})


class LiangxinAdminSite(admin.AdminSite):
    site_header = "两新党建平台 · 系统管理"
    site_title = "两新党建平台"
    index_title = "系统管理"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and user.role in ADMIN_ROLES


class LiangxinAdminConfig(AdminConfig):
    default_site = "liangxin.core.admin_site.LiangxinAdminSite"
