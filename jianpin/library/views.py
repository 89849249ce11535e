"""Library pages: public search, browsing and downloads; upload and edit for library editors."""
from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap, can
from jianpin.audit.actions import record
from jianpin.jobs.models import Job, JobStatus
from jianpin.jobs.queries import get_job_for_user
from jianpin.kernel.cells import safe_cell
from jianpin.kernel.errors import DomainError
from jianpin.library import actions, charts, export, indexing, jobs, queries
from jianpin.library.forms import DocumentForm, SearchForm, UploadForm
from jianpin.library.models import (
    Category,
    ChartTable,
    Document,
    FigureKind,
    HotWordBlock,
    UsageEvent,
)
from jianpin.library.search import SearchResult, category_counts, search
from jianpin.library.subjects import labels as subject_labels
from jianpin.regions.models import Region
from jianpin.regions.scoping import in_area
from jianpin.uploads.limits import document_limits

MAX_CHART_SERIES = 8


def _attachment(data: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    params = form.params()
    result = search(params, with_facets=True)
    if params.q and params.page == 1 and not result.error:
        actions.do_log_search(params.q, result.total)
    for hit in result.hits:
        hit.snippet_html = mark_safe(hit.snippet_html)  # noqa: S308 — built from escaped parts
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "library/index.html", {
        "form": form, "result": result, "params": params, "query": query.urlencode(),
        "tabs": _tabs(request, params, result),
        "hot_searches": queries.hot_search_words(), "hot_words": queries.hot_document_words(),
        "top_downloads": queries.ranking(UsageEvent.Kind.DOWNLOAD, "month", 8),
        "can_edit": can(request.user, Cap.EDIT_LIBRARY),
    })


def _tabs(request: HttpRequest, params: Any, result: SearchResult) -> list[dict[str, Any]]:
    """Resource-type tabs (全部/政策/图书/报告/图表/资讯) with what each would find."""
    if params.category:
        total, counts = category_counts(params, result)
    else:
        counts = {value: n for value, _, n in result.facets.get("category", [])}
        total = sum(counts.values())
    query = request.GET.copy()
    for name in ("page", "category"):
        query.pop(name, None)
    base = query.urlencode()
    tabs = [{"value": "", "label": _("全部"), "count": total, "on": not params.category,
             "href": f"?{base}"}]
    for value, label in Category.choices:
        tabs.append({"value": value, "label": label, "count": counts.get(value, 0),
                     "on": params.category == value,
                     "href": f"?{base}&category={value}" if base else f"?category={value}"})
    return tabs


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = queries.get_document(pk)
    actions.do_count_use(doc, UsageEvent.Kind.VIEW)
    doc.view_count += 1
    figures = list(doc.targets.select_related("region"))
    chart = _chart(figures)
    table = ChartTable.objects.filter(document=doc).first()
    return render(request, "library/detail.html", {
        "doc": doc, "targets": figures, "related": queries.related_documents(doc),
        "figures_chart": chart if len(chart["years"]) >= 2 else None,
        "table": table, "table_chart": charts.echarts_data(table.header, table.rows) if table else None,
        "subjects": subject_labels(doc.subjects), "authors": indexing.split_authors(doc.authors),
        "favourite": queries.is_favourite(request.user, doc),
        "keywords": doc.keywords.split(), "can_edit": can(request.user, Cap.EDIT_LIBRARY),
        "ancestors": _ancestors(doc.region) if doc.region_id and doc.region else [],
    })


@require_GET
def original(request: HttpRequest, pk: int) -> HttpResponse:
    doc = queries.get_document(pk)
    if not doc.original:
        return text(request, pk)
    actions.do_count_use(doc, UsageEvent.Kind.DOWNLOAD)
    with doc.original.open("rb") as handle:
        data = handle.read()
    return _attachment(data, doc.source_name, "application/octet-stream")


@require_GET
def text(request: HttpRequest, pk: int) -> HttpResponse:
    doc = queries.get_document(pk)
    actions.do_count_use(doc, UsageEvent.Kind.DOWNLOAD)
    head = [doc.title, f"发文机关：{doc.issuer}" if doc.issuer else "",
            f"文号：{doc.doc_number}" if doc.doc_number else "",
            f"日期：{doc.date.isoformat()}" if doc.date else ""]
    body = "\n".join(line for line in head if line) + "\n\n" + doc.content.text + "\n"
    return _attachment(body.encode("utf-8"), f"{doc.title[:60]}.txt", "text/plain; charset=utf-8")


@requires(Cap.EDIT_LIBRARY)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Files are checked for size here and read by a background job, one result per file."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        limit = document_limits().max_file_bytes
        kept, refused = [], []
        for item in form.cleaned_data["files"]:
            if item.size > limit:
                refused.append({"name": item.name, "error": _(
                    "%(name)s：文件过大（上限 %(mb)s MB）") % {"name": item.name,
                                                        "mb": limit // 1048576}})
            else:
                kept.append((item.name, item))
        queued = jobs.enqueue_ingest(request.user, kept, form.cleaned_data["category"], refused)
        return redirect(f"{reverse('library:upload')}?job={queued.pk}")
    job: Job | None = None
    if (wanted := request.GET.get("job", "")).isdigit():
        job = get_job_for_user(request.user, int(wanted))
        if job.kind != jobs.INGEST:
            raise Http404
    return render(request, "library/upload.html", {
        "form": form, "job": job, "results": _results(job),
        "running": job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING)},
        status=400 if form.errors else 200)


def _results(job: Job | None) -> list[dict[str, Any]]:
    if job is None:
        return []
    rows = [dict(r) for r in job.result.get("files", [])]
    docs = Document.objects.in_bulk([r["doc"] for r in rows if r.get("doc")])
    for r in rows:
        r["doc"] = docs.get(r.get("doc"))
        if "error" not in r and r["doc"] is None:
            r["error"] = _("%(name)s：已导入，但文献随后被删除") % {"name": r["name"]}
    return rows


@requires(Cap.EDIT_LIBRARY)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = queries.get_document(pk)
    form = DocumentForm(request.POST or None, instance=doc)
    if request.method == "POST" and form.is_valid():
        fresh = queries.get_document(pk)
        actions.do_update_document(request.user, fresh, form.changes())
        messages.success(request, _("已保存"))
        return redirect("library:detail", pk=pk)
    return render(request, "library/edit.html", {"form": form, "doc": doc})


@requires(Cap.EDIT_LIBRARY)
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    doc = queries.get_document(pk)
    actions.do_delete_document(request.user, doc)
    messages.success(request, _("已删除：%(title)s") % {"title": doc.title})
    return redirect("library:index")


def _ancestors(region: Region | None) -> list[Region]:
    chain: list[Region] = []
    while region is not None:
        chain.insert(0, region)
        region = Region.objects.filter(code=region.parent_id).first() if region.parent_id else None
    return chain


@require_GET
def regions(request: HttpRequest, code: str = "") -> HttpResponse:
    region = Region.objects.filter(code=code).first() if code else None
    if code and region is None:
        return render(request, "library/regions.html", {"missing": code}, status=404)
    years = queries.timeline(code or None)
    # The bars count every document of the area by year; the list below shows the first ones.
    counts = queries.year_counts(code or None)
    chart = {"years": [y for y, _ in counts], "counts": [n for _, n in counts],
             "label": _("文献数")}
    by_year = dict(counts)
    listed = sum(len(d) for _, d in years)
    figures = list(queries.targets(region=code)[:1000]) if code else []
    return render(request, "library/regions.html", {
        "region": region, "ancestors": _ancestors(region),
        "timeline": [(y, by_year.get(y, len(d)), d) for y, d in years],
        "listed": listed, "dated": sum(by_year.values()),
        "children": [c for c in queries.region_children(code or None) if c.count],
        "chart": chart, "figures": figures, "figures_chart": _chart(figures),
        "figures_dated": [t for t in figures if t.year_start],
        # The dashboard shows only areas in the user's own subtree; elsewhere the link would 404.
        "live_indicators": region is not None and in_area(request.user, region.code),
    })


def _chart(rows: list[Any]) -> dict[str, Any]:
    """Series per (kind, area, indicator, unit) with values by year, for the ECharts line chart:
    goals are drawn apart from reported statistics, and figures of different areas apart; the page
    draws one chart per unit (library/figures.js)."""
    series, unit_of = charts.figure_series(rows, str(FigureKind.GOAL.label))
    keys = sorted(series, key=lambda k: -len(series[k]))[:MAX_CHART_SERIES]
    years = sorted({y for k in keys for y in series[k]})
    units: list[str] = []
    for k in keys:
        if unit_of[k] not in units:
            units.append(unit_of[k])
    return {"years": years, "units": units, "unit_label": _("单位："), "series": [
        {"name": k, "unit": unit_of[k], "type": "line", "connectNulls": True,
         "data": [series[k].get(y) for y in years]} for k in keys]}


def _target_filters(request: HttpRequest) -> dict[str, str]:
    """Filters from the query string; a region or year that is not digits is ignored."""
    filters = {name: request.GET.get(name, "").strip()[:100]
               for name in ("indicator", "region", "year", "doc_type", "kind")}
    if filters["kind"] not in FigureKind.values:
        filters["kind"] = ""
    for name, width in (("region", 12), ("year", 4)):
        value = filters[name]
        if not (value.isascii() and value.isdigit() and len(value) <= width):
            filters[name] = ""
    return filters


@require_GET
def targets(request: HttpRequest) -> HttpResponse:
    filters = _target_filters(request)
    rows = list(queries.targets(**filters)[:1000])
    return render(request, "library/targets.html", {
        "rows": rows, "filters": filters, "chart": _chart(rows), "kinds": FigureKind.choices,
        "query": request.GET.urlencode(), "total": len(rows),
    })


@requires(Cap.EDIT_LIBRARY)
@require_POST
def chart_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a data table (xlsx/xls/csv) to a chart document."""
    doc = queries.get_document(pk)
    upload = request.FILES.get("table")
    if upload is None:
        messages.error(request, _("请选择表格文件"))
    elif (upload.size or 0) > 5 * 1048576:
        messages.error(request, _("表格文件过大（上限 5 MB）"))
    else:
        try:
            actions.do_set_chart_table(request.user, doc, upload.name or "", upload.read())
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已上传图表数据"))
    return redirect("library:detail", pk=pk)


@requires(Cap.EDIT_LIBRARY)
@require_POST
def chart_from_figures(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the document's extracted figures its chart table (a 图表 built from the text)."""
    doc = queries.get_document(pk)
    try:
        actions.do_chart_from_figures(request.user, doc)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已由文中数据生成图表"))
    return redirect("library:detail", pk=pk)


@require_GET
def chart_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """A chart document's data table as CSV (UTF-8 with BOM for Excel, formulas escaped)."""
    doc = queries.get_document(pk)
    table = ChartTable.objects.filter(document=doc).first()
    if table is None:
        raise Http404
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [table.header, *table.rows]:
        writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in row])
    actions.do_count_use(doc, UsageEvent.Kind.DOWNLOAD)
    return _attachment("\ufeff" + out.getvalue(), f"{doc.title[:60]}.csv",
                       "text/csv; charset=utf-8")


@require_GET
def figures_export(request: HttpRequest, pk: int) -> HttpResponse:
    """One document's figures as a workbook (the data behind its chart)."""
    doc = queries.get_document(pk)
    rows = list(doc.targets.select_related("document", "document__region", "region"))
    record(request.user, "library.targets.export", doc, diff={"rows": len(rows)})
    return _attachment(export.targets_xlsx(rows), f"{doc.title[:60]}-数据.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@require_GET
def targets_export(request: HttpRequest) -> HttpResponse:
    filters = _target_filters(request)
    rows = list(queries.targets(**filters)[:50000])
    record(request.user, "library.targets.export", None, object_type="library.target",
           note=json.dumps(filters, ensure_ascii=False), diff={"rows": len(rows)})
    return _attachment(export.targets_xlsx(rows), "目标指标.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@require_GET
def rankings(request: HttpRequest) -> HttpResponse:
    boards = []
    for kind, label in ((UsageEvent.Kind.DOWNLOAD, _("下载排行")), (UsageEvent.Kind.VIEW, _("浏览排行"))):
        for period, (name, _days) in queries.PERIODS.items():
            boards.append({"title": f"{label} · {name}",
                           "rows": queries.ranking(kind, period)})
    return render(request, "library/rankings.html", {
        "boards": boards, "hot_searches": queries.hot_search_words(),
        "hot_words": queries.hot_document_words(),
        "can_edit": can(request.user, Cap.EDIT_LIBRARY),
        "blocks": queries.hot_word_blocks() if can(request.user, Cap.EDIT_LIBRARY) else [],
    })


@requires(Cap.EDIT_LIBRARY)
@require_POST
def block_word(request: HttpRequest) -> HttpResponse:
    word = request.POST.get("word", "")
    if actions.do_block_hot_word(request.user, word):
        messages.success(request, _("已屏蔽：%(word)s") % {"word": word.strip()[:100]})
    return redirect("library:rankings")


@requires(Cap.EDIT_LIBRARY)
@require_POST
def unblock_word(request: HttpRequest, pk: int) -> HttpResponse:
    block = HotWordBlock.objects.filter(pk=pk).first()
    if block is None:
        raise Http404
    actions.do_unblock_hot_word(request.user, block)
    messages.success(request, _("已取消屏蔽：%(word)s") % {"word": block.word})
    return redirect("library:rankings")


@login_required
@require_POST
def favourite(request: HttpRequest, pk: int) -> HttpResponse:
    doc = queries.get_document(pk)
    added = actions.do_toggle_favourite(request.user, doc)
    messages.success(request, _("已加入收藏") if added else _("已取消收藏"))
    return redirect("library:detail", pk=pk)


@login_required
@require_GET
def favourites(request: HttpRequest) -> HttpResponse:
    return render(request, "library/favourites.html", {
        "docs": list(queries.favourites_of(request.user)[:500]),
        "can_edit": can(request.user, Cap.EDIT_LIBRARY)})


@require_GET
def authors(request: HttpRequest) -> HttpResponse:
    """Authors and expert views (专家观点) as a browsable facet."""
    name = request.GET.get("name", "").strip()[:50]
    return render(request, "library/authors.html", {
        "name": name, "docs": queries.documents_by_author(name) if name else [],
        "authors": queries.authors(), "views": list(queries.expert_views()),
        "can_edit": can(request.user, Cap.EDIT_LIBRARY)})

