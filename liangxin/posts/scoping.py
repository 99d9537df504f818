"""Who sees which post assignments (core.scoping): through the organization, like members."""

from liangxin.members.scoping import member_rule
from liangxin.posts.models import PostAssignment

SCOPE_RULES = [(PostAssignment, member_rule)]
