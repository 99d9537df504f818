from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.workforce.models import Instructor


def instructor_list(*, user):
    return scoped(
        Instructor.objects.select_related("region").defer("id_number_cipher", "phone_cipher"),
        user,
    )


def instructor_detail(*, user, public_id) -> Instructor:
    return get_scoped_or_404(Instructor.objects.select_related("region"), user, public_id=public_id)
