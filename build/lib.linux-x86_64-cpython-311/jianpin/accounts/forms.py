from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from jianpin.accounts import login, second_factor
from jianpin.accounts.models import User


class LoginForm(AuthenticationForm):
    otp = forms.CharField(label=_("动态验证码或恢复码（已开启双因素认证时填写）"), required=False,
                          max_length=16, widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}))
    error_messages = {
        "invalid_login": _("用户名或密码错误"),
        "inactive": _("该账户已停用"),
    }
    second_factor_used: str | None = None

    def clean(self) -> dict[str, Any]:
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

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if second_factor.enrolled(user):
            self.second_factor_used = second_factor.verify(user, self.cleaned_data.get("otp", ""))
            if self.second_factor_used is None:
                raise forms.ValidationError(_("动态验证码错误或已过期"), code="otp")


class TotpForm(forms.Form):
    code = forms.CharField(label=_("动态验证码"), max_length=16,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                         "inputmode": "numeric"}))
