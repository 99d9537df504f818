"""Who sees which members (core.scoping): through the member's organization."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.members.models import IdentityConflict, Member


def member_rule(scope: Scope) -> Q | None:
    """Rows that belong to an organization like a member does (members, posts, applicants)."""
    return any_of(
        prefix_q("organization__region__path", scope.region_paths),
        prefix_q("organization__path", scope.organization_paths),
    )


def member_record_rule(scope: Scope) -> Q | None:
    """Records about one member (mobility, dues): the member's scope."""
    return any_of(
        prefix_q("member__organization__region__path", scope.region_paths),
        prefix_q("member__organization__path", scope.organization_paths),
    )


def identity_conflict_rule(scope: Scope) -> Q | None:
    """A collision of ID numbers: the region admins of either side (the page itself is
    the district admin's, members.conflicts)."""
    return any_of(
        prefix_q("holder_region__path", scope.region_paths),
        prefix_q("attempted_region__path", scope.region_paths),
    )


SCOPE_RULES = [(Member, member_rule), (IdentityConflict, identity_conflict_rule)]
