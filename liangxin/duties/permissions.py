"""What each role may do here (scope is separate: core.scoping). The district and the towns
keep the secretaries' commitments and reports in their regions, a secretary those of their
own organization; the member units of the 两新工委, their tasks, progress (no unit has an
account), 晾晒会 and year-end 述职 are the district's alone. Leaders read."""

from liangxin.core.roles import Role

KEEPERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})
RECORDERS = KEEPERS | {Role.SECRETARY}
READERS = RECORDERS | {Role.LEADER}


def can_record(user) -> bool:
    """Commitments and 述职 of the organizations in scope."""
    return user.is_authenticated and user.role in RECORDERS


def can_score(user) -> bool:
    """The three scores of a 述职 are the evaluators', entered by the town or the district;
    a secretary records the report itself."""
    return user.is_authenticated and user.role in KEEPERS


def can_read(user) -> bool:
    return user.is_authenticated and user.role in READERS


def can_see_missing(user) -> bool:
    """The list of who has not reported, and its to-do: the towns and the district."""
    return user.is_authenticated and user.role in KEEPERS | {Role.LEADER}


def can_keep_units(user) -> bool:
    """Member units, their tasks and progress, 晾晒会, year-end 述职."""
    return user.is_authenticated and user.role == Role.DISTRICT_ADMIN


def can_read_units(user) -> bool:
    return user.is_authenticated and user.role in {Role.DISTRICT_ADMIN, Role.LEADER}
