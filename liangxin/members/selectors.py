from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.members.models import Member


def member_list(*, user):
    return scoped(
        Member.objects.select_related("organization", "employer").defer(
            "id_number_cipher", "phone_cipher"
        ),
        user,
    )


def member_detail(*, user, public_id) -> Member:
    return get_scoped_or_404(
        Member.objects.select_related("organization", "organization__region", "employer"),
        user,
        public_id=public_id,
    )


def visible_employer_ids(members, *, user) -> set[int]:
    """The employers of ``members`` the user may see: a member in scope may work for an
    enterprise outside it (another town, outside a secretary's coverage), whose name the
    pages then leave out, as the lists would."""
    from liangxin.enterprises.models import Enterprise

    ids = {member.employer_id for member in members} - {None}
    if not ids:
        return set()
    return set(scoped(Enterprise.objects.filter(pk__in=ids), user).values_list("pk", flat=True))
