"""The dates behind the mobile-member rules (RULES.md "Mobile members").

The numbers are rules (``mobile.*``, declared in rules.py); this module only
turns them into cut-off dates, so every list and check uses the same arithmetic:
- contact at least quarterly (丹东做法, configurable ``mobile.contact_months``);
  members abroad at least every 6 months (``mobile.abroad_contact_months``);
- a transfer letter is valid 3 months (configurable ``mobile.letter_valid_months``);
- three or more away together → a temporary branch (``mobile.temporary_branch_min``);
- at a fairly fixed place for ≥ 6 months → transfer the relation
  (中办《关于加强和改进流动党员管理的意见》; the same 6 months as
  ``mobile.min_months_away``).
"""

import calendar
import datetime

from liangxin.rules.values import rule_value

# Transfers whose letter runs out within this many days are listed as "expiring".
EXPIRING_SOON_DAYS = 7


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def contact_months(*, abroad: bool) -> int:
    key = "mobile.abroad_contact_months" if abroad else "mobile.contact_months"
    return rule_value(key)


def contact_cutoff(today: datetime.date, *, abroad: bool) -> datetime.date:
    """A last contact before this date is overdue; one exactly this day is still in time."""
    return add_months(today, -contact_months(abroad=abroad))


def letter_valid_until(issued_on: datetime.date) -> datetime.date:
    """The last day the letter is valid; it is expired from the next day on."""
    return add_months(issued_on, rule_value("mobile.letter_valid_months"))


def is_letter_expired(valid_until: datetime.date, today: datetime.date) -> bool:
    return today > valid_until


def fixed_place_months() -> int:
    """Months away at a fairly fixed place after which the relation should be transferred."""
    return rule_value("mobile.min_months_away")


def fixed_place_cutoff(today: datetime.date) -> datetime.date:
    """Away since this date or earlier (≥ 6 months): the relation should be transferred."""
    return add_months(today, -fixed_place_months())


def temporary_branch_min() -> int:
    return rule_value("mobile.temporary_branch_min")
