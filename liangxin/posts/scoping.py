"""Who sees which posts and teams (core.scoping): through the organization, like members."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.members.scoping import member_rule
from liangxin.posts.models import PostAssignment, Team, TeamMembership


def team_membership_rule(scope: Scope) -> Q | None:
    """A team's members are seen with the team: through the team's organization."""
    return any_of(
        prefix_q("team__organization__region__path", scope.region_paths),
        prefix_q("team__organization__path", scope.organization_paths),
    )


SCOPE_RULES = [
    (PostAssignment, member_rule),
    (Team, member_rule),
    (TeamMembership, team_membership_rule),
]
