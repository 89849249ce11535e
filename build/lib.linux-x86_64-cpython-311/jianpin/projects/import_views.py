"""Excel import in the browser: upload → preview with row errors (a dry run) → confirm.

The same code path as `jianpin projects import`: `io.read.read_sheet` then `io.apply.run_import`,
every row through the actions, all or nothing. The uploaded file is kept under the data
directory by its SHA-256 between preview and confirmation; the session remembers which file
this user previewed, so the confirmation never takes a path or name from the form.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap, can
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.projects.io.apply import Result, run_import
from jianpin.projects.io.read import Sheet, read_sheet
from jianpin.uploads.limits import sheet_limits

SESSION_KEY = "projects_import"
PREVIEW_ROWS = 20
SUFFIXES = {".xlsx", ".xls", ".csv"}
WRITERS = (Cap.PROPOSE_PROJECT, Cap.DECIDE_PROJECT, Cap.MANAGE_FUNDS)
# Read past on import (counts come from the registry), so not shown as if they were imported.
READ_PAST = {"beneficiary_households", "beneficiary_persons", "beneficiary_poor_persons"}


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports" / "projects"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _may_import(user: Any) -> bool:
    return any(can(user, cap) for cap in WRITERS)


def _stage(upload: Any) -> tuple[str, str]:
    """Keep the upload as <sha256><suffix>; returns (digest, suffix)."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise DomainError("bad_type", _("请上传 Excel（.xlsx/.xls）或 CSV 文件"))
    if (upload.size or 0) > sheet_limits().max_file_bytes:
        raise DomainError("file_too_large", _("文件过大"))
    digest = hashlib.sha256()
    chunks = []
    for chunk in upload.chunks():
        digest.update(chunk)
        chunks.append(chunk)
    path = _folder() / f"{digest.hexdigest()}{suffix}"
    path.write_bytes(b"".join(chunks))
    return digest.hexdigest(), suffix


def _staged(request: HttpRequest) -> tuple[Path, str] | None:
    held = request.session.get(SESSION_KEY)
    if not held:
        return None
    path = _folder() / f"{held['sha']}{held['suffix']}"
    return (path, held["name"]) if path.exists() else None


def _preview(sheet: Sheet) -> tuple[list[str], list[list[Any]]]:
    columns = [c for c in sheet.layout.columns if c.key not in READ_PAST
               and any(c.key in row for _, row in sheet.rows[:PREVIEW_ROWS])]
    rows = [[number, *("" if row.get(c.key) is None else row.get(c.key) for c in columns)]
            for number, row in sheet.rows[:PREVIEW_ROWS]]
    return [c.header for c in columns], rows


def _page(request: HttpRequest, **extra: Any) -> HttpResponse:
    return render(request, "projects/import.html", {
        "may_import": _may_import(request.user), "max_rows": PREVIEW_ROWS, **extra})


@requires(Cap.READ_PROJECTS)
def import_page(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: stage the file and show the dry run's preview."""
    if request.method != "POST":
        return _page(request)
    if not _may_import(request.user):
        raise PermissionDenied(_("您的角色无权导入"))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要导入的文件"))
        return _page(request)
    try:
        sha, suffix = _stage(upload)
        path = _folder() / f"{sha}{suffix}"
        name = Path(upload.name or "").name[:200]
        sheet = read_sheet(path, name)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _page(request)
    request.session[SESSION_KEY] = {"sha": sha, "suffix": suffix, "name": name}
    result = run_import(request.user, sheet, dry_run=True)
    headers, rows = _preview(sheet)
    return _page(request, result=result, sheet=sheet, name=name, headers=headers, rows=rows)


@require_POST
@requires(Cap.READ_PROJECTS)
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Write the previewed file: every row again through the actions, all or nothing."""
    if not _may_import(request.user):
        raise PermissionDenied(_("您的角色无权导入"))
    staged = _staged(request)
    if staged is None:
        messages.error(request, _("没有待确认的导入，请重新上传"))
        return redirect("projects:import")
    path, name = staged
    try:
        sheet = read_sheet(path, name)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("projects:import")
    result: Result = run_import(request.user, sheet)
    if result.errors:   # the data changed since the preview: show what is refused now
        headers, rows = _preview(sheet)
        return _page(request, result=result, sheet=sheet, name=name, headers=headers, rows=rows)
    request.session.pop(SESSION_KEY, None)
    path.unlink(missing_ok=True)
    messages.success(request, _("%(sheet)s：已导入 %(n)s 行") % {"sheet": sheet.layout.sheet,
                                                               "n": result.written})
    return redirect("projects:list")
