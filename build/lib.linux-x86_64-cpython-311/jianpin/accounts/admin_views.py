"""Pages for user administration (area-scoped); every change goes through admin_actions."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from jianpin.accounts import admin_actions as act
from jianpin.accounts.access import requires
from jianpin.accounts.models import Role, User
from jianpin.accounts.policy import Cap
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.regions.scoping import get_or_404


class UserForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    region = forms.CharField(label=_("所属区域代码"), max_length=12, required=False,
                             help_text=_("12位区划代码；留空表示全国（仅全国管理员可设）"))
    password = forms.CharField(label=_("初始密码"), required=False,
                               widget=forms.PasswordInput(render_value=False),
                               help_text=_("留空则生成一次性密码"))

    def __init__(self, *args: object, actor: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = act.grantable_roles(actor)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    region = forms.CharField(label=_("所属区域代码"), max_length=12, required=False,
                             help_text=_("12位区划代码；留空表示全国（仅全国管理员可设）"))

    def __init__(self, *args: object, actor: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = act.grantable_roles(actor)


class PasswordForm(forms.Form):
    password = forms.CharField(label=_("新密码"), required=False,
                               widget=forms.PasswordInput(render_value=False),
                               help_text=_("留空则生成一次性密码"))


def _locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > timezone.now()


@requires(Cap.MANAGE_USERS)
def user_list(request: HttpRequest) -> HttpResponse:
    qs = act.manageable(request.user)  # type: ignore[arg-type]
    q = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    if role in Role.values:
        qs = qs.filter(role=role)
    page = Paginator(qs.order_by("region_id", "username"), 50).get_page(request.GET.get("page"))
    for u in page:
        u.locked = _locked(u)  # type: ignore[attr-defined]
    return render(request, "accounts/admin/user_list.html", {
        "page": page, "q": q, "role": role, "roles": Role.choices})


@requires(Cap.MANAGE_USERS)
def user_new(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    form = UserForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = act.do_create_user(
                actor, username=data["username"], role=data["role"],
                region_code=data["region"].strip() or None, display_name=data["display_name"],
                password=data["password"] or None)
        except PermissionDenied as exc:
            form.add_error("region" if "区域" in exc.message else "role", exc.message)
        except DomainError as exc:
            field = exc.code if exc.code in form.fields else None
            form.add_error(field, exc.message)
        else:
            messages.success(request, _("已创建账户"))
            return _detail(request, user, password=None if data["password"] else password)
    return render(request, "accounts/admin/user_new.html", {"form": form})


def _detail(request: HttpRequest, user: User, password: str | None = None,
            form: PasswordForm | None = None, role_form: RoleForm | None = None) -> HttpResponse:
    user.locked = _locked(user)  # type: ignore[attr-defined]
    actor: User = request.user  # type: ignore[assignment]
    initial = {"role": user.role, "region": user.region_id or ""}
    return render(request, "accounts/admin/user_detail.html", {
        "target": user, "password": password, "form": form or PasswordForm(),
        "role_form": role_form or RoleForm(initial=initial, actor=actor),
        "can_change_role": user.pk != actor.pk
        and user.role in dict(act.grantable_roles(actor))})


def _target(request: HttpRequest, pk: int) -> User:
    return get_or_404(act.manageable(request.user), pk, "未找到该账户")  # type: ignore[arg-type]


@requires(Cap.MANAGE_USERS)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _target(request, pk))


def _run(request: HttpRequest, pk: int, op: str) -> HttpResponse:
    target = _target(request, pk)
    actor: User = request.user  # type: ignore[assignment]
    done = {"disable": _("账户已停用"), "enable": _("账户已启用"), "unlock": _("已解除登录锁定"),
            "totp": _("已重置双因素认证，该用户下次登录只需密码")}
    try:
        if op in ("disable", "enable"):
            act.do_set_active(actor, target, op == "enable")
        elif op == "unlock":
            act.do_unlock(actor, target)
        else:
            act.do_reset_totp(actor, target)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done[op])
    return redirect("accounts:user_detail", pk=target.pk)


@require_POST
@requires(Cap.MANAGE_USERS)
def user_disable(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "disable")


@require_POST
@requires(Cap.MANAGE_USERS)
def user_enable(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "enable")


@require_POST
@requires(Cap.MANAGE_USERS)
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "unlock")


@require_POST
@requires(Cap.MANAGE_USERS)
def user_totp_reset(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "totp")


@require_POST
@requires(Cap.MANAGE_USERS)
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    """A new password: generated and shown once on this response (never stored in the session)."""
    target = _target(request, pk)
    form = PasswordForm(request.POST)
    if form.is_valid():
        given = form.cleaned_data["password"] or None
        try:
            password = act.do_reset_password(request.user, target, given)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_error("password", exc.message)
        else:
            messages.success(request, _("已重置密码"))
            return _detail(request, target, password=None if given else password)
    return _detail(request, target, form=form)


@require_POST
@requires(Cap.MANAGE_USERS)
def user_role(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the role and/or area of an account (area-scoped, never above the actor's role)."""
    target = _target(request, pk)
    actor: User = request.user  # type: ignore[assignment]
    form = RoleForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            changed = act.do_change_role(actor, target, role=form.cleaned_data["role"],
                                         region_code=form.cleaned_data["region"].strip() or None)
        except DomainError as exc:
            form.add_error("region" if "区域" in exc.message else "role", _(exc.message))
        else:
            messages.success(request, _("已修改角色和区域") if changed else _("角色和区域未变"))
            return redirect("accounts:user_detail", pk=target.pk)
    return _detail(request, target, role_form=form)
