from liangxin.core import roles
from liangxin.core.home import has_todos, known_todo_counts
from liangxin.core.navigation import navigation_for


def navigation(request):
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "navigation": navigation_for(user, request),
        "can_unmask": roles.can_unmask(user),
        # Called by the bar when it is drawn (a fragment asks nothing). The counts are shown
        # inline only where the page has read them anyway (the home, the to-do page);
        # elsewhere the badge is fetched after the page (accounts:todo-badge), so a list
        # does not wait for every app's to-do count.
        "bar_has_todos": lambda: has_todos(user),
        "known_todo_counts": lambda: known_todo_counts(request),
        "can_search": roles.can_view_registry(user),
    }
