"""Who sees which dues records (core.scoping): dues follow the member (member → organization)."""

from liangxin.dues.models import DuesBase, DuesMonth
from liangxin.members.scoping import member_record_rule

SCOPE_RULES = [(DuesBase, member_record_rule), (DuesMonth, member_record_rule)]
