"""Who sees which specialists' records (core.scoping). A specialist, a team: by the region
they belong to. An assignment and its contacts: by the specialist's region or the
enterprise's (as enterprises are seen: its region, the organizations covering it, an
instructor's assignments). A specialist is also seen by whoever sees an enterprise they
serve, and an instructor whose account is a specialist's sees their own. Cadences are the
district's vocabulary: every business user reads them."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.organizations.models import CoverageLink
from liangxin.specialists.models import Assignment, Cadence, Contact, Specialist, SpecialistTeam


def vocabulary_rule(scope: Scope) -> Q | None:
    return None if scope.is_empty else Q()


def team_rule(scope: Scope) -> Q | None:
    return prefix_q("region__path", scope.region_paths)


def _enterprise(prefix: str, scope: Scope) -> Q | None:
    covered = None
    if scope.organization_paths:
        links = CoverageLink.objects.filter(
            prefix_q("organization__path", scope.organization_paths)
        )
        covered = Q(**{f"{prefix}enterprise_id__in": links.values("enterprise_id")})
    assigned = (
        Q(**{f"{prefix}enterprise_id__in": scope.enterprise_ids}) if scope.enterprise_ids else None
    )
    return any_of(
        prefix_q(f"{prefix}enterprise__region__path", scope.region_paths), covered, assigned
    )


def _own(prefix: str, scope: Scope) -> Q | None:
    if scope.instructor_id is None:
        return None
    return Q(**{f"{prefix}user__instructor__id": scope.instructor_id})


def specialist_rule(scope: Scope) -> Q | None:
    served = _enterprise("", scope)
    serving = (
        Q(pk__in=Assignment.objects.filter(served).values("specialist_id")) if served else None
    )
    return any_of(prefix_q("region__path", scope.region_paths), serving, _own("", scope))


def through(prefix: str):
    def rule(scope: Scope) -> Q | None:
        return any_of(
            prefix_q(f"{prefix}specialist__region__path", scope.region_paths),
            _enterprise(prefix, scope),
            _own(f"{prefix}specialist__", scope),
        )

    return rule


SCOPE_RULES = [
    (Cadence, vocabulary_rule),
    (SpecialistTeam, team_rule),
    (Specialist, specialist_rule),
    (Assignment, through("")),
    (Contact, through("assignment__")),
]
