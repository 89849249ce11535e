from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from jianpin.accounts.forms import LoginForm
from jianpin.accounts.login import note_success


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
