from django.urls import path

from jianpin.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("totp/", views.totp_settings, name="totp"),
]
