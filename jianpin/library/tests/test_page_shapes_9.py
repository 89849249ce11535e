"""Shapes of real pages from the ninth gathering's tuning half (the page in the comment): a
portal's labels in brackets without a colon, a leading group's notice published by its office,
a notice that opens on its addressees, a signature date run together, an opinion that names
itself, a sharing site's count after a title, a headline shown three times, a printing note,
a province cited as the source of a city's rules, and a masthead naming the city a text
speaks of as 我市."""
from __future__ import annotations

import datetime as dt

from jianpin.library.text import extract_metadata
from jianpin.library.text.chrome import dateline, strip_chrome
from jianpin.library.text.fields import doc_type, signature_date
from jianpin.library.text.fold import fold
from jianpin.library.text.regions import default_gazetteer

_RULES = ("为持续巩固拓展脱贫攻坚成果,健全防止返贫动态监测和帮扶机制,结合本镇实际,现将方案印发你们,"
          "请结合实际,认真抓好贯彻落实。")


def test_bracketed_labels_without_a_colon_are_read_as_labels() -> None:
    # m.huayutex.cn (a mirror of a township's government-information page)
    page = ("[ 索引号 ] 11500230008686350N/2023-00849 [ 发文字号 ] 双龙府发〔2023〕17号\n"
            "[ 主题分类 ] 其他 [ 体裁分类 ] 公文\n[ 发布机构 ] 丰都县双龙镇人民政府\n"
            "[ 成文日期 ] 2023-08-18 [ 发布日期 ] 2023-08-31\n\n"
            "丰都县双龙镇人民政府关于印发《双龙镇加强防止返贫动态监测和帮扶工作闭环管理方案》的通知\n\n"
            "各村(社区),镇级相关部门:\n\n" + _RULES)
    meta = extract_metadata(page)
    assert (meta.title, meta.issuer, meta.doc_number, meta.issued_on, meta.published_on,
            meta.doc_type) == (
        "丰都县双龙镇人民政府关于印发《双龙镇加强防止返贫动态监测和帮扶工作闭环管理方案》的通知",
        "丰都县双龙镇人民政府", "双龙府发〔2023〕17号", dt.date(2023, 8, 18), dt.date(2023, 8, 31),
        "通知")


def test_the_title_names_the_issuer_before_the_publishing_office() -> None:
    # cq.gov.cn (a municipal leading group's notice, published by its office)
    page = ("[ 发布机构 ] 市扶贫办\n[ 成文日期 ] 2019-02-21 [ 发布日期 ] 2019-02-21\n\n"
            "重庆市扶贫开发领导小组关于印发《2019年全市脱贫攻坚工作要点》的通知\n\n"
            "有关区县(自治县)扶贫开发领导小组:\n\n" + _RULES + "\n\n重庆市扶贫开发领导小组\n\n"
            "2019年2月13日\n")
    meta = extract_metadata(page)
    assert (meta.issuer, meta.issued_on) == ("重庆市扶贫开发领导小组", dt.date(2019, 2, 13))


def test_a_text_that_opens_on_its_addressees_is_a_notice() -> None:
    # beita.gov.cn (a district's allocation of funds, shown without its title)
    body = ("各乡人民政府、街道办事处,区直相关单位:\n\n为更好的发挥财政专项扶贫资金效益,现将2020年度"
            "第一批中央财政专项扶贫资金408万元下达给你们。\n\n邵阳市北塔区财政局 邵阳市北塔区农业农村水利局"
            "\n\n20191227\n")
    assert doc_type("", {}, [], body) == "通知"
    assert signature_date(["邵阳市北塔区财政局", "20191227"]) == (1, dt.date(2019, 12, 27))
    assert signature_date(["20191327"]) is None
    meta = extract_metadata(body)
    assert (meta.doc_type, meta.issued_on) == ("通知", dt.date(2019, 12, 27))


def test_an_opinion_names_itself_and_a_sharing_count_is_no_ending() -> None:
    # jendow.com.tw (a city's opinion on relocation, in traditional script)
    body = fold("為深入貫徹落實中央易地扶貧搬遷安置一批的要求,結合我市實際,特制定本實施意見。")
    assert doc_type("", {}, [], body) == "意见"
    # hbscdkc.com (a sharing site: "…报告推荐7篇")
    assert doc_type("扶贫村工作报告推荐7篇", {"发布时间": "2022-12-27"}, [], "") == "报告"


def test_a_headline_shown_three_times_under_a_byline_is_the_title() -> None:
    # eccai.com (a finance site's repost of a news agency's story)
    head = "广西财政投入20多亿元开展脱贫地区消费帮扶"
    doc = strip_chrome(f"融易财经\nadtop\n\n{head}\n\n时间:2023-10-27 14:41 来源:新华网 编辑:余梓阳\n\n"
                       f"{head}\n\n{head}\n\n记者从自治区财政厅获悉,今年以来,我区大力实施消费帮扶,"
                       "累计投入资金20.7亿元促进脱贫地区产品和服务消费。")
    assert doc.title == head


def test_a_printing_note_is_no_publishing_date() -> None:
    # psx.gov.cn (a county's joint notice, its 版记 at the end)
    assert dateline("彭水苗族土家族自治县农业农村委员会办公室2024年12月23日印发") is None
    assert dateline("2024-12-23 来源:县农业农村委") == "2024-12-23"


def test_a_province_cited_for_a_citys_rules_is_not_its_region() -> None:
    gazetteer = default_gazetteer()
    # jendow.com.tw: 我市, and only the province whose opinion it follows is named.
    body = ("根据山西省《关于大力推进易地搬迁工程的指导意见》精神,结合我市实际,特制定本实施意见。"
            "对居住在生存条件恶劣地区的建档立卡贫困人口实施易地搬迁,确保搬迁对象搬得出、稳得住、能致富。")
    assert gazetteer.match("", body) is None
    # 我区 may be an autonomous region: the province still counts.
    body = ("为全面贯彻落实《中共中央办公厅、国务院办公厅关于创新机制扎实推进农村扶贫开发工作的意见》"
            "精神,结合广西壮族自治区实际,我区提出以下实施意见。")
    place = gazetteer.match("", body)
    assert place is not None and place.name == "广西壮族自治区"


def test_a_masthead_names_the_city_a_text_calls_its_own() -> None:
    # fyssc.com (a mirror of a city's rural-revitalisation bureau)
    gazetteer = default_gazetteer()
    body = ("根据全省防止返贫动态监测和帮扶工作视频调度会议精神,为扎实推动我市建立健全防止返贫动态监测"
            "和帮扶机制工作进展,经市扶贫办主任办公会研究,决定开展专项调研督导。")
    place = gazetteer.match("市扶贫办组织开展防贫监测和帮扶工作专项调研督导", body, host="沧州市乡村振兴局")
    assert place is not None and place.name == "沧州市"
    assert gazetteer.match("市扶贫办组织开展防贫监测和帮扶工作专项调研督导", body) is None
    meta = extract_metadata("沧州市乡村振兴局\n政府信息公开\n\n"
                            "市扶贫办组织开展防贫监测和帮扶工作专项调研督导\n\n" + body)
    assert meta.region_name == "沧州市"
