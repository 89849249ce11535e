from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jianpin.accounts import actions
from jianpin.accounts.forms import LoginForm, TotpForm
from jianpin.accounts.login import note_success
from jianpin.kernel import totp
from jianpin.kernel.errors import DomainError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)  # rotates the session key
        note_success(form.get_user())
        return response


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def totp_settings(request: HttpRequest) -> HttpResponse:
    """Enable or disable the TOTP second factor for the logged-in user."""
    user = request.user
    form = TotpForm(request.POST or None)
    secret = request.session.get("totp_pending") or totp.new_secret()
    request.session["totp_pending"] = secret
    if request.method == "POST" and form.is_valid():
        try:
            if user.totp_secret:
                actions.do_disable_totp(user, form.cleaned_data["code"])
                messages.success(request, "已关闭双因素认证")
            else:
                actions.do_enable_totp(user, secret, form.cleaned_data["code"])
                request.session.pop("totp_pending", None)
                messages.success(request, "已开启双因素认证，今后登录需输入动态验证码")
            return redirect("accounts:totp")
        except DomainError as exc:
            form.add_error("code", exc.message)
    return render(request, "accounts/totp.html", {
        "form": form, "enabled": bool(user.totp_secret), "secret": secret,
        "uri": totp.uri(secret, user.username)})
