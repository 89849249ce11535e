from django.urls import path

from jianpin.jobs import schedule_views, views

app_name = "jobs"
urlpatterns = [
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("schedules/", schedule_views.schedules, name="schedules"),
    path("schedules/save/", schedule_views.schedule_save, name="schedule_save"),
]
