"""Library objects for tests, and the area factories used by the URL scoping matrix."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from jianpin.library import DEMO_DATA
from jianpin.library.actions import Ingested, SystemActor, do_ingest
from jianpin.library.models import ChartTable, Document

# The seed pages and the samples in each format: the demo's texts, read where the product keeps them.
SEEDS = sorted((DEMO_DATA / "seeds").glob("*.txt"))
SAMPLES = DEMO_DATA / "samples"


def ingest_file(path: Path, actor: Any = None) -> Ingested:
    return do_ingest(actor or SystemActor(), path.name, path.read_bytes())


def ingest_seeds() -> dict[str, Document]:
    """Every seed document, keyed by the first three characters of its file name."""
    return {p.name[:3]: ingest_file(p).document for p in SEEDS}


def make_document(region_code: str | None, title: str = "关于做好防止返贫监测帮扶工作的通知",
                  body: str = "各乡镇：做好防止返贫监测帮扶工作，落实两不愁三保障。") -> Document:
    text = f"{title}\n{body}\n{region_code or ''}"
    doc = do_ingest(SystemActor(), "doc.txt", text.encode("utf-8")).document
    Document.objects.filter(pk=doc.pk).update(region_id=region_code)
    return Document.objects.get(pk=doc.pk)


def make_chart(region_code: str | None) -> Document:
    """A chart (图表) document with its data table."""
    doc = make_document(region_code, title="2016-2020年脱贫人口数据图表",
                        body="全国农村贫困人口脱贫情况：2019年脱贫1109万人，2020年脱贫551万人。")
    ChartTable.objects.update_or_create(document=doc, defaults={  # same text: same document
        "header": ["年份", "脱贫人口"], "rows": [["2019", 1109], ["2020", 551]],
        "source_name": "脱贫人口.csv"})
    return doc


AREA_FACTORIES = {
    "library_document": lambda code: {"pk": make_document(code).pk},
    "library_chart": lambda code: {"pk": make_chart(code).pk},
    "library_region": lambda code: {"code": code},
}
