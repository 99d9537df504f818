"""Which regions a user may see statistics for.

Statistics aggregate everything in a region subtree, so only users whose scope
holds that whole subtree (region-scoped roles) may ask for it; a secretary or
an instructor sees their records, not the district's totals. Anything else is
a 404, like every out-of-scope object.
"""

from django.http import Http404

from liangxin.core.scoping import user_scope
from liangxin.regions.models import Region

CATEGORY_CHOICES = ("enterprise", "social", "individual")


def statistics_region(user, code: str | None) -> Region:
    """The region named by ``code`` (default: the user's single top region), if in scope."""
    paths = user_scope(user).region_paths
    if not paths:
        raise Http404("未找到该区域")
    if not code:
        if len(paths) != 1:
            raise Http404("请指定区域代码")
        return Region.objects.get(path=paths[0])
    region = Region.objects.filter(code=code).first()
    if region is None or not any(region.path.startswith(path) for path in paths):
        raise Http404("未找到该区域")
    return region
