from django.urls import include, path

from jianpin.registry import period_views, views

app_name = "registry"
urlpatterns = [
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/members/new/", views.member_add, name="member_add"),
    path("households/<int:pk>/income/", views.income_edit, name="income_edit"),
    path("households/<int:pk>/reveal/<str:field>/", views.reveal_household,
         name="reveal_household"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/move/", views.member_move, name="member_move"),
    path("members/<int:pk>/deceased/", views.member_deceased, name="member_deceased"),
    path("members/<int:pk>/reveal/<str:field>/", views.reveal_member, name="reveal_member"),
    path("members/<int:pk>/work-periods/new/", period_views.period_add, name="period_add"),
    path("work-periods/<int:pk>/edit/", period_views.period_edit, name="period_edit"),
    path("work-periods/<int:pk>/delete/", period_views.period_delete, name="period_delete"),
    path("verifications/", views.verifications, name="verifications"),
    path("", include("jianpin.registry.io_urls")),
]
