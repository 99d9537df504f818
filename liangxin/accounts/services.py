from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from liangxin.accounts.models import User
from liangxin.accounts.roles import ORGANIZATION_SCOPED, REGION_SCOPED, Role
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region


def _resolve(model, codes: list[str], label: str):
    found = {obj.code: obj for obj in model.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise ValidationError(f"{label}不存在：{'、'.join(missing)}")
    return list(found.values())


def _check_scope_fits_role(role: str, regions: list, organizations: list) -> None:
    if role in REGION_SCOPED and not regions:
        raise ValidationError(f"角色“{Role(role).label}”需要至少一个 --region")
    if role in ORGANIZATION_SCOPED and not organizations:
        raise ValidationError(f"角色“{Role(role).label}”需要至少一个 --organization")


@transaction.atomic
def account_create(
    *,
    username: str,
    password: str,
    role: str,
    region_codes: list[str] = (),
    organization_codes: list[str] = (),
    display_name: str = "",
) -> User:
    """create_account: a user with a role and a scope (DOMAIN.md §5)."""
    if role not in Role.values:
        raise ValidationError(f"未知角色：{role}；可选：{', '.join(Role.values)}")
    regions = _resolve(Region, list(region_codes), "区域代码")
    organizations = _resolve(PartyOrganization, list(organization_codes), "组织编码")
    _check_scope_fits_role(role, regions, organizations)
    user = User(username=username, role=role, display_name=display_name)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.is_staff = role == Role.SYSTEM_ADMIN
    user.is_superuser = False
    user.save()
    user.regions.set(regions)
    user.organizations.set(organizations)
    return user


@transaction.atomic
def token_issue(*, user: User) -> str:
    """issue_token: a fresh API token (the previous one stops working)."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key
