"""Shapes of real pages from the eighth gathering's tuning half (the page in the comment):
a channel label over a headline, a headline in quotation marks, dates in an image's path, a
byline naming a journal issue, day.month.year stamps, affiliations without a postcode, a
site's tag box, wording that reports, places named one after another with a word between them,
slogans that end in a county's name, and a league's short name."""
from __future__ import annotations

from jianpin.library.text import extract_metadata
from jianpin.library.text.chrome import dateline, strip_chrome, without_affix
from jianpin.library.text.fields import doc_type
from jianpin.library.text.fold import fold
from jianpin.library.text.regions import default_gazetteer


def test_a_channel_label_over_a_headline_is_not_its_first_line() -> None:
    # scgw.gov.cn (a county's news in its government-information channel)
    doc = strip_chrome("政府信息公开\n\n县卫计局专题研究脱贫攻坚\n\n"
                       "发布机构:县卫生局 发布时间: 2018-02-07 06:14 字体: [ ]\n\n"
                       "为贯彻落实中央、省、市、县脱贫攻坚系列决策部署,县卫计局召开党组会议专题研究"
                       "脱贫攻坚驻村帮扶工作,确保打赢脱贫攻坚战。")
    assert doc.title == "县卫计局专题研究脱贫攻坚"
    # A kicker of more than half the headline's length still wraps onto it.
    doc = strip_chrome("李兵在胡桥村调研时要求\n实施光伏发电扶贫助农脱贫增收致富\n"
                       "信息来源:鄂州市人民政府网\n日期:2016-01-04\n"
                       "本网讯(记者熊孝平)昨日,市委书记李兵在沙窝乡胡桥村调研时要求,大力实施光伏发电"
                       "扶贫工程,增加贫困村集体经济收入和贫困户家庭收入。")
    assert doc.title == "李兵在胡桥村调研时要求实施光伏发电扶贫助农脱贫增收致富"


def test_a_headline_in_quotation_marks_as_a_whole_loses_them() -> None:
    # 50913940.com (a spam mirror of a ministry's briefing)
    assert without_affix("“国家级贫困县农村电商增势不减 互联网零售额增长将近五成”") == \
        "国家级贫困县农村电商增势不减 互联网零售额增长将近五成"
    # tz.zjol.com.cn: a quotation that opens a headline is part of it.
    assert without_affix("“中华慈善日”爱心捐款活动举行") == "“中华慈善日”爱心捐款活动举行"


def test_a_date_in_an_image_path_or_link_is_no_byline() -> None:
    # yhg994208.cn (a county's news in traditional script under its photo)
    assert dateline("![](/Files254/BeyondPic/2017-9/23/20170923055700988.jpg)") is None
    assert dateline("http://www.example.cn/2017-9/23/a.html") is None
    # wuhan.baogaosu.com: a day.month.year stamp with its time is the page's date.
    assert dateline("21.11.2014  23:15") == "2014-11-21"
    meta = extract_metadata("郧西县捆绑资金用于支持民族乡村重点项目建设\n\n21.11.2014  23:15\n\n"
                            "  近日,郧西县财政局、郧西县民族宗教局联合发文,将20万元民族发展资金划拨到"
                            "少数民族特色村寨保护与发展、清真寺建设等重点项目。")
    assert meta.published_on is not None and meta.published_on.isoformat() == "2014-11-21"


def test_a_byline_naming_a_journal_issue_keeps_its_date() -> None:
    # jsnccqyjh.org.cn (a magazine article reposted by an association)
    meta = extract_metadata("东西部协作:中国特色制度优势的充分彰显\n"
                            "发布日期:2025-05-13    来源:《中国乡村振兴》杂志2025年第9期\n\n"
                            "“东西部协作”是从“东西部扶贫协作”演进而来。脱贫攻坚取得全面胜利后,我国“三农”"
                            "工作重心历史性转向推进乡村全面振兴。")
    assert (meta.published_on is not None and meta.published_on.isoformat(), meta.doc_type) == \
        ("2025-05-13", "报告")


def test_an_affiliation_without_a_postcode_is_apparatus_not_the_region() -> None:
    # victorzhang.cn (a research article in traditional script with readings)
    meta = extract_metadata(fold(
        "□文/ 卜旺宇 李至偉 郭 鈺 陳慧珍 王紫雯\n(湖南理工學(xué)院 湖南·岳陽)\n"
        "[提要]近年來,我國農(nóng)村電商保持穩(wěn)定發(fā)展趨勢,但是仍然存在農(nóng)村電商交易額占農(nóng)村商品總交易額"
        "比例偏低、農(nóng)戶發(fā)展電商困難等問題。"))
    assert (meta.region_name, meta.doc_type) == (None, "报告")


def test_a_tag_box_of_spaced_words_is_no_keyword_list() -> None:
    # f.china.com.cn (a league's news with the site's tags under its byline)
    lead = ("关键词: 扶贫 贫困县 脱贫致富 扶贫项目 项目资金\n"
            "为了进一步扶持贫困旗县发展,加快贫困地区脱贫致富步伐,2013年,自治区为锡盟下达3个“连片开发”"
            "扶贫项目,投入扶贫项目资金3000万元。")
    assert doc_type("内蒙古锡盟国贫旗3000万元“连片开发”扶贫项目资金到位", {}, [], lead) == "新闻"
    assert doc_type("", {}, [], "关键词:脱贫;生计风险;乡村振兴\n一、文献回顾") == "报告"


def test_wording_that_sums_up_the_year_types_a_report() -> None:
    # 13fen.com (a town's work summary on a template site)
    body = ("全镇目前共有建档立卡贫困户575户1654人,现有未脱贫户21户70人,2020年拟脱贫19户62人。"
            "经过一年的艰辛努力,脱贫攻坚工作取得了一定的成绩,现总结如下")
    assert doc_type("2020年脱贫攻坚工作总结最新", {}, [], body) == "报告"


def test_places_with_a_word_between_them_are_two_namings() -> None:
    gazetteer = default_gazetteer()
    # big5.www.gov.cn: two counties of the province the title names first.
    title = fold("河南對蘭考、滑縣退出貧困縣進行公示")
    assert [gazetteer.places[c].name for c in gazetteer.ordered(title)] == \
        ["河南省", "兰考县", "滑县"]
    place = gazetteer.match(title, "核查結果表明,蘭考縣、滑縣農村居民人均可支配收入增幅高於全省平均水平。")
    assert place is not None and place.name == "河南省"
    # An address still runs its names together.
    assert [gazetteer.places[c].name for c in gazetteer.ordered("云南省曲靖市富源县")] == ["富源县"]


def test_a_slogan_ending_in_a_county_name_is_no_place() -> None:
    # orchidsteakhousebethlehem.com (a county's summary on a template site)
    gazetteer = default_gazetteer()
    line = fold("全面推進生態立縣、工業強縣、城鎮帶縣、農產富縣、文旅興縣“五大戰略”")
    assert gazetteer.ordered(line) == []
    # f.china.com.cn: a league goes by its first character (锡盟).
    line = "为了进一步扶持贫困旗县发展,2013年,自治区为锡盟下达3个“连片开发”扶贫项目"
    assert [gazetteer.places[c].name for c in gazetteer.ordered(line)] == ["锡林郭勒盟"]


def test_a_template_sites_label_after_a_title_is_not_its_ending() -> None:
    # orchidsteakhousebethlehem.com (a county's summary on a template site, traditional script)
    assert doc_type(fold("2020年脫貧攻堅工作總結范文"), {}, [], "") == "报告"
    assert doc_type("2020年脱贫攻坚工作总结最新", {}, [], "") == "报告"
    # A label alone names no type.
    assert doc_type("脱贫攻坚范文", {}, [], "") is None
