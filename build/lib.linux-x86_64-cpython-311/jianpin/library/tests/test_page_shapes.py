"""Shapes of real pages from the sixth gathering's tuning half (the page in the comment): login
prompts, page-title trails, collections of documents, link labels ending in an arrow, a notice's
issuer above its addressees, work summaries, financial years and founding dates."""
from __future__ import annotations

from decimal import Decimal

import pytest

from jianpin.library.text import extract_metadata, extract_targets
from jianpin.library.text.chrome import dateline, strip_chrome, without_affix
from jianpin.library.text.fields import doc_type
from jianpin.library.text.fold import fold
from jianpin.library.text.regions import default_gazetteer


def _figures(text: str) -> list[tuple[str | None, Decimal, str]]:
    return [(t.year, t.value, t.unit) for t in extract_targets(fold(text))]


@pytest.mark.parametrize(("line", "expected"), [
    # kefan21.com/news/html/?616.html (a spam mirror of a county notice)
    ("首页『摩臣5注册登陆』-摩臣5娱乐平台-首页-隆安县人民政府办公室关于印发隆安县财政专项扶贫资金管理办法的通知",
     "隆安县人民政府办公室关于印发隆安县财政专项扶贫资金管理办法的通知"),
    # xiexiebang.com (a document-sharing page)
    ("第一篇:青龙满族自治县扶贫开发领导小组办公室产业化扶贫项目管理办法[大全]",
     "青龙满族自治县扶贫开发领导小组办公室产业化扶贫项目管理办法"),
    # A title's own closing bracket stays when the page does not number it.
    ("关于做好2019年扶贫资金公告公示工作的通知【转发】", "关于做好2019年扶贫资金公告公示工作的通知【转发】"),
    ("首页-新闻", "首页-新闻"),
])
def test_trails_and_collection_numbers_leave_the_title(line: str, expected: str) -> None:
    assert without_affix(line) == expected


def test_a_login_prompt_and_a_link_with_an_arrow_are_not_titles() -> None:
    # gscn.com.cn repost: the prompt stood above the headline
    page = "查看隐藏内容(*)需先登录\n甘肃连续六年完成减贫任务\n2019-01-21 来源: 甘肃日报\n" + "正文" * 40
    assert strip_chrome(page).title == "甘肃连续六年完成减贫任务"
    # haoword.com/gongzuozongjie/qitazongjie/821669.htm
    page = ("这里能搜索到更多你想要的范文→\n当前位置:好范文网 > 工作总结 >\n\n乡镇脱贫攻坚工作总结\n\n"
            "发布时间:2021-04-01 10:52:09 审核编辑:本站小编\n\n今年以来,我镇始终把打赢脱贫攻坚战作为"
            "重大政治任务,深入推进精准扶贫脱贫,全镇脱贫攻坚工作取得显著成效,现将一年来的工作情况汇报如下:")
    assert extract_metadata(page).title == "乡镇脱贫攻坚工作总结"


def test_an_organ_alone_above_the_addressees_issues_the_notice() -> None:
    page = ("第一篇:青龙满族自治县扶贫开发领导小组办公室产业化扶贫项目管理办法[大全]\n"
            "青龙满族自治县扶贫开发领导小组办公室\n各乡镇、各扶贫开发重点村:\n"
            "为规范贫困村扶贫产业项目实施与管理,促进扶贫产业健康、规模化发展,现就扶贫产业项目"
            "实施与管理制定如下办法,望各扶贫开发重点村遵照执行。")
    meta = extract_metadata(page)
    assert (meta.title, meta.issuer, meta.doc_type) == (
        "青龙满族自治县扶贫开发领导小组办公室产业化扶贫项目管理办法",
        "青龙满族自治县扶贫开发领导小组办公室", "办法")


def test_a_text_that_sums_up_its_work_is_a_report() -> None:
    # njwxmhjy.com/jh19/2804.html, wenke99.com/p-4758543.html
    assert doc_type("", {}, [], "2020年是脱贫攻坚决战决胜收官之年。\n工作总结如下:\n一、…") == "报告"
    assert doc_type("", {}, [], "确保了我镇脱贫攻坚工作顺利开展,现将工作情况总结如下:一、…") == "报告"


def test_a_financial_year_dates_by_its_first_year() -> None:
    # A Hong Kong speech: 2017/18年度 is the year the amount was spent.
    assert _figures("政府用於社會福利的經常開支由2017/18年度的653億港元,大幅上升至本年度約1057億港元,"
                    "升幅達62%。") == [("2017", Decimal("653"), "亿港元"),
                                     (None, Decimal("1057"), "亿港元"), (None, Decimal("62"), "%")]
    assert _figures("2019年度全县减贫1200人。") == [("2019", Decimal("1200"), "人")]


def test_a_founding_date_dates_no_figure() -> None:
    # A county news item on a mushroom cooperative (德安县高塘乡)
    assert _figures("合作社成立于2019年11月,产业基地现有19个简易棚和2个恒温大棚,总投入约100万元。") == [
        (None, Decimal("19"), "个"), (None, Decimal("2"), "个"), (None, Decimal("100"), "万元")]


def test_counts_after_a_list_of_places_name_what_opens_the_list() -> None:
    # hadlsm.com (秦安县 relocation, pinyin readings removed)
    text = ("2015年易地扶贫搬迁工程共涉及二批,第一批搬迁莲花、千户等4镇7村321户1466人;"
            "第二批搬迁云山、魏店、刘坪、五营等4乡镇4村53户263人,安置方式为插花安置。")
    assert _figures(text) == [("2015", Decimal("321"), "户"), ("2015", Decimal("1466"), "人"),
                              ("2015", Decimal("53"), "户"), ("2015", Decimal("263"), "人")]


def test_periods_and_addresses_are_not_publishing_dates() -> None:
    # A county's allocation notice (泽库县): the notice period is not when it was published.
    page = ("关于泽库县2023年第二批中央财政衔接推进乡村振兴补助资金分配计划的公告\n"
            "根据青海省财政厅有关通知,现将分配计划公告如下,公告期内如有异议请反映,联系电话见下文。\n"
            "公告期:2023年6月9日—6月19日")
    assert extract_metadata(page).published_on is None
    page = ("公示時間:2022年1月31日至2月6日\n經縣級評審后,現將項目安排計劃予以公示,歡迎社會各界監督,"
            "如有異議請于公示期內反映。")
    assert extract_metadata(page).published_on is None
    # A repost that ends on its source's address, whose path holds a date.
    page = ("《实施意见》提出,在脱贫攻坚目标任务完成后,设立5年过渡期,到2025年,脱贫攻坚成果巩固拓展,"
            "乡村振兴全面推进。\nhttp://nynct.sc.gov.cn/nynct/c100630/2021/8/6/3f459957baff.shtml")
    assert extract_metadata(page).published_on is None


def test_a_labelled_date_without_its_final_day_mark_is_read() -> None:
    # A provincial programme (晋政发〔2018〕13号): 发布日期:2018年03月27
    page = ("山西省激发重点群体活力带动城乡居民增收的实施方案\n发布日期:2018年03月27\n"
            "各市、县人民政府,省人民政府各委、办、厅、局:现将实施方案印发给你们,请认真组织实施。")
    assert str(extract_metadata(page).published_on) == "2018-03-27"


def test_a_cnki_opening_mark_makes_a_research_excerpt_a_report() -> None:
    # scholarmate.com (a CNKI abstract)
    assert doc_type("", {}, [], "<正>2020年是全面建成小康社会目标实现之年,也是全面打赢脱贫攻坚战"
                                "收官之年。实施易地扶贫搬迁,是脱贫攻坚的重要手段之一。") == "报告"


def test_a_page_signed_by_an_organ_is_an_announcement_not_news() -> None:
    # A county's disclosure of its allocation plan (牟定县, reposted with pinyin readings).
    page = ("根據《楚雄州財政局關于提前下達2022年中央財政銜接推進鄉村振興補助資金預算的通知》要求,"
            "下達我縣2022年中央財政銜接推進鄉村振興補助資金2576萬元,安排下達用于7鄉鎮產業發展。\n"
            "受理地址:牟定縣鄉村振興局\n監督電話:12317\n牟定縣鄉村振興局\n2022年1月30日")
    meta = extract_metadata(page)
    assert (meta.doc_type, meta.issuer, str(meta.issued_on)) == ("通知", "牟定县乡村振兴局", "2022-01-30")
    # A news item keeps its type even when it ends on a date.
    news = ("本报讯(记者 王敏)今年以来,我县累计发放到户产业奖补资金1200万元,带动脱贫户增收。\n"
            "县乡村振兴局\n2022年1月30日")
    assert extract_metadata(news).doc_type == "新闻"


def test_a_bare_web_date_under_a_headline_is_its_publishing_date() -> None:
    # fx361 (a magazine feature): the page stamps 2021-09-14 under the headline.
    page = ("易地而居?幸福不“移”\n2021-09-14\n【开篇的话】\n培育特色产业,建设扶贫车间和扶贫基地,"
            "凉山州把就业机会搬到搬迁群众“家门口”;提供“点对点”签约式家庭医生服务。")
    assert str(extract_metadata(page).published_on) == "2021-09-14"
    # A signature keeps writing 年月日 and stays the issue date.
    signed = ("关于下达资金的通知\n各乡镇:现将资金下达给你们,请抓紧组织实施,确保资金安全。\n"
              "县财政局\n2019年1月7日")
    meta = extract_metadata(signed)
    assert (meta.published_on, str(meta.issued_on)) == (None, "2019-01-07")


def test_a_text_opening_on_china_as_a_whole_has_no_region_of_its_own() -> None:
    gazetteer = default_gazetteer()
    # cna.com.tw (a Taiwan report from 临夏): the county is an example of the national drive.
    body = ("中國官方訂立2020年全面脫貧的目標後,各貧困地區在中央及地方援助下全力執行。"
            "由台商援建的幼兒園,便座落在既貧窮且偏遠的甘肅省廣河縣紅星村。")
    assert gazetteer.match("", fold(body)) is None
    # A site name holding 中国 (健康中国) is no reference to the country.
    body = "健康中国人讯 (通讯员 郭登安) 近日,安徽省舒城县城关镇全面启动2019年扶贫项目调查统计工作。"
    place = gazetteer.match("", body)
    assert place is not None and place.name == "舒城县"


def test_a_title_with_its_subtitle_run_into_a_blurb_is_the_title() -> None:
    # lw33.cn (a paper mirror that glues its blurb to the paper's title)
    page = ("走文化扶贫之路——论文化贫困与贫困文化,本文主要内容关键词为:贫困论文,文化论文,之路论文,"
            "此文献不代表本站观点,内容供学术参考。\n贫困是一个困扰世界的话题。缩小贫富差距,实现共同富裕"
            "也是社会主义中国的一贯方针和政策。")
    assert extract_metadata(page).title == "走文化扶贫之路——论文化贫困与贫困文化"


def test_a_doi_holds_no_publishing_date() -> None:
    # html.rhhz.net/RWDL/html/20190212.htm (a journal article's page; its DOI ends 2019.02.012)
    line = "人文地理  2019, Vol. 34 Issue (2): 90-96  DOI: 10.13959/j.issn.1003-2398.2019.02.012"
    assert dateline(line) is None
    # A byline's own date is still read next to one.
    assert dateline("2019-02-12 来源: 人文地理 DOI: 10.13959/j.issn.1003-2398.2019.02.012") \
        == "2019-02-12"
