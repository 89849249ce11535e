"""The audit-log viewer for auditors and county officers: their area's events only."""
from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap, can
from jianpin.audit import viewer
from jianpin.audit.actions import record


def _query(request: HttpRequest) -> str:
    keep = {k: v for k, v in request.GET.items() if k != "page" and v}
    return urlencode(keep)


@requires(Cap.AUDIT_LOG)
def event_list(request: HttpRequest) -> HttpResponse:
    filters = viewer.Filters.parse(request.GET)
    page = Paginator(viewer.events(request.user, filters), 50).get_page(request.GET.get("page"))
    reveal = can(request.user, Cap.REVEAL)
    known = viewer.names(page)
    return render(request, "audit/events.html", {
        "page": page, "rows": [viewer.row(e, reveal, known) for e in page], "f": filters,
        "groups": [(k, label) for k, (label, _) in viewer.GROUPS.items()],
        "types": list(viewer.OBJECT_TYPES.items()), "query": _query(request)})


@requires(Cap.AUDIT_LOG)
def event_export(request: HttpRequest) -> HttpResponse:
    """The filtered events as Excel (at most EXPORT_LIMIT rows); the export is itself audited."""
    filters = viewer.Filters.parse(request.GET)
    reveal = can(request.user, Cap.REVEAL)
    events = list(viewer.events(request.user, filters)[:viewer.EXPORT_LIMIT])
    known = viewer.names(events)
    data = viewer.to_xlsx(viewer.row(e, reveal, known) for e in events)
    record(request.user, "audit.export", None, object_type="audit.auditevent",
           region_code=getattr(request.user, "region_id", None) or "",
           diff={"filters": _query(request), "rows": len(events)})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
    return response
