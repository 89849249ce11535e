"""Property tests of the API from its own OpenAPI schema: no 500s, auth enforced, per role."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from config.wsgi import application
from jianpin.accounts.models import Role
from jianpin.conftest import make_user
from jianpin.registry.tests.helpers import make_household

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
ROLES = {"cadre": (Role.VILLAGE_CADRE, "441424100200"), "officer": (Role.COUNTY_OFFICER,
         "441424000000"), "provider": (Role.DEPT_PROVIDER, "441424000000")}


@pytest.fixture
def tokens(db) -> Iterator[dict[str, str]]:  # type: ignore[no-untyped-def]
    # Calls go straight to the WSGI app, whose request signals would close the test's
    # connection (and its open transaction) on PostgreSQL; Django's own test client does this too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    make_household("441424100200", head_name="接口户")
    make_household("441481001001", head_name="外县户")
    yield {name: Token.objects.create(user=make_user(f"st_{name}", role, region)).key
           for name, (role, region) in ROLES.items()}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_enforces_auth(case, tokens) -> None:  # type: ignore[no-untyped-def]
    anonymous = case.call()
    assert anonymous.status_code in (401, 403, 404) or case.path == "/api/schema/"
    for key in tokens.values():
        response = case.call(headers={"Authorization": f"Token {key}"})
        assert response.status_code < 500, response.text
        assert "外县户" not in response.text
