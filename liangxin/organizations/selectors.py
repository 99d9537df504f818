from liangxin.core.scoping import get_scoped_or_404, scoped
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
