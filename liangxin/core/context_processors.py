from liangxin.core import roles
from liangxin.core.navigation import navigation_for


def navigation(request):
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "navigation": navigation_for(user, request),
        "can_unmask": roles.can_unmask(user),
        # home.html's 管理工具 card reads it, besides its own can_manage_accounts.
        "nav_admin": roles.can_manage_accounts(user),  # the account pages (三员分立)
    }
