"""Strip scraped-site chrome (menus, share prompts, counters, copyright, related links).

A scraped page is split into lines; labelled meta lines (发布时间:, 来源:, ...) are parsed and
removed, chrome lines are dropped, everything before the title and everything from the first
footer marker on is cut. What is left is the document.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Whole lines that are navigation or page furniture wherever they appear.
_CHROME_LINE = re.compile(
    r"^(?:[•·▪●◆■\*\-]\s*\S{1,8}"  # menu bullets: "• 全部", "• 图书"
    r"|加入收藏.*|设为首页.*|您好.{0,4}欢迎.*|欢迎(?:来到|访问).*|高级检索|热词推荐.*"
    r"|(?:您当前的?)?(?:所在)?位置\s*[:：].*|当前位置.*|首页\s*[>›»].*"
    r"|.*扫一扫在手机(?:上)?打开当前页.*|.*【字体.*|.*【打印.*|打印本页.*|关闭窗口.*"
    r"|字号\s*[:：]?\s*(?:[大中小]\s*)*|浏览次数.*|阅读次数.*|访问量.*|分享到.*"
    r"|[|｜\s]+|上一篇.*|下一篇.*|返回顶部.*|【关闭】.*)$"
)
# Lines where the document ends and the site footer or sidebar begins.
_TAIL_MARKER = re.compile(
    r"^(?:相关资源|相关链接|相关文章|相关新闻|相关阅读|下载排行|热门推荐|延伸阅读|排行"
    r"|版权声明.*|版权所有.*|.*All Rights Reserved.*|关于我们.*|\[来源[:：].*"
    r"|.*扫一扫在手机(?:上)?打开当前页.*|责任编辑[:：].*)$",
    re.IGNORECASE,
)
_META_LABELS = (
    "内容时间|成文日期|发文日期|发布时间|发布日期|发表时间|更新时间|时间|日期|来源|作者|编辑"
    "|发文机关|发布机构|发文单位|文号|发文字号|浏览次数|效力状态|时效性|有效性"
)
_META_PAIR = re.compile(
    rf"\[?({_META_LABELS})\s*[:：]\s*([^\[\]]*?)\s*\]?(?=\s*(?:\[|{_META_LABELS}\s*[:：]|$))"
)
_TITLE_TYPE = re.compile(
    r"(?:通知|意见|方案|办法|规划|决定|报告|条例|细则|公告|公示|纲要|计划|规定|批复|函|通报|决议)"
    r"\s*(?:[(（][^()（）]{2,30}[)）])?$"
)

MAX_TITLE_SCAN = 40


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


def normalize(text: str) -> str:
    """Unify spaces and full-width letters/digits; keep Chinese punctuation as it is."""
    out = []
    for ch in text.replace("\r\n", "\n").replace("\r", "\n"):
        if ch in "\u00a0\u3000\u2002\u2003\u2009\t":
            out.append(" ")
        elif "\uff10" <= ch <= "\uff19" or "\uff21" <= ch <= "\uff3a" or "\uff41" <= ch <= "\uff5a":
            out.append(unicodedata.normalize("NFKC", ch))
        elif ch in "\ufeff\u200b":
            continue
        else:
            out.append(ch)
    return "".join(out)


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


def title_score(line: str) -> int:
    """How much a line looks like a document title (0 or less: not a title)."""
    text = line.strip()
    if not 6 <= len(text) <= 120 or "。" in text or text.endswith((":", "：")):
        return 0
    if text.startswith("各") or re.match(r"^[一二三四五六七八九十]+、|^[(（]", text):
        return 0
    score = 1
    if _TITLE_TYPE.search(text):
        score += 3
    if "关于" in text:
        score += 1
    return score


def find_title(lines: list[str], hint: str = "") -> int:
    """Index of the title line among the first lines; -1 when nothing looks like one."""
    hint = re.sub(r"\s+", "", hint)
    best, best_score = -1, 0
    for i, line in enumerate(lines[:MAX_TITLE_SCAN]):
        compact = re.sub(r"\s+", "", line)
        if hint and len(hint) >= 6 and (compact == hint or hint in compact):
            return i
        score = title_score(line)
        if score > best_score:
            best, best_score = i, score
    return best


def strip_chrome(text: str, title_hint: str = "") -> Stripped:
    """Remove site chrome from a scraped page and return the document's lines."""
    raw = [re.sub(r"[ \t]+", " ", ln).strip() for ln in normalize(text).split("\n")]
    meta: dict[str, str] = {}
    kept: list[str] = []
    for line in raw:
        if not line:
            continue
        if is_meta_line(line):
            for label, value in meta_pairs(line):
                if value and label not in meta:
                    meta[label] = value
            continue
        if _TAIL_MARKER.match(line) and kept:
            # A footer marker ends the document, unless nothing that looks like one came yet.
            if len(kept) > 3:
                if line.startswith("[来源"):
                    meta.update({k: v for k, v in meta_pairs(line) if v and k not in meta})
                break
            continue
        if _CHROME_LINE.match(line):
            continue
        kept.append(line)
    start = find_title(kept, title_hint)
    if start < 0:
        return Stripped(title=title_hint.strip(), lines=kept, meta=meta)
    title = kept[start]
    body = [ln for ln in kept[start + 1:] if re.sub(r"\s+", "", ln) != re.sub(r"\s+", "", title)]
    return Stripped(title=title, lines=body, meta=meta, header=kept[:start])
