from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.enterprises.models import Enterprise


def enterprise_list(*, user):
    return scoped(Enterprise.objects.select_related("region"), user)


def enterprise_organizations(*, user, enterprise: Enterprise):
    """Organizations covering the enterprise, as far as the user may see them."""
    return scoped(enterprise.covering_organizations.all(), user).select_related("region")


def enterprise_members(*, user, enterprise: Enterprise):
    """The members employed by the enterprise that the user may see (a members queryset)."""
    return scoped(enterprise.employed_members.all(), user)


def enterprise_member_counts(*, user, enterprise: Enterprise) -> dict:
    """Employed members (not departed) by status, and departed ones, in one aggregate."""
    return enterprise_members(user=user, enterprise=enterprise).employment_counts()


def visible_employer_ids(people, *, user) -> set[int]:
    """The employers of ``people`` (members, applicants) the user may see: a person in
    scope may work for an enterprise outside it (another town, outside a secretary's
    coverage), whose name the pages then leave out, as the lists would."""
    ids = {person.employer_id for person in people} - {None}
    if not ids:
        return set()
    return set(scoped(Enterprise.objects.filter(pk__in=ids), user).values_list("pk", flat=True))


def enterprise_detail(*, user, uscc: str):
    return get_scoped_or_404(
        Enterprise.objects.select_related("region").prefetch_related("tags"), user, uscc=uscc
    )
