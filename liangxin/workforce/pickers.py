"""The instructor picker: 党建指导员 chosen by name or pinyin initials, masked ID number."""

from liangxin.core.pickers import PickerSource
from liangxin.workforce.models import Instructor


def instructor_text(instructor: Instructor) -> str:
    return f"{instructor.name}（{instructor.id_number_masked}）"


PICKERS = [
    PickerSource(
        "instructors",
        Instructor,
        "党建指导员",
        value_field="public_id",
        code_field="",
        text=instructor_text,
    )
]
