"""Who may do what with ratings (the scope of each record is core.scoping's): the
organization assesses itself; the town reviews; the district approves, runs the cycles,
answers objections, records star changes and edits the rubrics. Nobody sets the result of
an organization they belong to (services._ensure_not_own)."""

from liangxin.core.roles import Role

SELF_ASSESS = frozenset({Role.SECRETARY, Role.TOWN_ADMIN, Role.DISTRICT_ADMIN})
REVIEW = frozenset({Role.TOWN_ADMIN, Role.DISTRICT_ADMIN})
DISTRICT = frozenset({Role.DISTRICT_ADMIN})


def _has(user, roles) -> bool:
    return user is not None and user.is_authenticated and user.role in roles


def can_self_assess(user) -> bool:
    return _has(user, SELF_ASSESS)


def can_review(user) -> bool:
    return _has(user, REVIEW)


def can_approve(user) -> bool:
    return _has(user, DISTRICT)


def can_run_cycles(user) -> bool:
    return _has(user, DISTRICT)


def can_edit_rubrics(user) -> bool:
    return _has(user, DISTRICT)
