"""Who sees which returns (core.scoping): a return through its region's subtree."""

from liangxin.core.scoping import Scope, prefix_q
from liangxin.statforms.models import StatReturn


def return_rule(scope: Scope):
    return prefix_q("region__path", scope.region_paths)


SCOPE_RULES = [(StatReturn, return_rule)]
