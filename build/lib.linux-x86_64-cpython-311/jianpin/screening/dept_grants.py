"""Which department data kinds an account may upload (a 医保 account uploads medical data only).

Department accounts (role `dept_provider`) carry per-kind Django permissions
`screening.upload_dept_<kind>`, given to the account or to a group such as "县医保局". An account
without any uploads nothing. County officers upload every kind for their county. Permissions
are created when first granted, so no migration is needed for a new kind.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext

from jianpin.accounts.access import check_can
from jianpin.accounts.models import Role
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.screening.models import DeptKind, DeptUpload


def codename(kind: str) -> str:
    return f"upload_dept_{kind}"


def allowed_kinds(user: Any) -> list[str]:
    """The kinds `user` may upload, in the order of DeptKind."""
    if getattr(user, "role", None) != Role.DEPT_PROVIDER:
        return list(DeptKind.values)
    return [k for k in DeptKind.values if user.has_perm(f"screening.{codename(k)}")]


def check_dept_kind(user: Any, kind: str) -> None:
    if kind in DeptKind.values and kind not in allowed_kinds(user):
        raise PermissionDenied(gettext("本账号无权上传“%(kind)s”数据") % {"kind": DeptKind(kind).label})


def _permission(kind: str) -> Permission:
    ct = ContentType.objects.get_for_model(DeptUpload)
    perm, _ = Permission.objects.get_or_create(
        content_type=ct, codename=codename(kind),
        defaults={"name": f"可上传部门数据：{DeptKind(kind).label}"})
    return perm


@transaction.atomic
def do_set_dept_kinds(actor: Any, user: Any, kinds: Iterable[str]) -> list[str]:
    """Replace the kinds a department account may upload; audited (actor None: demo set-up)."""
    if actor is not None:
        check_can(actor, Cap.MANAGE_USERS, getattr(user, "region_id", None) or None)
    if getattr(user, "role", None) != Role.DEPT_PROVIDER:
        raise DomainError("not_dept_account", "只有部门数据提供方账号需要设定数据类型")
    unknown = set(kinds) - set(DeptKind.values)
    if unknown:
        raise DomainError("dept_kind", gettext("未知的部门数据类型：%(kinds)s")
                                       % {"kinds": "、".join(sorted(unknown))})
    wanted = [k for k in DeptKind.values if k in set(kinds)]
    before = allowed_kinds(user)
    ct = ContentType.objects.get_for_model(DeptUpload)
    user.user_permissions.remove(*Permission.objects.filter(
        content_type=ct, codename__startswith="upload_dept_"))
    user.user_permissions.add(*[_permission(k) for k in wanted])
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    record(actor, "screening.dept.kinds", user, region_code=getattr(user, "region_id", "") or "",
           diff={"before": before, "after": wanted})
    return wanted
