from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from jianpin.accounts import login
from jianpin.accounts.models import User
from jianpin.kernel import totp


class LoginForm(AuthenticationForm):
    otp = forms.CharField(label="动态验证码（已开启双因素认证时填写）", required=False, max_length=8)
    error_messages = {
        "invalid_login": "用户名或密码错误",
        "inactive": "该账户已停用",
    }

    def clean(self) -> dict:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not (username and password):
            return super().clean()
        with login.guarded(username, login.client_ip(self.request),
                           forms.ValidationError) as attempt:
            if not attempt.allowed:
                User().set_password(password)  # as slow as a real check: locked looks unknown
                raise self.get_invalid_login_error()
            return super().clean()

    def confirm_login_allowed(self, user: User) -> None:  # type: ignore[override]
        super().confirm_login_allowed(user)
        if user.totp_secret and not totp.verify(user.totp_secret, self.cleaned_data.get("otp", "")):
            raise forms.ValidationError("动态验证码错误或已过期", code="otp")


class TotpForm(forms.Form):
    code = forms.CharField(label="动态验证码", max_length=8)
