from __future__ import annotations

from django.urls import path

from jianpin.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("targets/", views.target_list, name="targets"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
]
