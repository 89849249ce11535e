"""Pure text processing: chrome stripping, document numbers, dates, regions, targets, readers."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from jianpin.library import DEMO_DATA
from jianpin.library.text import extract_metadata, extract_targets, fields, read_path, segment
from jianpin.library.text.chrome import strip_chrome
from jianpin.library.text.evaluate import DEFAULT_SET, evaluate
from jianpin.library.text.readers import ReadError, read_bytes
from jianpin.library.text.regions import default_gazetteer

SEEDS = sorted((DEMO_DATA / "seeds").glob("*.txt"))


def meta_of(name: str) -> dict:
    raw = read_path(DEMO_DATA / name)
    return extract_metadata(raw.text, raw.title_hint).as_json()


@pytest.mark.parametrize("text, expected", [
    ("州党发〔2021〕9 号", "州党发〔2021〕9号"),
    ("粤扶组〔20164号", "粤扶组〔2016〕4号"),
    ("粤发〔201613号", "粤发〔2016〕13号"),
    ("黔府办发[2019]12号", "黔府办发〔2019〕12号"),
    ("国办发(2021)7号", "国办发〔2021〕7号"),
    ("国办发（2021）7号", "国办发〔2021〕7号"),
    ("黔府发2019 6号", "黔府发〔2019〕6号"),
    ("华委组〔2016〕第019号", "华委组〔2016〕19号"),
])
def test_doc_number_forms_are_normalised(text: str, expected: str) -> None:
    assert fields.parse_doc_number(text) == expected


def test_cited_numbers_are_not_the_documents_own() -> None:
    meta = meta_of("seeds/003_f44302caebce7fb6.txt")
    assert meta["doc_number"] is None


@pytest.mark.parametrize("text, expected", [
    ("发布时间:2019-02-16", dt.date(2019, 2, 16)),
    ("2021 年 3 月 25 日", dt.date(2021, 3, 25)),
    ("2016/06/19 14:39", dt.date(2016, 6, 19)),
    ("2021年2月30日", None),
])
def test_dates(text: str, expected: dt.date | None) -> None:
    assert fields.parse_date(text) == expected


def test_chrome_is_stripped_from_the_database_page() -> None:
    doc = strip_chrome((DEMO_DATA / "seeds/000_6d79b842d50ac709.txt").read_text(encoding="utf-8"))
    assert doc.title == "贵州省扶贫开发领导小组关于印发《贵州省巩固提升脱贫成果的指导意见》的通知"
    assert doc.lines[0].startswith("各市(州)、贵安新区扶贫开发领导小组")
    assert doc.lines[-1].startswith("(五)加强宣传引导。")
    for chrome in ("加入收藏", "高级检索", "热词推荐", "CPAD", "下载排行", "版权公告"):
        assert chrome not in doc.body
    assert doc.meta == {"发布时间": "2019-02-16", "编辑": "陈亚丰", "内容时间": "2018-12-28"}


def test_chrome_is_stripped_from_news_and_share_prompts() -> None:
    news = strip_chrome((DEMO_DATA / "seeds/002_64ff40d2f14cdd3e.txt").read_text(encoding="utf-8"))
    assert "海口网版权所有" not in news.body and "图解海口" not in news.body
    assert news.lines[-1] == ("健全扶贫考核评价、贫困县约束、贫困退出、扶贫资金安全运行、小额扶贫信贷、"
                              "社会力量参与扶贫等机制,构建了新阶段扶贫攻坚的政策支撑体系。")
    plan = strip_chrome((DEMO_DATA / "seeds/001_635fce03901d813c.txt").read_text(encoding="utf-8"))
    assert "扫一扫" not in plan.body
    page = strip_chrome((DEMO_DATA / "seeds/003_f44302caebce7fb6.txt").read_text(encoding="utf-8"))
    assert "字号" not in page.body and "浏览次数" not in page.body


SEED_META = {
    "000_6d79b842d50ac709.txt": ("贵州省扶贫开发领导小组关于印发《贵州省巩固提升脱贫成果的指导意见》的通知",
                                 "贵州省扶贫开发领导小组", None, "2018-12-24", "2019-02-16",
                                 "520000000000", "贵州省", "通知", "policy"),
    "001_635fce03901d813c.txt": ("宜阳县高质量实现剩余贫困人口脱贫实施方案公示", None, None, None,
                                 "2020-02-20", "410327000000", "宜阳县", "方案", "policy"),
    "002_64ff40d2f14cdd3e.txt": ("扶贫方法论:脱贫攻坚的“贵州解法”", None, None, None, "2016-06-19",
                                 "520000000000", "贵州省", "新闻", "news"),
    "003_f44302caebce7fb6.txt": ("新时期精准扶贫精准脱贫三年攻坚实施方案", None, None, None,
                                 "2016-12-28", "441424000000", "五华县", "方案", "policy"),
    "004_aa2f17844682ebcc.txt": ("中共黔西南州委 黔西南州人民政府印发《关于实现巩固拓展脱贫攻坚成果"
                                 "同乡村振兴有效衔接的实施方案》的通知",
                                 "中共黔西南州委 黔西南州人民政府", "州党发〔2021〕9号", "2021-03-25",
                                 None, "522300000000", "黔西南布依族苗族自治州", "通知", "policy"),
}


@pytest.mark.parametrize("name", sorted(SEED_META))
def test_seed_metadata(name: str) -> None:
    meta = meta_of(f"seeds/{name}")
    keys = ("title", "issuer", "doc_number", "issued_on", "published_on", "region_code",
            "region_name", "doc_type", "category")
    assert tuple(meta[k] for k in keys) == SEED_META[name]
    assert meta["status"] == "有效"


def test_seed_004_targets() -> None:
    got = [(t["year"], t["subject"], t["indicator"], t["value"], t["unit"], t["qualifier"])
           for t in meta_of("seeds/004_aa2f17844682ebcc.txt")["targets"]]
    assert got == [
        ("2025", None, "第一产业增加值", 318, "亿元", "左右"),
        ("2025", "第一产业增加值", "年均增速", 6, "%", "左右"),
        ("2025", None, "农村常住居民可支配收入", 16000, "元", "左右"),
        ("2025", "农村常住居民可支配收入", "年均增长", 8, "%", "左右"),
        ("2021", None, "农村卫生厕所普及率", 78, "%", "争取 以上"),
    ]


def test_seed_002_and_003_targets() -> None:
    news = meta_of("seeds/002_64ff40d2f14cdd3e.txt")["targets"]
    assert [(t["year"], t["indicator"], t["value"], t["unit"]) for t in news[:4]] == [
        ("2016", "减贫", 100, "万人"), ("2017", "减贫", 100, "万人"),
        ("2018", "减贫", 70, "万人"), ("2019", "减贫", 65, "万人")]
    plan = [t for t in meta_of("seeds/003_f44302caebce7fb6.txt")["targets"] if t["kind"] == "goal"]
    assert [(t["year"], t["subject"], t["indicator"], t["value"], t["unit"]) for t in plan[:3]] == [
        ("2016", "相对贫困人口", "脱贫", 30, "%"), ("2017", "相对贫困人口", "脱贫", 70, "%"),
        ("2018", "相对贫困人口", "脱贫", 100, "%")]
    assert plan[0]["sentence"] == "按年度分三步走:到2016年底,相对贫困人口30%实现脱贫"


def test_targets_skip_base_years_thresholds_and_past_spans() -> None:
    text = ("按低于4000元(2014年不变价)的标准认定。到2020年,30户以上的自然村寨全部通硬化路。"
            "从2011年至今已累计有14个县实现摘帽。")
    [count] = extract_targets(text)  # a reported count: no plan year is made up for it
    assert (count.year, count.indicator, count.value, count.unit, count.kind) == (
        None, "县实现摘帽", Decimal("14"), "个", "statistic")
    [target] = extract_targets("到2022年底,监测对象风险消除率达到60.5%以上。")
    assert (target.year, target.indicator, target.value, target.unit, target.qualifier) == (
        "2022", "监测对象风险消除率", Decimal("60.5"), "%", "以上")


def test_regions_disambiguate_by_ancestors_and_ignore_common_words() -> None:
    gaz = default_gazetteer()
    wuhua = gaz.match("", "我县地处梅州市西部。五华县委、五华县政府要求各镇推进乡村振兴。")
    assert (wuhua.code, wuhua.name) == ("441424000000", "五华县")
    assert gaz.match("", "推进乡村振兴,盘活资源,做好搬迁安置和示范县建设。") is None
    assert gaz.match("黔西南州关于做好防止返贫工作的通知", "").code == "522300000000"


def test_domain_terms_are_not_split() -> None:
    assert segment.words("坚持精准扶贫，落实两不愁三保障，做好易地扶贫搬迁和防止返贫，推进乡村振兴，"
                         "完善建档立卡，选派驻村工作队") == [
        "坚持", "精准扶贫", "落实", "两不愁三保障", "做好", "易地扶贫搬迁", "和", "防止返贫", "推进",
        "乡村振兴", "完善", "建档立卡", "选派", "驻村工作队"]
    assert segment.index_tokens("易地扶贫搬迁") == ["易地", "扶贫", "搬迁", "扶贫搬迁", "易地扶贫搬迁"]


def test_readers_for_each_format() -> None:
    assert meta_of("samples/s08_notice.docx")["doc_number"] == "宜政〔2021〕7号"
    assert meta_of("samples/s09_notice.pdf")["doc_number"] == "洛扶组〔2019〕2号"
    html = read_path(DEMO_DATA / "samples/s01_notice.html")
    assert html.title_hint == "黔西南州人民政府办公室关于印发黔西南州防止返贫动态监测和帮扶工作实施办法的通知"
    assert "var x" not in html.text and ".a{color" not in html.text
    gbk = "宜阳县人民政府关于印发方案的通知".encode("gb18030")
    assert read_bytes(gbk, "a.txt").text == "宜阳县人民政府关于印发方案的通知"


@pytest.mark.parametrize("data, name", [
    (b"not a zip", "x.docx"), (b"%PDF-1.4 broken", "x.pdf"), (b"MZ", "x.exe"),
])
def test_hostile_files_fail_cleanly(data: bytes, name: str) -> None:
    with pytest.raises(ReadError):
        read_bytes(data, name)


def test_labelled_set_accuracy() -> None:
    result = evaluate(DEFAULT_SET, DEMO_DATA)
    assert result["documents"] == 14
    assert result["fields"] == {f: 14 for f in result["fields"]}
    assert (result["expected_targets"], result["targets_exact"], result["targets_core"]) == (31, 28, 31)
    assert result["extracted_targets"] == 38
    assert json.dumps(result["misses"], ensure_ascii=False).count("target") == 13


def test_fold_removes_pinyin_readings_and_converts_script() -> None:
    from jianpin.library.text.fold import fold

    assert fold("東西部“攜手奔小康”,總書(shū)記指示 會(huì )上") == "东西部“携手奔小康”,总书记指示 会上"
    assert fold("到2025年(左右)达到8%(以上)") == "到2025年(左右)达到8%(以上)"


def test_title_is_never_a_navigation_line_and_a_titleless_page_is_kept() -> None:
    page = ("請更新您的瀏覽器\n首頁 > 新聞 > 正文\nhttps://www.example.gov.cn/\n"
            "友情链接,网站地图,联系我们,设为首页\n"
            "未來5年防脫貧戶返貧 陸目標:2035集體富裕\nTVBS\n"
            "更新於 2021年03月04日09:00 • 發布於 2021年03月04日08:16\n"
            "面對大陸稱將近一億人成功脫貧,外界質疑標準過低,認為大陸將面臨返貧的挑戰,"
            "對此,大陸十四五規劃中就有提及,未來五年防止脫貧戶返貧的工作目標。")
    meta = extract_metadata(page)
    assert (meta.title, meta.published_on, meta.doc_type) == (
        "未来5年防脱贫户返贫 陆目标:2035集体富裕", dt.date(2021, 3, 4), "新闻")
    bare = extract_metadata("1.省级专项扶贫资金47万元\n2.市级扶贫专项资金66.5万元\n"
                            "经研究决定,现将资金分配使用情况公示如下,以上资金合计113.5万元。")
    assert bare.title == "经研究决定,现将资金分配使用情况公示如下,以上资金合计113.5万元"
    assert bare.body.startswith("1.省级专项扶贫资金47万元")
