"""What of a person's birth date a user may see.

The masked ID number (first 6 and last 4 digits, ``core.pii.mask_id_number``)
hides digits 7–14, which are the birth date (GB 11643). Shown beside the full
birth date it gives the whole number back. So a role that may not unmask ID
numbers (``accounts.roles.can_unmask``) sees the birth year only — on pages, in
the API and in exports — and the full date stays behind the audited reveal.
"""

import datetime

from liangxin.core.roles import can_unmask


def sees_birth_date(user) -> bool:
    return can_unmask(user)


def birth_year_text(value) -> str:
    """ "1980" for a date or an ISO date text; "" for nothing."""
    if not value:
        return ""
    if isinstance(value, datetime.date):
        return str(value.year)
    return str(value)[:4]
