"""Field parsers: document numbers (文号), dates, issuing bodies, types and status."""
from __future__ import annotations

import datetime as dt
import re

from jianpin.library.text.numerals import years_as_digits

# 机关代字 + year + serial + 号; brackets 〔〕 [] () 【】 or none, digits possibly run together.
DOC_NUMBER = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,10}?)\s*+[〔\[\(（【［〖]?\s*+(?P<year>(?:19|20)\d{2})\s*+"
    r"[〕\]\)）】］〗]?\s*+第?\s*+(?P<seq>\d{1,4})\s*+号"
)
_DATE_ISO = re.compile(r"((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
# A labelled value may drop the final 日 (发布日期:2018年03月27).
_DATE_ZH = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})(?:\s*日|(?!\d))")
_DATE_RUN = re.compile(r"((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
_DATE_ONLY_LINE = re.compile(r"^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
ORGAN_SUFFIX = re.compile(
    r"(?:委员会|人民政府|政府|办公厅|办公室|领导小组|小组|指挥部|管委会|党委|党组|工委|委|厅|局|部|院"
    r"|署|办|中心|协会|联合会|银行|公司|支队|等[\d一二三四五六七八九十]{1,3}个?部门)$"
)
_ISSUER_IN_TITLE = re.compile(r"^(?P<org>.{2,60}?)(?:关于|印发|转发|批转|联合印发)")

DOC_TYPES = ("通知", "意见", "方案", "办法", "规划", "新闻", "报告")
_TYPE_RULES: tuple[tuple[str, str], ...] = (
    (r"通知$|通报$|公告$|函$|批复$", "通知"),
    (r"意见$|决定$", "意见"),
    (r"方案(?:公示)?$|计划$", "方案"),
    (r"办法$|细则$|规定$|条例$|规则$|制度$", "办法"),
    (r"规划$|纲要$", "规划"),
    (r"报告$|研究$|评估$|调查$|白皮书$|年鉴$|总结$|汇报$", "报告"),
)
# A column or site tag before a headline (【全面】…); a document's own title never has one.
_TAG = re.compile(r"^[【\[]([^】\]]{1,12})[】\]]\s*(?P<rest>.{6,})$")
CATEGORY_FOR_TYPE = {
    "通知": "policy", "意见": "policy", "方案": "policy", "办法": "policy", "规划": "policy",
    "新闻": "news", "报告": "report",
}
_NEWS_HINT = re.compile(
    r"新闻|资讯|快讯|动态|记者|通讯员|报道|新华社|本报讯|本网|\d+日电|\d+日讯|日讯|消息[:：]|据.{0,8}消息"
)
# A report's apparatus; [J] is a journal article's citation of itself (GB/T 7714).
REPORT_HINT = re.compile(
    r"摘\s*要|关键词|关键字|中图分类号|基金项目|\[J\]|文献标识码|文章编号|引言|本报告|本文|(?:^|\n)<正>"
    r"|(?:大学|学院|研究院|研究所)[^\n。]{0,30}\d{6}"  # an affiliation with its postcode
)
# A notice that hands a document down to the addressees (现将《…》印发给你们, 现将…资金下达给你们).
TRANSMITTAL = re.compile(r"现将[^。\n]{0,80}(?:印发|下达|转发|下发)(?:给)?你们")
_BODY_TYPE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"公示如下|予以公示|现将.{0,30}公[示告]|(?:现将|现就).{0,12}(?:通知|公告)如下"
                r"|^各[^。\n]{1,60}[:：]\s*(?:\n|$)|" + TRANSMITTAL.pattern), "通知"),
    (re.compile(r"(?:现将.{0,20}|现)(?:汇报|报告|总结)如下|工作总结如下"), "报告"),
    (re.compile(r"作出(?:如|以)下决定|提出(?:如|以)下(?:实施)?意见|制定(?:如|以)下(?:实施)?意见"
                r"|制定本(?:实施)?意见"), "意见"),
    (re.compile(r"制定本(?:实施)?方案"), "方案"),
    (re.compile(r"制定本(?:实施)?办法|制定本细则"), "办法"),
)
# A part's heading of an essay or report: 一、 and a statement of ten characters or more.
_OUTLINE_HEADING = re.compile(r"(?:^|\n)\s*一、[^\n]{10,80}(?:\n|$)")
_SITE_LABEL = re.compile(r"本文(?:摘要|关键词|来源)\s*[:：]")
# What a template or document-sharing site appends to the titles it collects.
_TEMPLATE_LABEL = re.compile(r"(?:(?:范文|范本|模板|模版|大全|精选|最新|推荐|汇编)(?:\d{1,3}篇)?"
                             r"|(?<=[告划案结])\d{1,3}篇)$")
# A site's tag box: words after 关键词 separated by spaces only (关键词: 扶贫 贫困县 项目资金),
# where a paper separates its keywords with semicolons or commas.
_TAG_BOX = re.compile(r"关键[词字]\s*[:：]\s*[^\s;；,，、]{1,10}(?:[ \t]+[^\s;；,，、]{1,10})+[ \t]*(?=\n|$)")
_REPEALED = re.compile(r"已废止|已失效|(?:效力状态|时效性|有效性)\s*[:：]\s*(?:已?废止|已?失效)")


def normalize_doc_number(match: re.Match[str]) -> str:
    """The canonical 代字〔年〕序号号 form of a matched number."""
    return f"{match.group('org')}〔{match.group('year')}〕{int(match.group('seq'))}号"


def parse_doc_number(text: str) -> str | None:
    """The first document number in text, normalised; None when there is none."""
    match = DOC_NUMBER.search(text)
    return normalize_doc_number(match) if match else None


def own_doc_number(title: str, header: list[str], first_lines: list[str],
                   meta: dict[str, str]) -> str | None:
    """The document's own number: labelled, in the title, or alone on a header line.

    Numbers inside body sentences are citations of other documents and never count.
    """
    for label in ("文号", "发文字号"):
        if meta.get(label):
            found = parse_doc_number(meta[label])
            if found:
                return found
    tail = re.search(r"[(（]([^()（）]{4,30})[)）]\s*$", title)
    if tail:
        found = parse_doc_number(tail.group(1))
        if found:
            return found
    if "《" not in title:
        found = parse_doc_number(title)
        if found:
            return found
    for line in header[-3:] + first_lines[:4]:
        compact = re.sub(r"\s+", "", line)
        match = DOC_NUMBER.fullmatch(compact.strip("()（）"))
        if match:
            return normalize_doc_number(match)
    return None


def to_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The first valid date in text, ISO-like or Chinese (2021 年 3 月 25 日, 二○一五年四月十八日)."""
    text = years_as_digits(text)
    found = []
    for pattern in (_DATE_ISO, _DATE_ZH):
        match = pattern.search(text)
        if match:
            found.append((match.start(), to_date(*match.groups())))
    found = [f for f in found if f[1] is not None]
    return min(found)[1] if found else None


def is_date_line(line: str) -> bool:
    return bool(_DATE_ONLY_LINE.match(years_as_digits(line)))


def signature_date(lines: list[str]) -> tuple[int, dt.date] | None:
    """The first line that holds only a date (a signature block), with its index; a date run
    together (20191227) counts when it is a valid day."""
    for i, line in enumerate(lines):
        run = _DATE_RUN.fullmatch(line.strip())
        day = to_date(*run.groups()) if run else parse_date(line) if is_date_line(line) else None
        if day:
            return i, day
    return None


def clean_title(title: str) -> str:
    """Title without a trailing (document number) and with single spaces."""
    title = re.sub(r"\s+", " ", title).strip()
    tail = re.search(r"\s*[(（]([^()（）]{4,30})[)）]\s*$", title)
    if tail and DOC_NUMBER.search(tail.group(1)):
        title = title[: tail.start()].strip()
    tag = _TAG.match(title)
    if tag and _type_of_title(tag.group("rest")):
        title = tag.group("rest")
    return title


def _type_of_title(bare: str) -> str | None:
    """The type a title's ending names; a joint document "A暨B" (总结暨计划) is of A's type
    when both name one (关于印发…总结暨…计划的通知 is still a notice). A template site's
    label after the title (…工作总结范文, …工作总结最新) is not its ending."""
    bare = _TEMPLATE_LABEL.sub("", bare) if _ending_type(_TEMPLATE_LABEL.sub("", bare)) else bare
    lead, _, joint = bare.partition("暨")
    if joint and "关于" not in bare and _ending_type(joint):
        return _ending_type(lead) or _ending_type(bare)
    own = _ending_type(bare)
    if own is None and "关于" not in bare:
        # "…工作总结及下半年工作安排": the part before 及 names the form.
        first, _, rest = bare.rpartition("及")
        if first and rest:
            return _ending_type(first)
    return own


def _ending_type(title: str) -> str | None:
    for pattern, kind in _TYPE_RULES:
        if re.search(pattern, title):
            return kind
    return None


def issuer_from_title(title: str) -> str | None:
    """The issuing body named at the start of a title ('X关于印发…的通知')."""
    match = _ISSUER_IN_TITLE.match(title)
    if not match:
        return None
    org = re.sub(r"\s+", " ", match.group("org")).strip(" ,，、")
    if re.match(r"(?:转发|批转|印发)", org):
        return None  # "转发国务院关于…的通知": the forwarded organ, not the issuer
    return org if ORGAN_SUFFIX.search(org) else None


def issuer_from_signature(lines: list[str]) -> str | None:
    """Organ names on the lines right above a signature date."""
    found = signature_date(lines)
    if not found:
        return None
    index, _ = found
    names: list[str] = []
    for line in reversed(lines[max(0, index - 3):index]):
        compact = re.sub(r"\s+", "", line)
        if len(compact) > 30 or not ORGAN_SUFFIX.search(compact):
            break
        names.insert(0, compact)
    return " ".join(names) or None


def issuer_from_masthead(lines: list[str]) -> str | None:
    """The organ named on its own line next to a document number standing alone (a notice's
    masthead: 榆脱指发〔2018〕8号 / 榆林市脱贫攻坚指挥部)."""
    for i, line in enumerate(lines):
        compact = re.sub(r"\s+", "", line)
        match = DOC_NUMBER.fullmatch(compact.strip("()（）"))
        if not match:
            continue
        for near in (lines[i + 1:i + 2] + lines[max(0, i - 1):i]):
            name = re.sub(r"\s+", "", near)
            if 4 <= len(name) <= 30 and ORGAN_SUFFIX.search(name) and not DOC_NUMBER.search(name):
                return name
    return None


def issuer_above_addressees(lines: list[str]) -> str | None:
    """An organ named alone on the line above the addressees (青龙…办公室 / 各乡镇、…:), the
    head of a notice that carries no number."""
    for i, line in enumerate(lines[:-1]):
        name = re.sub(r"\s+", "", line)
        if 4 <= len(name) <= 30 and ORGAN_SUFFIX.search(name) and not re.search(r"[,，。:：]", name) \
                and re.fullmatch(r"各[^。]{1,60}[:：]", re.sub(r"\s+", "", lines[i + 1])):
            return name
    return None


def doc_type(title: str, meta: dict[str, str], header: list[str], body: str = "") -> str | None:
    """One of DOC_TYPES from the title's ending, else from how the text presents itself."""
    bare = re.sub(r"[(（][^()（）]*[)）]\s*$", "", clean_title(title)).strip()
    titled = _type_of_title(bare)
    if titled:
        return titled
    # A site's summary, keyword and source labels (本文摘要:, 本文关键词:) are no apparatus.
    lead = _TAG_BOX.sub("", _SITE_LABEL.sub("", body[:300]))
    # An empty label (a site's "关键词:" box with nothing in it) is chrome, not an apparatus.
    labels = _SITE_LABEL.sub("", " ".join(_TAG_BOX.sub("", h) for h in header
                                          if not re.fullmatch(r"[^:：]{2,6}[:：]\s*", h)))
    if "单位" in meta or REPORT_HINT.search(labels + "\n" + lead):
        return "报告"
    for wording, form in _BODY_TYPE:
        if wording.search(body[:1500]):
            return form
    signals = " ".join(header) + " " + bare + " " + lead
    if _NEWS_HINT.search(signals) or ("来源" in meta and ("编辑" in meta or "作者" in meta)):
        return "新闻"
    if issuer_from_signature(body.splitlines()[-12:]):
        return "通知"  # signed by an organ and dated at its end: an announcement, not news
    if _OUTLINE_HEADING.search(body):
        return "报告"  # set out in numbered parts (一、…), with no news marker: an essay
    if bare or lead:
        # A page without a policy form, a report's apparatus or a notice's wording is news.
        return "新闻" if meta or lead else None
    return None


def status(title: str, header: list[str], meta: dict[str, str]) -> str:
    """有效 unless the page marks the document repealed or expired."""
    labels = " ".join(f"{k}:{v}" for k, v in meta.items())
    if _REPEALED.search(title) or _REPEALED.search(labels) or _REPEALED.search(" ".join(header)):
        return "废止"
    return "有效"


_ARTICLE = re.compile(r"(?:^|\n)\s*第[一二三四五六七八九十]+条")
_GOAL_YEAR = re.compile(r"到20\d{2}年")
_NUMBERED = re.compile(r"(?:^|\n)\s*[一二三四五六七八九十]、")
_REPORTER = re.compile(r"记者|通讯员|本报讯|日电|\d+日讯|编辑|责编")


def type_signals(title: str, meta: dict[str, str], header: list[str], body: str,
                 ruled: str | None) -> dict[str, float]:
    """What a page shows of its type, for the trained scorer (`learned.choose_type`): the
    rules' type, the title's ending, a report's apparatus, the body's formulas (公示如下,
    现将…印发给你们, 制定本办法 …), addressees, a signature, news markers, numbered parts,
    articles and goals."""
    bare = re.sub(r"[(（][^()（）]*[)）]\s*$", "", clean_title(title)).strip()
    lead = body[:1500]
    labels = " ".join(header) + "\n" + body[:300]
    f = {f"rule:{ruled}": 1.0, f"end:{_type_of_title(bare)}": 1.0,
         "apparatus": float("单位" in meta or bool(REPORT_HINT.search(labels))),
         "news_hint": float(bool(_NEWS_HINT.search(" ".join(header) + " " + bare + " " + body[:300]))),
         "source_and_editor": float("来源" in meta and ("编辑" in meta or "作者" in meta)),
         "meta": float(bool(meta)), "dated_byline": float("日期行" in meta),
         "signed": float(bool(issuer_from_signature(body.splitlines()[-12:]))),
         "outline": float(bool(_OUTLINE_HEADING.search(body))),
         "addressees": float(bool(re.search(r"^各[^。\n]{1,60}[:：]\s*$", lead, re.MULTILINE))),
         "transmittal": float(bool(TRANSMITTAL.search(lead))),
         "articles": float(bool(_ARTICLE.search(body))),
         "goals": float(bool(_GOAL_YEAR.search(lead))),
         "numbered": min(len(_NUMBERED.findall(body)), 6) / 6,
         "reporter": float(bool(_REPORTER.search(" ".join(header) + body[:300]))),
         "attachment": float("附件" in body), "no_title": float(not bare),
         "title_guanyu": float("关于" in bare), "title_hands_down": float(bool(re.search(
             r"印发|转发|下达|批转", bare))), "title_digit": float(bool(re.search(r"\d", bare))),
         "title_comma": float(bool(re.search(r"[,，、]", bare))),
         "title_quote": float(bool(re.search(r"[“”\"]", bare))),
         "title_long": float(len(bare) > 30)}
    for n, (wording, form) in enumerate(_BODY_TYPE):
        if wording.search(lead):
            f[f"formula:{n}:{form}"] = 1.0
    return f
