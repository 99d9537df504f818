"""Roles of DOMAIN.md §1 and what each may do.

Data scope (which records) is separate from capability (what may be done with
them): see liangxin.core.scoping.
"""

from django.db import models


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", "区级管理员"
    TOWN_ADMIN = "town_admin", "镇/园区管理员"
    GRID_OFFICER = "grid_officer", "网格员"
    SECRETARY = "secretary", "企业党组织书记"
    INSTRUCTOR = "instructor", "党建指导员"
    LEADER = "leader", "领导查看"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


# Roles that see registry data; the three administrators (三员分立) do not.
BUSINESS_ROLES = frozenset(
    {
        Role.DISTRICT_ADMIN,
        Role.TOWN_ADMIN,
        Role.GRID_OFFICER,
        Role.SECRETARY,
        Role.INSTRUCTOR,
        Role.LEADER,
    }
)

# Registry kinds each role may create and edit (inside its scope).
EDITABLE_KINDS = {
    Role.DISTRICT_ADMIN: {"regions", "enterprises", "organizations", "members", "instructors"},
    Role.TOWN_ADMIN: {"regions", "enterprises", "organizations", "members", "instructors"},
    Role.GRID_OFFICER: {"enterprises", "members"},
    Role.SECRETARY: {"organizations", "members"},
}
# A member's dues base belongs to the member's record: whoever edits members sets it
# (the ledger import checks can_edit(user, "dues_bases")).
for _kinds in EDITABLE_KINDS.values():
    if "members" in _kinds:
        _kinds.add("dues_bases")
        _kinds.add("contacts")  # the mobility contact ledger: contacts belong to members
# Meetings are the organization's own record (life.services edits them as "organizations"):
# whoever edits organizations imports the meetings ledger.
for _kinds in EDITABLE_KINDS.values():
    if "organizations" in _kinds:
        _kinds.add("meetings")

# Roles that may ask to see a personal-data field in plain text (always audited).
UNMASK_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN, Role.GRID_OFFICER, Role.SECRETARY})

# Which scope a role takes: regions, organizations or the instructor's assignments.
REGION_SCOPED = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN, Role.GRID_OFFICER, Role.LEADER})
ORGANIZATION_SCOPED = frozenset({Role.SECRETARY})


def can_edit(user, kind: str) -> bool:
    return user.is_authenticated and kind in EDITABLE_KINDS.get(user.role, set())


def can_unmask(user) -> bool:
    return user.is_authenticated and user.role in UNMASK_ROLES


def can_view_registry(user) -> bool:
    return user.is_authenticated and user.role in BUSINESS_ROLES


def can_view_audit(user) -> bool:
    return user.is_authenticated and user.role == Role.AUDIT_ADMIN


# 三员分立 (等保 2.0 level 3): three administrators, each with one duty and no business
# role. The system admin keeps accounts (create, deactivate, reset a password) but gives
# no role or scope; the security admin gives roles and scopes, never to an administrator
# (itself included); the audit admin reads the audit log. Administrator accounts are made
# and changed only at the command line (`create_account`, `changepassword`), by the
# operator with access to the server: no administrator can make or take over another.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})

# The roles the security admin may give in the browser; "" takes a role away.
ASSIGNABLE_ROLES = BUSINESS_ROLES


def is_administrator(user) -> bool:
    return user.role in ADMIN_ROLES


def can_manage_accounts(user) -> bool:
    """Sees the account pages: the system admin and the security admin."""
    return user.is_authenticated and user.role in {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}


def can_keep_accounts(user) -> bool:
    """Creates accounts, deactivates them, resets passwords, revokes API tokens."""
    return user.is_authenticated and user.role == Role.SYSTEM_ADMIN


def can_assign_roles(user) -> bool:
    """Gives roles and data scopes to accounts."""
    return user.is_authenticated and user.role == Role.SECURITY_ADMIN


def can_keep_account(actor, target) -> bool:
    """The system admin keeps business accounts and accounts without a role, not administrators
    (itself included): a reset administrator password would let it act as that administrator."""
    return can_keep_accounts(actor) and not is_administrator(target) and actor.pk != target.pk


def can_assign_role_to(actor, target, role: str = "") -> bool:
    """The security admin gives a business role (or none) to an account that is not an
    administrator's; never to itself, never an administrator role."""
    if not can_assign_roles(actor) or actor.pk == target.pk or is_administrator(target):
        return False
    return role == "" or role in ASSIGNABLE_ROLES
