"""Generate national-layout rows for tests, demos and the import benchmark (valid by default)."""
from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jianpin.kernel.ids import check_digit
from jianpin.registry.io.layouts import NATIONAL, columns

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰春梅海燕"
RELATIONS = ("配偶", "子", "女", "父母", "孙子女")


def make_id(area: str, birth: str, serial: int, sex: str) -> str:
    """An 18-character ID: area (6) + birth YYYYMMDD + 3-digit serial (odd: male) + check."""
    seq = serial % 1000
    if (seq % 2 == 1) != (sex == "男"):
        seq = (seq + 1) % 1000
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + check_digit(first17)


def households(n: int, villages: list[tuple[str, str, str]], *, start: int = 1,
               seed: int = 7, year: int = 2025) -> Iterator[list[dict[str, Any]]]:
    """Yield n households, each a list of member rows keyed by field key."""
    rng = random.Random(seed)
    for i in range(start, start + n):
        town, village, code = villages[i % len(villages)]
        size = rng.choice((1, 2, 3, 4, 4, 5, 5, 6, 6))
        wage = Decimal(rng.randrange(0, 40000))
        business, cost = Decimal(rng.randrange(0, 8000)), Decimal(rng.randrange(0, 2000))
        prop, transfer = Decimal(rng.randrange(0, 1000)), Decimal(rng.randrange(0, 6000))
        net = wage + business - cost + prop + transfer
        pc = (net / size).quantize(Decimal("0.01"))
        number = f"{code}{i:07d}"
        head = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        status = rng.choice(("脱贫户", "一般农户", "脱贫户"))
        cause = rng.choice(("因病", "缺技术", "缺资金"))
        rows = []
        for k in range(size):
            sex = "男" if k == 0 or rng.random() < 0.5 else "女"
            year_born = rng.randrange(1940, 2015)
            name = head if k == 0 else head[0] + rng.choice(GIVEN) + rng.choice(GIVEN)
            rows.append({
                "meta.township_name": town, "meta.village_name": village,
                "hh.number": number, "hh.head_name": head, "m.name": name,
                "m.id_number": unique_id(code[:4], i * 8 + k, sex),
                "m.relation": "本人" if k == 0 else rng.choice(RELATIONS), "m.sex": sex,
                "m.ethnicity": "汉族", "m.education": rng.choice(("小学", "初中", "高中")),
                "m.school_status": "非在校生", "m.health": rng.choice(("健康", "健康", "长期慢性病")),
                "m.labour_ability": rng.choice(("普通劳动力", "技能劳动力", "无劳动力")),
                "m.work_status": rng.choice(("", "县内务工", "省外务工")),
                "m.work_months": rng.randrange(0, 12), "m.medical_insurance": True,
                "m.serious_illness_insurance": True, "m.pension_insurance": year_born < 1975,
                "m.dibao": False, "m.tekun": False, "m.phone": f"13{rng.randrange(10**8, 10**9)}",
                "hh.status": status, "hh.attribute": "一般户",
                "hh.monitoring_kind": "", "hh.main_cause": cause,
                "chk.size": size, "meta.year": year, "inc.wage_income": wage,
                "inc.business_income": business, "inc.business_cost": cost,
                "inc.property_income": prop, "inc.transfer_total": transfer,
                "inc.other_transfer": transfer,
                "chk.net_income": net, "chk.per_capita_net": pc,
            })
        yield rows


def unique_id(prefecture: str, x: int, sex: str) -> str:
    """A distinct valid ID for each x (injective below 796 million)."""
    serial, rest = 2 * (x % 500) + (1 if sex == "男" else 0), x // 500
    day, month, rest = 1 + rest % 28, 1 + rest // 28 % 12, rest // 336
    year, area = 1950 + rest % 60, f"{prefecture}{21 + rest // 60 % 79:02d}"
    return make_id(area, f"{year}{month:02d}{day:02d}", serial, sex)


def table(rows: Iterator[list[dict[str, Any]]], layout: str = NATIONAL) -> tuple[
        list[str], Iterator[list[Any]]]:
    """Header and value rows in the given layout's column order."""
    cols = columns(layout)
    header = [str(f.header(layout)) for f in cols]

    def body() -> Iterator[list[Any]]:
        for household in rows:
            for member in household:
                yield [member.get(f.key) for f in cols]
    return header, body()
