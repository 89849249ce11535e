"""Extract a policy document's metadata from its (scraped) text."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from typing import Any

from jianpin.library.text import fields, learned
from jianpin.library.text.chrome import PERIOD, Stripped, strip_chrome
from jianpin.library.text.fold import fold
from jianpin.library.text.numerals import years_as_digits
from jianpin.library.text.regions import Gazetteer, default_gazetteer, figure_place, is_prose
from jianpin.library.text.targets import Target, extract_targets
from jianpin.library.text.titles import organ_only

PUBLISHED_LABELS = ("发布时间", "发布日期", "发表时间", "公开日期", "时间", "日期", "日期行", "更新时间")
ISSUED_LABELS = ("成文日期", "发文日期")
# Where authors come from or work is not what the text is about: an address in brackets with
# a postcode ("(杭州 310058)"), author and biography lines ("作者简介 蔡进…四川广安人").
_ADDRESS = re.compile(r"[(（][^()（）\n]{0,40}\d{6}[)）]|\d\.\s*[^\n]{0,40}\d{6};?")
_AUTHOR_LINE = re.compile(r"^(?:作者|通讯作者|收稿日期|基金项目)[^\n]*$|^[^\n]{0,12}\(\d{4}[-—]\)[^\n]*$",
                          re.MULTILINE)
_TRAIL = re.compile(r"\S\s*(?:>|›|»)\s*\S")  # a channel trail (新闻中心 > 时政新闻)
_FIGURE_END = re.compile(r"\d\s*(?:万元|亿元|元|万人|人|户|个|%|万)$")


@dataclass
class Metadata:
    """Everything extracted from one document; None where unknown."""

    title: str
    body: str
    issuer: str | None = None
    doc_number: str | None = None
    issued_on: dt.date | None = None
    published_on: dt.date | None = None
    region_code: str | None = None
    region_name: str | None = None
    doc_type: str | None = None
    category: str | None = None
    status: str = "有效"
    publisher: str | None = None
    targets: list[Target] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The JSON-ready fields of the command-line contract (without source)."""
        data = asdict(self)
        data.pop("body")
        for key in ("issued_on", "published_on"):
            data[key] = data[key].isoformat() if data[key] else None
        data["targets"] = [t.as_json() for t in self.targets]
        return data


def _about_text(body: str, gazetteer: Gazetteer) -> str:
    """The body without the authors' addresses and biographies, for finding its region, and
    without the lines above its first sentence that only name a place or an organ, or trail
    through channels (a portal's name, a channel: where the page is hosted, not what the text
    is about)."""
    text = _AUTHOR_LINE.sub("", _ADDRESS.sub("", body))
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines) if is_prose(ln)), 0)
    return "\n".join(ln for i, ln in enumerate(lines)
                     if i >= first or not (organ_only(ln) or ln.strip() in gazetteer.aliases
                                           or _TRAIL.search(ln)))


def _labelled_date(meta: dict[str, str], labels: tuple[str, ...]) -> dt.date | None:
    for label in labels:
        if meta.get(label) and not PERIOD.search(years_as_digits(meta[label])):
            day = fields.parse_date(meta[label])
            if day:
                return day
    return None


def _issued_on(doc: Stripped) -> dt.date | None:
    signed = (fields.signature_date(doc.header[-12:]) or fields.signature_date(doc.lines[:40])
              or fields.signature_date(doc.lines[-12:]))
    if signed:
        return signed[1]
    labelled = _labelled_date(doc.meta, ISSUED_LABELS)
    if labelled:
        return labelled
    return _labelled_date(doc.meta, ("内容时间",))


def _issuer(title: str, doc: Stripped) -> str | None:
    """The labelled issuer; else the organ the title names (X关于…); else the publishing organ a
    portal labels (发布机构: a leading group's notice is published by its office, 市扶贫办); else
    the signature, the masthead or the line above the addressees."""
    for label in ("发文机关", "发文单位"):
        if doc.meta.get(label):
            return doc.meta[label]
    return (fields.issuer_from_title(title) or doc.meta.get("发布机构") or None
            or fields.issuer_from_signature(doc.header[-12:])
            or fields.issuer_from_signature(doc.lines[:40])
            or fields.issuer_from_signature(doc.lines[-12:])
            or fields.issuer_from_masthead(doc.header[-6:] + doc.lines[:6])
            or fields.issuer_above_addressees(doc.header[-2:] + doc.lines[:3]))


def _publisher(meta: dict[str, str]) -> str | None:
    source = meta.get("来源", "").strip()
    return source if source and source not in {"本网", "本站", "-"} else None


def number_pattern(value: Decimal) -> str:
    """A pattern for a value as the text may write it (1000, 1,000, 1 000)."""
    plain = format(value.normalize(), "f")
    whole, _, fraction = plain.partition(".")
    return r"(?<![\d.])" + r"[, ]?".join(whole) + (r"\." + fraction if fraction else "") + \
        r"(?![\d])"


def fallback_title(body: str, width: int = 40) -> str:
    """For a page that shows no title: its first line when that reads like a heading, else
    the first sentence of its first paragraph (never a list item or a row of figures), cut to
    width characters."""
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    item = re.compile(r"^(?:\d+[.、．](?!\d)|[一二三四五六七八九十]+[、是])")
    # A title with its subtitle (…之路——论…) run into a site's blurb by a comma.
    titled = re.match(r"^([^,，。；;:：]{4,40}——[^,，。；;:：]{4,40})[,，]", lines[0]) if lines else None
    if titled:
        return titled.group(1)
    # A title run into a site's blurb about it ("中国贫困线水平研究,本文主要内容关键词为:…").
    blurbed = re.match(r"^([^,，。；;:：]{4,40})[,，]\s*本文", lines[0]) if lines else None
    if blurbed:
        return blurbed.group(1)
    if lines and 6 <= len(lines[0]) <= 60 and not re.search(r"[,，。；;：:]", lines[0]) \
            and not item.match(lines[0]) and not _FIGURE_END.search(lines[0]):
        return lines[0]
    prose = [ln for ln in lines if len(ln) >= 20 and re.search(r"[,，。；;]", ln)
             and not item.match(ln)]
    parts = (p.strip(" ?？·•*") for p in re.split(r"[。！？!?\n]", "\n".join(prose or lines)))
    first = next((p for p in parts if len(p) >= 2), "")
    return first if len(first) <= width else first[:width] + "…"


def with_subtitle(doc: Stripped) -> Stripped:
    """A research title with its subtitle line (…效果 / ——基于…的准实验研究) as one title.

    Only a report (an abstract, keywords, an introduction or an affiliation follows) is joined:
    a news headline's deck (——未来3年…) stays in the text.
    """
    if not doc.title or not doc.lines or not re.match(r"^(?:——|--)\s*\S", doc.lines[0]) \
            or len(doc.lines[0]) > 60 or "——" in doc.title:
        return doc
    apparatus = "单位" in doc.meta or any(fields.REPORT_HINT.search(k) for k in doc.meta) or \
        fields.REPORT_HINT.search("\n".join(doc.lines[1:12]))
    if not apparatus:
        return doc
    return replace(doc, title=doc.title + doc.lines[0].replace("--", "——", 1),
                   lines=doc.lines[1:])


def doc_type(doc: Stripped) -> str | None:
    """The rules' type, or the trained scorer's choice over the rules' signals."""
    ruled = fields.doc_type(doc.title, doc.meta, doc.header, doc.body)
    return learned.choose_type(
        fields.type_signals(doc.title, doc.meta, doc.header, doc.body, ruled), ruled)


def extract_metadata(text: str, title_hint: str = "",
                     gazetteer: Gazetteer | None = None) -> Metadata:
    """Strip chrome from text and extract title, issuer, number, dates, region, type, targets."""
    text, title_hint = fold(text), fold(title_hint)
    doc = with_subtitle(strip_chrome(text, title_hint))
    shown = fields.clean_title(doc.title)
    title = shown or fallback_title(doc.body)
    kind = doc_type(doc)
    issuer = _issuer(shown, doc) if kind != "新闻" else None
    gazetteer = gazetteer or default_gazetteer()
    place = gazetteer.match(shown, _about_text(doc.body, gazetteer), issuer or "",
                            host="\n".join(ln for ln in doc.header[-4:] if organ_only(ln)))
    targets = extract_targets(doc.body, shown)
    for target in targets:
        written = re.search(number_pattern(target.value), target.sentence)
        target.region_code = figure_place(
            gazetteer, target.sentence, written.start() if written else len(target.sentence),
            doc.body, place.code if place else None)
    return Metadata(
        title=title,
        body=doc.body,
        issuer=issuer,
        doc_number=fields.own_doc_number(doc.title, doc.header, doc.lines, doc.meta),
        issued_on=_issued_on(doc),
        published_on=_labelled_date(doc.meta, PUBLISHED_LABELS),
        region_code=place.code if place else None,
        region_name=place.name if place else None,
        doc_type=kind,
        category=fields.CATEGORY_FOR_TYPE.get(kind or ""),
        status=fields.status(doc.title, doc.header, doc.meta),
        publisher=_publisher(doc.meta),
        targets=targets,
    )
