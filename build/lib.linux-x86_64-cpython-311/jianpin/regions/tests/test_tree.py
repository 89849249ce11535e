from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from jianpin.conftest import COUNTY, TOWNSHIP, VILLAGE
from jianpin.regions import loader
from jianpin.regions.models import Region, next_prefix
from jianpin.regions.scoping import prefix_q

pytestmark = pytest.mark.django_db


def test_shipped_tree_has_the_demo_county() -> None:
    county = Region.objects.get(code=COUNTY)
    assert (county.name, county.level, county.prefix, county.parent_id) == (
        "五华县", 3, "441424", "441400000000")
    assert Region.objects.filter(prefix__startswith="441424", level=4).count() == 16
    assert Region.objects.filter(code__gte="441424", code__lt="441425", level=5).count() == 451


def test_subtree_is_a_code_range() -> None:
    assert next_prefix("441424") == "441425"
    assert next_prefix("441424109") == "441424110"
    assert next_prefix("99") is None
    township = Region.objects.filter(prefix_q("code", TOWNSHIP[:9]))
    assert township.filter(code=VILLAGE).exists()
    assert not township.filter(code="441424101001").exists()


def test_load_csv_updates_and_reports_bad_rows(tmp_path: Path) -> None:
    good = tmp_path / "d.csv.gz"
    with gzip.open(good, "wt", encoding="utf-8") as f:
        f.write("code,name,level,parent_code\n441424100200,协和村,5,441424100000\n")
    assert loader.load(good) == 1
    assert Region.objects.get(code=VILLAGE).name == "协和村"
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,level,parent_code\n4414,某地,5,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="第2行区划代码无效"):
        loader.load(bad)
