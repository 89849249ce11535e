from __future__ import annotations

from django.urls import path

from jianpin.assistance import views

app_name = "assistance"
urlpatterns = [
    path("", views.index, name="index"),
    path("helpers/new/", views.helper_new, name="helper_new"),
    path("helpers/<int:pk>/", views.helper_detail, name="helper_detail"),
    path("mine/", views.mine, name="mine"),
    path("households/<int:pk>/", views.household, name="household"),
    path("households/<int:pk>/pair/", views.pair, name="pair"),
    path("households/<int:pk>/plan/", views.plan_save, name="plan_save"),
    path("households/<int:pk>/measures/", views.measure_add, name="measure_add"),
    path("households/<int:pk>/visits/new/", views.visit_new, name="visit_new"),
    path("pairings/<int:pk>/end/", views.pairing_end, name="pairing_end"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("checks/run/", views.checks_run, name="checks_run"),
]
