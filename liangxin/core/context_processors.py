from liangxin.core import roles
from liangxin.core.scoping import user_scope


def navigation(request):
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "nav_registry": roles.can_view_registry(user),
        "nav_audit": roles.can_view_audit(user),
        "nav_admin": roles.can_manage_accounts(user),  # the account pages (三员分立)
        "can_unmask": roles.can_unmask(user),
        # Statistics cover whole region subtrees: region-scoped roles only.
        "nav_statistics": bool(user_scope(user).region_paths),
    }
