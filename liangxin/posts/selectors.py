from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from liangxin.core.scoping import scoped
from liangxin.posts.models import PostAssignment, PostKind
from liangxin.regions.models import Region


def active_posts(on=None) -> Q:
    on = on or timezone.localdate()
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))


def post_list(*, user):
    return scoped(
        PostAssignment.objects.select_related("member", "organization", "organization__region"),
        user,
    )


def _kind_counts() -> dict:
    return {kind: Count("id", filter=Q(kind=kind)) for kind in PostKind.values}


def counts_by_organization(*, user, on=None):
    """Current assignments per organization and kind, in one GROUP BY."""
    rows = (
        post_list(user=user)
        .filter(active_posts(on))
        .order_by()
        .values("organization__code", "organization__name")
        .annotate(total=Count("id"), **_kind_counts())
        .order_by("-total", "organization__code")
    )
    return list(rows)


def counts_by_region(*, user, parent: Region, on=None):
    """Current assignments per child region of ``parent`` and kind (path prefix GROUP BY)."""
    prefix_length = (parent.depth + 1) * Region.steplen
    rows = (
        post_list(user=user)
        .filter(active_posts(on), organization__region__path__startswith=parent.path)
        .filter(organization__region__depth__gt=parent.depth)
        .annotate(child=Substr("organization__region__path", 1, prefix_length))
        .order_by()
        .values("child")
        .annotate(total=Count("id"), **_kind_counts())
    )
    by_path = {row["child"]: row for row in rows}
    names = dict(Region.objects.filter(path__in=by_path).values_list("path", "name"))
    return [{"region": names[path], **row} for path, row in sorted(by_path.items())]
