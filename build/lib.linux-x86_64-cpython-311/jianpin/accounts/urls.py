from django.urls import path

from jianpin.accounts import admin_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("totp/", views.totp_settings, name="totp"),
    path("users/", admin_views.user_list, name="users"),
    path("users/new/", admin_views.user_new, name="user_new"),
    path("users/<int:pk>/", admin_views.user_detail, name="user_detail"),
    path("users/<int:pk>/disable/", admin_views.user_disable, name="user_disable"),
    path("users/<int:pk>/enable/", admin_views.user_enable, name="user_enable"),
    path("users/<int:pk>/unlock/", admin_views.user_unlock, name="user_unlock"),
    path("users/<int:pk>/totp-reset/", admin_views.user_totp_reset, name="user_totp_reset"),
    path("users/<int:pk>/role/", admin_views.user_role, name="user_role"),
    path("users/<int:pk>/password/", admin_views.user_password, name="user_password"),
]
