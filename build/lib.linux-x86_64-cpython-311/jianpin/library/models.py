"""Policy library records: documents, their search index rows, targets, usage events."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    POLICY = "policy", _("政策")
    REPORT = "report", _("报告")
    BOOK = "book", _("图书")
    CHART = "chart", _("图表")
    NEWS = "news", _("资讯")


class DocType(models.TextChoices):
    NOTICE = "通知", _("通知")
    OPINION = "意见", _("意见")
    PLAN = "方案", _("方案")
    MEASURES = "办法", _("办法")
    PROGRAMME = "规划", _("规划")
    NEWS = "新闻", _("新闻/资讯")
    # A document type, singular in English ("Report"), unlike the resource type "Reports".
    REPORT = "报告", pgettext_lazy("document type", "报告")
    OTHER = "其他", _("其他")


class Status(models.TextChoices):
    VALID = "有效", _("有效")
    REPEALED = "废止", _("废止")


class Document(models.Model):
    """One document with its metadata, original file and extracted text."""

    title = models.CharField(_("标题"), max_length=300)
    issuer = models.CharField(_("发文机关"), max_length=200, blank=True)
    doc_number = models.CharField(_("文号"), max_length=80, blank=True, db_index=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    # The date used for sorting and timelines: issued, else published.
    date = models.DateField(_("日期"), null=True, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True, db_index=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("地区"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", db_constraint=False,
    )
    doc_type = models.CharField(_("文种"), max_length=4, choices=DocType.choices, blank=True,
                                db_index=True)
    category = models.CharField(_("资源类型"), max_length=8, choices=Category.choices,
                                default=Category.POLICY, db_index=True)
    status = models.CharField(_("效力"), max_length=4, choices=Status.choices, default=Status.VALID)
    publisher = models.CharField(_("来源/出版社"), max_length=100, blank=True)
    # Per resource type: books (authors, publisher, year, ISBN), reports (institution, authors).
    authors = models.CharField(_("作者"), max_length=200, blank=True,
                               help_text=_("多位作者以顿号分隔"))
    institution = models.CharField(_("机构"), max_length=200, blank=True)
    pub_year = models.PositiveSmallIntegerField(_("出版年份"), null=True, blank=True)
    isbn = models.CharField("ISBN", max_length=17, blank=True)
    expert_view = models.BooleanField(_("专家观点"), default=False, db_index=True)
    # Space-separated subject codes (jianpin.library.subjects), assigned on ingest, editable.
    subjects = models.CharField(_("主题分类"), max_length=200, blank=True)
    source_name = models.CharField(_("文件名"), max_length=255)
    original = models.FileField(_("原始文件"), upload_to="library/%Y/%m/", blank=True)
    text_hash = models.CharField(max_length=64, unique=True)
    keywords = models.CharField(_("关键词"), max_length=400, blank=True)
    view_count = models.PositiveIntegerField(_("浏览次数"), default=0)
    download_count = models.PositiveIntegerField(_("下载次数"), default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("文献")
        verbose_name_plural = _("文献")

    def __str__(self) -> str:
        return self.title

    # A document type that is its resource type's own: the result line names it once.
    SAME_KIND = {(DocType.REPORT, Category.REPORT), (DocType.NEWS, Category.NEWS)}

    def kind_labels(self) -> list[str]:
        """The result line's kinds: the document type (未分类 if none), then the resource type
        unless the document type already says it (a 报告 among the reports)."""
        kinds = [str(self.get_doc_type_display() or _("未分类"))]
        if (self.doc_type, self.category) not in self.SAME_KIND:
            kinds.append(str(self.get_category_display()))
        return kinds


class DocumentText(models.Model):
    """The document's text, apart so that document rows stay small for lists and facets."""

    document = models.OneToOneField(Document, primary_key=True, on_delete=models.CASCADE,
                                    related_name="content")
    text = models.TextField(_("正文"))


class DocumentIndex(models.Model):
    """jieba-segmented fields, the source of the FTS5 table / PostgreSQL tsvector."""

    document = models.OneToOneField(Document, primary_key=True, on_delete=models.CASCADE,
                                    related_name="index")
    title = models.TextField(blank=True)
    issuer = models.TextField(blank=True)
    number = models.TextField(blank=True)
    body = models.TextField(blank=True)


class DocumentSubject(models.Model):
    """One subject of a document: the indexed form of `Document.subjects` for filters and facets."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "document"],
                                               name="library_subject_once")]


class DocumentAuthor(models.Model):
    """One author of a document (a whole name from `Document.authors`), indexed for the facet."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "document"],
                                               name="library_author_once")]


class LibraryState(models.Model):
    """One row: a counter every library write increases, so summaries know they are current."""

    version = models.PositiveBigIntegerField(default=0)


class FacetSummary(models.Model):
    """Facet counts of a broad search (or of no search), computed once per library version.

    A search matching more than `facets.SUMMARY_FROM` documents stores its total and facet
    counts here under its key (query and filters); while no document changes (same version)
    the page reads them instead of counting the match again. Exact: any write makes them stale.
    """

    key = models.CharField(max_length=64, unique=True)
    version = models.PositiveBigIntegerField()
    total = models.PositiveIntegerField()
    facets = models.JSONField(default=dict)


class FigureKind(models.TextChoices):
    GOAL = "goal", pgettext_lazy("figure", "目标")
    STATISTIC = "statistic", pgettext_lazy("figure", "统计")


class Target(models.Model):
    """A quantified goal or reported statistic stated in a document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(default=0)
    year = models.CharField(_("年份/时期"), max_length=9, blank=True)
    year_start = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    subject = models.CharField(_("对象"), max_length=100, blank=True)
    indicator = models.CharField(_("指标"), max_length=100, db_index=True)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=10)
    qualifier = models.CharField(_("限定"), max_length=20, blank=True)
    sentence = models.TextField(_("原文"))


    subject = models.CharField("对象", max_length=100, blank=True)
    indicator = models.CharField("指标", max_length=100, db_index=True)
    value = models.DecimalField("数值", max_digits=20, decimal_places=4)
    unit = models.CharField("单位", max_length=10)
    qualifier = models.CharField("限定", max_length=20, blank=True)
    kind = models.CharField("类型", max_length=10, choices=FigureKind.choices,
                            default=FigureKind.STATISTIC, db_index=True)
    # The area the figure is about: the place its sentence names, else the document's region;
    # empty for national figures (全国).
    region = models.ForeignKey(
        "regions.Region", verbose_name="地区", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", db_constraint=False,
    )
    sentence = models.TextField("原文")

    class Meta:
        ordering = ["document_id", "position"]
        verbose_name = _("目标指标")
        verbose_name_plural = _("目标指标")


class UsageEvent(models.Model):
    """A view or download, kept for weekly and monthly rankings."""

    class Kind(models.TextChoices):
        VIEW = "view", _("浏览")
        DOWNLOAD = "download", _("下载")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "at"])]


class SearchLog(models.Model):
    """A search someone ran (the query text only), the source of search hot words."""

    query = models.CharField(max_length=200)
    results = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class HotWordBlock(models.Model):
    """A word an editor keeps off the public hot-word and hot-search lists."""

    word = models.CharField(_("屏蔽词"), max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["word"]


class Favourite(models.Model):
    """A document a signed-in user keeps in their favourites (加入收藏)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "document"],
                                               name="library_favourite_once")]
        ordering = ["-created_at", "-id"]


class ChartTable(models.Model):
    """The data table of a chart (图表) document: uploaded as xlsx/xls/csv, drawn with ECharts.

    The first column holds the categories (years, areas ...), the others one series each.
    """

    document = models.OneToOneField(Document, primary_key=True, on_delete=models.CASCADE,
                                     related_name="chart_table")
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    source_name = models.CharField(_("文件名"), max_length=255)
    updated_at = models.DateTimeField(auto_now=True)


class SynonymGroup(models.Model):
    """Words a search treats as one (易地扶贫搬迁 / 易地搬迁), kept by library editors.

    Seeded from text/synonyms.txt by a migration; from then on the table is the list.
    """

    words = models.CharField(_("同义词"), max_length=500)  # space-separated, as in the file
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["pk"]


class SynonymVersion(models.Model):
    """One row, raised by every change to the groups: each process rereads them when it moves."""

    number = models.PositiveIntegerField(default=0)
