from liangxin.core.scoping import get_scoped_or_404, scoped, user_scope
from liangxin.organizations.models import PartyOrganization


def organization_list(*, user):
    return scoped(PartyOrganization.objects.select_related("region", "secretary"), user).order_by(
        "path"
    )


def organization_detail(*, user, code: str) -> PartyOrganization:
    return get_scoped_or_404(
        PartyOrganization.objects.select_related("region", "secretary"), user, code=code
    )


def organization_ancestors(*, user, organization: PartyOrganization):
    """Breadcrumb: ancestors the user may see (a secretary may not see the committee above)."""
    return scoped(PartyOrganization.objects.get_ancestors(organization), user)


def organization_children(*, user, parent: PartyOrganization | None):
    visible = organization_list(user=user)
    if parent is not None:
        return visible.filter(path__startswith=parent.path, depth=parent.depth + 1)
    depths = visible.values_list("depth", flat=True).order_by("depth")[:1]
    return visible.filter(depth__in=list(depths)) if depths else visible.none()


def only_organization_code(user) -> str:
    """The code of the one organization a user holds (a branch's secretary), so that the
    pages where they act on it need not ask which; "" for everyone else."""
    paths = user_scope(user).organization_paths
    if len(paths) != 1:
        return ""
    found = PartyOrganization.objects.filter(path=paths[0]).values_list("code", flat=True)
    return found.first() or ""
