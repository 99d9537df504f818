"""The receiving organization of a transfer: any active 党组织 on the platform, chosen by
name, 组织编码 or pinyin initials — a member is usually transferred out of the issuer's
scope, so this source is not scoped. It offers organizations only (name and code, never
a member), and only to those who may issue letters."""

from liangxin.core import roles
from liangxin.core.pickers import PickerSource
from liangxin.mobility.services import EDIT_KIND
from liangxin.organizations.models import PartyOrganization

RECEIVING_KEY = "transfer-receivers"


def receiving_organizations(user):
    """The same set TransferForm accepts: every active organization."""
    return PartyOrganization.objects.active()


def may_issue_letters(user) -> bool:
    return roles.can_edit(user, EDIT_KIND)


PICKERS = [
    PickerSource(
        RECEIVING_KEY,
        PartyOrganization,
        "转入党组织",
        shown_to=may_issue_letters,
        rows=receiving_organizations,
    )
]
