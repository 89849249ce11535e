from django.urls import path

from jianpin.ops.health import healthz
from jianpin.web import views
from jianpin.web.favicon import favicon

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
]
