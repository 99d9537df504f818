"""What each role may do with the funds (scope is separate: core.scoping). Leaders read."""

from liangxin.core.roles import Role

# Rules are the district's: a town works within them.
RULE_EDITORS = frozenset({Role.DISTRICT_ADMIN})
# Budgets, generation, approval, payment, 党费拨返, enterprise funds.
MANAGERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})
# Who records spending against an allocation in scope (a secretary: their organization's).
SPENDERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN, Role.SECRETARY})
READERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN, Role.LEADER})
ALLOCATION_READERS = READERS | {Role.SECRETARY}


def _has(user, roles) -> bool:
    return user.is_authenticated and user.role in roles


def can_edit_rules(user) -> bool:
    return _has(user, RULE_EDITORS)


def can_manage(user) -> bool:
    return _has(user, MANAGERS)


def can_spend(user) -> bool:
    return _has(user, SPENDERS)


def can_read(user) -> bool:
    return _has(user, READERS)


def can_read_allocations(user) -> bool:
    return _has(user, ALLOCATION_READERS)
