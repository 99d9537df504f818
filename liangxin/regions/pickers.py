"""The region picker: 区域 chosen by name, 区域代码 or pinyin initials (core.pickers)."""

from liangxin.core.pickers import PickerSource
from liangxin.regions.models import Region

PICKERS = [PickerSource("regions", Region, "区域")]
