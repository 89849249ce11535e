from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from jianpin.accounts.login import locked_message, note_failure
from jianpin.accounts.models import User


class LoginForm(AuthenticationForm):
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
