"""The enterprise picker: 市场主体 chosen by name, 统一社会信用代码 or pinyin initials."""

from liangxin.core.pickers import PickerSource
from liangxin.enterprises.models import Enterprise


def enterprise_text(enterprise: Enterprise) -> str:
    return f"{enterprise.name}（{enterprise.uscc}）"


PICKERS = [
    PickerSource(
        "enterprises",
        Enterprise,
        "市场主体",
        value_field="uscc",
        code_field="uscc",
        text=enterprise_text,
    )
]
