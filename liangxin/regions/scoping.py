"""Who sees which regions (core.scoping): a region subtree reaches itself."""

from django.db.models import Q

from liangxin.core.scoping import Scope, prefix_q
from liangxin.regions.models import Region


def region_by_path(scope: Scope) -> Q | None:
    """A region subtree reaches every region under it."""
    return prefix_q("path", scope.region_paths)


def in_region(scope: Scope) -> Q | None:
    """Records that belong to a region (stations): the region subtrees of the scope."""
    return prefix_q("region__path", scope.region_paths)


SCOPE_RULES = [(Region, region_by_path)]
