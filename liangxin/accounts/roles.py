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


def can_manage_accounts(user) -> bool:
    return user.is_authenticated and user.role in {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}
