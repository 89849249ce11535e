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


def test_favicon_ico_is_answered_for_everybody(client, cadre) -> None:  # type: ignore[no-untyped-def]
    from io import BytesIO

    from PIL import Image

    for who in (None, cadre):
        if who is not None:
            client.force_login(who)
        icon = client.get("/favicon.ico")
        assert (icon.status_code, icon["Content-Type"]) == (200, "image/x-icon")
        image = Image.open(BytesIO(icon.content))
        assert image.format == "ICO" and set(image.info["sizes"]) == {(16, 16), (32, 32), (48, 48)}
        red = image.convert("RGB").getpixel((2, image.height // 2))  # the red edge of the SVG
        assert red == (0xB3, 0x26, 0x1E)
    assert client.post("/favicon.ico").status_code == 405
