"""The national code lists' values (户类型 一般农户, 与户主关系 本人/女, 性别 男/女, ...) are stored
as codes and shown in the reader's language: on the household page, in the change log and in
an import warning's details. 女 as a relation is a daughter, as a sex female. An import reads
the Chinese labels whatever the language of the request."""
from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from jianpin.audit.display import describe, value
from jianpin.conftest import VILLAGE
from jianpin.registry import codes
from jianpin.registry.io.coerce import code_table
from jianpin.registry.io.headers import norm
from jianpin.registry.io.layouts import BY_KEY
from jianpin.registry.models import Member
from jianpin.registry.tests.helpers import make_household
from jianpin.screening.import_held import translated

pytestmark = pytest.mark.django_db


def _cells(body: str, table_after: str) -> list[str]:
    part = body[body.index(table_after):]
    part = part[:part.index("</table>")]
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", part,
                                                                    re.S)]


@pytest.mark.parametrize(("language", "status", "attribute", "member"), [
    ("zh-hans", "一般农户", "低保户", ["本人（户主）", "男", "健康", "女", "女", "残疾"]),
    ("en", "Ordinary household", "Minimum living allowance (dibao) household",
     ["Self (head)", "Male", "Healthy", "Daughter", "Female", "Disabled"]),
])
def test_the_household_page_shows_codes_in_the_readers_language(officer, language, status,
                                                                 attribute, member):
    hh = make_household(VILLAGE, head_name="李大明", size=3, status="一般农户",
                        attribute="低保户", risk_types=["因病", "因学"])
    Member.objects.filter(household=hh, relation="女").update(health="残疾")
    client = Client()
    client.force_login(officer)
    client.cookies["django_language"] = language
    body = client.get(f"/registry/households/{hh.pk}/").content.decode()
    badge = re.search(r'<h1>.*?<span class="badge [^"]*">([^<]*)</span>', body, re.S)
    assert badge is not None and badge.group(1) == status
    assert f"<dd>{attribute}</dd>" in body
    cells = _cells(body, "<h2>" + ("家庭成员" if language == "zh-hans" else "Household members"))
    rows = [cells[i:i + 10] for i in range(0, len(cells), 10)]
    shown = [(r[1], r[3], r[5]) for r in rows]
    assert (shown[0][0], shown[0][1], shown[0][2], shown[2][0], shown[2][1], shown[2][2]) == \
        tuple(member)
    stored = Member.objects.filter(household=hh).order_by("pk").values_list("relation", "sex")
    assert list(stored) == [("本人", "男"), ("配偶", "女"), ("女", "女")]    # codes unchanged


def test_the_change_log_shows_codes_in_the_readers_language():
    with translation.override("en"):
        assert describe("registry.member", "relation", ["子", "女"], True) == \
            "Relation to head: Son → Daughter"
        assert describe("registry.household", "status", ["一般农户", "脱贫户"], True) == \
            "Household status: Ordinary household → Lifted out of poverty"
        assert value("registry.household", "risk_types", ["因病", "因学"], True) == \
            "Illness, Schooling costs"
    with translation.override("zh-hans"):
        assert describe("registry.member", "relation", ["子", "女"], True) == "与户主关系：子 → 女"


def test_a_warnings_details_show_codes_in_the_readers_language():
    explanation = {"导入批次": "1（a.xlsx）", "户类型（导入文件）": "脱贫户",
                   "户类型（本系统）": "一般农户", "王小芳 与户主关系（导入文件）": "女",
                   "王小芳 与户主关系（本系统）": "配偶", "王小芳 性别（导入文件）": "女",
                   "王小芳 性别（本系统）": "男", "户主姓名（导入文件）": "李达明",
                   "户主姓名（本系统）": "李大明"}
    with translation.override("en"):
        assert translated(explanation) == [
            ("Import batch", "1 (a.xlsx)"),
            ("Head of household (imported file)", "李达明"),
            ("Head of household (jianpin)", "李大明"),
            ("Household status (imported file)", "Lifted out of poverty"),
            ("Household status (jianpin)", "Ordinary household"),
            ("王小芳 Relation to head (imported file)", "Daughter"),
            ("王小芳 Relation to head (jianpin)", "Spouse"),
            ("王小芳 Sex (imported file)", "Female"),
            ("王小芳 Sex (jianpin)", "Male")]
    with translation.override("zh-hans"):
        assert translated(explanation)[5] == ("王小芳 与户主关系（导入文件）", "女")


def test_an_import_reads_the_chinese_labels_in_any_language():
    with translation.override("en"):
        table = code_table(BY_KEY["m.relation"])
    assert (table[norm("本人（户主）")], table["本人"], table["女"]) == (codes.Relation.HEAD, "本人",
                                                                     "女")
    assert norm("Self (head)") not in table
