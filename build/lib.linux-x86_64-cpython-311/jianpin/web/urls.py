from django.urls import path
from django.views.i18n import set_language

from jianpin.ops.health import healthz
from jianpin.web import views
from jianpin.web.favicon import favicon

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("favicon.ico", favicon, name="favicon"),
]
