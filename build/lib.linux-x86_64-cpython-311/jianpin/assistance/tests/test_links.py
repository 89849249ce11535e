"""The assistance page links only to pages the viewer's role may open."""
from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["cadre", "auditor", "reviewer", "officer"])
def test_no_link_on_the_assistance_page_is_forbidden(persona, request) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    page = client.get("/assistance/")
    assert page.status_code == 200
    links = sorted(set(re.findall(r'href="(/[^"#?]*)', page.content.decode())))
    forbidden = [link for link in links if client.get(link).status_code == 403]
    assert forbidden == []
    assert ('href="/screening/"' in page.content.decode()) == (persona in ("reviewer", "officer"))
