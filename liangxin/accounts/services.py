"""Account writes: every path (pages, commands, API) goes through these, so the
three separate duties (三员分立, see ``roles``) cannot drift apart.

``actor`` is the logged-in administrator, or None for the operator at the
command line (`create_account`, `issue_token`): the bootstrap path, the one way
to make administrators.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.accounts.models import ApiToken, User
from liangxin.core import roles
from liangxin.core.audit import record_event
from liangxin.core.roles import ORGANIZATION_SCOPED, REGION_SCOPED, Role
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region

# --- scope -------------------------------------------------------------------


def _resolve(model, codes: list[str], label: str):
    found = {obj.code: obj for obj in model.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise ValidationError(f"{label}不存在：{'、'.join(missing)}")
    return list(found.values())


def check_scope_fits_role(role: str, regions, organizations) -> None:
    """A region-scoped role needs regions, a secretary organizations; nothing else takes any
    (an administrator holds no business scope)."""
    label = Role(role).label if role else "未分配角色"
    errors = {}
    if role in REGION_SCOPED and not regions:
        errors["regions"] = f"角色“{label}”需要至少一个管辖区域（--region）"
    if role in ORGANIZATION_SCOPED and not organizations:
        errors["organizations"] = f"角色“{label}”需要至少一个所属党组织（--organization）"
    if role not in REGION_SCOPED and regions:
        errors["regions"] = f"角色“{label}”不使用管辖区域，请清空"
    if role not in ORGANIZATION_SCOPED and organizations:
        errors["organizations"] = f"角色“{label}”不使用所属党组织，请清空"
    if errors:
        raise ValidationError(errors)


def _names(objects) -> str:
    return "、".join(sorted(f"{obj.name}（{obj.code}）" for obj in objects)) or "无"


# --- accounts ----------------------------------------------------------------


@transaction.atomic
def account_create(
    *,
    actor: User | None = None,
    username: str,
    password: str | None = None,
    role: str = "",
    region_codes: list[str] = (),
    organization_codes: list[str] = (),
    display_name: str = "",
    email: str = "",
    remote_addr: str | None = None,
) -> User:
    """A new account (DOMAIN.md §5).

    From the command line (actor None) with any role and its scope: the bootstrap of the
    administrators. From the browser only the system admin creates, and without role or
    scope (the security admin gives them); the password is then a one-time password that
    must be changed at the first login, returned as ``user.one_time_password``.
    """
    if actor is not None:
        _require(roles.can_keep_accounts(actor), "只有系统管理员可以新建账号")
        _require(not (role or region_codes or organization_codes), "角色和数据范围由安全管理员分配")
    if role and role not in Role.values:
        raise ValidationError(f"未知角色：{role}；可选：{', '.join(Role.values)}")
    regions = _resolve(Region, list(region_codes), "区域代码")
    organizations = _resolve(PartyOrganization, list(organization_codes), "组织编码")
    check_scope_fits_role(role, regions, organizations)
    one_time = password is None
    password = one_time_password() if one_time else password
    user = User(username=username, role=role, display_name=display_name, email=email)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = one_time
    user.is_staff = user.is_superuser = False
    user.save()
    user.regions.set(regions)
    user.organizations.set(organizations)
    record_event(
        actor,
        action="account_create",
        target=user,
        summary=f"新建账号 {user.username}（{user.role_label}）",
        remote_addr=remote_addr,
    )
    user.one_time_password = password if one_time else None
    return user


@transaction.atomic
def account_set_active(
    *, actor: User, target: User, active: bool, remote_addr: str | None = None
) -> User:
    """Deactivate (or reactivate) an account; a deactivated one also loses its API tokens.
    Accounts are never deleted: the audit trail keeps its actors."""
    target = _lock(target)
    _require(roles.can_keep_account(actor, target), "系统管理员只能停用或启用业务账号")
    if target.is_active == active:
        return target
    target.is_active = active
    target.save(update_fields=["is_active"])
    if not active:
        _revoke_all(target)
    verb = "启用" if active else "停用"
    record_event(
        actor,
        action="account_activate" if active else "account_deactivate",
        target=target,
        summary=f"{verb}账号 {target.username}",
        remote_addr=remote_addr,
    )
    return target


@transaction.atomic
def password_reset(*, actor: User, target: User, remote_addr: str | None = None) -> str:
    """A one-time password for a business account, to be changed at its next login.

    The old sessions end (Django ties a session to the password hash) and the API tokens
    are revoked. The reset is audited, and the user finds their own password refused, so
    an administrator using it to act as the user would not go unnoticed.
    """
    target = _lock(target)
    _require(roles.can_keep_account(actor, target), "系统管理员只能重置业务账号的密码")
    password = one_time_password()
    validate_password(password, target)
    target.set_password(password)
    target.must_change_password = True
    target.password_changed_at = timezone.now()
    target.save(update_fields=["password", "must_change_password", "password_changed_at"])
    _revoke_all(target)
    record_event(
        actor,
        action="password_reset",
        target=target,
        summary=f"重置账号 {target.username} 的密码（一次性密码，须在下次登录时修改）",
        remote_addr=remote_addr,
    )
    return password


@transaction.atomic
def password_change(*, user: User, password: str, remote_addr: str | None = None) -> User:
    """The user's own new password (the old one was checked by the form)."""
    user = _lock(user)  # also unwraps request.user's lazy object for the audit row
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    record_event(
        user, action="password_change", target=user, summary="修改本人密码", remote_addr=remote_addr
    )
    return user


@transaction.atomic
def account_assign(
    *,
    actor: User,
    target: User,
    role: str,
    regions=(),
    organizations=(),
    remote_addr: str | None = None,
) -> User:
    """The security admin gives an account its role and data scope (region and organization
    subtrees). Each change is audited apart: the role, then the scope."""
    target = _lock(target)
    _require(
        roles.can_assign_role_to(actor, target, role),
        "安全管理员只能为业务账号分配业务角色，不能为自己或其他管理员分配",
    )
    regions, organizations = list(regions), list(organizations)
    check_scope_fits_role(role, regions, organizations)
    before = (set(target.regions.all()), set(target.organizations.all()))
    old_label = target.role_label
    if target.role != role:
        target.role = role
        target.full_clean(exclude=["password"])
        target.save(update_fields=["role"])
        record_event(
            actor,
            action="role_change",
            target=target,
            summary=f"账号 {target.username} 的角色：{old_label} → {target.role_label}",
            remote_addr=remote_addr,
        )
    if before != (set(regions), set(organizations)):
        target.regions.set(regions)
        target.organizations.set(organizations)
        record_event(
            actor,
            action="scope_change",
            target=target,
            summary=f"账号 {target.username} 的数据范围：管辖区域 {_names(regions)}；"
            f"所属党组织 {_names(organizations)}",
            remote_addr=remote_addr,
        )
    return target


def _lock(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# Letters without look-alikes (0/O, 1/l/I), so a one-time password read aloud is typed right.
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_DIGITS = "23456789"
_SYMBOLS = "-_!@#%+="


def one_time_password(length: int = 16) -> str:
    """A random password of every character class, long enough for the validators."""
    length = max(length, settings_min_length() + 2)
    classes = (_UPPER, _LOWER, _DIGITS, _SYMBOLS)
    chars = [secrets.choice(group) for group in classes]
    chars += [secrets.choice(string_pool()) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def string_pool() -> str:
    return _UPPER + _LOWER + _DIGITS + _SYMBOLS


def settings_min_length() -> int:
    for validator in settings.AUTH_PASSWORD_VALIDATORS:
        if "min_length" in validator.get("OPTIONS", {}):
            return validator["OPTIONS"]["min_length"]
    return 0


# --- API tokens ----------------------------------------------------------------

# Tokens carry 160 random bits, so a fast digest is enough: no guess can be checked offline
# faster than the search space allows (a slow password hash would only slow every request).
TOKEN_BYTES = 20
TOUCH_SECONDS = 60  # last_used_at is written at most once a minute, not on every request


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_issue(*, user: User, actor: User | None = None, remote_addr: str | None = None) -> str:
    """A new API token for ``user`` (its previous ones are revoked); only the raw token
    returned here ever holds it: the database keeps its digest."""
    user = _lock(user)
    _require(user.is_active, "账号已停用，不能签发令牌")
    _require(actor is None or actor.pk == user.pk, "只能为本人签发 API 令牌")
    _revoke_all(user)
    raw = secrets.token_hex(TOKEN_BYTES)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        digest=token_digest(raw),
        prefix=raw[:8],
        created_at=now,
        expires_at=now + timezone.timedelta(days=settings.API_TOKEN_DAYS),
    )
    record_event(
        actor,
        action="token_issue",
        target=user,
        summary=f"为账号 {user.username} 签发 API 令牌 {token.prefix}…，"
        f"有效期至 {timezone.localtime(token.expires_at):%Y-%m-%d}",
        remote_addr=remote_addr,
    )
    return raw


def token_authenticate(*, raw: str) -> ApiToken | None:
    """The live token with this raw value, its last use recorded; None if unknown,
    expired or revoked."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at=None, expires_at__gt=now)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= TOUCH_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken, remote_addr: str | None = None) -> ApiToken:
    """The owner revokes their own token; the system admin a business account's."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    owner = token.user
    _require(
        actor.pk == owner.pk or roles.can_keep_account(actor, owner),
        "只能吊销本人的令牌；系统管理员可吊销业务账号的令牌",
    )
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor,
            action="token_revoke",
            target=owner,
            summary=f"吊销账号 {owner.username} 的 API 令牌 {token.prefix}…",
            remote_addr=remote_addr,
        )
    return token


def _revoke_all(user: User) -> None:
    ApiToken.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())
