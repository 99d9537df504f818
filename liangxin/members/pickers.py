"""The member picker: 党员 chosen by name or pinyin initials, shown with the masked ID
number and the organization; the value is the member's public id, never the ID number."""

from liangxin.core.pickers import PickerSource
from liangxin.members.models import Member


def member_text(member: Member) -> str:
    return f"{member.name}（{member.id_number_masked}）· {member.organization.name}"


PICKERS = [
    PickerSource(
        "members",
        Member,
        "党员",
        value_field="public_id",
        code_field="",
        text=member_text,
        related=("organization",),
    )
]
