from django.urls import path

from jianpin.ops.health import healthz
from jianpin.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", healthz, name="healthz"),
]
