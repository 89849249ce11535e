"""Every page names a favicon, served as a static SVG file."""
from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.django_db


def test_pages_link_a_favicon_that_is_served(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/accounts/login/").content.decode()
    links = re.findall(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', page)
    assert links == ["/static/web/favicon.svg"]
    icon = client.get(links[0])
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/svg+xml"
    svg = ElementTree.fromstring(b"".join(icon.streaming_content))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox") == "0 0 32 32"
