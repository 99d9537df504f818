from django.db.models import Count, Q

from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.enterprises.models import Enterprise
from liangxin.members.models import FlowType, Member
from liangxin.organizations.models import PartyOrganization


def enterprise_list(*, user):
    return scoped(Enterprise.objects.select_related("region"), user)


def enterprise_organizations(*, user, enterprise: Enterprise):
    """Organizations covering the enterprise, as far as the user may see them."""
    return scoped(
        PartyOrganization.objects.filter(coverage_links__enterprise=enterprise), user
    ).select_related("region")


def enterprise_member_counts(*, user, enterprise: Enterprise) -> dict:
    """Employed members (not departed) by status, and departed ones, in one aggregate."""
    members = scoped(Member.objects.filter(employer=enterprise), user)
    employed = ~Q(flow_type=FlowType.DEPARTED)
    return members.aggregate(
        full=Count("id", filter=employed & Q(status="full")),
        probationary=Count("id", filter=employed & Q(status="probationary")),
        departed=Count("id", filter=Q(flow_type=FlowType.DEPARTED)),
    )


def enterprise_detail(*, user, uscc: str):
    return get_scoped_or_404(
        Enterprise.objects.select_related("region").prefetch_related("tags"), user, uscc=uscc
    )
