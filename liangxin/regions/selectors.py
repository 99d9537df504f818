from liangxin.core.scoping import scoped
from liangxin.regions.models import Region, RegionKind


def region_list(*, user):
    return scoped(Region.objects.all(), user).order_by("path")


def region_children(*, user, parent: Region | None):
    """Children for the lazily expanding tree; roots are the user's topmost visible regions."""
    visible = region_list(user=user)
    if parent is not None:
        return visible.filter(path__startswith=parent.path, depth=parent.depth + 1)
    paths = list(visible.values_list("path", "depth"))
    if not paths:
        return visible.none()
    top = min(depth for _, depth in paths)
    return visible.filter(depth=top)


# Regions offered as suggestions in the list filters: the upper levels only, so
# the list stays short even for a province-sized tree.
SUGGESTED_REGION_KINDS = (RegionKind.COUNTY, RegionKind.TOWN, RegionKind.PARK)
SUGGESTED_REGION_LIMIT = 300


def region_suggestions(user):
    """The region codes a list's "region" filter suggests (core.views.RegistryListView)."""
    regions = region_list(user=user).filter(kind__in=SUGGESTED_REGION_KINDS)
    return regions.values("code", "name")[:SUGGESTED_REGION_LIMIT]
