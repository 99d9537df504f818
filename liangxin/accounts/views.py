"""Pages every user meets (login, home, audit) and the base views of the registry pages.

Order of checks on a registry page: logged in → role uses the registries
(else 403) → object inside the user's scope (else 404) → role may do this to
it (else 403). Scope comes first so a 403 never confirms that a record exists.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from liangxin.core import roles
from liangxin.core.home import cards_for
from liangxin.core.scoping import scoped, user_scope

# --- home ------------------------------------------------------------------


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context.update(
            scope_regions=user.regions.order_by("path"),
            scope_organizations=user.organizations.order_by("path"),
            scope_enterprises=assigned_enterprises(user),
            can_view_registry=roles.can_view_registry(user),
            can_view_audit=roles.can_view_audit(user),
            can_manage_accounts=roles.can_manage_accounts(user),
        )
        if context["can_view_registry"]:
            context["counts"] = cards_for(user)
        return context


def assigned_enterprises(user):
    """The enterprises an instructor is assigned to (their whole scope); others have none."""
    if user.role != roles.Role.INSTRUCTOR or not user_scope(user).enterprise_ids:
        return []
    return scoped(user.instructor.enterprises.all(), user)


# --- audit log (审计管理员 only): liangxin.audit, kept importable from here for the URL --
from liangxin.audit.views import AuditLogView  # noqa: E402, F401
