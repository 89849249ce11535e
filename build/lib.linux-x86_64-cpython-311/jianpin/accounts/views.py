from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from jianpin.accounts import actions, second_factor
from jianpin.accounts.forms import LoginForm, TotpForm
from jianpin.accounts.login import note_success
from jianpin.accounts.models import User
from jianpin.kernel.errors import DomainError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """The lockout and idle figures of the hint come from settings, as the policy does."""
        context = super().get_context_data(**kwargs)
        context["policy"] = {"failures": settings.LOGIN_MAX_FAILURES,
                             "minutes": settings.LOGIN_LOCKOUT_MINUTES,
                             "idle": settings.IDLE_TIMEOUT_SECONDS // 60}
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        assert isinstance(form, LoginForm)
        response = super().form_valid(form)  # rotates the session key
        note_success(form.get_user(), form.second_factor_used)
        return response


class LogoutView(auth_views.LogoutView):
    pass


def _page(request: HttpRequest, user: User, form: TotpForm,
          codes: list[str] | None = None) -> HttpResponse:
    context: dict[str, object] = {"form": form, "codes": codes,
                                  "enabled": second_factor.enrolled(user)}
    if context["enabled"]:
        context["remaining"] = second_factor.remaining_recovery_codes(user)
    else:
        device = second_factor.pending_device(user)
        uri = second_factor.provisioning_uri(device, user.username)
        context.update(secret=second_factor.secret_text(device),
                       qr=mark_safe(second_factor.qr_svg(uri)))  # noqa: S308 — SVG we generated
    return render(request, "accounts/totp.html", context)


@login_required
def totp_settings(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator (QR code), turn it off, or issue new recovery codes."""
    user: User = request.user  # type: ignore[assignment]
    form = TotpForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, user, form)
    code, op = form.cleaned_data["code"], request.POST.get("op", "")
    try:
        if op == "disable":
            actions.do_disable_totp(user, code)
            messages.success(request, _("已关闭双因素认证"))
            return redirect("accounts:totp")
        if op == "renew":
            codes = actions.do_renew_recovery_codes(user, code)
            messages.success(request, _("已生成新的恢复码，旧恢复码已作废"))
        else:
            codes = actions.do_enable_totp(user, code)
            messages.success(request, _("已开启双因素认证，今后登录需输入动态验证码"))
    except DomainError as exc:
        form.add_error("code", _(exc.message))
        return _page(request, user, form)
    # The codes are shown on this response only; nothing keeps them in readable form.
    return _page(request, user, TotpForm(), codes=codes)
