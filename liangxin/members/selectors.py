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
