"""The search form's 发文机关 filter matches the short forms `issuer:` matches, as a phrase;
`issuer:` itself needs all the words of the name, in any order."""
from __future__ import annotations

import pytest
from django.test import Client

from jianpin.library import querylang
from jianpin.library.search import SearchParams, search
from jianpin.library.tests.test_issuer_forms import docs  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def filtered(issuer: str, q: str = "") -> list[str]:
    return sorted(h.document.source_name[:3] for h in search(SearchParams(q=q, issuer=issuer)).hits)


FILTER_CASES = [
    ("贵州省人民政府", ["000", "001"]),
    ("贵州省政府", ["000", "001"]),
    ("省政府办公厅", ["000"]),
    ("黔西南州政府", ["004"]),
    ("贵州省发改委", ["002"]),
    ("贵州省发展改革委", ["002"]),
    ("国家发改委", ["003"]),
    ("国家发展改革委", ["003"]),
    ("國家發展改革委", ["003"]),          # traditional, folded
    ("发改委", ["002", "003"]),
    (" 发改委 ", ["002", "003"]),
    ("贵州省办公厅", []),                 # a phrase: not 贵州省 … 办公厅 word by word
    ("办公厅贵州省", []),
    ("贵州省教育厅", []),
]
OPERATOR_CASES = [
    # All the words of a name, in the issuer, in any order (documented in the user guide).
    ('issuer:"贵州省 办公厅"', ["000"]),
    ("issuer:办公厅贵州省", ["000"]),
    ("issuer:贵州省办公厅", ["000"]),
    # Unquoted, a space ends the name: 精准扶贫 is then searched in every field.
    ("issuer:国家 精准扶贫", ["003"]),
]


def test_issuer_filter_short_forms_as_a_phrase(docs) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    # One set of documents for every case (ingesting the seeds is the slow part).
    assert [(issuer, filtered(issuer)) for issuer, _ in FILTER_CASES] == FILTER_CASES
    assert filtered("发改委", q="贵州") == ["002"]
    assert filtered("国家发改委", q="宜阳县") == []
    assert filtered("贵州省政府", q="易地扶贫搬迁") == ["000", "001"]
    found = [(q, sorted(h.document.source_name[:3] for h in search(SearchParams(q=q)).hits))
             for q, _ in OPERATOR_CASES]
    assert found == OPERATOR_CASES


def test_issuer_filter_forms() -> None:
    assert querylang.issuer_filter_forms("國家發改委") == [
        "國家發改委", "国家发改委", "国家发展改革委", "国家发展和改革委员会"]
    assert querylang.issuer_filter_forms("  贵州省  政府 ") == ["贵州省 政府"]
    assert querylang.issuer_filter_forms("   ") == []


def test_issuer_filter_on_the_page(client: Client, docs) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = client.get("/library/", {"issuer": "发改委"}).content.decode()
    assert 'id="result-count"' in page
    assert "共 2 条结果" in page
    assert 'name="issuer" value="发改委"' in page
