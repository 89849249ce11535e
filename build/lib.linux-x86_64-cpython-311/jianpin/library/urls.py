from __future__ import annotations

from django.urls import path

from jianpin.library import synonym_views, views

app_name = "library"
urlpatterns = [
    path("", views.index, name="index"),
    path("doc/<int:pk>/", views.detail, name="detail"),
    path("doc/<int:pk>/original/", views.original, name="original"),
    path("doc/<int:pk>/text/", views.text, name="text"),
    path("doc/<int:pk>/edit/", views.edit, name="edit"),
    path("doc/<int:pk>/delete/", views.delete, name="delete"),
    path("upload/", views.upload, name="upload"),
    path("regions/", views.regions, name="regions"),
    path("regions/<str:code>/", views.regions, name="region"),
    path("targets/", views.targets, name="targets"),
    path("targets.xlsx", views.targets_export, name="targets_export"),
    path("rankings/", views.rankings, name="rankings"),
    path("rankings/block/", views.block_word, name="block_word"),
    path("rankings/block/<int:pk>/delete/", views.unblock_word, name="unblock_word"),
    path("doc/<int:pk>/favourite/", views.favourite, name="favourite"),
    path("doc/<int:pk>/figures.xlsx", views.figures_export, name="figures_export"),
    path("doc/<int:pk>/chart/", views.chart_upload, name="chart_upload"),
    path("doc/<int:pk>/chart/figures/", views.chart_from_figures, name="chart_from_figures"),
    path("doc/<int:pk>/chart.csv", views.chart_csv, name="chart_csv"),
    path("favourites/", views.favourites, name="favourites"),
    path("authors/", views.authors, name="authors"),
    path("synonyms/", synonym_views.synonyms, name="synonyms"),
    path("synonyms/<int:pk>/edit/", synonym_views.synonym_edit, name="synonym_edit"),
    path("synonyms/<int:pk>/delete/", synonym_views.synonym_delete, name="synonym_delete"),
]
