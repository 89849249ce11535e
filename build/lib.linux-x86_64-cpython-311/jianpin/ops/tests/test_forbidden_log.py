"""A 403 is logged as one warning line, without a traceback."""
from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_forbidden_page_logs_one_line_without_traceback(cadre, caplog) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(cadre)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/screening/")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelname, r.getMessage()) for r in records] == [
        ("WARNING", "Forbidden (Permission denied): /screening/")]
    assert records[0].exc_info is None
    fmt = settings.LOGGING["formatters"]["plain"]["format"]
    records[0].request_id = records[0].user_id = "-"
    assert "\n" not in logging.Formatter(fmt).format(records[0])
