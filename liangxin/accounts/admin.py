from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import TokenProxy

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role

# Audit rows are read on the audit page by the audit admin only; no admin
# screen may change or delete them. Groups and Django permissions are unused:
# capabilities follow the role (liangxin.accounts.roles).
for model in (LogEntry, Group, TokenProxy):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

SCOPE_FIELDS = ("role", "regions", "organizations")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """System admins create accounts and reset passwords; security admins set role and scope."""

    list_display = ("username", "display_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "display_name")
    autocomplete_fields = ()
    raw_id_fields = ("regions", "organizations")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("display_name", "email")}),
        ("角色与数据范围", {"fields": SCOPE_FIELDS}),
        ("状态", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2", "display_name", "role")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def _is(self, request, role):
        return request.user.role == role

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if self._is(request, Role.SYSTEM_ADMIN) and obj is not None:
            fields += list(SCOPE_FIELDS)
        if self._is(request, Role.SECURITY_ADMIN):
            fields += ["username", "display_name", "email", "is_active"]
        return fields

    def has_view_permission(self, request, obj=None):
        return request.user.role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return self._is(request, Role.SYSTEM_ADMIN)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, never deleted: the audit trail keeps its actors.
        return False

    def save_model(self, request, obj, form, change):
        obj.is_superuser = False
        obj.is_staff = obj.role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)
        super().save_model(request, obj, form, change)
