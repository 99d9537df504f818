"""The picker of key enterprises for an assignment: the scoped enterprises of a key kind."""

from liangxin.core.pickers import PickerSource
from liangxin.core.scoping import scoped
from liangxin.enterprises.models import Enterprise
from liangxin.specialists import keys, permissions


def _text(enterprise) -> str:
    return f"{enterprise.name}（{enterprise.uscc}）"


def _rows(user):
    return scoped(Enterprise.objects.filter(keys.key_q()), user)


PICKERS = [
    PickerSource(
        "key_enterprises",
        Enterprise,
        "重点企业",
        value_field="uscc",
        code_field="uscc",
        text=_text,
        shown_to=permissions.can_manage,
        rows=_rows,
    )
]
