"""Public notice pages and their printable PDF."""
from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap, can
from jianpin.kernel.errors import DomainError
from jianpin.workflows import actions, notices, queries


@requires(Cap.READ_REGISTRY)
def notice_list(request: HttpRequest) -> HttpResponse:
    qs = queries.notices_for_user(request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    justified = _justified([n.pk for n in page.object_list])
    for n in page.object_list:
        n.justified = justified.get(n.pk, [])  # type: ignore[attr-defined]  # shown beside it
    return render(request, "workflows/notice_list.html", {"page": page})


def _justified(notice_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Decisions taken although every data check failed: (household number, justification)."""
    from jianpin.workflows.models import Event

    out: dict[int, list[tuple[str, str]]] = {}
    for notice_id, number, data in Event.objects.filter(
            action="county_approve", case__notice_id__in=notice_ids).order_by("id").values_list(
            "case__notice_id", "case__household__number", "data"):
        if (data or {}).get("justification"):
            out.setdefault(notice_id, []).append((number, str(data["justification"])))
    return out


@requires(Cap.READ_REGISTRY)
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = queries.get_notice_for_user(request.user, notice_id)
    rows = notices.notice_rows(notice)
    return render(request, "workflows/notice_detail.html", {
        "notice": notice, "rows": rows, "headers": notices.HEADERS,
        "title": notices.title(notice, notice.region.name), "intro": notices.intro(notice),
        "can_mask": can(request.user, Cap.HANDLE_CASE)})


@require_POST
@requires(Cap.HANDLE_CASE)
def notice_masking(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = queries.get_notice_for_user(request.user, notice_id)
    try:
        actions.do_set_notice_masking(request.user, notice, request.POST.get("mask") == "1")
    except DomainError as exc:
        if exc.code == "forbidden":
            raise
        messages.error(request, _(exc.message))
    return redirect("workflows:notice_detail", notice_id=notice.pk)


@requires(Cap.READ_REGISTRY)
def notice_pdf(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = queries.get_notice_for_user(request.user, notice_id)
    body = notices.render_pdf(notice, notice.region.name, notices.notice_rows(notice))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{notice.pk}.pdf"'
    return response
