"""The research-database features: resource-type tabs, per-type metadata, subjects, authors and
expert views, favourites, area archives with figures, hot words with stop words and a block list."""
from __future__ import annotations

import pytest
from django.test import Client

from jianpin.accounts.models import Role, User
from jianpin.audit.models import AuditEvent
from jianpin.conftest import PASSWORD, make_user
from jianpin.kernel.errors import PermissionDenied
from jianpin.library import actions, queries, subjects
from jianpin.library.actions import SystemActor, do_ingest
from jianpin.library.forms import isbn_valid
from jianpin.library.models import Document, Favourite, HotWordBlock
from jianpin.library.search import SearchParams, category_counts, search

pytestmark = pytest.mark.django_db

RELOCATION = ("关于做好易地扶贫搬迁后续扶持工作的通知\n各县：做好易地扶贫搬迁后续扶持，"
              "安置点搬迁群众就业帮扶，扶贫车间吸纳搬迁群众务工，公益性岗位优先安置。")


def _doc(title: str, body: str, category: str = "") -> Document:
    return do_ingest(SystemActor(), "d.txt", f"{title}\n{body}".encode(), category).document


def _login(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_subjects_are_assigned_on_ingest_from_title_and_text() -> None:
    doc = _doc(*RELOCATION.split("\n"))
    assert doc.subjects == "relocation"
    assert subjects.classify("国际减贫合作", "世界银行") == ["international"]
    assert subjects.classify("通知", "搬迁") == []


def test_editing_subjects_and_book_fields_is_audited(editor: User) -> None:
    doc = _doc("中国扶贫开发报告", "扶贫开发的理论与实践。", "book")
    actions.do_update_document(editor, doc, {
        "subjects": "finance bogus industry", "authors": "李小云、汪三贵", "isbn": "9780306406157",
        "pub_year": 2016, "publisher": "人民出版社"})
    doc.refresh_from_db()
    assert (doc.subjects, doc.authors, doc.pub_year) == ("industry finance", "李小云、汪三贵", 2016)
    event = AuditEvent.objects.get(action="library.document.update", object_id=str(doc.pk))
    assert event.diff["subjects"] == ["", "industry finance"]
    assert event.diff["authors"] == ["", "李小云、汪三贵"]


def test_a_reader_cannot_edit_subjects(db) -> None:  # type: ignore[no-untyped-def]
    reader = make_user("reader", Role.AUDITOR, None)
    doc = _doc(*RELOCATION.split("\n"))
    with pytest.raises(PermissionDenied):
        actions.do_update_document(reader, doc, {"subjects": "finance"})
    doc.refresh_from_db()
    assert doc.subjects == "relocation"
    assert not AuditEvent.objects.filter(action="library.document.update").exists()


def test_isbn_check_digits() -> None:
    assert isbn_valid("9787010000000") is False
    assert isbn_valid("9780306406157") is True   # the standard's worked example
    assert isbn_valid("0306406152") is True
    assert isbn_valid("030640615X") is False


def test_type_tabs_count_what_each_type_would_find(client: Client) -> None:
    for i in range(3):
        _doc(f"脱贫攻坚报告{i}", "脱贫攻坚成效评估报告正文。", "report")
    _doc("脱贫攻坚图书", "脱贫攻坚的中国实践。", "book")
    _doc("脱贫攻坚新闻", "脱贫攻坚新闻正文。", "news")
    _doc("乡村振兴新闻", "乡村振兴新闻正文。", "news")
    total, counts = category_counts(SearchParams(q="脱贫攻坚", category="book"))
    assert (total, counts) == (5, {"report": 3, "book": 1, "news": 1})
    assert search(SearchParams(q="脱贫攻坚", category="book")).total == 1
    page = client.get("/library/", {"q": "脱贫攻坚", "category": "report"}).content.decode()
    tabs = page.split('id="type-tabs"')[1].split("</nav>")[0]
    assert '>全部 <span class="muted">5</span>' in tabs
    assert 'class="on" aria-current="page">报告 <span class="muted">3</span>' in tabs
    assert '>图书 <span class="muted">1</span>' in tabs and '>图表 <span class="muted">0</span>' in tabs


def test_subject_facet_filters_the_search(client: Client) -> None:
    _doc(*RELOCATION.split("\n"))
    _doc("关于小额信贷的通知", "脱贫人口小额信贷，小额信贷发放，金融支持小额信贷。")
    result = search(SearchParams(subject="finance"), with_facets=True)
    assert [h.document.title for h in result.hits] == ["关于小额信贷的通知"]
    page = client.get("/library/").content.decode()
    assert 'href="?&amp;subject=relocation">易地搬迁</a><span class="muted">1</span>' in page


def test_authors_and_expert_views_are_browsable(client: Client, editor: User) -> None:
    a = _doc("相对贫困治理研究", "相对贫困治理。", "report")
    b = _doc("关于防返贫的建议", "防返贫监测建议。", "report")
    c = _doc("王小林谈减贫", "减贫经验。", "news")
    actions.do_update_document(editor, a, {"authors": "王小林、张晓颖"})
    actions.do_update_document(editor, b, {"authors": "王小林", "expert_view": True,
                                           "institution": "复旦大学"})
    actions.do_update_document(editor, c, {"authors": "王小"})
    assert queries.authors() == [("王小林", 2, 1), ("张晓颖", 1, 0), ("王小", 1, 0)]
    assert [d.pk for d in queries.documents_by_author("王小")] == [c.pk]
    page = client.get("/library/authors/", {"name": "王小林"}).content.decode()
    listed = page.split('id="author-docs"')[1].split("</ol>")[0]
    assert "关于防返贫的建议" in listed and "相对贫困治理研究" in listed and "王小林谈减贫" not in listed
    views = page.split('id="expert-views"')[1].split("</ol>")[0]
    assert "关于防返贫的建议" in views and "复旦大学" in views and "相对贫困治理研究" not in views


def test_favourites_are_per_user(db) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(*RELOCATION.split("\n"))
    alice, bob = make_user("alice", Role.AUDITOR, None), make_user("bob", Role.AUDITOR, None)
    Favourite.objects.create(user=bob, document=doc)
    client = _login(alice)
    response = client.post(f"/library/doc/{doc.pk}/favourite/")
    assert response.status_code == 302
    assert list(queries.favourites_of(alice)) == [doc]
    page = client.get("/library/favourites/").content.decode()
    assert "关于做好易地扶贫搬迁后续扶持工作的通知" in page.split('id="favourites"')[1]
    assert "取消收藏" in client.get(f"/library/doc/{doc.pk}/").content.decode()
    client.post(f"/library/doc/{doc.pk}/favourite/")
    assert list(queries.favourites_of(alice)) == []
    assert list(queries.favourites_of(bob)) == [doc]


def test_anonymous_users_have_no_favourites(client: Client) -> None:
    doc = _doc(*RELOCATION.split("\n"))
    response = client.post(f"/library/doc/{doc.pk}/favourite/")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert Favourite.objects.count() == 0
    with pytest.raises(PermissionDenied):
        actions.do_toggle_favourite(SystemActor(), doc)
    assert "加入收藏" not in client.get(f"/library/doc/{doc.pk}/").content.decode()


def test_hot_lists_leave_out_stop_words_and_blocked_words(client: Client, editor: User) -> None:
    for query, n in [("通知", 5), ("政策 文件", 4), ("易地扶贫搬迁", 3), ("易地扶貧搬遷", 1),
                     ("某领导 丑闻", 3), ("乡村振兴", 2)]:
        for _ in range(n):
            actions.do_log_search(query, 4)
    assert queries.hot_search_words() == [("易地扶贫搬迁", 4), ("某领导 丑闻", 3), ("乡村振兴", 2)]
    editor_client = _login(editor)
    editor_client.post("/library/rankings/block/", {"word": "丑闻"})
    assert queries.hot_search_words() == [("易地扶贫搬迁", 4), ("乡村振兴", 2)]
    block = HotWordBlock.objects.get()
    assert AuditEvent.objects.filter(action="library.hotword.block", object_id=str(block.pk),
                                     actor=editor).count() == 1
    page = client.get("/library/rankings/").content.decode()
    assert "丑闻" not in page and 'id="blocklist"' not in page
    assert "丑闻" in editor_client.get("/library/rankings/").content.decode()
    editor_client.post(f"/library/rankings/block/{block.pk}/delete/")
    assert queries.hot_search_words()[1] == ("某领导 丑闻", 3)
    assert AuditEvent.objects.filter(action="library.hotword.unblock").count() == 1


def test_blocked_keywords_leave_the_document_hot_words(editor: User) -> None:
    _doc(*RELOCATION.split("\n"))
    words = [w for w, _ in queries.hot_document_words()]
    assert "搬迁" in words and "通知" not in words and "工作" not in words
    actions.do_block_hot_word(editor, "搬迁")
    assert "搬迁" not in [w for w, _ in queries.hot_document_words()]


def test_only_editors_block_words(client: Client) -> None:
    reader = make_user("reader", Role.AUDITOR, None)
    response = _login(reader).post("/library/rankings/block/", {"word": "乡村振兴"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        actions.do_block_hot_word(reader, "乡村振兴")
    assert HotWordBlock.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_area_archive_charts_the_areas_figures(client: Client) -> None:
    from jianpin.regions.models import Region
    region = Region.objects.filter(level=3).first()
    if region is None:
        pytest.skip("no county in the test regions")
    doc = _doc("某县巩固脱贫成果情况", "2020年脱贫人口人均纯收入10000元。2021年脱贫人口人均纯收入"
               "11500元。")
    Document.objects.filter(pk=doc.pk).update(region_id=region.code)
    page = client.get(f"/library/regions/{region.code}/").content.decode()
    assert 'id="figures-chart"' in page
    assert '"years": [2020, 2021]' in page
    assert 'id="live-indicators"' not in page  # the registry's indicators need a signed-in user
    reader = make_user("reader", Role.AUDITOR, None)
    page = _login(reader).get(f"/library/regions/{region.code}/").content.decode()
    assert f'href="/indicators/?area={region.code}"' in page


def test_live_indicators_are_offered_only_for_areas_the_user_can_see(db) -> None:  # type: ignore[no-untyped-def]
    from jianpin.conftest import COUNTY, OTHER_COUNTY

    client = _login(make_user("county-reader", Role.AUDITOR, COUNTY))
    own = client.get(f"/library/regions/{COUNTY}/").content.decode()
    assert f'href="/indicators/?area={COUNTY}"' in own
    other = client.get(f"/library/regions/{OTHER_COUNTY}/").content.decode()
    assert 'id="live-indicators"' not in other
    # The dashboard shows the user's own area instead of one outside it, so a link there would
    # have shown another county's figures under this county's archive.
    board = client.get(f"/indicators/?area={OTHER_COUNTY}").context["board"]
    assert board.region.code == COUNTY


def test_library_pages_are_complete_in_english(client: Client, editor: User) -> None:
    doc = _doc(*RELOCATION.split("\n"))
    client.cookies["django_language"] = "en"
    _login(editor)
    pages = {"/library/": ["Poverty reduction research database", ">All <", ">Reports <",
                           "Popular searches"],
             f"/library/doc/{doc.pk}/": ["Issuer", "Subjects", "Relocation"],
             "/library/authors/": ["Authors and expert views", "Expert views and advice"],
             "/library/rankings/": ["Rankings and hot words"]}
    for url, words in pages.items():
        page = client.get(url).content.decode()
        for word in words:
            assert word in page, (url, word)
        assert "减贫研究数据库" not in page and "专家观点与建议" not in page


def test_a_documents_figures_are_charted_and_downloadable(client: Client) -> None:
    import io

    import openpyxl
    doc = _doc("某县巩固脱贫成果情况", "2020年脱贫人口人均纯收入10000元。2021年脱贫人口人均纯收入"
               "11500元。")
    page = client.get(f"/library/doc/{doc.pk}/").content.decode()
    assert 'id="figures-chart"' in page and '"years": [2020, 2021]' in page
    response = client.get(f"/library/doc/{doc.pk}/figures.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        ("2020", "脱贫人口人均纯收入", 10000, "元"), ("2021", "脱贫人口人均纯收入", 11500, "元")]
    assert AuditEvent.objects.filter(action="library.targets.export",
                                     object_id=str(doc.pk)).count() == 1


CHART_CSV = "年份,脱贫人口人均纯收入（元）,备注\n2020,10740,\n2021,12550,预计\n2022,14342,=1+1\n"


def test_an_editor_uploads_a_chart_table_that_is_drawn_and_downloadable(client: Client,
                                                                         editor: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    doc = _doc("脱贫人口收入图表", "2020年至2022年脱贫人口人均纯收入。", "chart")
    editor_client = _login(editor)
    response = editor_client.post(f"/library/doc/{doc.pk}/chart/", {
        "table": SimpleUploadedFile("收入.csv", CHART_CSV.encode("gb18030"))})
    assert response.status_code == 302
    table = doc.chart_table
    assert table.header == ["年份", "脱贫人口人均纯收入（元）", "备注"]
    assert table.rows == [[2020, 10740, ""], [2021, 12550, "预计"], [2022, 14342, "=1+1"]]
    event = AuditEvent.objects.get(action="library.chart.upload")
    assert event.diff == {"source": "收入.csv", "columns": 3, "rows": 3, "replaced": False}
    page = client.get(f"/library/doc/{doc.pk}/").content.decode()
    assert 'id="table-chart"' in page and 'id="chart-upload"' not in page
    assert '"years": ["2020", "2021", "2022"]' in page
    assert '"type": "line", "connectNulls": true, "data": [10740, 12550, 14342]}]' in page
    csv_text = client.get(f"/library/doc/{doc.pk}/chart.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines() == ["年份,脱贫人口人均纯收入（元）,备注", "2020,10740,",
                                     "2021,12550,预计", "2022,14342,'=1+1"]


def test_an_xlsx_chart_table_is_read_through_the_hardened_reader(editor: User) -> None:
    import io

    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["地区", "2021年", "2022年"], ["甲县", 1.5, 2], ["乙县", 3, None]]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    doc = _doc("各县数据", "各县数据表。")
    chart = actions.do_set_chart_table(editor, doc, "t.xlsx", buffer.getvalue())
    assert (chart.header, chart.rows) == (["地区", "2021年", "2022年"],
                                          [["甲县", 1.5, 2], ["乙县", 3, ""]])
    doc.refresh_from_db()
    assert doc.category == "chart"


def test_a_bad_chart_table_is_refused_and_nothing_changes(client: Client, editor: User) -> None:
    from jianpin.kernel.errors import DomainError
    doc = _doc("脱贫人口收入图表", "收入。", "chart")
    with pytest.raises(DomainError):
        actions.do_set_chart_table(editor, doc, "x.xlsx", b"%PDF-1.4 not a sheet")
    with pytest.raises(DomainError):
        actions.do_set_chart_table(editor, doc, "x.csv", "年份\n".encode())
    reader = make_user("reader", Role.AUDITOR, None)
    with pytest.raises(PermissionDenied):
        actions.do_set_chart_table(reader, doc, "x.csv", CHART_CSV.encode())
    assert not hasattr(Document.objects.get(pk=doc.pk), "chart_table") or \
        not Document.objects.filter(pk=doc.pk, chart_table__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="library.chart.upload").exists()
    assert client.get(f"/library/doc/{doc.pk}/chart.csv").status_code == 404
