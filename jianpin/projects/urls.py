from __future__ import annotations

from django.urls import path

from jianpin.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_new, name="new"),
    path("public/", views.public, name="public"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/step/", views.project_step, name="step"),
    path("<int:pk>/actuals/", views.project_actuals, name="actuals"),
]
