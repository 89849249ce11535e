"""What an import stores, field by field: the households, members, incomes and audit events of a
cold import (no preview), of a preview then commit, and of a re-import with changes, asserted
as exact values (the values the import wrote before its write phase was made column-wise)."""
from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from jianpin.audit.models import AuditEvent
from jianpin.registry.io import service
from jianpin.registry.io.layouts import MONITORING
from jianpin.registry.io.sample import unique_id
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.registry.tests.io_helpers import households, rows_of, write_xlsx

pytestmark = pytest.mark.django_db

SKIP = {"id", "household", "created_at", "updated_at"}


def _fields(model: Any) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in SKIP]


def _stored() -> dict[str, Any]:
    """Every stored value but keys and timestamps; households named by their number."""
    number = dict(Household.objects.values_list("id", "number"))
    hh = [[r[f] for f in _fields(Household)]
          for r in Household.objects.order_by("number").values()]
    members = [[number[r["household_id"]], *(r[f] for f in _fields(Member)
                                             if f != "household_id")]
               for r in Member.objects.order_by("id_number").values()]
    incomes = [[number[r["household_id"]], *(r[f] for f in _fields(IncomeRecord)
                                             if f != "household_id")]
               for r in IncomeRecord.objects.order_by("household__number", "year").values()]
    events = [[e.actor.username if e.actor else None, e.action, e.object_type,
               number.get(int(e.object_id)), e.region_code, e.diff, e.note]
              for e in AuditEvent.objects.filter(object_type="registry.household")
              .order_by("id")]
    return {"households": hh, "members": members, "incomes": incomes, "audit": events}


def _file(tmp_path: Any, hhs: list[list[dict]], name: str, layout: str = MONITORING) -> Any:
    return write_xlsx(tmp_path / name, *rows_of(hhs, layout))


def _scenario(tmp_path: Any, user: Any, *, preview: bool) -> dict[str, Any]:
    """Two households cold (or previewed then committed), then the same file with a changed
    name, phone and income and a new member."""
    hhs = households(2)
    for hh in hhs:
        for row in hh:
            row["hh.phone"] = "13800138000"
    first = _file(tmp_path, hhs, "first.xlsx")
    if preview:
        assert service.run(first, user=user).errors == []
    out = service.run(first, user=user, dry_run=False)
    assert out.errors == [] and out.reused_preview is preview
    cold = _stored()
    hhs[0][1]["m.name"] = "改名"
    hhs[0][0]["m.phone"] = "13900139000"
    hhs[1].append(dict(hhs[1][-1], **{"m.name": "新人", "m.id_number": unique_id("4414", 999, "男"),
                                      "m.relation": "之孙子", "m.sex": "男"}))
    for row in hhs[1]:     # the file's own totals are left blank: recomputed on import
        row.update({"inc.wage_income": Decimal("12345"), "chk.size": None,
                    "chk.net_income": None, "chk.per_capita_net": None})
    out = service.run(_file(tmp_path, hhs, "again.xlsx"), user=user, dry_run=False)
    assert out.errors == []
    return {"cold": cold, "again": _stored()}


# Written by the import before its write phase was made column-wise (same file, same scenario).
EXPECTED = {'again': {'audit': [['cadre', 'registry.import.create', 'registry.household',
                      '4414241002000000001', '441424100200',
                      {'household': {'head_name': '林敏艳',
                                     'phone': '138****8000',
                                     'size': 5,
                                     'status': '脱贫户',
                                     'village_id': '441424100200'},
                       'income': {'net_income': '12429.00',
                                  'per_capita_net': '2485.80',
                                  'year': 2025},
                       'members': {'林娟芳 441421************': {'name': '林娟芳',
                                                              'relation': '孙子女'},
                                   '林敏艳 441421************': {'name': '林敏艳',
                                                              'relation': '本人'},
                                   '林秀春 441421************': {'name': '林秀春',
                                                              'relation': '子'},
                                   '林芳磊 441421************': {'name': '林芳磊',
                                                              'relation': '配偶'},
                                   '林霞芳 441421************': {'name': '林霞芳',
                                                              'relation': '孙子女'}}},
                      '导入'],
                     ['cadre', 'registry.import.create', 'registry.household',
                      '4414241002000000002', '441424100200',
                      {'household': {'head_name': '周磊兰',
                                     'phone': '138****8000',
                                     'size': 5,
                                     'status': '脱贫户',
                                     'village_id': '441424100200'},
                       'income': {'net_income': '36844.00',
                                  'per_capita_net': '7368.80',
                                  'year': 2025},
                       'members': {'周刚霞 441421************': {'name': '周刚霞',
                                                              'relation': '父母'},
                                   '周娜春 441421************': {'name': '周娜春',
                                                              'relation': '配偶'},
                                   '周平娜 441421************': {'name': '周平娜',
                                                              'relation': '配偶'},
                                   '周玉秀 441421************': {'name': '周玉秀',
                                                              'relation': '孙子女'},
                                   '周磊兰 441421************': {'name': '周磊兰',
                                                              'relation': '本人'}}},
                      '导入'],
                     ['cadre', 'registry.import.update', 'registry.household',
                      '4414241002000000001', '441424100200',
                      {'household': {},
                       'members': {'改名 441421************': {'name': ['林娟芳', '改名']},
                                   '林敏艳 441421************': {'phone': ['131****6691',
                                                                        '139****9000']}}},
                      '导入'],
                     ['cadre', 'registry.import.update', 'registry.household',
                      '4414241002000000002', '441424100200',
                      {'household': {'size': [5, 6]},
                       'income': {'net_income': ['36844.00', '18676.00'],
                                  'per_capita_net': ['7368.80', '3112.67'],
                                  'persons': [5, 6],
                                  'wage_income': ['30513.00', '12345.00'],
                                  'year': 2025},
                       'members': {'新人 441421************': {'name': '新人',
                                                             'relation': '孙子女'}}},
                      '导入']],
           'households': [['4414241002000000001', '441424100200', None, '林敏艳', 5,
                           None, '', '13800138000', '', '', '一般户', '脱贫户', '', [], '',
                           [], None, '', False, None, '', True, True, False, None,
                           None, False, None, None, None, None, '', None, None, '',
                           None, None, None, None, None, None, None, '', None, None,
                           2],
                          ['4414241002000000002', '441424100200', None, '周磊兰', 6,
                           None, '', '13800138000', '', '', '一般户', '脱贫户', '', [], '',
                           [], None, '', False, None, '', True, True, False, None,
                           None, False, None, None, None, None, '', None, None, '',
                           None, None, None, None, None, None, None, '', None, None,
                           2]],
           'incomes': [['4414241002000000001', 2025, 5, Decimal('9886.00'),
                        Decimal('3234.00'), Decimal('1333.00'), Decimal('49.00'),
                        Decimal('0.00'), Decimal('0.00'), Decimal('0.00'),
                        Decimal('0.00'), Decimal('0.00'), Decimal('593.00'),
                        Decimal('0.00'), Decimal('0.00'), Decimal('0.00'),
                        Decimal('593.00'), Decimal('12429.00'), Decimal('2485.80'),
                        Decimal('0.00')],
                       ['4414241002000000002', 2025, 6, Decimal('12345.00'),
                        Decimal('4796.00'), Decimal('1891.00'), Decimal('464.00'),
                        Decimal('0.00'), Decimal('0.00'), Decimal('0.00'),
                        Decimal('0.00'), Decimal('0.00'), Decimal('2962.00'),
                        Decimal('0.00'), Decimal('0.00'), Decimal('0.00'),
                        Decimal('2962.00'), Decimal('18676.00'), Decimal('3112.67'),
                        Decimal('0.00')]],
           'members': [['4414241002000000001', '林敏艳', '', '', '441421195001010171',
                        '男', datetime.date(1950, 1, 1), '本人', '汉族', '小学', '非在校生',
                        '健康', None, '普通劳动力', '', 6, '', '', '', True, True, False,
                        False, False, '13900139000', None, '', None],
                       ['4414241002000000001', '改名', '', '', '441421195001010198',
                        '男', datetime.date(1950, 1, 1), '孙子女', '汉族', '小学', '非在校生',
                        '健康', None, '无劳动力', '', 9, '', '', '', True, True, False,
                        False, False, '13166423868', None, '', None],
                       ['4414241002000000001', '林芳磊', '', '', '441421195001010200',
                        '女', datetime.date(1950, 1, 1), '配偶', '汉族', '高中', '非在校生',
                        '健康', None, '技能劳动力', '', 2, '', '', '', True, True, False,
                        False, False, '13680557051', None, '', None],
                       ['4414241002000000001', '林秀春', '', '', '441421195001010235',
                        '男', datetime.date(1950, 1, 1), '子', '汉族', '小学', '非在校生',
                        '长期慢性病', None, '无劳动力', '', 3, '', '', '', True, True, False,
                        False, False, '13499858816', None, '', None],
                       ['4414241002000000001', '林霞芳', '', '', '441421195001010251',
                        '男', datetime.date(1950, 1, 1), '孙子女', '汉族', '小学', '非在校生',
                        '健康', None, '无劳动力', '', 6, '', '', '', True, True, True,
                        False, False, '13934543046', None, '', None],
                       ['4414241002000000002', '周磊兰', '', '', '441421195001010331',
                        '男', datetime.date(1950, 1, 1), '本人', '汉族', '小学', '非在校生',
                        '长期慢性病', None, '技能劳动力', '', 7, '', '', '', True, True, True,
                        False, False, '13468804211', None, '', None],
                       ['4414241002000000002', '周平娜', '', '', '44142119500101034X',
                        '女', datetime.date(1950, 1, 1), '配偶', '汉族', '高中', '非在校生',
                        '健康', None, '普通劳动力', '', 2, '', '', '', True, True, False,
                        False, False, '13625020128', None, '', None],
                       ['4414241002000000002', '周玉秀', '', '', '441421195001010374',
                        '男', datetime.date(1950, 1, 1), '孙子女', '汉族', '初中', '非在校生',
                        '健康', None, '无劳动力', '', 9, '', '', '', True, True, True,
                        False, False, '13633300498', None, '', None],
                       ['4414241002000000002', '周娜春', '', '', '441421195001010382',
                        '女', datetime.date(1950, 1, 1), '配偶', '汉族', '初中', '非在校生',
                        '健康', None, '无劳动力', '', 1, '', '', '', True, True, False,
                        False, False, '13165143298', None, '', None],
                       ['4414241002000000002', '周刚霞', '', '', '441421195001010403',
                        '女', datetime.date(1950, 1, 1), '父母', '汉族', '初中', '非在校生',
                        '长期慢性病', None, '技能劳动力', '', 5, '', '', '', True, True, False,
                        False, False, '13124226753', None, '', None],
                       ['4414241002000000002', '新人', '', '', '441421195001029999',
                        '男', datetime.date(1950, 1, 2), '孙子女', '汉族', '初中', '非在校生',
                        '长期慢性病', None, '技能劳动力', '', 5, '', '', '', True, True, False,
                        False, False, '13124226753', None, '', None]]},
 'cold': {'audit': [['cadre', 'registry.import.create', 'registry.household',
                     '4414241002000000001', '441424100200',
                     {'household': {'head_name': '林敏艳',
                                    'phone': '138****8000',
                                    'size': 5,
                                    'status': '脱贫户',
                                    'village_id': '441424100200'},
                      'income': {'net_income': '12429.00',
                                 'per_capita_net': '2485.80',
                                 'year': 2025},
                      'members': {'林娟芳 441421************': {'name': '林娟芳',
                                                             'relation': '孙子女'},
                                  '林敏艳 441421************': {'name': '林敏艳',
                                                             'relation': '本人'},
                                  '林秀春 441421************': {'name': '林秀春',
                                                             'relation': '子'},
                                  '林芳磊 441421************': {'name': '林芳磊',
                                                             'relation': '配偶'},
                                  '林霞芳 441421************': {'name': '林霞芳',
                                                             'relation': '孙子女'}}},
                     '导入'],
                    ['cadre', 'registry.import.create', 'registry.household',
                     '4414241002000000002', '441424100200',
                     {'household': {'head_name': '周磊兰',
                                    'phone': '138****8000',
                                    'size': 5,
                                    'status': '脱贫户',
                                    'village_id': '441424100200'},
                      'income': {'net_income': '36844.00',
                                 'per_capita_net': '7368.80',
                                 'year': 2025},
                      'members': {'周刚霞 441421************': {'name': '周刚霞',
                                                             'relation': '父母'},
                                  '周娜春 441421************': {'name': '周娜春',
                                                             'relation': '配偶'},
                                  '周平娜 441421************': {'name': '周平娜',
                                                             'relation': '配偶'},
                                  '周玉秀 441421************': {'name': '周玉秀',
                                                             'relation': '孙子女'},
                                  '周磊兰 441421************': {'name': '周磊兰',
                                                             'relation': '本人'}}},
                     '导入']],
          'households': [['4414241002000000001', '441424100200', None, '林敏艳', 5,
                          None, '', '13800138000', '', '', '一般户', '脱贫户', '', [], '',
                          [], None, '', False, None, '', True, True, False, None,
                          None, False, None, None, None, None, '', None, None, '',
                          None, None, None, None, None, None, None, '', None, None,
                          1],
                         ['4414241002000000002', '441424100200', None, '周磊兰', 5,
                          None, '', '13800138000', '', '', '一般户', '脱贫户', '', [], '',
                          [], None, '', False, None, '', True, True, False, None,
                          None, False, None, None, None, None, '', None, None, '',
                          None, None, None, None, None, None, None, '', None, None,
                          1]],
          'incomes': [['4414241002000000001', 2025, 5, Decimal('9886.00'),
                       Decimal('3234.00'), Decimal('1333.00'), Decimal('49.00'),
                       Decimal('0.00'), Decimal('0.00'), Decimal('0.00'),
                       Decimal('0.00'), Decimal('0.00'), Decimal('593.00'),
                       Decimal('0.00'), Decimal('0.00'), Decimal('0.00'),
                       Decimal('593.00'), Decimal('12429.00'), Decimal('2485.80'),
                       Decimal('0.00')],
                      ['4414241002000000002', 2025, 5, Decimal('30513.00'),
                       Decimal('4796.00'), Decimal('1891.00'), Decimal('464.00'),
                       Decimal('0.00'), Decimal('0.00'), Decimal('0.00'),
                       Decimal('0.00'), Decimal('0.00'), Decimal('2962.00'),
                       Decimal('0.00'), Decimal('0.00'), Decimal('0.00'),
                       Decimal('2962.00'), Decimal('36844.00'), Decimal('7368.80'),
                       Decimal('0.00')]],
          'members': [['4414241002000000001', '林敏艳', '', '', '441421195001010171',
                       '男', datetime.date(1950, 1, 1), '本人', '汉族', '小学', '非在校生',
                       '健康', None, '普通劳动力', '', 6, '', '', '', True, True, False,
                       False, False, '13175006691', None, '', None],
                      ['4414241002000000001', '林娟芳', '', '', '441421195001010198',
                       '男', datetime.date(1950, 1, 1), '孙子女', '汉族', '小学', '非在校生',
                       '健康', None, '无劳动力', '', 9, '', '', '', True, True, False,
                       False, False, '13166423868', None, '', None],
                      ['4414241002000000001', '林芳磊', '', '', '441421195001010200',
                       '女', datetime.date(1950, 1, 1), '配偶', '汉族', '高中', '非在校生',
                       '健康', None, '技能劳动力', '', 2, '', '', '', True, True, False,
                       False, False, '13680557051', None, '', None],
                      ['4414241002000000001', '林秀春', '', '', '441421195001010235',
                       '男', datetime.date(1950, 1, 1), '子', '汉族', '小学', '非在校生',
                       '长期慢性病', None, '无劳动力', '', 3, '', '', '', True, True, False,
                       False, False, '13499858816', None, '', None],
                      ['4414241002000000001', '林霞芳', '', '', '441421195001010251',
                       '男', datetime.date(1950, 1, 1), '孙子女', '汉族', '小学', '非在校生',
                       '健康', None, '无劳动力', '', 6, '', '', '', True, True, True,
                       False, False, '13934543046', None, '', None],
                      ['4414241002000000002', '周磊兰', '', '', '441421195001010331',
                       '男', datetime.date(1950, 1, 1), '本人', '汉族', '小学', '非在校生',
                       '长期慢性病', None, '技能劳动力', '', 7, '', '', '', True, True, True,
                       False, False, '13468804211', None, '', None],
                      ['4414241002000000002', '周平娜', '', '', '44142119500101034X',
                       '女', datetime.date(1950, 1, 1), '配偶', '汉族', '高中', '非在校生',
                       '健康', None, '普通劳动力', '', 2, '', '', '', True, True, False,
                       False, False, '13625020128', None, '', None],
                      ['4414241002000000002', '周玉秀', '', '', '441421195001010374',
                       '男', datetime.date(1950, 1, 1), '孙子女', '汉族', '初中', '非在校生',
                       '健康', None, '无劳动力', '', 9, '', '', '', True, True, True,
                       False, False, '13633300498', None, '', None],
                      ['4414241002000000002', '周娜春', '', '', '441421195001010382',
                       '女', datetime.date(1950, 1, 1), '配偶', '汉族', '初中', '非在校生',
                       '健康', None, '无劳动力', '', 1, '', '', '', True, True, False,
                       False, False, '13165143298', None, '', None],
                      ['4414241002000000002', '周刚霞', '', '', '441421195001010403',
                       '女', datetime.date(1950, 1, 1), '父母', '汉族', '初中', '非在校生',
                       '长期慢性病', None, '技能劳动力', '', 5, '', '', '', True, True, False,
                       False, False, '13124226753', None, '', None]]}}


def test_cold_import_and_reimport_store_exactly_these_rows_and_audit_events(tmp_path, cadre):
    assert _scenario(tmp_path, cadre, preview=False) == EXPECTED


def test_preview_then_commit_stores_the_same_rows_and_audit_events(tmp_path, cadre):
    assert _scenario(tmp_path, cadre, preview=True) == EXPECTED


def test_bulk_insert_of_records_of_different_shapes_keeps_order_defaults_and_stamps(db):
    from django.utils import timezone

    from jianpin.conftest import VILLAGE
    from jianpin.registry.io import _fastdb as fastdb

    now = timezone.now()
    records = [{"number": "A1", "village_id": VILLAGE, "head_name": "甲"},
               {"village_id": VILLAGE, "number": "A2", "risk_types": ["因病"], "size": 3,
                "created_at": now - datetime.timedelta(days=9)},     # a stamp is the import's
               {"number": "A3", "village_id": VILLAGE, "head_name": "丙",
                "monitoring_since": datetime.date(2024, 5, 1)}]
    assert fastdb.insert(fastdb.Table(Household), records, now) == 3
    assert list(Household.objects.order_by("id").values_list(
        "number", "head_name", "risk_types", "size", "version", "monitoring_since",
        "created_at", "updated_at")) == [
        ("A1", "甲", [], 0, 1, None, now, now),
        ("A2", "", ["因病"], 3, 1, None, now, now),
        ("A3", "丙", [], 0, 1, datetime.date(2024, 5, 1), now, now)]


def test_a_file_of_one_year_compares_and_writes_only_that_years_incomes(tmp_path, cadre):
    hhs = households(2)
    first = _file(tmp_path, hhs, "2025.xlsx")
    assert service.run(first, user=cadre, dry_run=False).errors == []
    for hh in hhs:
        for row in hh:
            row.update({"meta.year": 2024, "inc.wage_income": Decimal("100"), "chk.net_income": None,
                        "chk.per_capita_net": None})
    out = service.run(_file(tmp_path, hhs, "2024.xlsx"), user=cadre, dry_run=False)
    assert (out.errors, out.households, out.incomes) == (
        [], {"new": 0, "updated": 2, "unchanged": 0}, {"new": 2, "updated": 0, "unchanged": 0})
    assert list(IncomeRecord.objects.order_by("household__number", "year").values_list(
        "household__number", "year", "wage_income")) == [
        ("4414241002000000001", 2024, Decimal("100.00")),
        ("4414241002000000001", 2025, Decimal("9886.00")),
        ("4414241002000000002", 2024, Decimal("100.00")),
        ("4414241002000000002", 2025, Decimal("30513.00"))]
    for path in (first, tmp_path / "2024.xlsx"):        # both years again: nothing changes
        again = service.run(path, user=cadre, dry_run=False)
        assert (again.households, again.incomes) == ({"new": 0, "updated": 0, "unchanged": 2},
                                                     {"new": 0, "updated": 0, "unchanged": 2})


def test_a_file_of_several_years_compares_each_household_with_its_own_year(tmp_path, cadre):
    hhs = households(2)
    for year, wage in ((2024, "100"), (2025, "200")):
        for hh in hhs:
            for row in hh:
                row.update({"meta.year": year, "inc.wage_income": Decimal(wage),
                            "chk.net_income": None, "chk.per_capita_net": None})
        assert service.run(_file(tmp_path, hhs, f"{year}.xlsx"), user=cadre,
                           dry_run=False).errors == []
    # one file: the first household's 2024 figures as stored, the second's 2025 changed
    for row in hhs[0]:
        row.update({"meta.year": 2024, "inc.wage_income": Decimal("100")})
    for row in hhs[1]:
        row.update({"meta.year": 2025, "inc.wage_income": Decimal("300")})
    out = service.run(_file(tmp_path, hhs, "mixed.xlsx"), user=cadre, dry_run=False)
    assert (out.errors, out.households, out.incomes) == (
        [], {"new": 0, "updated": 1, "unchanged": 1}, {"new": 0, "updated": 1, "unchanged": 1})
    assert list(IncomeRecord.objects.order_by("household__number", "year").values_list(
        "household__number", "year", "wage_income")) == [
        ("4414241002000000001", 2024, Decimal("100.00")),
        ("4414241002000000001", 2025, Decimal("200.00")),
        ("4414241002000000002", 2024, Decimal("100.00")),
        ("4414241002000000002", 2025, Decimal("300.00"))]
