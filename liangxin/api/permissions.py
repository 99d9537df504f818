from rest_framework.permissions import SAFE_METHODS, BasePermission

from liangxin.accounts.roles import can_edit


class CanEditKind(BasePermission):
    """Role capability for writes (EDITABLE_KINDS); scope is the queryset's business.

    Creation is refused up front, before the body is validated. For an existing
    record the check waits for ``get_object``, so a record outside the scope is
    a 404 for everyone and only a visible one can answer 403.
    """

    message = "您的角色无权修改此类记录"

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or view.action != "create":
            return True
        return can_edit(request.user, view.kind)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS or view.action not in {"update", "partial_update"}:
            return True
        return can_edit(request.user, view.kind)
