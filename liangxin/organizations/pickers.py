"""The organization picker: 党组织 chosen by name, 组织编码 or pinyin initials."""

from liangxin.core.pickers import PickerSource
from liangxin.organizations.models import PartyOrganization

PICKERS = [PickerSource("organizations", PartyOrganization, "党组织")]
