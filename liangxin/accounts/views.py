"""Pages every user meets (login, home, audit) and the base views of the registry pages.

Order of checks on a registry page: logged in → role uses the registries
(else 403) → object inside the user's scope (else 404) → role may do this to
it (else 403). Scope comes first so a 403 never confirms that a record exists.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from liangxin.core import roles
from liangxin.core.scoping import scoped, user_scope
from liangxin.enterprises.models import Enterprise
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor

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
            context["counts"] = registry_counts(user)
        return context


def assigned_enterprises(user):
    if user.role != roles.Role.INSTRUCTOR or not user_scope(user).enterprise_ids:
        return Enterprise.objects.none()
    return scoped(Enterprise.objects.all(), user)


REGISTRY_CARDS = [
    ("regions", "区域", Region, "regions:list", "bi-diagram-3"),
    ("enterprises", "市场主体", Enterprise, "enterprises:list", "bi-building"),
    ("organizations", "党组织", PartyOrganization, "organizations:list", "bi-flag"),
    ("members", "党员", Member, "members:list", "bi-people"),
    ("instructors", "党建指导员", Instructor, "instructors:list", "bi-person-badge"),
]


def registry_counts(user) -> list[dict]:
    return [
        {
            "label": label,
            "count": scoped(model.objects.all(), user).count(),
            "url_name": url_name,
            "icon": icon,
        }
        for _kind, label, model, url_name, icon in REGISTRY_CARDS
    ]


# --- audit log (审计管理员 only): liangxin.audit, kept importable from here for the URL --
from liangxin.audit.views import AuditLogView  # noqa: E402, F401
