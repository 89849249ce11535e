"""Regions of real pages (the page in the comment, from the tuning parts of the corpus): a news
dateline naming the county it reports from, a site's name that runs a province into 中国, a county
stem the segmenter splits into characters."""
from __future__ import annotations

from decimal import Decimal

from jianpin.library.text import extract_metadata
from jianpin.library.text.fold import fold
from jianpin.library.text.regions import HITS_MAX, Gazetteer, Hit, default_gazetteer

# tazldqn.cn/p/16351.html (a repost of the 竹山 county outlet's report, in traditional script)
ZHUSHAN = ("云上竹山訊 5月9日,寶豐鎮(zhèn)秦家河村43戶易地搬遷貧困戶喜遷新居。\n"
           "開年以來,該鎮(zhèn)積極謀劃,強(qiáng)力落實(shí),新規(guī)劃實(shí)施易地扶貧搬遷1349戶。")


def test_a_dateline_names_the_county_by_its_stem_when_the_tree_has_one_such_county() -> None:
    meta = extract_metadata(ZHUSHAN)
    assert (meta.region_code, meta.region_name) == ("420323000000", "竹山县")
    gazetteer = default_gazetteer()
    assert gazetteer.dateline("云上竹山讯 5月9日,宝丰镇秦家河村43户易地搬迁贫困户喜迁新居。") \
        == ["420323000000"]


def test_a_stem_outside_a_dateline_or_shared_by_two_counties_places_nothing() -> None:
    gazetteer = default_gazetteer()
    # The same sentence without its dateline: 竹山 alone is not read as the county.
    assert gazetteer.match("", "5月9日,宝丰镇秦家河村43户易地搬迁贫困户喜迁新居。竹山") is None
    # 五华 is 五华县 (Guangdong) and 五华区 (Yunnan): a dateline cannot choose.
    assert gazetteer.dateline("五华讯 5月9日,宝丰镇秦家河村43户易地搬迁贫困户喜迁新居。") == []
    assert gazetteer.dateline("本报讯 截至4月9日,官渡镇规划建设2017年易地扶贫搬迁集中安置点5个") == []


def test_a_dateline_the_body_scan_already_counts_is_not_counted_twice() -> None:
    # qgjcdjw.com/zhonghebaodao/13448.html: 本网云南讯 … 云南省曲靖市富源县, the county of the
    # address, as before.
    body = ("本网云南讯(陈开俊 王敏道 毛志伟)为贯彻落实省、市、县巩固拓展脱贫攻坚成果推进乡村振兴及"
            "脱贫人口年度信息动态管理工作要求,持续跟踪监测巩固拓展脱贫攻坚成果有关情况。12月以来,"
            "云南省曲靖市富源县后所镇栗树坪村驻村")
    gazetteer = default_gazetteer()
    assert gazetteer.dateline(body) == []
    place = gazetteer.match("", body)
    assert place is not None and place.name == "富源县"


def test_a_province_run_into_china_is_a_site_name() -> None:
    # bid.caigoupt.com/info-89549612.html (a tender site's copy of a 甘肃 news item)
    gazetteer = default_gazetteer()
    said = "国务院扶贫开发领导小组办公室副主任欧青平说。"
    assert gazetteer.match("甘肃中国连续六年完成减贫任务", said) is None
    # The province named on its own still counts.
    place = gazetteer.match("甘肃连续六年完成减贫任务", said)
    assert place is not None and place.name == "甘肃省"


# hkcd.com/hkcdweb/content/2020/10/16/content_1222299.html (香港商报, traditional script)
CHENGKOU = ("內地脫貧攻堅即將收官。邊遠山區如何打贏脫貧攻堅戰?13日至15日,記者隨重慶市政府外事辦組織的"
            "常駐渝國(境)外媒體及重慶市部分主流媒體考察團赴重慶市城口縣採訪,深入了解當地脫貧攻堅情形。\n"
            "據了解,城口培育發展農村集體經濟組織190個,培育發展農業龍頭企業52家、並建立產業基地190個,"
            "90%的貧困戶與市場主體建立起利益聯結,實現貧困戶脫貧增收。")


def test_a_county_stem_the_segmenter_splits_counts_when_the_text_names_the_county() -> None:
    gazetteer = default_gazetteer()
    body = fold(CHENGKOU)
    assert [gazetteer.places[c].name for c in gazetteer.ordered(body, body)] \
        == ["重庆市", "重庆市", "城口县", "城口县"]
    place = gazetteer.match(fold("渝特色產業 助脫貧攻堅"), body)
    assert place is not None and place.code == "500229000000"
    # Without the full name, 城 口 stays two characters: the visit's city is the region.
    alone = body.replace("重庆市城口县", "重庆市")
    assert [gazetteer.places[c].name for c in gazetteer.ordered(alone, alone)] \
        == ["重庆市", "重庆市", "重庆市"]


def test_a_body_is_scanned_once_for_its_region_and_all_its_figures(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    gazetteer = default_gazetteer()
    scanned: list[str] = []
    scan = Gazetteer._scan

    def counted(self: Gazetteer, text: str) -> list[Hit]:
        scanned.append(text)
        return scan(self, text)

    monkeypatch.setattr(Gazetteer, "_scan", counted)
    monkeypatch.setattr(gazetteer, "_known_hits", {})  # nothing remembered from other tests
    body = ("2019年,毕节市农村常住居民人均可支配收入达到10321元,其中威宁县9870元,"
            "赫章县9912元,纳雍县10036元,大方县10110元。")
    meta = extract_metadata(f"毕节市脱贫攻坚工作报告\n{body}")
    assert [(t.value, gazetteer.places[t.region_code].name) for t in meta.targets if t.region_code] \
        == [(Decimal("10321"), "毕节市"), (Decimal("9870"), "威宁彝族回族苗族自治县"),
            (Decimal("9912"), "赫章县"), (Decimal("10036"), "纳雍县"), (Decimal("10110"), "大方县")]
    assert scanned.count(meta.body) == 1
    # The same text gives the same names from memory, and what is kept stays bounded.
    assert gazetteer.ordered(body, body) == gazetteer.ordered(body, body)
    for n in range(HITS_MAX + 1):
        gazetteer.ordered(f"第{n}号")
    assert len(gazetteer._known_hits) <= HITS_MAX


def test_a_city_without_counties_is_not_its_own_parent() -> None:
    """The division data lists 东莞市 twice (a prefecture under 广东省, and a county under
    itself); a place run on after 广东 once walked that loop for ever."""
    gazetteer = default_gazetteer()
    assert gazetteer.ancestors("441900000000") == ["440000000000"]
    assert gazetteer.ancestors("460400000000") == ["460000000000"]
    assert extract_metadata("广东东莞市对口帮扶资金1000万元用于村道建设。").region_name == "东莞市"
