"""Helpers shared by the workflow views."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.workflows.actions import do_transition
from jianpin.workflows.machines.base import Edge, Machine, allowed_edges

MAX_FILES = 6


def files_of(request: HttpRequest, edge: Edge | None) -> list[tuple[str, Any]]:
    """Uploaded attachments: the required kind first, then any extra files."""
    out: list[tuple[str, Any]] = []
    if edge is not None and edge.needs_attachment:
        out += [(edge.needs_attachment, f) for f in request.FILES.getlist("required_file")]
    out += [("other", f) for f in request.FILES.getlist("files")]
    return out[:MAX_FILES]


def step_post(request: HttpRequest, machine: Machine, obj: Any, action: str, back: str,
              data: dict[str, Any] | None = None) -> HttpResponse:
    """Run one transition from a posted step form and return to the record's page."""
    try:
        version = int(request.POST.get("version", "0"))
        edge = machine.edge(obj.status, action)
        do_transition(request.user, obj, action, version=version,
                      note=request.POST.get("note", ""), data=data or {},
                      files=files_of(request, edge))
    except PermissionDenied:
        raise
    except (DomainError, ValueError) as exc:
        messages.error(request, _(getattr(exc, "message", gettext_noop("提交的数据有误"))))
    else:
        messages.success(request, _("已办理：%(step)s") % {"step": _(edge.label)})
    return redirect(back)


def step_forms(machine: Machine, user: Any, obj: Any) -> list[Edge]:
    return allowed_edges(machine, user, obj)
