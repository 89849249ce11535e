"""What a page puts around a title line: a site's name, a file suffix, a column label, a
collection's number and tag, a trail from the home page."""
from __future__ import annotations

import re

from jianpin.library.text.trail import trail_headline

# A short site or channel name joined to a headline (新华网|标题, 标题_网站名, 标题 - 网站名).
# A headline taken lazily before spaces ends on its eighth character or on one that is not a space
# (_HEAD): the shortest headline that fits is the same, and a run of spaces is read once, not once
# for each of its characters (n² steps on a line of spaces).
_HEAD = r".{8}(?:.*?\S)??"
_SITE_AFFIX = re.compile(
    r"^(?P<site>[^|｜_\s]{2,8})\s*[|｜]\s*(?P<rest>.{8,})$"
    rf"|^(?P<rest2>{_HEAD})\s*(?:[|｜_]| - )\s*(?P<site2>[^|｜_\s]{{2,10}})$"
)
OPENING_ORIGINAL = re.compile(r"^原标?题\s*[:：]\s*(?P<rest>[^。]{4,60})$")
_FILE_SUFFIX = re.compile(r"\.(?:docx?|pdf|wps|xlsx?|txt|html?)$", re.IGNORECASE)
# A column label before a headline: "(香港贫穷情况): 标题", "【专题】:标题".
_COLUMN_LABEL = re.compile(r"^[(（【\[][^()（）【】\[\]]{2,12}[)）】\]]\s*[:：]\s*(?P<rest>.{8,})$")
# A document-sharing page numbers the documents it collects ("第一篇:标题[大全]") and tags
# them with a short bracketed word at the end.
_COLLECTED = re.compile(r"^第[一二三四五六七八九十\d]{1,3}篇\s*[:：]\s*(?P<rest>.{8,})$")
_END_TAG = re.compile(rf"^(?P<rest>{_HEAD})\s*[\[【][^\]】\[【]{{1,4}}[\]】]$")
# A sharing page counts the pieces it collects after the title ("…实施方案【通用8篇】"); a spam
# page appends its keyword in quotes ("…选聘‘Bsports’").
_COUNT_TAG = re.compile(rf"^(?P<rest>{_HEAD})\s*[\[【](?:通用|精选|优秀|热门)?\d{{1,3}}篇[\]】]$")
_QUOTED_BRAND = re.compile(r"^(?P<rest>.{8,}?[\u3400-\u9fff])\s*[‘'\"“][A-Za-z][A-Za-z0-9 ]{1,20}[’'\"”]$")
# A headline shown in quotation marks as a whole (“…”), with no quotation inside.
_QUOTED_WHOLE = re.compile(r"^[“\"](?P<rest>[^“”\"]{6,})[”\"]$")



def without_affix(line: str) -> str:
    """A title line without a site name joined by a bar (新华网|…), a file suffix (.docx), a
    column label with a colon ("(香港贫穷情况): …"), a footnote mark (…考察*), the trail
    from the home page (首页-…-标题) or a collection's number and tag (第一篇:…[大全])."""
    line = _FILE_SUFFIX.sub("", line.strip()).strip().rstrip("*＊").strip()
    opening = OPENING_ORIGINAL.match(line)
    if opening:
        return opening.group("rest").strip()
    trail = trail_headline(line)
    if trail is not None:
        line = trail
    collected = _COLLECTED.match(line)
    if collected:  # its tag goes with its number: a title may end in 【…】 of its own
        line = collected.group("rest").strip()
        tagged = _END_TAG.match(line)
        line = tagged.group("rest").strip() if tagged else line
    for affix in (_COUNT_TAG, _QUOTED_BRAND, _QUOTED_WHOLE):
        tagged = affix.match(line)
        line = tagged.group("rest").strip() if tagged else line
    label = _COLUMN_LABEL.match(line)
    if label:
        line = label.group("rest").strip()
    match = _SITE_AFFIX.match(line)
    if match:
        rest = match.group("rest") or match.group("rest2")
        site = match.group("site") or match.group("site2")
        if len(rest) >= 2 * len(site) and not re.search(r"[|｜]", rest):
            return rest.strip()
    return line
