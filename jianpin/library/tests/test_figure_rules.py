"""Figure and title rules, each on sentences of real pages (the page in the comment).

Two sentences (marked) are the failure kinds recorded from the third gathering in
docs/library.md; they are the shapes the rules were written for, and the corpus part they came
from is scored as a whole, not tuned to.
"""
from __future__ import annotations

from decimal import Decimal

from jianpin.library.text import extract_targets
from jianpin.library.text.chrome import title_score
from jianpin.library.text.fields import clean_title, doc_type
from jianpin.library.text.fold import fold
from jianpin.library.text.regions import default_gazetteer

Figure = tuple[str | None, Decimal, str, str | None]


def _figures(text: str) -> list[Figure]:
    return [(t.year, t.value, t.unit, t.qualifier) for t in extract_targets(fold(text))]


def test_approximate_counts_keep_their_unit_and_say_so() -> None:
    # dyrmt.com/article-101636-1.html (a county's report on preventing relapse into poverty)
    assert _figures("今年以来,全覆盖集中开展5轮问题大排查,落实防返贫五类监测人员1290人、"
                    "帮扶干部3600余人,开展日常摸排7639人次,据实新增监测对象26户86人") == [
        (None, Decimal("1290"), "人", None),
        (None, Decimal("3600"), "人", "余"),
        (None, Decimal("7639"), "人次", None),
        (None, Decimal("26"), "户", None),
        (None, Decimal("86"), "人", None),
    ]
    # cfbond.com/zclb/detail/20201231/1000200000020251609385290755719788_1.html
    assert _figures("目前,全国共派出25.5万个驻村工作队,累计选派290多万名县级以上党政机关和"
                    "国有企事业单位干部到贫困村和软弱涣散村担任第一书记或驻村干部") == [
        (None, Decimal("25.5"), "万个", None),
        (None, Decimal("290"), "万名", "多"),
    ]
    # ahnews.com.cn/toutiao1/pc/con/2020-09/07/570_245499.html
    assert _figures("供销社系统在扶贫832平台、供销云仓、供销新网上线“保供给、防滞销”“三区三州”"
                    "等消费专区,累计带动帮扶贫困户100余万户") == [
        (None, Decimal("100"), "万户", "余"),
    ]


def test_counts_written_together_are_each_a_figure() -> None:
    # hkcd.com/hkcdweb/content/2020/10/16/content_1222299.html (traditional characters)
    assert _figures("截至目前,城口全縣累計脫貧11386戶44014人,未脫貧人口220戶764人,"
                    "90個貧困村全部出列,貧困發生率由2014年底的15.6%降到2019年底的0.42%") == [
        (None, Decimal("11386"), "户", "累计"),
        (None, Decimal("44014"), "人", "累计"),
        (None, Decimal("220"), "户", None),
        (None, Decimal("764"), "人", None),
        (None, Decimal("90"), "个", None),
        ("2014", Decimal("15.6"), "%", None),
        ("2019", Decimal("0.42"), "%", None),
    ]


def test_the_year_of_a_changes_start_dates_only_its_own_amount() -> None:
    # 91fabiao.com/zazhi/8610789.html (a research article)
    assert _figures("据统计,截至2017年末,全国农村贫困人口已从2012年末的9899万人减少至3046万人,"
                    "累计减少6853万人;贫困发生率已从2012年末的10.2%下降至3.1%,"
                    "累计下降7.1个百分点[2]") == [
        ("2012", Decimal("9899"), "万人", None),
        ("2017", Decimal("3046"), "万人", None),
        ("2017", Decimal("6853"), "万人", "累计"),
        ("2012", Decimal("10.2"), "%", None),
        ("2017", Decimal("3.1"), "%", None),
        ("2017", Decimal("7.1"), "个百分点", "累计"),
    ]
    # big5.china.com.cn/lianghui/fangtan/2016-02/18/content_37814880.htm: "now" has no year.
    assert _figures("使全省貧困人口由2011年的214萬人減少到現在的81萬人") == [
        ("2011", Decimal("214"), "万人", None),
        (None, Decimal("81"), "万人", None),
    ]


def test_numbers_sharing_one_unit_and_decimals_with_a_stray_space() -> None:
    # Recorded failure kind (third gathering, a 2022 progress report on rural incomes).
    assert _figures("2022年脱贫人口收入、脱贫地区农民收入的增速分别比全国农民平均水平高出"
                    "6.4和1.1个百分点") == [
        ("2022", Decimal("6.4"), "个百分点", None),
        ("2022", Decimal("1.1"), "个百分点", None),
    ]
    # Recorded failure kind (third gathering, a .docx converted to text).
    assert _figures("发放2022年前两季度就业岗位补贴192. 26万元") == [
        ("2022", Decimal("192.26"), "万元", None),
    ]


def test_no_figure_where_a_list_number_meets_a_year() -> None:
    # yanjin.gov.cn/newsinfo/15205.html (a project list)
    assert _figures("1、2022年延津县“雨露计划”职业教育助学工程项目") == []
    assert _figures("2、2022年延津县“雨露计划”短期技能培训项目") == []


def test_author_lines_are_not_titles_and_column_tags_leave_document_titles() -> None:
    # 91fabiao.com/zazhi/8610789.html: the authors' line under the article title.
    assert title_score("兰 奎,王洪辉") == 0
    assert title_score("驻村“第一书记”精准扶贫效能提升研究——以四川革命老区W市为例") > 0
    # A Chongqing science policy listing: the tag 【政策】 is the site's, not the title's.
    assert clean_title("【政策】关于印发重庆市独立法人新型企业研发机构管理办法的通知") == \
        "关于印发重庆市独立法人新型企业研发机构管理办法的通知"
    # chinahongdou.com/xwzx/PoliticsNews/201705/t20170527_11790857.htm: a news column stays.
    assert clean_title("【砥砺奋进的五年】我们村的第一书记") == "【砥砺奋进的五年】我们村的第一书记"


def test_work_summaries_are_reports() -> None:
    # A Shanghai metro party committee's listing of its 2014 documents: the summary (and plan)
    # it issued, and the notice that issued it.
    assert doc_type("集团机关党委2013年工作总结", {}, []) == "报告"
    assert doc_type("集团机关党委2013年工作总结暨2014年工作计划", {}, []) == "报告"
    assert doc_type("关于印发集团机关党委2013年工作总结暨2014年工作计划的通知", {}, []) == "通知"
    # A Beijing security company's news item: a meeting, not a summary (no type from its title).
    assert doc_type("北京市保安服务有限公司召开2024年工作总结暨2025年工作部署会", {}, []) is None


def test_one_per_household_is_a_ratio_not_a_count() -> None:
    # The seed page "扶贫方法论:脱贫攻坚的“贵州解法”" (demo_data/seeds/002): “1户1人1技能”
    # gives no figure; the counts of the planned outcome that follows do.
    assert _figures("计划到2017年实现建档立卡贫困户“1户1人1技能”全覆盖,"
                    "做到“直接培训1人、就(创)业1人、脱贫1户”") == [
        ("2017", Decimal("1"), "人", None),
        ("2017", Decimal("1"), "人", None),
        ("2017", Decimal("1"), "户", None),
    ]


def test_a_page_opening_on_the_whole_country_has_no_region_of_its_own() -> None:
    gazetteer = default_gazetteer()
    # chinahongdou.com/xwzx/PoliticsNews/201705/t20170527_11790857.htm: a village in Qinghai
    # is one example in a story about first secretaries across the country.
    story = ("走进全国各地的贫困村,你会发现除了“村支书”以外,还有一个更为重要的角色叫“第一书记”。"
             "他们来自各级机关企事业单位,却把办公室搬到了田间地头,进村入户,精准识别,抓党建,促脱贫。\n"
             "第一书记扶贫是我国新一轮扶贫开发攻坚战的重要举措。\n"
             "青海省互助县石湾村,山大沟深,交通不便,贫困发生率为25.5%。")
    assert gazetteer.match("", story) is None
    # The Yunnan decision on winning the fight against poverty: the province comes first,
    # the country only as a comparison, so the page is about Yunnan.
    decision = ("为深入贯彻习近平总书记扶贫开发战略思想和考察云南重要讲话精神,确保到2020年云南省"
                "农村贫困人口全部脱贫、贫困县全部摘帽、贫困地区与全国同步全面建成小康社会,"
                "作出如下决定。")
    place = gazetteer.match("", decision)
    assert place is not None and place.name == "云南省"


def test_an_empty_keywords_box_is_chrome_not_a_report_apparatus() -> None:
    # chinahongdou.com/xwzx/PoliticsNews/201705/t20170527_11790857.htm: the site's header has
    # an empty "关键词:" box above the breadcrumb; the page is a news story.
    header = ["关键词:", "中国台湾网 > 新闻中心 > 时政新闻"]
    body = "走进全国各地的贫困村,你会发现除了“村支书”以外,还有一个更为重要的角色叫“第一书记”。"
    assert doc_type("【砥砺奋进的五年】我们村的第一书记", {"日期行": "2017年05月27日"}, header,
                    body) == "新闻"
    # The same header with keywords filled in is a report's apparatus.
    assert doc_type("【砥砺奋进的五年】我们村的第一书记", {}, ["关键词:第一书记;精准扶贫"],
                    body) == "报告"
