from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jianpin.conftest import OTHER_COUNTY, VILLAGE
from jianpin.registry.tests.helpers import make_household

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_token_reads_scoped_and_masked(reviewer) -> None:  # type: ignore[no-untyped-def]
    mine = make_household(VILLAGE, head_name="黄一", size=2)
    make_household("441481001001", head_name="外县户")
    client = client_for(reviewer)
    listing = client.get("/api/households/").json()
    assert [r["head_name"] for r in listing["results"]] == ["黄一"]
    detail = client.get(f"/api/households/{mine.pk}/").json()
    full = mine.members.get(relation="本人").id_number
    head = next(m for m in detail["members"] if m["relation"] == "本人")
    assert head["id_number"] == f"{full[:6]}************"
    assert detail["phone"] == "138****8000"
    assert detail["bank_account"] == "***************0123"
    assert full not in client.get(f"/api/households/{mine.pk}/").content.decode()


def test_out_of_area_is_404_and_unauthenticated_is_401(reviewer) -> None:  # type: ignore[no-untyped-def]
    other = make_household("441481001001", head_name="外县户")
    assert OTHER_COUNTY.startswith("441481")
    client = client_for(reviewer)
    assert client.get(f"/api/households/{other.pk}/").status_code == 404
    assert APIClient().get("/api/households/").status_code == 401


def test_provider_role_cannot_read_registry(provider) -> None:  # type: ignore[no-untyped-def]
    make_household(VILLAGE)
    response = client_for(provider).get("/api/households/")
    assert response.status_code == 403


def test_schema_describes_household_endpoints() -> None:
    body = APIClient().get("/api/schema/").content.decode()
    assert "/api/households/{id}/" in body


def test_id_search_goes_in_the_body_not_the_url(reviewer) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head_name="黄二")
    full = hh.members.get().id_number
    client = client_for(reviewer)
    refused = client.get("/api/households/", {"q": full})
    assert refused.status_code == 400 and "身份证号不得放在网址中" in refused.json()["q"]
    found = client.post("/api/households/search/", {"q": full.lower()}, format="json")
    assert found.status_code == 200
    assert [r["head_name"] for r in found.json()["results"]] == ["黄二"]
    assert client.post("/api/households/search/", {}, format="json").status_code == 400


def test_household_whose_risk_is_eliminated_is_not_monitored(reviewer) -> None:  # type: ignore[no-untyped-def]
    make_household(VILLAGE, head_name="黄三", monitoring_kind="脱贫不稳定户", risk_eliminated=True)
    make_household(VILLAGE, head_name="黄四", monitoring_kind="脱贫不稳定户")
    make_household(VILLAGE, head_name="黄五")
    rows = client_for(reviewer).get("/api/households/").json()["results"]
    assert [(r["head_name"], r["monitoring_kind"], r["risk_eliminated"], r["monitored"])
            for r in rows] == [("黄三", "脱贫不稳定户", True, False),
                               ("黄四", "脱贫不稳定户", None, True), ("黄五", "", None, False)]


def test_nul_characters_in_filters_are_refused_not_a_server_error(reviewer) -> None:  # type: ignore[no-untyped-def]
    make_household(VILLAGE, head_name="黄三")
    client = client_for(reviewer)
    for params in ({"q": "\x00"}, {"q": "黄\x00", "status": "脱贫户"}, {"area": "4414\x00"}):
        refused = client.get("/api/households/", params)
        assert refused.status_code == 400
        assert refused.json() == {name: "不能包含空字符（NUL）" for name in params
                                  if "\x00" in params[name]}
    assert [r["head_name"] for r in client.get("/api/households/", {"q": "黄"}).json()["results"]] == ["黄三"]
