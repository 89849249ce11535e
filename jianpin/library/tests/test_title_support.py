"""General evidence for titles and regions, on excerpts of real pages from the tuning parts
(the page in the comment): a title's words come back in the text under it, a site's furniture
does not; an organ's name alone is no title; a portal's name above the text is no region; a
place run into the one before it is read even where the segmenter cuts it."""
from __future__ import annotations

from jianpin.library.text import extract_metadata
from jianpin.library.text.chrome import strip_chrome
from jianpin.library.text.regions import default_gazetteer
from jianpin.library.text.titles import bigrams, evidence, organ_only, support, support_bonus

# www.zjc.gov.cn/info/1831/509721.htm (a county portal's repost of a ministries' notice)
ZJC = ("微信公众号\n"
       "财政部、农业农村部、国家乡村振兴局等部门21日联合发布《关于加强中央财政衔接推进乡村振兴补助资金"
       "使用管理的指导意见》,进一步细化中央财政衔接推进乡村振兴补助资金政策。\n"
       "据了解,今年中央财政按照只增不减的原则,预算安排衔接推进乡村振兴补助资金1650亿元,同口径较"
       "2021年增加84.76亿元,增长5.4%。")


def test_bigrams_stay_inside_chinese_runs() -> None:
    assert bigrams("扶贫 2021年资金") == {"扶贫", "年资", "资金"}
    assert bigrams("A1") == set()


def test_support_is_the_share_of_a_lines_bigrams_the_text_repeats() -> None:
    text = ZJC.split("\n", 1)[1]
    assert support("微信公众号", text) == 0.0
    assert support("中央财政衔接推进乡村振兴补助资金", text) == 1.0
    assert support_bonus("微信公众号", text) == -1
    # Support earns nothing: a heading inside the text is taken up by it too.
    assert support_bonus("中央财政衔接推进乡村振兴补助资金", text) == 0
    # A line ending in a document's type loses nothing for it (a notice over a table).
    assert (evidence("扶贫资金分配表", text), evidence("扶贫资金分配的通知", text, typed=True)) == \
        (-1, 0)
    # Too little text, or too short a line, to tell.
    assert support("微信公众号", "财政部发布意见") is None
    assert support("微信", text) is None


def test_a_sites_furniture_over_an_untitled_page_is_not_its_title() -> None:
    doc = strip_chrome(ZJC)
    assert (doc.title, doc.lines[0][:6]) == ("", "微信公众号")
    assert extract_metadata(ZJC).title == \
        "财政部、农业农村部、国家乡村振兴局等部门21日联合发布《关于加强中央财政衔接推进…"


def test_a_place_run_into_the_one_before_it_is_read_on_characters() -> None:
    # f.china.com.cn/2013-08/23/content_29804210.htm (锡 / 盟国 as the segmenter cuts it)
    gazetteer = default_gazetteer()
    title = "内蒙古锡盟国贫旗3000万元“连片开发”扶贫项目资金到位"
    assert [gazetteer.places[c].name for c in gazetteer.ordered(title)] == ["锡林郭勒盟"]
    # Only a place inside the one before it, and never a bare county stem.
    assert [gazetteer.places[c].name for c in gazetteer.ordered("河南对兰考县")] == \
        ["河南省", "兰考县"]


def test_an_organs_name_standing_alone_is_no_title() -> None:
    # www.shaanxi.gov.cn (a provincial notice's joint signature) and www.hanyin.gov.cn
    assert organ_only("陕西省发展和改革委员会 陕西省教育厅")
    assert organ_only("汉阴县人民政府办公室")
    assert not organ_only("汉阴县人民政府办公室关于印发《汉阴县过渡期统筹整合使用财政涉农资金管理办法》"
                          "的通知")
    assert not organ_only("国务院扶贫办:五年累计减贫6600万人以上")
    assert evidence("汉阴县人民政府办公室", "") == -2


def test_a_portals_name_above_the_text_is_where_it_is_hosted_not_its_region() -> None:
    # www.zjc.gov.cn (as above) under a provincial portal's name and a channel's organ
    meta = extract_metadata("内蒙古\n陕西省财政厅 陕西省人力资源和社会保障厅\n" + ZJC)
    assert meta.region_name is None
    # A heading that names its county is no portal's name.
    meta = extract_metadata("北川羌族自治县2022年衔接资金公示\n" + ZJC.split("\n", 1)[1])
    assert meta.region_name == "北川羌族自治县"


def test_a_prompt_is_no_half_of_a_wrapped_title_and_a_label_no_kicker() -> None:
    # www.gov.cn (a ministries' notice reposted under a portal's prompt and a label)
    text = ("关于加强中央财政衔接推进乡村振兴补助资金使用管理的\n指导意见\n"
            "财政部、农业农村部、国家乡村振兴局等部门21日联合发布《关于加强中央财政衔接推进乡村振兴补助"
            "资金使用管理的指导意见》,进一步细化中央财政衔接推进乡村振兴补助资金政策。"
            "今年中央财政按照只增不减的原则,预算安排衔接推进乡村振兴补助资金1650亿元。")
    assert strip_chrome(text).title == "关于加强中央财政衔接推进乡村振兴补助资金使用管理的指导意见"
    assert strip_chrome("关键词:\n" + text).title == \
        "关于加强中央财政衔接推进乡村振兴补助资金使用管理的指导意见"
    assert strip_chrome("手指从萤幕左侧边缘往右滑\n财政部印发指导意见\n发布时间:2022-03-21\n"
                        + text.split("\n", 2)[2]).title == "财政部印发指导意见"



def test_a_dateline_opens_the_first_paragraph_under_a_sites_short_lines() -> None:
    # www.tazldqn.cn/p/16351.html (a county's dateline in traditional script with readings)
    story = ("云上竹山讯 5月9日,宝丰镇秦家河村43户易地搬迁贫困户喜迁新居。\n"
             "开年以来,该镇积极谋划,强力落实,新规划实施易地扶贫搬迁1349户;计划选址新建易地扶贫搬迁"
             "安置点33个,集中安置935户,分散安置286户。")
    assert extract_metadata(story).region_name == "竹山县"
    assert extract_metadata("导航\n21:06\n" + story).region_name == "竹山县"


def test_a_channel_trail_above_the_text_is_no_region() -> None:
    # www.zjc.gov.cn (as above) under a portal's channel trail
    assert extract_metadata("甘肃新闻网 > 新闻中心 > 时政新闻\n" + ZJC).region_name is None
