"""User administration by administrators, limited to their area subtree; one audit event each.

A national administrator (no region) manages every account. An administrator assigned a
province or county manages the accounts whose region lies in that subtree, may give a role
no higher than their own, and may not create accounts without a region (national ones).
Refusals raise before anything is written.
"""
from __future__ import annotations

import secrets
import string

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from jianpin.accounts import second_factor
from jianpin.accounts.models import Role, TotpDevice, User
from jianpin.accounts.policy import Cap, can
from jianpin.audit.actions import changes, record
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.regions.models import Region
from jianpin.regions.scoping import in_area, prefix_q, user_prefix

# Higher ranks may do more; a role is never given by someone of a lower rank.
RANK = {Role.VILLAGE_CADRE: 1, Role.DEPT_PROVIDER: 1, Role.LIBRARY_EDITOR: 1,
        Role.TOWNSHIP_REVIEWER: 2, Role.COUNTY_OFFICER: 3, Role.FINANCE_OFFICER: 3, Role.AUDITOR: 3,
        Role.ADMIN: 4}
# Roles that may work without a region (the whole country, or no area at all).
REGIONLESS = {Role.ADMIN, Role.AUDITOR, Role.LIBRARY_EDITOR}


def manageable(actor: User) -> QuerySet[User]:
    """The accounts `actor` may manage: those whose region lies in the actor's subtree."""
    prefix = user_prefix(actor) if can(actor, Cap.MANAGE_USERS) else None
    if prefix is None:
        return User.objects.none()
    qs = User.objects.select_related("region").annotate(second_factor=Exists(
        TotpDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
    return qs if prefix == "" else qs.filter(prefix_q("region_id", prefix))


def grantable_roles(actor: User) -> list[tuple[str, str]]:
    top = RANK.get(Role(actor.role), 0) if actor.role in Role.values else 0
    return [(value, str(label)) for value, label in Role.choices if RANK[Role(value)] <= top]


def _check_target(actor: User, target: User) -> None:
    if not manageable(actor).filter(pk=target.pk).exists():
        raise PermissionDenied("该账户不在您的管辖区域内")
    if target.role not in dict(grantable_roles(actor)):
        raise PermissionDenied("不能管理角色高于您的账户")


def _check_grant(actor: User, role: str, region_code: str | None) -> None:
    if not can(actor, Cap.MANAGE_USERS):
        raise PermissionDenied("您的角色无权管理用户")
    if role not in dict(grantable_roles(actor)):
        raise PermissionDenied("不能授予高于您自己的角色")
    if region_code is None:
        if user_prefix(actor) != "":
            raise PermissionDenied("只有全国管理员可以创建不限区域的账户")
        if role not in REGIONLESS:
            raise DomainError("region", "该角色必须指定所属区域")
    elif not in_area(actor, region_code):
        raise PermissionDenied("所选区域不在您的管辖区域内")


def new_password() -> str:
    """A one-time password that meets the validators: 14 letters and digits in groups."""
    alphabet = string.ascii_letters + string.digits
    while True:
        word = "".join(secrets.choice(alphabet) for _ in range(14))
        if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
            return f"{word[:7]}-{word[7:]}"


def _valid_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("password", "；".join(exc.messages)) from exc


def _region(target: User) -> str:
    return target.region_id or ""


def do_create_user(actor: User, *, username: str, role: str, region_code: str | None,
                   display_name: str = "", password: str | None = None) -> tuple[User, str]:
    """Create an account; returns it and its password (generated when none is given)."""
    _check_grant(actor, role, region_code)
    if region_code is not None and not Region.objects.filter(code=region_code).exists():
        raise DomainError("region", "区域代码不存在")
    username = username.strip()
    if not username:
        raise DomainError("username", "请填写用户名")
    if User.objects.filter(username=username).exists():
        raise DomainError("username", "用户名已被使用")
    user = User(username=username, role=role, region_id=region_code,
                display_name=display_name.strip())
    password = password or new_password()
    _valid_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        record(actor, "accounts.user.create", user, region_code=_region(user),
               diff={"username": username, "role": role, "region": region_code or ""})
    return user, password


def do_set_active(actor: User, target: User, active: bool) -> None:
    """Disable (or enable again) an account; a disabled account cannot log in."""
    _check_target(actor, target)
    if target.pk == actor.pk and not active:
        raise DomainError("user", "不能停用自己的账户")
    with transaction.atomic():
        User.objects.filter(pk=target.pk).update(is_active=active)
        target.is_active = active
        record(actor, "accounts.user.enable" if active else "accounts.user.disable", target,
               region_code=_region(target))


def do_reset_password(actor: User, target: User, password: str | None = None) -> str:
    """Set a new password (generated when none is given); returns it to show once."""
    _check_target(actor, target)
    generated = not password
    password = password or new_password()
    _valid_password(password, target)
    target.set_password(password)
    with transaction.atomic():
        User.objects.filter(pk=target.pk).update(password=target.password)
        record(actor, "accounts.user.password_reset", target, region_code=_region(target),
               note="生成一次性密码" if generated else "由管理员设定")
    return password


def do_unlock(actor: User, target: User) -> None:
    """Clear the login lockout of an account."""
    _check_target(actor, target)
    with transaction.atomic():
        User.objects.filter(pk=target.pk).update(failed_logins=0, locked_until=None)
        target.failed_logins, target.locked_until = 0, None
        record(actor, "accounts.user.unlock", target, region_code=_region(target))


def do_reset_totp(actor: User, target: User) -> None:
    """Remove the authenticator and recovery codes of an account whose owner lost them."""
    _check_target(actor, target)
    if not second_factor.enrolled(target):
        raise DomainError("otp", "该账户未开启双因素认证")
    with transaction.atomic():
        removed = second_factor.remove(target)
        record(actor, "accounts.user.totp_reset", target, region_code=_region(target),
               note=f"删除身份验证器和恢复码（{removed}个设备），该用户下次登录只需密码")


def do_change_role(actor: User, target: User, *, role: str, region_code: str | None) -> bool:
    """Give an account another role and/or area; False (nothing written) when both are the same.

    The actor must be able to manage the account as it is (its area and role) and to grant
    what it becomes (a role no higher than their own, an area inside their subtree).
    """
    _check_target(actor, target)
    if target.pk == actor.pk:
        raise PermissionDenied("不能修改自己的角色或区域")
    if role not in Role.values:
        raise DomainError("role", "未知的角色")
    _check_grant(actor, role, region_code)
    if region_code is not None and not Region.objects.filter(code=region_code).exists():
        raise DomainError("region", "区域代码不存在")
    before = {"role": target.role, "region": target.region_id or ""}
    after = {"role": role, "region": region_code or ""}
    diff = changes(before, after)
    if not diff:
        return False
    old_region = target.region
    with transaction.atomic():
        User.objects.filter(pk=target.pk).update(role=role, region_id=region_code)
        target.role, target.region_id = role, region_code
        record(actor, "accounts.user.role_change", target, region_code=_region(target), diff=diff)
        # The auditors of the old area see the move too: a second event under the old area
        # unless everyone who sees that area already sees the new one (a move inside it).
        if old_region is not None and not (region_code or "").startswith(old_region.prefix):
            record(actor, "accounts.user.role_change", target, region_code=old_region.code,
                   diff=diff, note="原区域")
    return True


def do_create_first_admin(username: str, password: str | None = None) -> tuple[User, str]:
    """The first national administrator, made from the command line while none exists."""
    if User.objects.filter(role=Role.ADMIN, region__isnull=True, is_active=True).exists():
        raise PermissionDenied("已有全国管理员：请以其身份（--as）创建账户")
    user = User(username=username.strip(), role=Role.ADMIN, region_id=None)
    if not user.username or User.objects.filter(username=user.username).exists():
        raise DomainError("username", "用户名为空或已被使用")
    password = password or new_password()
    _valid_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        record(None, "accounts.user.create", user, diff={"username": user.username,
                                                          "role": Role.ADMIN, "region": ""},
               note="命令行创建首个全国管理员")
    return user, password
