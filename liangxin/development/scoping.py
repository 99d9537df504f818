"""Who sees which development cases (core.scoping): an applicant belongs to its branch,
like a member."""

from liangxin.development.models import DevelopmentCase
from liangxin.members.scoping import member_rule

SCOPE_RULES = [(DevelopmentCase, member_rule)]
