"""The one scoping function: every queryset that reaches a user goes through ``scoped``.

A user's scope is a set of region subtrees and/or organization subtrees
(DOMAIN.md §1); an instructor's is the enterprises assigned to them. Subtrees
are path prefixes (treebeard materialized paths), so each rule is one indexed
filter. Objects outside the scope simply do not exist for the user: views
answer 404 (see ``get_scoped_or_404``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, reduce
from operator import or_

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from liangxin.accounts.roles import BUSINESS_ROLES, ORGANIZATION_SCOPED, REGION_SCOPED, Role


@dataclass(frozen=True)
class Scope:
    region_paths: tuple[str, ...] = ()
    organization_paths: tuple[str, ...] = ()
    enterprise_ids: tuple[int, ...] = ()
    instructor_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.region_paths
            or self.organization_paths
            or self.enterprise_ids
            or self.instructor_id
        )


NO_SCOPE = Scope()


def _prune(paths) -> tuple[str, ...]:
    """Drop paths inside another path of the set: a subtree already includes them."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(parent) for parent in kept):
            kept.append(path)
    return tuple(kept)


def _compute_scope(user) -> Scope:
    if not user.is_authenticated or user.role not in BUSINESS_ROLES:
        return NO_SCOPE
    if user.role in REGION_SCOPED:
        return Scope(region_paths=_prune(user.regions.values_list("path", flat=True)))
    if user.role in ORGANIZATION_SCOPED:
        return Scope(organization_paths=_prune(user.organizations.values_list("path", flat=True)))
    if user.role == Role.INSTRUCTOR:
        instructor = getattr(user, "instructor", None)
        if instructor is None:
            return NO_SCOPE
        ids = tuple(instructor.enterprises.values_list("id", flat=True))
        return Scope(enterprise_ids=ids, instructor_id=instructor.id)
    return NO_SCOPE


def user_scope(user) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    cached = getattr(user, "_liangxin_scope", None)
    if cached is None:
        cached = _compute_scope(user)
        if user.is_authenticated:
            user._liangxin_scope = cached
    return cached


def forget_scope(user) -> None:
    user.__dict__.pop("_liangxin_scope", None)


def _prefix_q(field: str, paths: tuple[str, ...]) -> Q | None:
    if not paths:
        return None
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))


def _any(*parts: Q | None) -> Q | None:
    parts = [part for part in parts if part is not None]
    return reduce(or_, parts) if parts else None


# --- one rule per model -----------------------------------------------------


def _region_rule(scope: Scope) -> Q | None:
    from liangxin.enterprises.models import Enterprise
    from liangxin.organizations.models import PartyOrganization

    via_orgs = None
    if scope.organization_paths:
        orgs = PartyOrganization.objects.filter(_prefix_q("path", scope.organization_paths))
        via_orgs = Q(pk__in=orgs.values("region_id"))
    via_assignments = None
    if scope.enterprise_ids:
        enterprises = Enterprise.objects.filter(pk__in=scope.enterprise_ids)
        via_assignments = Q(pk__in=enterprises.values("region_id"))
    return _any(_prefix_q("path", scope.region_paths), via_orgs, via_assignments)


def _enterprise_rule(scope: Scope) -> Q | None:
    from liangxin.organizations.models import CoverageLink

    via_orgs = None
    if scope.organization_paths:
        links = CoverageLink.objects.filter(
            _prefix_q("organization__path", scope.organization_paths)
        )
        via_orgs = Q(pk__in=links.values("enterprise_id"))
    via_assignments = Q(pk__in=scope.enterprise_ids) if scope.enterprise_ids else None
    return _any(_prefix_q("region__path", scope.region_paths), via_orgs, via_assignments)


def _organization_rule(scope: Scope) -> Q | None:
    from liangxin.organizations.models import CoverageLink

    via_assignments = None
    if scope.enterprise_ids:
        links = CoverageLink.objects.filter(enterprise_id__in=scope.enterprise_ids)
        via_assignments = Q(pk__in=links.values("organization_id"))
    return _any(
        _prefix_q("region__path", scope.region_paths),
        _prefix_q("path", scope.organization_paths),
        via_assignments,
    )


def _member_rule(scope: Scope) -> Q | None:
    return _any(
        _prefix_q("organization__region__path", scope.region_paths),
        _prefix_q("organization__path", scope.organization_paths),
    )


def _instructor_rule(scope: Scope) -> Q | None:
    from liangxin.enterprises.models import Enterprise
    from liangxin.workforce.models import Instructor

    via_enterprises = None
    if scope.region_paths or scope.organization_paths:
        enterprise_q = _enterprise_rule(
            Scope(region_paths=scope.region_paths, organization_paths=scope.organization_paths)
        )
        through = Instructor.enterprises.through.objects.filter(
            enterprise_id__in=Enterprise.objects.filter(enterprise_q).values("id")
        )
        via_enterprises = Q(pk__in=through.values("instructor_id"))
    itself = Q(pk=scope.instructor_id) if scope.instructor_id else None
    return _any(_prefix_q("region__path", scope.region_paths), via_enterprises, itself)


def _station_rule(scope: Scope) -> Q | None:
    return _prefix_q("region__path", scope.region_paths)


def _member_record_rule(scope: Scope) -> Q | None:
    """Records about one member (mobility: agreements, contacts): the member's scope."""
    return _any(
        _prefix_q("member__organization__region__path", scope.region_paths),
        _prefix_q("member__organization__path", scope.organization_paths),
    )


def _transfer_rule(scope: Scope) -> Q | None:
    """Both sides of a transfer see it, and whoever holds the member now."""
    sides = ("from_organization", "to_organization", "member__organization")
    return _any(
        *(_prefix_q(f"{side}__region__path", scope.region_paths) for side in sides),
        *(_prefix_q(f"{side}__path", scope.organization_paths) for side in sides),
    )


def _inflow_registration_rule(scope: Scope) -> Q | None:
    """Registered in the region, or working for an enterprise the organization covers."""
    from liangxin.organizations.models import CoverageLink

    via_orgs = None
    if scope.organization_paths:
        links = CoverageLink.objects.filter(
            _prefix_q("organization__path", scope.organization_paths)
        )
        via_orgs = Q(employer_id__in=links.values("enterprise_id"))
    return _any(_prefix_q("region__path", scope.region_paths), via_orgs)


def _inflow_person_rule(scope: Scope) -> Q | None:
    from liangxin.mobility.models import InflowRegistration

    registrations = _inflow_registration_rule(scope)
    if registrations is None:
        return None
    visible = InflowRegistration.objects.filter(registrations).values("person_id")
    return Q(pk__in=visible)


def _identity_conflict_rule(scope: Scope) -> Q | None:
    """A collision of ID numbers: the region admins of either side (the page itself is
    the district admin's, members.conflicts)."""
    return _any(
        _prefix_q("holder_region__path", scope.region_paths),
        _prefix_q("attempted_region__path", scope.region_paths),
    )


@cache  # built once: every queryset that reaches a user asks for its rule
def _rules() -> dict[type[Model], Callable[[Scope], Q | None]]:
    from liangxin.development.models import DevelopmentCase
    from liangxin.dues.models import DuesBase, DuesMonth
    from liangxin.enterprises.models import Enterprise
    from liangxin.members.models import IdentityConflict, Member
    from liangxin.mobility.models import (
        ContactLog,
        DualManagementAgreement,
        InflowPerson,
        InflowRegistration,
        MobileProfile,
        Transfer,
    )
    from liangxin.organizations.models import PartyOrganization, PartyStation
    from liangxin.posts.models import PostAssignment
    from liangxin.regions.models import Region
    from liangxin.workforce.models import Instructor

    return {
        Region: _region_rule,
        Enterprise: _enterprise_rule,
        PartyOrganization: _organization_rule,
        Member: _member_rule,
        IdentityConflict: _identity_conflict_rule,
        Instructor: _instructor_rule,
        PartyStation: _station_rule,
        DualManagementAgreement: _member_record_rule,
        ContactLog: _member_record_rule,
        MobileProfile: _member_record_rule,
        Transfer: _transfer_rule,
        InflowRegistration: _inflow_registration_rule,
        InflowPerson: _inflow_person_rule,
        PostAssignment: _member_rule,  # through its organization, like members
        DuesBase: _member_record_rule,  # dues follow the member (member → organization)
        DuesMonth: _member_record_rule,
        DevelopmentCase: _member_rule,  # an applicant belongs to its branch, like a member
    }


def scope_filter(model: type[Model], scope: Scope) -> Q | None:
    rule = _rules().get(model)
    if rule is None:
        raise LookupError(f"{model.__name__} has no scoping rule; add one to core.scoping")
    return rule(scope)


def scoped(queryset: QuerySet, user) -> QuerySet:
    """Restrict ``queryset`` to what ``user`` may see. Nothing is visible by default."""
    condition = scope_filter(queryset.model, user_scope(user))
    return queryset.none() if condition is None else queryset.filter(condition)


def get_scoped_or_404(queryset: QuerySet, user, **lookup):
    """Fetch one object inside the user's scope; outside it, the object does not exist."""
    try:
        return scoped(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("未找到该记录") from exc


def in_scope(instance: Model, user) -> bool:
    return scoped(type(instance)._default_manager.filter(pk=instance.pk), user).exists()
