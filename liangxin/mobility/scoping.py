"""Who sees which mobility records (core.scoping)."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.members.scoping import member_record_rule
from liangxin.mobility.models import (
    ContactLog,
    DualManagementAgreement,
    InflowPerson,
    InflowRegistration,
    MobileProfile,
    Transfer,
)
from liangxin.organizations.scoping import covered_enterprise_ids


def transfer_rule(scope: Scope) -> Q | None:
    """Both sides of a transfer see it, and whoever holds the member now."""
    sides = ("from_organization", "to_organization", "member__organization")
    return any_of(
        *(prefix_q(f"{side}__region__path", scope.region_paths) for side in sides),
        *(prefix_q(f"{side}__path", scope.organization_paths) for side in sides),
    )


def inflow_registration_rule(scope: Scope) -> Q | None:
    """Registered in the region, or working for an enterprise the organization covers."""
    via_orgs = None
    if scope.organization_paths:
        via_orgs = Q(employer_id__in=covered_enterprise_ids(scope))
    return any_of(prefix_q("region__path", scope.region_paths), via_orgs)


def inflow_person_rule(scope: Scope) -> Q | None:
    """A person who came in is seen wherever one of their registrations is."""
    registrations = inflow_registration_rule(scope)
    if registrations is None:
        return None
    visible = InflowRegistration.objects.filter(registrations).values("person_id")
    return Q(pk__in=visible)


SCOPE_RULES = [
    (DualManagementAgreement, member_record_rule),
    (ContactLog, member_record_rule),
    (MobileProfile, member_record_rule),
    (Transfer, transfer_rule),
    (InflowRegistration, inflow_registration_rule),
    (InflowPerson, inflow_person_rule),
]
