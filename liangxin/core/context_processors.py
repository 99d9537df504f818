from liangxin.core import roles
from liangxin.core.home import request_todo_counts
from liangxin.core.navigation import navigation_for


def navigation(request):
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "navigation": navigation_for(user, request),
        "can_unmask": roles.can_unmask(user),
        # Called by the bar when it is drawn (a fragment asks nothing): {to-do key: count}.
        "todo_counts": lambda: request_todo_counts(request),
        "can_search": roles.can_view_registry(user),
    }
