"""Match place names in a document to the division tree (province, prefecture, county).

Names are matched in full and in their customary short forms (贵州, 黔西南州, 五华). The title
decides when it names a place; otherwise the body's mentions are counted, ambiguous names
(五华县 in Guangdong, 五华区 in Yunnan) are settled by how often their ancestors are named, and
self-references (我县, 全州, 本省) choose the level.
"""
from __future__ import annotations

import csv
import gzip
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jianpin.library.text import segment

ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
_ETHNIC_TAIL = re.compile(r"(?:" + "|".join(sorted(ETHNIC, key=len, reverse=True)) + r")族$")
_SUFFIX = re.compile(r"(自治州|自治县|自治旗|自治区|特别行政区|地区|林区|盟|省|市|县|区|旗)$")
# Short forms that are ordinary words or generic district names; only full names match them.
AMBIGUOUS_SHORT = frozenset(
    """城区 郊区 新区 矿区 东区 西区 南区 北区 中区 市中 城中 和平 新华 长安 中山 江南 城关 向阳 红旗
    新城 铁西 铁东 河东 河西 城东 城西 城南 城北 白云 朝阳 南山 普陀 宝山 金山 青山 东山 西湖 鼓楼 城厢
    永安 安宁 太平 平安 吉利 友好 新市 新兴 团结 民主 人民 建设 东方 通道 中方 合作 共和 东乡 全州
    大方 开放 长寿 江北 沿河 文化 兴业 和田 宁国 城阳 市南 市北 高新 开发 经济 工业 上城 下城
    龙华 新都 青羊 双流 中原 二七 大通 正定 安定 清河 平山 西安 吉安 泰和 永和 和顺 永年 康乐 宁安 同心
    陵水 保定 四会 惠农 山南 海南 海北 普兰 南京 北京 天津 上海 重庆""".split()
)
_SELF_LEVEL = (
    (re.compile(r"[我本全]县|县委|县政府|县人民政府|我区|全区"), 3),
    (re.compile(r"[我本全]州|州委|州政府|[我本]市|全市|市委|市政府"), 2),
    (re.compile(r"[我本全]省|省委|省政府"), 1),
)
_OWN_COUNTY = re.compile(r"[我本全]县|县委|县政府|县人民政府")
# 中国 opening a phrase (中國官方…) speaks of the country; not inside a word (健康中国) nor as the
# head of an organisation's name (中国共产党, 中国农业银行).
_NATION = re.compile(
    r"全国|我国|全中国|大陆|(?<![\u4e00-\u9fff])中国"
    r"(?!共产党|人民|农业|工商|建设|银行|邮政|移动|联通|电信|石油|石化|铁路|国家)"
)
# "七星关区、织金县等24个县(区)": the places named are examples of a list the text gives.
_EXAMPLES = re.compile(r"等\s*\d+\s*个")
# A news dateline opening the body (云上竹山讯, 本报竹山讯, 华声在线11月5日讯): the words before 讯
# name the reporting outlet and often the place it reports from.
_DATELINE = re.compile(
    r"^\s*[【\[]?([^\s。，,：:（(【】\[\]]{2,16}?)(?:\d{1,2}月\d{1,2}日(?:\d{1,2}时)?)?讯")
# The first paragraph's line is looked for among the first lines of a body, after short ones.
DATELINE_LINES = 8
_CLAUSE = re.compile(r"[。，,；;：:！!？?]")
_HAN = re.compile(r"[\u3400-\u9fff]")
NOT_PLACES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
TITLE_WEIGHT = 1000
LEAD_CHARS = 250
MAX_WORDS = 4
# The longest name read on characters after a place (新疆生产建设兵团 aside, names are short).
MAX_RUN = 8
# Texts whose place names a gazetteer remembers: a document's body is scanned for every figure
# and several times to match its region, so its scan is kept (bounded: emptied when full).
HITS_MAX = 64

Hit = tuple[int, int, str, list[str]]


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: int
    parent: str | None


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Dictionary words that are frequent and not tagged as place names (资源, 振兴, 大方)."""
    ref = resources.files("jieba").joinpath("dict.txt")
    out = set()
    for line in ref.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and len(parts[0]) <= 4 and parts[2] != "ns" and int(parts[1]) >= 50:
            out.add(parts[0])
    return frozenset(out)


def short_forms(name: str, level: int) -> set[str]:
    """The full name and the customary short forms used in running text."""
    forms = {name}
    stem = _SUFFIX.sub("", name)
    autonomous = name.endswith(("自治州", "自治县", "自治旗", "自治区"))
    while _ETHNIC_TAIL.search(stem):
        stem = _ETHNIC_TAIL.sub("", stem)
    if len(stem) >= 2 and stem not in AMBIGUOUS_SHORT and stem not in _common_words():
        forms.add(stem)
        if autonomous and name.endswith("自治州"):
            forms.add(stem + "州")
        if autonomous and name.endswith("自治县"):
            forms.add(stem + "县")
    if name.endswith("盟") and len(stem) >= 3:
        forms.add(stem[0] + "盟")  # a league of a long name goes by its first character (锡盟)
    return forms


class Gazetteer:
    """Places of levels 1-3 with their name forms, and a longest-match scanner."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places: dict[str, Place] = {}
        self.aliases: dict[str, list[str]] = {}
        # Parents of every division, kept ones or not (a municipality's counties hang under a
        # "县"/"市辖区" grouping that is not a place), so ancestry runs through the gaps.
        self.parent_of: dict[str, str | None] = {}
        for place in places:
            # A city without counties (东莞市, 中山市, 儋州市) is listed again as its own county,
            # under itself: its parent is the one of its prefecture row, or ancestry never ends.
            if place.parent != place.code:
                self.parent_of[place.code] = place.parent
            if place.level > 3 or len(place.name) < 2 or place.name in NOT_PLACES:
                continue
            self.places[place.code] = place
            for form in short_forms(place.name, place.level):
                self.aliases.setdefault(form, []).append(place.code)
        self.full_names = frozenset(p.name for p in self.places.values() if len(p.name) >= 3)
        self._known_hits: dict[str, tuple[Hit, ...]] = {}

    def ancestors(self, code: str) -> list[str]:
        out, parent = [], self.parent_of.get(code)
        while parent:
            if parent in self.places:
                out.append(parent)
            parent = self.parent_of.get(parent)
        return out

    def _hits(self, text: str) -> tuple[Hit, ...]:
        """The place names in text, in reading order (see `_scan`), remembered per text."""
        known = self._known_hits.get(text)
        if known is None:
            known = tuple(self._scan(text))
            if len(self._known_hits) >= HITS_MAX:
                self._known_hits.clear()
            self._known_hits[text] = known
        return known

    def _scan(self, text: str) -> list[Hit]:
        """The place names in text, in reading order: (start, end, form, codes it may mean).

        Names are matched on whole words (one to four consecutive jieba words, longest
        first), so 迁安 is not found in 搬迁安置 nor 范县 in 示范县; a name the segmenter splits
        into single characters (城 口) counts only when it is the stem of the one county of
        that name and the text names that county in full (城口县).
        """
        hits: list[Hit] = []
        tokens = segment.cut(text)
        starts = [0]
        for token in tokens:
            starts.append(starts[-1] + len(token))
        i, end = 0, len(tokens)
        while i < end:
            for size in range(min(MAX_WORDS, end - i), 0, -1):
                form = "".join(tokens[i:i + size])
                codes = self.aliases.get(form)
                if codes and (size == 1 or len(tokens[i]) >= 2
                              or self._named_in_full(codes, text)):
                    hits.append((starts[i], starts[i + size], form, codes))
                    i += size
                    inner = self._within(text, starts[i], codes)
                    if inner:
                        hits.append(inner)
                        while i < end and starts[i] < inner[1]:
                            i += 1
                    break
            else:
                # A word that begins with a full name (河北省政府): the name is a naming.
                full = next((tokens[i][:n] for n in range(len(tokens[i]) - 1, 2, -1)
                             if tokens[i][:n] in self.full_names), None)
                if full:
                    hits.append((starts[i], starts[i] + len(full), full, self.aliases[full]))
                i += 1
        return hits

    def _within(self, text: str, at: int, outer: list[str]) -> Hit | None:
        """A place inside one of outer's named right after it (内蒙古锡盟: an address runs
        its names together), read on characters: the segmenter may cut such a run across
        its words (锡 / 盟国). Only a prefecture or a county in full or by a suffixed form
        counts, never a bare stem."""
        for size in range(MAX_RUN, 1, -1):
            form = text[at:at + size]
            codes = [c for c in self.aliases.get(form, ())
                     if set(self.ancestors(c)) & set(outer)
                     and (form == self.places[c].name or _SUFFIX.search(form))]
            if codes:
                return (at, at + size, form, codes)
        return None

    @staticmethod
    def _slogan(text: str, start: int, end: int) -> bool:
        """True for a two-character county name ending one of a run of four-character phrases
        that end alike (生态立县、工业强县、农产富县、文旅兴县): a slogan, not a place."""
        if end - start != 2:
            return False
        head = text[end - 4:end]
        before, after = text[max(0, end - 9):end - 4], text[end:end + 5]
        return len(head) == 4 and (
            re.fullmatch(rf"[\u4e00-\u9fff]{{3}}{head[-1]}、", before) is not None
            or re.fullmatch(rf"、[\u4e00-\u9fff]{{3}}{head[-1]}", after) is not None)

    def _named_in_full(self, codes: list[str], text: str) -> bool:
        """True when a form split into single characters (城 口) is the stem of the one county
        of that name and the text names that county in full (城口县) too."""
        return len(codes) == 1 and self.places[codes[0]].level == 3 \
            and self.places[codes[0]].name in text

    def _bare_county(self, form: str, code: str) -> bool:
        """True for a county named by its bare stem (乐业 for 乐业县), which is also a word."""
        place = self.places[code]
        return place.level == 3 and form != place.name and not _SUFFIX.search(form)

    def ordered(self, text: str, context: str = "") -> list[str]:
        """Codes of the places named in text, in reading order, one entry per naming.

        A county named only by its bare stem (乐业, 五华) counts when the text (or context)
        also names it in full or names one of its ancestors; otherwise the stem is read as
        the ordinary word it also is (安居乐业 → "乐业"). An address (云南省曲靖市富源县:
        names written one after the other, each inside the one before) is one naming of
        its last place.
        """
        hits = self._hits(text)
        named = {c for _, _, form, codes in hits for c in codes
                 if not self._bare_county(form, c)}
        if context:
            named |= {c for _, _, form, codes in self._hits(context) for c in codes
                      if not self._bare_county(form, c)}
        groups: list[tuple[int, list[str]]] = []
        for start, end, form, codes in hits:
            if text.startswith("中国", end):
                # 甘肃中国连续六年…: a place run into 中国 is a site's name (中国甘肃网 turned
                # round); a place inside China is never written before the country.
                codes = [c for c in codes if self.places[c].level != 1]
            kept = [c for c in codes if not self._bare_county(form, c) or c in named
                    or any(a in named for a in self.ancestors(c))]
            if not kept:
                continue
            if self._slogan(text, start, end):
                continue
            # An address runs its names together (云南省曲靖市富源县, 云南 曲靖); a word
            # between them (河南对兰考) makes them two namings.
            if groups and not text[groups[-1][0]:start].strip(" ·"):
                inside = [c for c in kept if set(self.ancestors(c)) & set(groups[-1][1])]
                if inside:
                    groups[-1] = (end, inside)
                    continue
            groups.append((end, kept))
        return [c for _, codes in groups for c in codes]

    def mentions(self, text: str, context: str = "") -> Counter[str]:
        """How often each place code is named in text (see `ordered`)."""
        return Counter(self.ordered(text, context))

    def _support(self, code: str, counts: Counter[str]) -> float:
        return counts[code] + 0.5 * sum(counts[a] for a in self.ancestors(code))

    def _deepest(self, codes: Iterable[str], counts: Counter[str]) -> str | None:
        ranked = sorted(codes, key=lambda c: (-self._support(c, counts),
                                              -self.places[c].level, c))
        return ranked[0] if ranked else None

    def about(self, order: list[str], support: Counter[str] | None = None) -> str | None:
        """The place a run of namings is about: the deepest named place that at least half
        of the namings fall within (itself or its descendants), so a county visited or
        listed as an example does not outrank the province the text is about; among equals,
        the one best supported by its ancestors, then the one named first."""
        if not order:
            return None
        counts = Counter(order)
        total = sum(counts.values())
        within: Counter[str] = Counter()
        for code, n in counts.items():
            for owner in [code, *self.ancestors(code)]:
                within[owner] += n
        first = {c: i for i, c in reversed(list(enumerate(order)))}
        support = support if support is not None else counts
        # Namings spread over unrelated places: the deepest, best supported, first named.
        fit = [c for c in counts if 2 * within[c] >= total] or list(counts)
        best = min(fit, key=lambda c: (-self.places[c].level, -self._support(c, support),
                                       first[c]))
        return best

    def _spread_over_provinces(self, order: list[str]) -> bool:
        """True when namings fall in two or more provinces and none holds more than half."""
        provinces = Counter(([c, *self.ancestors(c)][-1]) for c in order)
        return len(provinces) >= 2 and 2 * max(provinces.values()) <= len(order)

    def dateline(self, body: str) -> list[str]:
        """The place a news dateline opening the body names (云上竹山讯 → 竹山县), if any.

        A county's bare stem counts here when the tree has exactly one place of that name:
        a dateline names where the report comes from, so the stem is not an ordinary word.
        Names the body's own scan already counts (本网云南讯) are not counted twice. The
        dateline opens the first paragraph: short lines left above it (a menu, a time) are
        passed over.
        """
        lines = body.split("\n", DATELINE_LINES)[:DATELINE_LINES]
        opening = next((ln for ln in lines if is_prose(ln)), body)
        line = _DATELINE.match(opening)
        if not line or self.ordered(line.group(1), body):
            return []  # no dateline, or one the body's own namings already count
        hits = self._hits(line.group(1))
        if not hits:
            return []
        codes = hits[-1][3]
        return codes if len(codes) == 1 else []

    def match(self, title: str, body: str, issuer: str = "", host: str = "") -> Place | None:
        """The region a document is about: from its title or issuer, else from its body; host
        is the page's masthead (沧州市乡村振兴局 over the text), read only for a text that
        speaks of its own area (我市) and names no place of that level."""
        body_counts = self.mentions(body)
        head = self.ordered(f"{title}\n{issuer}", body)
        if head and _EXAMPLES.search(title):
            head += self.ordered(body, body)  # the whole list, not its first examples
        if head and self._spread_over_provinces(head):
            return None  # "川藏及河北江西 26县脱贫": a report on several provinces at once
        if head:
            weighted = Counter({c: n * TITLE_WEIGHT for c, n in Counter(head).items()})
            weighted.update(body_counts)
            best = self.about(head, weighted)
            return self.places[best] if best else None
        dateline = self.dateline(body)
        body_counts.update(dateline)
        if not body_counts:
            return self._hosted(body, host)
        lead = dateline + self.ordered(body[:LEAD_CHARS], body)
        own = next((lvl for rx, lvl in _SELF_LEVEL if rx.search(body)), None)
        nation = _NATION.search(body[:LEAD_CHARS])
        if own is None and nation and not dateline \
                and not self.ordered(body[:nation.start()], body):
            return None  # it opens on the whole country and speaks of no own area
        if own is None and _NATION.search(title):
            return None  # "「贫困县」在大陆走入历史": a title on the whole country, no own area
        level = own or 1
        if lead and level <= max(self.places[c].level for c in lead):
            # A page without a place in its title is about the place its first lines name.
            named = self.about(lead, body_counts + Counter(lead))
            return self.places[named] if named else None
        if own is None:
            return None  # places named only as examples in a text that speaks of no own area
        # A text that speaks of its own city (我市) and names only its province cites where its
        # rules come from (根据山西省《…》), not its area. (我区 is a county's district or an
        # autonomous region: it gives no such bound.)
        bound = level == 2 or (level == 3 and _OWN_COUNTY.search(body) is not None)
        candidates = [c for c in body_counts if self.places[c].level == level
                      or (not bound and self.places[c].level < level)]
        deepest = max((self.places[c].level for c in candidates), default=0)
        best = self._deepest([c for c in candidates if self.places[c].level == deepest],
                             body_counts)
        return self.places[best] if best else None


    def _hosted(self, body: str, host: str) -> Place | None:
        """For a text that names no place but speaks of its own city or county (我市,
        市扶贫办…): the place of that level its masthead names (沧州市乡村振兴局)."""
        own = next((lvl for rx, lvl in _SELF_LEVEL if rx.search(body)), None)
        if own is None or (own == 3 and not _OWN_COUNTY.search(body)) or not host:
            return None
        hosted = [c for c in self.ordered(host) if self.places[c].level == own]
        return self.places[hosted[0]] if len(set(hosted)) == 1 else None


def is_prose(line: str) -> bool:
    """True for a line of running text: long, or a clause of six Chinese characters or more
    (not a time, 21:06, nor a label)."""
    return len(line) >= 40 or (_CLAUSE.search(line) is not None and len(_HAN.findall(line)) >= 6)


def figure_place(gazetteer: Gazetteer, sentence: str, position: int, body: str,
                 document: str | None) -> str | None:
    """The area a figure is about: the last place its sentence names before it (其中毕节市…
    11000元，威宁县10500元), else none when the sentence speaks of the whole country before it
    (全国, 我国), else the document's region."""
    before = gazetteer.ordered(sentence[:position], body)
    if before:
        return before[-1]
    if re.search(r"全国|我国|中国", sentence[:position]):
        return None
    return document


def read_places(handle: io.TextIOBase) -> list[Place]:
    rows = csv.DictReader(handle)
    return [Place(r["code"], r["name"], int(r["level"]), r["parent_code"] or None) for r in rows]


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer built from the division data shipped with the regions app."""
    ref = resources.files("jianpin.regions").joinpath("data", "divisions-core.csv.gz")
    with ref.open("rb") as raw, gzip.open(raw) as unzipped:
        return Gazetteer(read_places(io.TextIOWrapper(unzipped, encoding="utf-8-sig")))
