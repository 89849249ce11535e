from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from jianpin.accounts.login import locked_message, note_failure
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
        user = User.objects.filter(username=username).first() if username else None
        if user is not None:
            message = locked_message(user)
            if message:
                raise forms.ValidationError(message, code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                note_failure(username)
            raise

    def confirm_login_allowed(self, user: User) -> None:  # type: ignore[override]
        super().confirm_login_allowed(user)
        if user.totp_secret and not totp.verify(user.totp_secret, self.cleaned_data.get("otp", "")):
            raise forms.ValidationError("动态验证码错误或已过期", code="otp")


class TotpForm(forms.Form):
    code = forms.CharField(label="动态验证码", max_length=8)
