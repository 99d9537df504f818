from liangxin.core.scoping import scoped
from liangxin.regions.models import Region


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
