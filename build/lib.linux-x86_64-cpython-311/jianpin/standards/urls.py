from django.urls import path

from jianpin.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
urlpatterns.append(path("references/<int:pk>/delete/", views.delete_reference,
                        name="delete_reference"))
