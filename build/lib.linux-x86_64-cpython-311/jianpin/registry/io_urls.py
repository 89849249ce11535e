"""URLs of the import and export pages (included under registry/)."""
from __future__ import annotations

from django.urls import path

from jianpin.registry import io_views as v

urlpatterns = [
    path("import/", v.import_page, name="import"),
    path("import/template.xlsx", v.import_template, name="import_template"),
    path("import/<int:pk>/", v.import_batch, name="import_batch"),
    path("import/<int:pk>/progress/", v.import_progress, name="import_progress"),
    path("import/<int:pk>/confirm/", v.import_confirm, name="import_confirm"),
    path("import/<int:pk>/cancel/", v.import_cancel, name="import_cancel"),
    path("import/<int:pk>/errors.xlsx", v.import_errors, name="import_errors"),
    path("import/vocabulary/", v.vocabulary_page, name="import_vocabulary"),
    path("export/", v.export_page, name="export"),
]
