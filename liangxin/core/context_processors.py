from liangxin.core import roles
from liangxin.core.navigation import navigation_for


def navigation(request):
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "navigation": navigation_for(user, request),
        "can_unmask": roles.can_unmask(user),
    }
