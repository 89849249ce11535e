"""Public notice pages and their printable PDF."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap
from jianpin.workflows import notices, queries


@requires(Cap.READ_REGISTRY)
def notice_list(request: HttpRequest) -> HttpResponse:
    qs = queries.notices_for_user(request.user)
    return render(request, "workflows/notice_list.html", {
        "page": Paginator(qs, 50).get_page(request.GET.get("page"))})


@requires(Cap.READ_REGISTRY)
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = queries.get_notice_for_user(request.user, notice_id)
    rows = notices.notice_rows(notice)
    return render(request, "workflows/notice_detail.html", {
        "notice": notice, "rows": rows, "headers": notices.HEADERS,
        "title": notices.title(notice, notice.region.name), "intro": notices.intro(notice)})


@requires(Cap.READ_REGISTRY)
def notice_pdf(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = queries.get_notice_for_user(request.user, notice_id)
    body = notices.render_pdf(notice, notice.region.name, notices.notice_rows(notice))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{notice.pk}.pdf"'
    return response
