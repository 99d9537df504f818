"""Demo logins, one per role of DOMAIN.md §1, all with the same known password."""

import os
import unicodedata
from dataclasses import dataclass

from liangxin.accounts.models import User
from liangxin.accounts.services import account_create
from liangxin.core.roles import Role
from liangxin.workforce.models import Instructor

# Passes the validators: 13 characters, upper, lower, digit and symbol.
DEFAULT_DEMO_PASSWORD = "Liangxin@2026"
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """Where ``make run`` serves (it passes its HOST and PORT as DEMO_SITE_URL)."""
    return os.environ.get("DEMO_SITE_URL") or DEFAULT_SITE_URL


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


@dataclass(frozen=True)
class DemoAnchors:
    """Where the scoped demo users point: codes from the first county generated."""

    county: str
    town: str
    grid: str
    secretary_organization: str
    instructor_id: int | None


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    display_name: str


DEMO_LOGINS = (
    DemoLogin("district_admin", Role.DISTRICT_ADMIN, "区两新工委管理员"),
    DemoLogin("town_admin", Role.TOWN_ADMIN, "园区（镇）管理员"),
    DemoLogin("grid_officer", Role.GRID_OFFICER, "网格党务干部"),
    DemoLogin("secretary", Role.SECRETARY, "企业党支部书记"),
    DemoLogin("instructor", Role.INSTRUCTOR, "党建指导员"),
    DemoLogin("leader", Role.LEADER, "领导（只读）"),
    DemoLogin("sysadmin", Role.SYSTEM_ADMIN, "系统管理员"),
    DemoLogin("secadmin", Role.SECURITY_ADMIN, "安全管理员"),
    DemoLogin("auditor", Role.AUDIT_ADMIN, "审计管理员"),
)


def scope_for(login: DemoLogin, anchors: DemoAnchors) -> dict:
    regions = {
        Role.DISTRICT_ADMIN: [anchors.county],
        Role.LEADER: [anchors.county],
        Role.TOWN_ADMIN: [anchors.town],
        Role.GRID_OFFICER: [anchors.grid],
    }.get(login.role, [])
    organizations = [anchors.secretary_organization] if login.role == Role.SECRETARY else []
    return {"region_codes": regions, "organization_codes": organizations}


def create_demo_accounts(anchors: DemoAnchors, password: str | None = None) -> list[DemoLogin]:
    """Create the missing demo users; an instructor login is tied to its Instructor record."""
    password = password or demo_password()
    created = []
    for login in DEMO_LOGINS:
        if User.objects.filter(username=login.username).exists():
            continue
        user = account_create(
            username=login.username,
            password=password,
            role=login.role,
            display_name=login.display_name,
            **scope_for(login, anchors),
        )
        if login.role == Role.INSTRUCTOR and anchors.instructor_id:
            Instructor.objects.filter(pk=anchors.instructor_id).update(user=user)
        created.append(login)
    return created


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def login_table(password: str | None = None) -> str:
    """The banner ``make run`` prints: the address and the demo logins that exist."""
    password = password or demo_password()
    existing = set(
        User.objects.filter(username__in=[d.username for d in DEMO_LOGINS]).values_list(
            "username", flat=True
        )
    )
    lines = [f"请在浏览器打开 {site_url()} ，使用下列演示账号登录：", ""]
    lines.append(f"  {pad('用户名', 18)}{pad('角色', 18)}密码")
    for login in DEMO_LOGINS:
        if login.username in existing:
            lines.append(f"  {pad(login.username, 18)}{pad(Role(login.role).label, 18)}{password}")
    if not existing:
        lines.append("  （没有演示账号：数据库中的数据不是由 seed_demo 生成的）")
    return "\n".join(lines)
