from django.urls import path

from jianpin.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("warnings/bulk/", views.warnings_bulk, name="warnings_bulk"),
    path("warnings/<int:pk>/acknowledge/", views.warning_acknowledge,
         name="warning_acknowledge"),
    path("warnings/<int:pk>/dismiss/", views.warning_dismiss, name="warning_dismiss"),
    path("warnings/<int:pk>/case/", views.warning_case, name="warning_case"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("departments/", views.departments, name="departments"),
    path("departments/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("rules/", views.rules, name="rules"),
]
