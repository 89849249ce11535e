from django.urls import include, path

urlpatterns = [
    path("accounts/", include("jianpin.accounts.urls")),
    path("registry/", include("jianpin.registry.urls")),
    path("standards/", include("jianpin.standards.urls")),
    path("screening/", include("jianpin.screening.urls")),
    path("workflows/", include("jianpin.workflows.urls")),
    path("assistance/", include("jianpin.assistance.urls")),
    path("library/", include("jianpin.library.urls")),
    path("indicators/", include("jianpin.indicators.urls")),
    path("projects/", include("jianpin.projects.urls")),
    path("villages/", include("jianpin.villages.urls")),
    path("jobs/", include("jianpin.jobs.urls")),
    path("audit/", include("jianpin.audit.urls")),
    path("api/", include("jianpin.api.urls")),
    path("", include("jianpin.web.urls")),
]
