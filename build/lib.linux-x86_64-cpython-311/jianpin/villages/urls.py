from __future__ import annotations

from django.urls import path

from jianpin.villages import views

app_name = "villages"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/<int:year>/", views.record, name="record"),
]
