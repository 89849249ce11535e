"""Shapes of real pages from the seventh gathering's tuning half (the page in the comment):
readings written without tones, e-paper labels and kickers, numbered authors, collection and
spam-keyword tags, reposts opening on their original title, trails naming the title, authors
under a title, enacting wording, forwarded and joint issuers, essays set out in parts, regions
of pages on several provinces or the whole country, and figures in Chinese numerals."""
from __future__ import annotations

from decimal import Decimal

import pytest

from jianpin.library.text import extract_metadata, extract_targets
from jianpin.library.text.chrome import breadcrumb, strip_chrome, without_affix
from jianpin.library.text.fields import doc_type, issuer_from_title
from jianpin.library.text.fold import fold
from jianpin.library.text.metadata import fallback_title
from jianpin.library.text.numerals import as_digits
from jianpin.library.text.regions import default_gazetteer

# chinahetao.com.cn (a ministries' opinion reposted in traditional script with toneless readings)
TONELESS = ("人(ren)力資源(yuan)社會(hui)保障部 國家發展改(gai)革委等十五部門 關于(yu)做好當前農民工"
            "就業創業工作的意(yi)見\n"
            "2021-09-02 來源(yuan):中國政府(fu)網 點擊次(ci)數(shu):96\n"
            "人社部發(fa)〔2020〕61號\n"
            "各省(sheng)、自治區、直轄市人民政府(fu),國務院有關部委、有關直屬機構:\n"
            "促進(jin)農(nong)(nong)民工(gong)就業(ye)(ye)創(chuang)業(ye)(ye),事關農(nong)(nong)民增收致富(fu),"
            "事關就業(ye)(ye)大局穩定,事關打贏脫貧(pin)攻(gong)堅(jian)戰(zhan)。為進(jin)一(yi)步做好當(dang)前"
            "農(nong)(nong)民工(gong)就業(ye)(ye)創(chuang)業(ye)(ye)工(gong)作,經國務(wu)院同意,現(xian)提出以下意見(jian):")


def test_toneless_readings_are_removed_where_a_text_has_several() -> None:
    assert fold("關于(yu)做好 農(nong)(nong)民工(gong) 意(yi)見") == "关于做好 农民工 意见"
    # One reading-like pair alone, or units after a word, are left as they are.
    assert fold("人社部發(fa)〔2020〕61號") == "人社部发(fa)〔2020〕61号"
    assert fold("道路长度(km)与重量(kg)、单价(元)") == "道路长度(km)与重量(kg)、单价(元)"
    meta = extract_metadata(TONELESS)
    assert (meta.title, meta.issuer, meta.doc_number, meta.doc_type, meta.published_on.isoformat()) \
        == ("人力资源社会保障部 国家发展改革委等十五部门 关于做好当前农民工就业创业工作的意见",
            "人力资源社会保障部 国家发展改革委等十五部门", "人社部发〔2020〕61号", "意见", "2021-09-02")


def test_an_e_paper_page_label_is_chrome_and_a_kicker_joins_its_headline() -> None:
    # tmrb.tmwcn.com (天门日报's e-paper)
    doc = strip_chrome("当前版:04版\n发布日期:2020年08月10日\n国务院扶贫办:\n做实消费扶贫构建长效机制\n"
                       "文章字数:552\n  据新华社8月8日电国务院扶贫办副主任洪天云8日表示,加强扶贫产品产销对接"
                       "是做实做细消费扶贫行动的重要举措,有利于构建社会扶贫长效机制。")
    assert doc.title == "国务院扶贫办:做实消费扶贫构建长效机制"
    assert doc.lines[0].startswith("据新华社8月8日电")


def test_authors_numbered_by_affiliation_are_no_title() -> None:
    # handmsg.com (a research article in traditional script)
    doc = strip_chrome(fold(
        "胡 聯 王 娜 汪三貴\n(1.安徽財經大學 經濟學院,安徽 蚌埠 233030; 2.中國農業大學 馬克思主義學院,"
        "北京 100083;3.中國人民大學 農業與農村發展學院,北京 100872)\n"
        "精準扶貧的理論創新——基于馬克思主義政治經濟學視角\n胡 聯1王 娜2汪三貴3\n"
        "精準扶貧理論是中國特色社會主義理論體系中反貧困理論的最新發展。精準扶貧理論是以馬克思主義政治經濟學"
        "為理論指導,在融合國內外減貧理論精髓基礎上得出的新成果。"))
    assert doc.title == "精准扶贫的理论创新——基于马克思主义政治经济学视角"


@pytest.mark.parametrize(("line", "expected"), [
    # alatiku.com (a sharing page counting the plans it collects)
    ("2024年防止返贫监测和帮扶工作具体实施方案【通用8篇】", "2024年防止返贫监测和帮扶工作具体实施方案"),
    # joywz.com (a spam page appending its keyword)
    ("海南省今年招聘2000名护林员优先从贫困户中选聘‘Bsports’", "海南省今年招聘2000名护林员优先从贫困户中选聘"),
    # A title's own quotation or bracket stays.
    ("关于做好2019年扶贫资金公告公示工作的通知【转发】", "关于做好2019年扶贫资金公告公示工作的通知【转发】"),
    ("习近平下脱贫“总攻令” 贫困人口半年突降2000万", "习近平下脱贫“总攻令” 贫困人口半年突降2000万"),
])
def test_collection_counts_and_spam_keywords_come_off_titles(line: str, expected: str) -> None:
    assert without_affix(line) == expected


def test_a_collected_plan_is_typed_by_its_title_without_the_count() -> None:
    assert doc_type("2024年防止返贫监测和帮扶工作具体实施方案【通用8篇】", {}, [], "") is None
    title = without_affix("2024年防止返贫监测和帮扶工作具体实施方案【通用8篇】")
    assert doc_type(title, {}, [], "") == "方案"


def test_a_repost_opening_on_its_original_title_keeps_it() -> None:
    # bangqike.com (a repost of a CCTV item)
    doc = strip_chrome("原标题:“搬”出新生活!央视《新闻联播》点赞云南→\n脱贫攻坚战中\n我国有960多万贫困群众\n"
                       "通过易地扶贫搬迁告别贫困\n呢噜坪易地扶贫搬迁安置点\n在云南镇雄县呢噜坪易地扶贫搬迁安置点,"
                       "1.4万名搬迁群众划分成2个社区。近年来,当地引进纺织厂等产业的同时,还建立就业服务站。")
    assert doc.title == "“搬”出新生活!央视《新闻联播》点赞云南→"


# yuleba.org (a Hong Kong commentary reposted under a trail, its title behind a bullet)
TRAIL = ("• 您当前的位置:首页 > 国内新闻 > 香港新闻 > 港媒:扶貧有措施 成效要共見\n"
         "  • 港媒:扶貧有措施 成效要共見\n"
         "    时间:2018-11-29 20:45:14  来源:香港《大公報》  作者:\n"
         "    香港新聞網11月20日電 香港《大公報》20日發表題為“扶貧有措施 成效要共見”的文章,全文如下:\n"
         "    特區政府昨日發表最新的本港貧窮情況數據,"
         "政務司司長暨扶貧委員會主席張建宗主持記者會講解有關情況。")


def test_the_last_step_of_a_trail_names_the_title_shown_again() -> None:
    assert breadcrumb(fold(TRAIL).splitlines()) == "港媒:扶贫有措施成效要共见"
    assert breadcrumb(["首页-新闻", "当前位置:首页 > 新闻"]) == ""
    meta = extract_metadata(TRAIL)
    assert (meta.title, meta.published_on.isoformat()) == ("港媒:扶贫有措施 成效要共见", "2018-11-29")


def test_a_short_name_over_the_byline_is_the_author_not_part_of_the_title() -> None:
    # theory.people.com.cn (an essay in traditional script)
    doc = strip_chrome(fold("中國共產黨新聞網>>理論\n扎實推進教育脫貧著力阻斷貧困代際傳遞\n朱之文\n"
                            "2016年09月01日08:18    來源:人民網-理論頻道\n"
                            "[摘 要] 長遠看,要想從根本上消除貧困,離不開教育。"
                            "要將發展教育擺在優先位置,加大教育投入,"
                            "不斷提升貧困地區人力資源開發水平。"))
    assert doc.title == "扎实推进教育脱贫著力阻断贫困代际传递"
    # A wrapped title's second line still joins (a connective, a type word).
    doc = strip_chrome("关于印发扶贫资金管理办法的\n通知\n发布时间:2021-09-30\n"
                       "各乡镇人民政府:现将办法印发给你们,"
                       "请遵照执行。各乡镇要严格按照办法的规定管理扶贫资金,确保资金安全。")
    assert doc.title == "关于印发扶贫资金管理办法的通知"


def test_wording_that_enacts_opinions_types_a_page_without_a_title() -> None:
    # xxbjsp.net (a provincial opinion mirrored without its title)
    body = fold("為全面貫徹落實黨的十八大和十八屆二中、三中全會精神,"
                "創新扶貧工作體制機制,走出一條富有廣西特色、"
                "更加精準有效的扶貧開發新路子,加快實現我區“兩個建成”目標,提出以下意見。\n一、完善扶貧開發責任體制")
    assert doc_type("", {}, [], body) == "意见"


def test_a_forwarding_title_names_no_issuer_and_n_departments_are_one() -> None:
    # yuasa-tqdc.cn (a provincial government forwarding the State Council's reply)
    assert issuer_from_title("转发国务院关于同意设立“广东扶贫济困日”批复的通知") is None
    assert issuer_from_title("人力资源社会保障部 国家发展改革委等十五部门 "
                             "关于做好当前农民工就业创业工作的意见") \
        == "人力资源社会保障部 国家发展改革委等十五部门"
    assert issuer_from_title("财政部等11部门关于继续支持脱贫县统筹整合使用财政涉农资金工作的通知") \
        == "财政部等11部门"


def test_a_site_summary_label_is_no_abstract() -> None:
    # joywz.com: "本文摘要:" over a news report
    lead = ("本文摘要:今年我省林业部门计划招聘2000名生态公益林护林员,"
            "优先从各市县所在地建档立卡的农村贫困户中选聘。这是海南日报记者日前从省林业局获悉的。")
    assert doc_type("海南省今年招聘2000名护林员优先从贫困户中选聘", {}, [], lead) == "新闻"
    assert doc_type("", {}, [], "摘要:本文基于2018年的调查数据。") == "报告"


def test_a_title_run_into_a_sharing_site_blurb() -> None:
    # lw33.cn (a research article on a sharing site)
    assert fallback_title("中国贫困线水平研究,本文主要内容关键词为:贫困线论文,中国论文,水平论文,"
                          "此文献不代表本站观点,"
                          "内容供学术参考。\n中图分类号:C913.7") == "中国贫困线水平研究"


def test_an_essay_set_out_in_numbered_parts_is_a_report() -> None:
    # jichengguandao.com (an essay on a spam site)
    body = ("“扶贫先扶智,治贫先治愚。”党的十八大以来,以习近平同志为核心的党中央高度重视教育扶贫工作。\n"
            "一、抓好教育,增强贫困地区发展的内生动力,提升贫困人口素质,“切断贫困代际相传的根源”\n"
            "解决贫困问题,需要着力提高贫困地区经济发展和贫困人口收入水平。")
    assert doc_type("教育脱贫 习近平:“紧紧扭住教育这个脱贫致富的根本之策”", {}, [], body) == "报告"
    # A report with a reporter's marker stays news (xcgbb.com, a series from a village).
    body = ("在报社已经有4位同事驻村跟班采访归来,我成为第5位驻村采访的记者。\n"
            "一、白庙村地处全椒县城的西北部,山多、地少")
    assert doc_type("安徽全椒驻村影像", {}, [], body) == "新闻"


def test_titles_on_several_provinces_or_the_whole_country_give_no_region() -> None:
    gazetteer = default_gazetteer()
    # orientaldaily.on.cc
    body = fold("內地去年有廿八個貧困縣提出脫貧申請,其中江西井岡山和河南蘭考縣今年二月已宣布脫貧。"
                "國務院扶貧辦周三公布,其餘廿六個貧困縣亦正式脫貧,分別位於河北、江西、四川及西藏等。")
    assert gazetteer.match(fold("川藏及河北江西 26縣脫貧"), body) is None
    # haixia-info.com
    body = fold("新加坡《聯合早報》網站11月23日報導,曾是中國貧困人口最多的貴州省23日宣佈,"
                "最後九個貧困縣實現脫貧退出。")
    assert gazetteer.match(fold("「貧困縣」在大陸走入歷史"), body) is None
    # One province holding most namings of a title is its region.
    place = gazetteer.match("贵州贵阳:东西部协作助力贵州脱贫 广东援建", "")
    assert place is not None and place.name == "贵州省"


def test_figures_in_numerals_with_twenties_and_financial_years() -> None:
    assert as_digits("内地去年有廿八个贫困县提出脱贫申请,其余廿六个贫困县") \
        == "内地去年有28个贫困县提出脱贫申请,其余26个贫困县"
    assert as_digits("二○一八/一九年度在社会福利的预算经常性开支达七百九十八亿元") \
        == "2018/19年度在社会福利的预算经常性开支达798亿元"
    # yuleba.org: the financial year dates the figure, not the year of the sentence before.
    text = fold("二○一七年整體貧窮人口雖然輕微上升。事實上,政府投放於社會福利的經常開支持續增加,"
                "二○一八/一九年度在社會福利的預算經常性開支達七百九十八億元。")
    assert [(t.year, t.value, t.unit) for t in extract_targets(text)] == [("2018", Decimal("798"), "亿元")]


def test_counted_machines_and_not_taiwan() -> None:
    # tmrb.tmwcn.com
    figures = extract_targets("全国320座万达广场将分批落地超过3143台消费扶贫专柜,销售贫困地区扶贫产品。")
    assert [(t.value, t.unit) for t in figures] == [(Decimal("320"), "座"), (Decimal("3143"), "台")]
    assert extract_targets("2019年有1200台湾青年来访") == []


def test_an_approximate_amount_of_what_follows_and_a_date_in_brackets_after_a_count() -> None:
    # tuopin.ce.cn (罗江's poverty-relief counter)
    figures = extract_targets("此外,超市还联系同行帮助扶贫产业园和贫困户销售了10余万元的蔬菜和水果。")
    assert [(t.value, t.unit, t.qualifier, t.indicator) for t in figures] \
        == [(Decimal("10"), "万元", "余", "蔬菜和水果")]
    # "30户以上的自然村寨": a threshold describing what follows is still no figure.
    assert extract_targets("到2020年,30户以上的自然村寨全部通硬化路。") == []
    # gxzx.gov.cn (a city's plan)
    figures = extract_targets("为帮助全市50.3万贫困人口(2014年底统计数)全面脱贫致富,"
                              "到2020年全面建成小康社会。")
    assert [(t.year, t.value, t.unit) for t in figures] == [("2014", Decimal("50.3"), "万")]


def test_a_year_after_xiangdui_is_the_base_of_a_change() -> None:
    # yuleba.org: 相对 a base financial year; the increase is dated by the year before it.
    text = fold("二○一八/一九年度在社會福利的預算經常性開支達七百九十八億元,"
                "相對二○一二/一三年度大幅增加百分之八十六。")
    assert [(t.year, t.value, t.unit) for t in extract_targets(text)] \
        == [("2018", Decimal("798"), "亿元"), ("2018", Decimal("86"), "%")]
