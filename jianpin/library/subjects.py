"""Subject classification (主题分类): a fixed list of subjects with the words that signal them.

Assigned on ingest from the title and text, editable on the document's edit page (audited).
A subject scores one point per occurrence of its words in the text and `TITLE_WEIGHT` per word
in the title; the document gets the subjects scoring at least `MIN_HITS` and at least
`SHARE_OF_TOP` of the best subject's score, at most `MAX_SUBJECTS` of them (best first, then in
the list's order), so a long plan touching every field is not filed under all of them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from jianpin.library.text.fold import fold

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Subject:
    code: str
    label: StrOrPromise  # a lazy translation
    words: tuple[str, ...]


SUBJECTS: tuple[Subject, ...] = (
    Subject("causes", _("致贫原因"), ("致贫原因", "因病致贫", "因学致贫", "因残致贫", "返贫风险",
                                    "致贫风险", "相对贫困", "贫困测量", "贫困发生率")),
    Subject("industry", _("产业帮扶"), ("产业扶贫", "产业帮扶", "产业发展", "特色产业", "合作社",
                                     "扶贫产业", "光伏", "消费扶贫", "消费帮扶")),
    Subject("employment", _("就业帮扶"), ("就业", "务工", "扶贫车间", "帮扶车间", "公益性岗位",
                                       "劳务协作", "技能培训")),
    Subject("education", _("教育帮扶"), ("教育扶贫", "义务教育", "控辍保学", "雨露计划", "学生资助",
                                      "职业教育")),
    Subject("health", _("健康帮扶"), ("健康扶贫", "基本医疗", "医疗保障", "大病", "家庭医生",
                                   "医保", "卫生室")),
    Subject("housing", _("住房安全"), ("住房安全", "危房改造", "危房", "农房")),
    Subject("relocation", _("易地搬迁"), ("易地扶贫搬迁", "易地搬迁", "安置点", "搬迁群众",
                                       "后续扶持", "移民")),
    Subject("social", _("社会保障"), ("低保", "兜底", "特困", "社会救助", "临时救助", "养老保险")),
    Subject("finance", _("金融与资金"), ("小额信贷", "衔接资金", "扶贫资金", "专项资金", "财政资金",
                                      "涉农资金", "补助资金", "金融")),
    Subject("cooperation", _("东西部协作"), ("东西部协作", "东西部扶贫协作", "对口帮扶", "定点帮扶",
                                         "对口支援", "援建")),
    Subject("monitoring", _("防返贫监测"), ("防止返贫", "防返贫", "动态监测", "监测对象",
                                        "监测帮扶")),
    Subject("ecology", _("生态帮扶"), ("生态扶贫", "生态护林员", "生态补偿", "生态保护")),
    Subject("international", _("国际经验"), ("世界银行", "联合国", "国际减贫", "全球减贫",
                                          "可持续发展议程", "千年发展目标", "南南合作")),
)
BY_CODE = {s.code: s for s in SUBJECTS}
MIN_HITS = 3
TITLE_WEIGHT = 5
SHARE_OF_TOP = 0.3
MAX_SUBJECTS = 4


# Every subject's words in one tuple, and each subject's slice of it.
_WORDS = tuple(w for s in SUBJECTS for w in s.words)


def _slices() -> tuple[tuple[str, slice], ...]:
    out, start = [], 0
    for subject in SUBJECTS:
        out.append((subject.code, slice(start, start + len(subject.words))))
        start += len(subject.words)
    return tuple(out)


_SLICES = _slices()


def classify(title: str, text: str) -> list[str]:
    """Codes of the subjects the document is about, in the list's order."""
    return classify_folded(fold(title), fold(text))


def classify_folded(head: str, body: str) -> list[str]:
    """`classify` of a title and text already folded (the indexing folds them once for both)."""
    hits = [body.count(w) + (TITLE_WEIGHT if w in head else 0) for w in _WORDS]
    scores = {}
    for code, part in _SLICES:
        score = sum(hits[part])
        if score >= MIN_HITS:
            scores[code] = score
    if not scores:
        return []
    top = max(scores.values())
    kept = sorted((c for c, s in scores.items() if s >= SHARE_OF_TOP * top),
                  key=lambda c: -scores[c])[:MAX_SUBJECTS]
    return [s.code for s in SUBJECTS if s.code in kept]


def labels(codes: str) -> list[tuple[str, str]]:
    """(code, label) for a stored space-separated list, unknown codes left out."""
    return [(c, str(BY_CODE[c].label)) for c in codes.split() if c in BY_CODE]


def clean(codes: list[str] | str) -> str:
    """A stored value: known codes only, in the list's order, no duplicates."""
    wanted = set(codes.split() if isinstance(codes, str) else codes)
    return " ".join(s.code for s in SUBJECTS if s.code in wanted)
