"""Strip scraped-site chrome (menus, share prompts, counters, copyright, related links).

A scraped page is split into lines; labelled meta lines (发布时间:, 来源:, ...) are parsed and
removed, chrome lines are dropped, everything before the title and everything from the first
footer marker on is cut. What is left is the document.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from jianpin.library.text import learned
from jianpin.library.text.affixes import OPENING_ORIGINAL, without_affix
from jianpin.library.text.citation import cited_title
from jianpin.library.text.numerals import years_as_digits
from jianpin.library.text.spaces import normalize as normalize  # the page normaliser, used here
from jianpin.library.text.titles import SUPPORT_CHARS, evidence, support_bonus

# Whole lines that are navigation or page furniture wherever they appear.
_CHROME_LINE = re.compile(
    r"^(?:[•·▪●◆■\*\-]\s*\S{1,8}"  # menu bullets: "• 全部", "• 图书"
    r"|加入收藏.*|设为首页.*|您好.{0,4}欢迎.*|欢迎(?:来到|访问).*|高级检索|热词推荐.*"
    r"|(?:您当前的?)?(?:所在)?位置\s*[:：].*|当前位置.*|首页\s*[>›»].*"
    r"|当前版\s*[:：]\s*\S{1,12}|文章字数\s*[:：]\s*\d+"  # an e-paper's page and word count
    r"|.*扫一扫在手机(?:上)?打开当前页.*|.*【字体.*|.*【打印.*|打印本页.*|关闭窗口.*"
    r"|字号\s*[:：]?\s*(?:[大中小]\s*)*|浏览次数.*|阅读次数.*|访问量.*|分享到.*"
    r"|[|｜\s]+|上一篇.*|下一篇.*|返回顶部.*|【关闭】.*"
    r"|.*(?:[需请]先?|先)登[录陆].*|.*登[录陆]后(?:查看|可见|阅读|下载).*)$"  # a login prompt
)
# Lines where the document ends and the site footer or sidebar begins.
_TAIL_MARKER = re.compile(
    r"^(?:相关资源|相关链接|相关文章|相关新闻|相关阅读|下载排行|热门推荐|延伸阅读|排行"
    r"|版权声明.*|版权所有.*|.*All Rights Reserved.*|关于我们.*|\[来源[:：].*"
    r"|.*扫一扫在手机(?:上)?打开当前页.*|责任编辑[:：].*)$",
    re.IGNORECASE,
)
_META_LABELS = (
    "收稿日期|修订日期|修回日期|录用日期|内容时间|成文日期|发文日期|发布时间|发布日期|发表时间|更新时间|公开日期|时间|日期|文章来源|稿件来源"
    "|消息来源|来源|作者|责任编辑|编辑|发文机关|发布机构|发文单位|文号|发文字号|浏览次数|效力状态|时效性"
    "|有效性|索引号|公开目录|公开责任部门|公开形式|主题分类|体裁分类"
)
# A value taken lazily ends where it starts or on a character that is not a space, and the spaces
# after it are taken whole: the shortest value that fits is the same, and a run of spaces is read
# once (a value ending anywhere in the run, and the run shared every way between two repeats of
# spaces, took n³ steps).
_META_PAIR = re.compile(
    rf"\[?({_META_LABELS})\s*[:：]\s*((?:[^\[\]]*?[^\[\]\s])??)\s*+\]?"
    rf"(?=\s*(?:\[|{_META_LABELS}\s*[:：]|$))"
)
_LABEL_CELL = re.compile(rf"^(?:{_META_LABELS})\s*[:：]?$")
# A government page's table of labels in brackets, without a colon ("[ 发文字号 ] 双龙府发〔2023〕17号").
_BRACKET_LABEL = re.compile(rf"\[\s*({_META_LABELS})\s*\]\s*")
_DATE = re.compile(
    r"(?:19|20)\d{2}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)
# A period (公告期:2023年6月9日—6月19日, 公示时间:2022年1月31日至2月6日) is no publishing date.
PERIOD = re.compile(
    r"(?:19|20)\d{2}\s*(?:[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)\s*(?:至|到|—|－|~|～|-{1,2})"
    r"\s*(?:(?:19|20)\d{2}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]"
)
# A link or a file path (an image's /2017-9/23/….jpg) holds no date of the page.
# The path is read up to its first slash, then to its last suffix (two open repeats of \S would
# try every way of sharing a path of many slashes between them: n³ steps).
_ADDRESS = re.compile(r"!?\[[^\]]*\]\([^)]*\)|(?:https?://|www\.)\S+|[^\s/]*/\S*\.(?:jpe?g|png|gif|s?html?|pdf)\b",
                      re.IGNORECASE)
# A day.month.year stamp with its time (21.11.2014 23:15), as some mirrors write it.
_DMY_STAMP = re.compile(r"\s*(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})\s+\d{1,2}:\d{2}(?::\d{2})?\s*")
# A DOI (ISO 26324: "10." registrant "/" suffix) is an identifier; its suffix often holds a
# year and issue (10.13959/j.issn.1003-2398.2019.02.012) that are no date.
_DOI = re.compile(r"\b10\.\d{4,9}/\S+")
_BRACKETED_DATE = re.compile(rf"^[(（]\s*{_DATE.pattern}\s*[)）]$")
# One repeat of spaces before an optional 第, one after it (two repeats around a character that may
# be absent would share a run of spaces every way: n² steps).
_JOURNAL_ISSUE = re.compile(r"(?:19|20)\d{2}\s*年\s*(?:第\s*)?\d{1,2}\s*期")
_AFFILIATION = re.compile(r"^[(（][^()（）]{4,80}\d{6}[)）]$"
                          # or naming the institution and its city without a postcode
                          r"|^[(（][^()（）]{0,30}(?:大学|学院|研究院|研究所)[^()（）]{0,30}[)）]$")
_CJK = re.compile(r"[\u3400-\u9fff]")
# A line that ends in an amount is a row of figures, not a heading.
_DATA_ROW = re.compile(r"\d(?:\.\d+)?\s*(?:万元|亿元|元|万人|人|万户|户|个|%|％|万|亩|平方米|米)\s*$")
_NOT_TITLE = re.compile(r"https?://|www\.|\.(?:com|cn|net)\b|[>›»|→]|->")
_LIST_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+[、是]|第[一二三四五六七八九十]+[条章节]|[(（]"
    r"|\d+(?:\.\d+)*[.、．\s](?!\d)|[•·▪●◆■□◎○★☆▲►▶\-\*?？])"
)
_CONNECTIVE_END = re.compile(r"(?:的|和|与|及|同|暨|、|关于)$")
_TITLE_TYPE = re.compile(
    r"(?:通知|意见|方案|办法|规划|决定|报告|条例|细则|公告|公示|纲要|计划|规定|批复|函|通报|决议)"
    r"\s*(?:[(（][^()（）]{2,30}[)）])?$"
)

# Names separated by spaces, slashes or commas (宁 静 殷浩栋 汪三贵, 黄俊毅/经济日报,
# 汪三贵, 周诗凯): a byline.
_NAME_LIST = re.compile(r"[\u3400-\u9fff]{2,8}(?:\s*[/／]\s*[\u3400-\u9fff]{2,8})+"
                        r"|[\u3400-\u9fff]{1,4}(?:(?:\s*[,，]\s*|\s+)[\u3400-\u9fff]{1,4})+"
                        # authors numbered by their affiliations ("胡 联1王 娜2汪三贵3")
                        r"|(?:[\u3400-\u9fff](?:\s?[\u3400-\u9fff]){1,3}\s*\d(?:,\d)*\s*){2,}")
# (the title, of 4 to 120 characters, taken lazily ends on its fourth or on one that is not a space)
_ORIGINAL_TITLE = re.compile(r"原标?题\s*[:：为][_\s]*"
                             r"(?P<title>[^()（）]{4}(?:[^()（）]{0,115}?[^()（）\s])??)\s*[)）。]?$")
# A trail from the home page through channels to the page ("您当前的位置:首页 > 国内新闻 > 标题").
_BREADCRUMB = re.compile(
    r"(?:位置\s*[:：]|^)\s*首页\s*(?:[>›»]\s*[^>›»]+){1,6}?[>›»]\s*(?P<last>[^>›»]{6,80})$"
)
_BULLET = re.compile(r"^\s*[•·▪●◆■]\s*")
# A kicker (引题) naming who speaks, on its own line above the headline ("国务院扶贫办:").
_KICKER = re.compile(r"^(?!附件|各)[\u3400-\u9fff]{2,12}[:：]$")
# A row of short links separated by runs of spaces ("文章快速检索     高级检索"): navigation.
_LINK_ROW = re.compile(r"^\s*[^\s\d。，,；;]{2,8}(?:(?:\s{2,}|\t)[^\s\d。，,；;]{2,8})+\s*$")

MAX_TITLE_SCAN = 40
MIN_TITLE_SCORE = 2


@dataclass
class Stripped:
    """The document body, its title line and the labelled meta values found on the page."""

    title: str
    lines: list[str]
    meta: dict[str, str] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


def meta_pairs(line: str) -> list[tuple[str, str]]:
    """Label/value pairs on a meta line such as '时间:2016-12-28 来源:本网 浏览次数:-'."""
    return [(m.group(1), m.group(2).strip()) for m in _META_PAIR.finditer(line)]


def is_meta_line(line: str) -> bool:
    """A short line made of labelled values (possibly after a site name and URL)."""
    if len(line) > 120 or "。" in line:
        return False
    pairs = list(_META_PAIR.finditer(line))
    if not pairs:
        return False
    head = line[: pairs[0].start()].strip()
    return len(head) <= 30 and ("http" in head or len(head) <= 12 or head.startswith("["))


def dateline(line: str) -> str | None:
    """The publishing date on a short byline ('2017-04-21 07:40 来源: 新华社'), else None.

    A line qualifies by shape: short, no sentence end, a full date, and little else besides a
    name or a time. When it says 发布 (as opposed to 更新), the date after that word is taken.
    """
    if len(line) > 90 or "。" in line or re.match(r"\s*(?:https?://|www\.)", line) or \
            PERIOD.search(line):
        return None  # an address (…/2021/8/6/….shtml) or a period is not a byline
    if re.search(r"日\s*印发", line):
        return None  # a notice's printing note (…办公室 2024年12月23日印发), not its publication
    line = _ADDRESS.sub("", _DOI.sub("", line))
    stamp = _DMY_STAMP.fullmatch(line)
    if stamp:
        return f"{stamp.group(3)}-{stamp.group(2)}-{stamp.group(1)}"
    dates = list(_DATE.finditer(line))
    if dates and re.fullmatch(r"\s*(?:19|20)\d{2}-\d{1,2}-\d{1,2}\s*", line):
        return dates[0].group(0)  # a web page's stamp (a signature writes 年月日)
    if not dates or _date_only(line):
        return None
    rest = _DATE.sub("", line)
    rest = re.sub(r"\d{1,2}:\d{2}(?::\d{2})?", "", rest)
    if len(_CJK.findall(rest)) > 40 or "。" in rest or rest.count("，") + rest.count(",") > 1:
        return None
    published = [d for d in dates if "发布" in line[max(0, d.start() - 6):d.start()]]
    return (published or dates)[0].group(0)


def _date_only(line: str) -> bool:
    return bool(re.fullmatch(rf"\s*{_DATE.pattern}\s*", line))


def table_meta(line: str) -> str:
    """A table row of labels and values ('文号 | 汉政办发〔2021〕88号 | 成文日期: | …') as
    'label:value' pairs; other lines unchanged."""
    if "|" not in line:
        return _BRACKET_LABEL.sub(r"\1:", line)
    cells = [c.strip() for c in line.split("|")]
    pairs, i = [], 0
    while i < len(cells) - 1:
        if _LABEL_CELL.match(cells[i]) and cells[i + 1] and not _LABEL_CELL.match(cells[i + 1]):
            pairs.append(f"{cells[i].rstrip(':：')}:{cells[i + 1]}")
            i += 2
        else:
            i += 1
    return " ".join(pairs) if pairs else line


def _looks_like_title(text: str, headline: bool = False) -> bool:
    """True when text has the shape of a heading; headline: a byline follows it, so it may end
    in a figure (…搬迁3.36万人) like a row of a table does."""
    if not 4 <= len(text) <= 120 or "。" in text or text.endswith((":", "：", "，", ",", ";", "；")):
        return False
    if _NOT_TITLE.search(text) or _LIST_ITEM.match(text) or text.startswith(("各", "—", "－")):
        return False
    if len(re.findall(r"[,，;；]", text)) >= 3 or is_meta_line(text) or dateline(text):
        return False
    row = _DATA_ROW.search(text)
    if row and len(_CJK.findall(text[:row.start()])) < 12 and not headline:
        return False  # a label and an amount: a row of figures, not a heading
    if _NAME_LIST.fullmatch(text):
        return False
    if re.search(r"\d{3,4}-\d{7,8}|\d{7,}", text):
        return False  # a phone or serial number
    # Mostly Chinese, digits of figures aside ("…收入达到15111元 增长7.5%").
    return len(_CJK.findall(text)) >= max(4, 0.6 * len(re.sub(r"[\s\d.%]", "", text)))


def title_score(line: str, following: list[str] | None = None, bylined: bool = False) -> int:
    """How much a line looks like a document title (0 or less: not a title).

    Besides the line's own shape, its place counts: a title is followed by a byline (date,
    source) or by the first paragraph, navigation lines are not.
    """
    text = line.strip()
    if not _looks_like_title(text, headline=bylined):
        return 0
    score = 1
    if _DATA_ROW.search(text):
        score -= 1  # a headline may end in a figure; a table row does too
    if _TITLE_TYPE.search(text):
        score += 3
    if "关于" in text:
        score += 1
    if 8 <= len(text):
        score += 1
    after = (following or [])[:2]
    if bylined:
        score += 3
    elif any(len(a) >= 60 for a in after[:1]):
        score += 1
    return score


def _continuation(line: str, nxt: str, bylined: bool) -> bool:
    """True when nxt is the second line of a title wrapped after line."""
    if nxt in line or line in nxt:
        return False  # the page repeats the title (or a part of it): not a wrap
    if not (2 <= len(nxt) <= 20 and re.fullmatch(r"[\u3400-\u9fff“”《》]+", nxt)):
        return False
    if _CONNECTIVE_END.search(line) or _TITLE_TYPE.search(nxt):
        return True
    # With only a byline after it, a name of two to four characters is the author's; a
    # line not half as long as the one after it is a label over a headline (政府信息公开).
    return bylined and 4 < len(nxt) < 2 * len(line)


def find_title(lines: list[str], hint: str = "", bylined: set[int] | None = None,
               crumb: str = "") -> int:
    """Index of the title line among the first lines; -1 when nothing looks like one.

    bylined holds the indices of lines that a byline or meta line followed on the page
    (lines that were removed before this search); a wrapped title counts through its
    second line. The rules find the candidates and whether the page shows a title at all;
    the trained scorer (`learned.rank_title`) ranks the candidates.
    """
    early, best, candidates = title_candidates(lines, hint, bylined, crumb)
    if early is not None:
        return early
    return learned.rank_title(candidates, best) if best >= 0 else best


def title_candidates(lines: list[str], hint: str = "", bylined: set[int] | None = None,
                     crumb: str = "") -> tuple[int | None, int, list[tuple[int, dict[str, float]]]]:
    """The line the page marks as its title outright (the HTML title, its trail, 原标题), or
    None; the line the rules score highest (-1: none scores enough); and every line the rules
    score above 0, with the features the trained scorer reads."""
    hint = re.sub(r"\s+", "", hint)
    marks = bylined or set()
    best, best_score, continued = -1, 0, False
    seen: set[str] = set()
    paragraphs_before = False
    candidates: list[tuple[int, dict[str, float]]] = []
    originals = {re.sub(r"\s+", "", without_affix(m.group("title")))
                 for m in map(_ORIGINAL_TITLE.search, lines[:MAX_TITLE_SCAN]) if m}
    cited = {re.sub(r"\s+", "", t) for t in map(cited_title, lines[:MAX_TITLE_SCAN]) if t is not None}
    # A line the page repeats three times or more is a link label (点击查看), not a title,
    # unless a byline follows one of them.
    counts = Counter(re.sub(r"\s+", "", ln) for ln in lines[:MAX_TITLE_SCAN])
    if lines and OPENING_ORIGINAL.match(lines[0]):
        return 0, 0, []  # a repost that opens on its original title ("原标题:…点赞云南→")
    # Where each line starts in the page's text, to read what follows a candidate.
    text = "\n".join(lines[:MAX_TITLE_SCAN + 60])
    starts = [0]
    for ln in lines[:MAX_TITLE_SCAN + 1]:
        starts.append(starts[-1] + len(ln) + 1)
    for i, line in enumerate(lines[:MAX_TITLE_SCAN] if crumb else []):
        if _unbulleted(line) == crumb:
            return i, i, []  # the last step of the page's trail (首页 > 香港新闻 > 标题), shown again
    for i, line in enumerate(lines[:MAX_TITLE_SCAN]):
        line = without_affix(line)
        compact = re.sub(r"\s+", "", line)
        if hint and len(hint) >= 6 and (compact == hint or hint in compact) and \
                _looks_like_title(line):
            return i, i, []
        if continued:  # the second line of a wrapped title is not a title of its own
            continued = False
            continue
        if counts[compact] >= 3 and i not in marks:
            continue  # unless a byline follows it: a headline the page shows again and again
        # Both halves of a wrapped title are about the text: a line the text ignores is no
        # half of a title (a menu's prompt over or under a headline).
        wrapped = (i + 1 < len(lines) and _looks_like_title(line)
                   and _continuation(line, lines[i + 1], i + 1 in marks)
                   and all(support_bonus(lines[k], text[starts[k + 1]:][:SUPPORT_CHARS]) >= 0
                           for k in (i, i + 1) if k + 1 < len(starts)))
        last = i + 1 if wrapped else i
        # A byline right after the title, or after one short line (a source name), counts.
        # A subtitle line (——基于…) may stand between a title and its byline.
        near = last in marks or (last + 1 in marks and last + 1 < len(lines)
                                 and (len(lines[last + 1]) <= 12
                                      or lines[last + 1].startswith(("——", "--"))))
        whole = line + lines[i + 1] if wrapped else line
        score = title_score(whole, lines[last + 1:last + 3], near)
        shape = score
        after = starts[last + 1] if last + 1 < len(starts) else len(text)
        following = text[after:after + SUPPORT_CHARS]
        if score:
            # The text under a title takes up its words; under a site name it does not.
            score += evidence(whole, following, typed=bool(_TITLE_TYPE.search(whole)))
        self_cited = bool(score) and any(compact and (compact in c or c in compact) for c in cited)
        score += 4 if self_cited else 0  # the page's citation of itself names it
        late = bool(score) and paragraphs_before
        score -= 2 if late else 0  # a title comes before the text it heads
        if _is_paragraph(line):
            paragraphs_before = True
        twice = bool(score) and (compact in seen or compact in originals)
        score += 2 if twice else 0  # shown twice (heading and page title, breadcrumb, 原标题)
        seen.add(compact)
        if score > 0:
            candidates.append((i, learned.title_features(
                whole, lines, i, last, hint, following,
                {"rule": score, "shape": shape, "bylined": near, "wrapped": wrapped,
                 "cited": self_cited, "late": late, "twice": twice,
                 "repeated": counts[compact] >= 2, "typed": bool(_TITLE_TYPE.search(whole))})))
        if score > max(best_score, MIN_TITLE_SCORE - 1):
            best, best_score = i, score
        continued = wrapped
    return None, best, candidates


def _unbulleted(line: str) -> str:
    return re.sub(r"\s+", "", _BULLET.sub("", line))


def breadcrumb(lines: list[str]) -> str:
    """The last step of the page's trail (您当前的位置:首页 > 香港新闻 > 标题), compacted."""
    for line in lines[:MAX_TITLE_SCAN]:
        trail = _BREADCRUMB.search(_BULLET.sub("", line))
        if trail:
            return re.sub(r"\s+", "", trail.group("last"))
    return ""


def _is_paragraph(line: str) -> bool:
    return len(line) >= 60 and bool(re.search(r"[,，。；;]", line))


def _without_site_word(title: str, bylines: list[str]) -> str:
    """A title without a leading word that also opens the page's byline (the site or
    channel name: "今日新闻 标题" over "今日新闻 2019-10-29 …")."""
    head, _, rest = title.partition(" ")
    if rest and 2 <= len(head) <= 8 and len(rest) >= 8 and \
            any(b.startswith(head) for b in bylines):
        return rest.strip()
    return title


def _body_started(kept: list[str]) -> bool:
    return any(len(k) >= 60 for k in kept)


def _trim_tail(lines: list[str]) -> list[str]:
    """Drop trailing short fragments (link labels, tags) after the last paragraph; a date
    (also one run together, 20191227) or an organ ends a signature and stays."""
    from jianpin.library.text.fields import ORGAN_SUFFIX, signature_date

    while lines:
        last = lines[-1]
        if len(last) > 20 or "。" in last or _DATE.search(years_as_digits(last)) or \
                ORGAN_SUFFIX.search(re.sub(r"\s+", "", last)) or signature_date([last]):
            break
        lines = lines[:-1]
    return lines


@dataclass
class Page:
    """A page's lines without chrome, before its title is chosen."""

    kept: list[str]
    meta: dict[str, str]
    bylined: set[int]
    bylines: list[str]
    crumb: str


def strip_chrome(text: str, title_hint: str = "") -> Stripped:
    """Remove site chrome from a scraped page and return the document's lines."""
    page = read_page(text)
    return titled(page, find_title(page.kept, title_hint, page.bylined, page.crumb), title_hint)


def read_page(text: str) -> Page:
    """Split a page into lines, read its labelled values and bylines, drop its chrome."""
    raw = [re.sub(r"[ \t]+", " ", ln).strip() for ln in normalize(text).split("\n")
           if not _LINK_ROW.match(ln)]
    meta: dict[str, str] = {}
    kept: list[str] = []
    bylined: set[int] = set()
    bylines: list[str] = []
    for line in raw:
        line = table_meta(line)
        if not line:
            continue
        if _BRACKETED_DATE.match(line):
            meta.setdefault("成文日期", line.strip("()（） "))
            continue
        if _AFFILIATION.match(line) or (_JOURNAL_ISSUE.search(line) and len(line) <= 40):
            meta.setdefault("单位", line)  # an author's affiliation or a journal issue
            if not is_meta_line(line):
                continue  # a byline naming the journal (来源:《…》杂志2025年第9期) is read on
        if _AFFILIATION.match(line):
            continue
        byline = dateline(line)
        if byline or is_meta_line(line):
            bylines.append(line)
        if is_meta_line(line):
            pairs = meta_pairs(line)
            for label, value in pairs:
                if value and label not in meta:
                    meta[label] = value
            if byline and not any(_DATE.search(v) for k, v in pairs if "时间" in k or "日期" in k):
                meta.setdefault("日期行", byline)
            bylined.add(len(kept) - 1)
            continue
        if byline:
            meta.setdefault("日期行", byline)
            bylined.add(len(kept) - 1)
            continue
        if _TAIL_MARKER.match(line) and kept:
            # A footer marker ends the document once its first paragraph has been read.
            if _body_started(kept):
                if line.startswith("[来源"):
                    meta.update({k: v for k, v in meta_pairs(line) if v and k not in meta})
                break
            continue
        if _CHROME_LINE.match(line):
            continue
        kept.append(line)
    return Page(kept, meta, bylined, bylines, breadcrumb(raw))


def titled(page: Page, start: int, title_hint: str = "") -> Stripped:
    """The document with line start (and its wrapped second line, its kicker) as its title;
    start -1: the page shows none."""
    kept, meta, bylined, crumb = page.kept, page.meta, page.bylined, page.crumb
    if start < 0:
        return Stripped(title=title_hint.strip(), lines=_trim_tail(kept), meta=meta)
    title, end = without_affix(_BULLET.sub("", kept[start]) if crumb else kept[start]), start + 1
    title_line = kept[start]
    if start and _KICKER.match(kept[start - 1]) and kept[start - 1][:-1] in "\n".join(kept[start:]):
        # "国务院扶贫办:" over its headline, a speaker the text names (not a label: 关键词:)
        title, start = kept[start - 1] + title, start - 1
    if end < len(kept) and _continuation(title, kept[end], end in bylined):
        title, end = title + kept[end], end + 1
    title = _without_site_word(title, page.bylines)
    same = {re.sub(r"\s+", "", title), re.sub(r"\s+", "", title_line)}
    body = [ln for ln in kept[end:] if re.sub(r"\s+", "", ln) not in same]
    if sum(len(ln) for ln in body) < 40 and _body_started(kept[:start]):
        # The "title" came after the paragraphs: the page has none; keep every paragraph.
        body = [ln for ln in kept if re.sub(r"\s+", "", ln) not in same]
        return Stripped(title="", lines=_trim_tail(body), meta=meta)
    return Stripped(title=title, lines=_trim_tail(body), meta=meta, header=kept[:start])
