from django.urls import path

from jianpin.jobs import views

app_name = "jobs"
urlpatterns = [
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
