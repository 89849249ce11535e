"""The DuckDB session that draws a population over the villages of an area."""
from __future__ import annotations

import zlib
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from jianpin.registry.synth import households, people, plan
from jianpin.registry.synth.rand import macros

YEARS = (2014, 2025)       # twelve income years, as the demo county has


@dataclass(frozen=True)
class Village:
    code: str
    address: str           # 省市县镇村, as a household's 住址
    county_name: str
    province_name: str
    groups: tuple[str, ...]


@dataclass(frozen=True)
class Spec:
    households: int
    seed: int
    villages: tuple[Village, ...]
    base_id: int = 1
    member_base: int = 1   # the first member id to give
    first_year: int = YEARS[0]
    last_year: int = YEARS[1]
    part: int = 0          # piece `part` of `parts` of one area: its own villages, its own
    parts: int = 1         # draws (seed + part), ID sequence numbers part, part + parts, ...

    @property
    def draw_seed(self) -> int:
        return self.seed + self.part


AWAY = {"44": ["浙江省杭州市", "福建省厦门市", "上海市", "江苏省苏州市", "湖南省长沙市"]}
# Cities of the village's own province where its people work (省内县外): where known, else the province.
NEAR = {"44": ["广东省广州市", "广东省深圳市", "广东省深圳市", "广东省东莞市", "广东省佛山市",
               "广东省惠州市"]}
AWAY_DEFAULT = ["广东省深圳市", "广东省东莞市", "广东省广州市", "浙江省杭州市", "上海市", "江苏省苏州市"]


def connect(spec: Spec) -> duckdb.DuckDBPyConnection:
    """A DuckDB session holding plan, family, slots, persons, ids and facts for `spec`."""
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute("SET preserve_insertion_order = false")
    for m in macros(spec.draw_seed):
        con.execute(m)
    _villages(con, spec.villages)
    params = {"n": spec.households, "base_id": spec.base_id, "villages": len(spec.villages),
              "last_year": spec.last_year, "seed": spec.draw_seed, "id_seed": spec.seed,
              "part": spec.part, "parts": spec.parts, "member_base": spec.member_base}
    for sql in (plan.PLAN, plan.FAMILY, people.SLOTS, people.PERSONS, people.IDS,
                households.MEMBER_IDS, households.FACTS):
        con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
    row = con.execute("SELECT max(nth) FROM ids").fetchone()
    if spec.parts > 1 and row and row[0] is not None and row[0] * spec.parts + spec.part >= 500:
        raise ValueError(f"piece {spec.part} of {spec.parts}: {row[0] + 1} persons share a county, "
                         f"birth date and sex, more than 500 // {spec.parts} ID numbers allow")
    return con


def _villages(con: duckdb.DuckDBPyConnection, villages: tuple[Village, ...]) -> None:
    """The villages and groups as DuckDB tables (through Arrow: row inserts are slow there)."""
    rows = list(enumerate(villages))
    table = pa.table({
        "vidx": [k for k, _ in rows], "code": [v.code for _, v in rows],
        "county": [v.code[:6] for _, v in rows], "address": [v.address for _, v in rows],
        "bank": [f"{v.county_name}农村信用合作联社" for _, v in rows],
        "county_name": [v.county_name for _, v in rows],
        "province_name": [v.province_name for _, v in rows],
        "away": [AWAY.get(v.code[:2], AWAY_DEFAULT) for _, v in rows],
        "near": [NEAR.get(v.code[:2], [v.province_name]) for _, v in rows],
        "groups": [len(v.groups) for _, v in rows]})
    groups = pa.table({"vidx": [k for k, v in rows for _ in v.groups],
                       "gidx": [g for _, v in rows for g in range(len(v.groups))],
                       "code": [c for _, v in rows for c in v.groups]})
    con.register("villages_arrow", table)
    con.register("groups_arrow", groups)
    con.execute("CREATE TABLE villages AS SELECT * FROM villages_arrow")
    con.execute("CREATE TABLE groups AS SELECT * FROM groups_arrow")
    con.unregister("villages_arrow")
    con.unregister("groups_arrow")


def group_count(village_code: str) -> int:
    """4-12 村民小组 per village, the same for a village in every run."""
    return 4 + zlib.crc32(village_code.encode()) % 9
