"""Import and export pages: upload → preview → confirm → progress → done, and list exports."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jianpin.accounts.policy import Cap, can
from jianpin.kernel.errors import DomainError
from jianpin.kernel.masking import mask_id
from jianpin.regions.scoping import scope
from jianpin.registry import actions, codes, monitoring
from jianpin.registry.import_actions import (
    MODES,
    NORMAL,
    batch_mode,
    may_import_roster,
    may_warn_held,
)
from jianpin.registry.io import report, security, template, vocab
from jianpin.registry.io.export import FILTERS, ExportRequest, do_export
from jianpin.registry.io.held import shown as shown_held
from jianpin.registry.io.layouts import LAYOUTS, NATIONAL, TEMPLATE
from jianpin.registry.io.models import BatchStatus, ImportBatch

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from jianpin.regions.scoping import Actor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_ERRORS = 50


def _require(request: HttpRequest, cap: Cap) -> None:
    if not can(request.user, cap):
        raise PermissionDenied(_("您的角色无权执行此操作"))


def get_batch_for_user(user: Actor, pk: int) -> ImportBatch:
    """404 for both absent and out-of-area batches."""
    batch = scope(user, ImportBatch.objects.select_related("job"), "region_code") \
        .filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def _download(data: bytes, name: str, content_type: str = XLSX) -> HttpResponse:
    from urllib.parse import quote

    resp = HttpResponse(data, content_type=content_type)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp


def _save_upload(upload: UploadedFile[bytes]) -> tuple[Path, str, int]:
    size = upload.size or 0     # Django sets size and name on every uploaded file
    if size > security.max_file_bytes():
        raise DomainError("file_too_large", _("文件过大，单次导入上限为 %(mb)s MB")
                          % {"mb": security.max_file_bytes() // 1048576})
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    tmp = folder / f"upload-{dt.datetime.now().timestamp()}.part"
    with tmp.open("wb") as fh:
        for chunk in upload.chunks():
            digest.update(chunk)
            fh.write(chunk)
    suffix = Path(upload.name or "").suffix.lower()[:8]
    path = folder / f"{digest.hexdigest()}{suffix}"
    tmp.replace(path)
    return path, digest.hexdigest(), size


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    _require(request, Cap.IMPORT)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("请选择要导入的文件"))
            return redirect("registry:import")
        try:
            path, digest, size = _save_upload(upload)
        except DomainError as exc:
            messages.error(request, _(exc.message))
            return redirect("registry:import")
        layout = request.POST.get("layout") or ""
        year = request.POST.get("year")
        try:
            batch = actions.do_start_import(
                request.user, path=path, file_name=Path(upload.name or "").name, sha256=digest,
                size=size, layout=layout if layout in LAYOUTS else "",
                year=int(year) if year and year.isdigit() else None,
                mode=request.POST.get("mode") or NORMAL,
                warn_held=request.POST.get("warn_held") == "1")
        except DomainError as exc:
            messages.error(request, _(exc.message))
            return redirect("registry:import")
        return redirect("registry:import_batch", pk=batch.pk)
    batches = scope(request.user, ImportBatch.objects.all(), "region_code")[:10]
    return render(request, "registry/io/import.html", {
        "batches": batches, "layouts": LAYOUTS, "year": timezone.localdate().year - 1,
        "may_roster": may_import_roster(request.user),
        "may_warn_held": may_warn_held(request.user),
        "may_edit_vocabulary": can(request.user, Cap.EDIT_STANDARDS)})


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _require(request, Cap.IMPORT)
    return _download(template.workbook(), "农户导入模板.xlsx")


def _context(batch: ImportBatch) -> dict[str, Any]:
    errors = [dict(e, value=mask_id(e["value"]) if e["code"].startswith("id_") and
                   len(e["value"]) >= 15 else e["value"]) for e in batch.errors[:SHOWN_ERRORS]]
    return {"batch": batch, "job": batch.job, "summary": batch.summary, "errors": errors,
            "running": batch.status in (BatchStatus.CHECKING, BatchStatus.COMMITTING),
            "layout_name": _(LAYOUTS.get(batch.summary.get("layout", ""), "")),
            "mode_name": _(MODES.get(batch_mode(batch), "")),
            # columns with no home, per sheet (kept with the batch on commit)
            "kept_columns": list(((batch.summary.get("unmapped") or {}).get("columns") or {})
                                 .items()),
            "side": batch.summary.get("side") or {},
            "held": shown_held(batch.summary.get("held") or []),
            "warn_held": bool(batch.summary.get("warn_held")),
            "warnings": batch.summary.get("warnings") or {}}


@login_required
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, Cap.IMPORT)
    batch = get_batch_for_user(request.user, pk)
    return render(request, "registry/io/batch.html", _context(batch))


@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls; when the job ends it asks for a full reload."""
    _require(request, Cap.IMPORT)
    batch = get_batch_for_user(request.user, pk)
    resp = render(request, "registry/io/_progress.html", _context(batch))
    if batch.status not in (BatchStatus.CHECKING, BatchStatus.COMMITTING):
        resp["HX-Refresh"] = "true"
    return resp


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, Cap.IMPORT)
    batch = get_batch_for_user(request.user, pk)
    try:
        actions.do_confirm_import(request.user, batch)
    except DomainError as exc:
        messages.error(request, _(exc.message))
    return redirect("registry:import_batch", pk=batch.pk)


@login_required
@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, Cap.IMPORT)
    batch = get_batch_for_user(request.user, pk)
    if actions.do_cancel_import(request.user, batch):
        messages.info(request, _("已请求取消；已写入的部分将全部撤销"))
    return redirect("registry:import_batch", pk=batch.pk)


@login_required
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, Cap.IMPORT)
    batch = get_batch_for_user(request.user, pk)
    stored = Path(batch.stored_path) if batch.stored_path else None
    data = report.error_workbook(batch.errors, stored, batch.file_name)
    return _download(data, f"错误报告-{Path(batch.file_name).stem}.xlsx")


@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    _require(request, Cap.EXPORT)
    params = request.GET
    if params.get("download"):
        year = params.get("year", "")
        layout = params.get("layout")
        req = ExportRequest(
            layout=layout if layout is not None and layout in LAYOUTS else NATIONAL,
            fmt=params["format"] if params.get("format") in ("csv", "jsonl") else "xlsx",
            per="household" if params.get("per") == "household" else "member",
            year=int(year) if year.isdigit() else None,
            unmasked=params.get("unmasked") == "1",
            filters=tuple((k, params[k]) for k in FILTERS if params.get(k)))
        name, data, _count = do_export(request.user, req)
        kind = {"csv": "text/csv; charset=utf-8",
                "jsonl": "application/x-ndjson; charset=utf-8"}.get(req.fmt, XLSX)
        return _download(data, name, kind)
    return render(request, "registry/io/export.html", {
        "layouts": LAYOUTS, "params": params, "statuses": codes.HouseholdStatus.values,
        "kinds": monitoring.kind_choices(), "may_reveal": can(request.user, Cap.REVEAL),
        "attributes": codes.Attribute.choices, "causes": codes.Cause.choices,
        "year": timezone.localdate().year - 1, "national": NATIONAL, "template": TEMPLATE})


@login_required
@require_http_methods(["GET", "POST"])
def vocabulary_page(request: HttpRequest) -> HttpResponse:
    """The national spellings county officers added to the code lists; add one."""
    _require(request, Cap.EDIT_STANDARDS)
    if request.method == "POST":
        try:
            entry = vocab.do_add_vocabulary_entry(
                request.user, request.POST.get("field", ""), request.POST.get("value", ""),
                request.POST.get("code", ""))
        except DomainError as exc:
            messages.error(request, _(exc.message))
        else:
            messages.success(request, _("已添加：%(field)s「%(value)s」→「%(code)s」") % {
                "field": _(vocab.label(entry.field_key)), "value": entry.value,
                "code": entry.code or _("（空）")})
            return redirect("registry:import_vocabulary")
    from jianpin.registry.io.models import VocabularyEntry

    fields = [(key, _(vocab.label(key)), [(v, v or _("（空）")) for v in f.choices.values])
              for key, f in vocab.EDITABLE.items() if f.choices is not None]
    entries = [(_(vocab.label(e.field_key)) if e.field_key in vocab.EDITABLE else e.field_key, e)
               for e in VocabularyEntry.objects.select_related("created_by")]
    return render(request, "registry/io/vocabulary.html", {
        "fields": fields, "entries": entries, "post": request.POST})
