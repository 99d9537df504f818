from rest_framework.permissions import SAFE_METHODS, IsAuthenticated

from liangxin.core.roles import can_edit, can_view_registry


class BusinessRoleRequired(IsAuthenticated):
    """Business data is for the business roles: the three administrators (三员分立) and
    accounts without a role get 403 from every business endpoint, by token or session."""

    message = "您的角色不使用业务数据"

    def has_permission(self, request, view):
        return super().has_permission(request, view) and can_view_registry(request.user)


class CanEditKind(BusinessRoleRequired):
    """Role capability for writes (EDITABLE_KINDS); scope is the queryset's business.

    Creation is refused up front, before the body is validated. For an existing
    record the check waits for ``get_object``, so a record outside the scope is
    a 404 for everyone and only a visible one can answer 403.
    """

    edit_message = "您的角色无权修改此类记录"

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS or view.action != "create":
            return True
        self.message = self.edit_message
        return can_edit(request.user, view.kind)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS or view.action not in {"update", "partial_update"}:
            return True
        self.message = self.edit_message
        return can_edit(request.user, view.kind)
