"""The state-machine engine shared by every workflow.

A machine is a status enum plus a table of edges. `run` takes one edge: it checks the role and
area (check_can), that the actor did not submit what they now review, the precondition, then
moves the status with a compare-and-set on (status, version) so two concurrent approvals give
exactly one transition; it writes an Event row with attachments and one audit event.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap, can
from jianpin.audit.actions import record
from jianpin.kernel.errors import DomainError, StaleEdit
from jianpin.regions.scoping import in_area
from jianpin.workflows.models import Attachment, Event

Check = Callable[["Step"], None]
Effect = Callable[["Step"], None]

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = frozenset({"pdf", "ofd", "jpg", "jpeg", "png", "webp", "heic", "doc", "docx",
                              "xls", "xlsx", "txt"})


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    action: str
    label: str
    cap: Cap
    check: Check | None = None
    not_submitter: bool = False    # reviewers never review what they submitted
    not_after: tuple[str, ...] = ()  # whoever took these earlier actions may not take this one
    submits: bool = False          # the actor becomes the submitter
    needs_note: bool = False       # rejections and withdrawals need a reason
    needs_attachment: str = ""     # Attachment.Kind required
    effect: Effect | None = None   # after the status moved (same transaction)
    danger: bool = False           # shown as a secondary button


@dataclass
class Step:
    """Everything a precondition or effect may look at."""

    actor: Any
    obj: Any
    edge: Edge
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    files: list[tuple[str, UploadedFile[Any]]] = field(default_factory=list)


@dataclass(frozen=True)
class Machine:
    name: str
    label: str
    status: type[models.TextChoices]
    initial: str
    edges: tuple[Edge, ...]
    terminal: frozenset[str]
    event_fk: str                  # Event field pointing at the object
    # Another app's machine keeps its own event table (same fields as Event, no attachments)
    # and audits under its own app name.
    event_model: type[models.Model] | None = None
    app: str = "workflows"

    def edges_from(self, status: str) -> list[Edge]:
        return [e for e in self.edges if e.source == status]

    def edge(self, status: str, action: str) -> Edge:
        for e in self.edges:
            if e.source == status and e.action == action:
                return e
        label = dict(self.status.choices).get(status, status)
        raise DomainError("bad_transition",
                          gettext("当前状态“%(status)s”下不能执行此操作") % {"status": gettext(label)})

    def actions(self) -> set[str]:
        return {e.action for e in self.edges}

    def status_label(self, status: str) -> str:
        return str(dict(self.status.choices).get(status, status))


def region_code(obj: Any) -> str:
    return str(obj.region_id)


def allowed_edges(machine: Machine, user: Any, obj: Any) -> list[Edge]:
    """Edges from obj's status this user could take (role, area, not-submitter; no precondition)."""
    if not in_area(user, region_code(obj)):
        return []
    return [e for e in machine.edges_from(obj.status)
            if can(user, e.cap) and not (e.not_submitter and obj.submitted_by_id == user.pk)
            and not _took_earlier(obj, e, user)]


def _took_earlier(obj: Any, edge: Edge, actor: Any) -> bool:
    """True if the actor already took one of the steps this edge must be independent of."""
    return bool(edge.not_after) and obj.events.filter(action__in=edge.not_after,
                                                      actor=actor).exists()


def _save_attachments(event: Any, files: Iterable[tuple[str, UploadedFile[Any]]]) -> None:
    for kind, upload in files:
        if upload.size and upload.size > MAX_ATTACHMENT_BYTES:
            raise DomainError("attachment_too_large", gettext_noop("附件不能超过 10 MB"))
        name = (upload.name or gettext_noop("附件"))[-200:]
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext not in ATTACHMENT_TYPES:
            raise DomainError("attachment_type",
                              gettext_noop("附件须为 PDF、OFD、图片、Word、Excel 或文本文件"))
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        upload.name = f"{digest.hexdigest()}.{ext}"  # stored under its digest, never its name
        Attachment.objects.create(event=event, kind=kind, file=upload, name=name,
                                  size=upload.size or 0, sha256=digest.hexdigest())


def check_step(machine: Machine, step: Step) -> None:
    """Raise unless the actor may take this edge now."""
    edge, obj, actor = step.edge, step.obj, step.actor
    check_can(actor, edge.cap, region_code(obj))
    if edge.not_submitter and obj.submitted_by_id == actor.pk:
        raise DomainError("own_submission", gettext_noop("不能审核或审定本人提交的事项"))
    if _took_earlier(obj, edge, actor):
        raise DomainError("same_reviewer", gettext_noop("乡镇审核与县级审定须由不同人员办理"))
    if edge.needs_note and not step.note.strip():
        raise DomainError("note_required", gettext("“%(step)s”须填写理由") % {"step": gettext(edge.label)})
    if edge.needs_attachment and not any(k == edge.needs_attachment for k, _ in step.files):
        kind = Attachment.Kind(edge.needs_attachment).label
        raise DomainError("attachment_required", gettext("“%(step)s”须上传%(kind)s")
                          % {"step": gettext(edge.label), "kind": kind})
    if edge.check is not None:
        edge.check(step)


@transaction.atomic
def run(machine: Machine, actor: Any, obj: Any, action: str, *, version: int, note: str = "",
        data: dict[str, Any] | None = None,
        files: Sequence[tuple[str, UploadedFile[Any]]] | None = None) -> Any:
    """Take the edge named `action` from obj's current status; return the refreshed obj."""
    step = Step(actor, obj, machine.edge(obj.status, action), note.strip(), dict(data or {}),
                list(files or []))
    edge = step.edge
    check_step(machine, step)
    changes: dict[str, Any] = {"status": edge.target, "version": version + 1}
    if edge.submits:
        changes["submitted_by"] = actor
    if edge.target in machine.terminal:
        changes["closed_at"] = timezone.now()
    moved = type(obj).objects.filter(pk=obj.pk, status=edge.source, version=version) \
        .update(**changes)
    if not moved:
        raise StaleEdit(gettext_noop("该事项已被他人办理或已变更，请刷新后重试"))
    for name, val in changes.items():
        setattr(obj, name, val)
    events = machine.event_model or Event
    event = events._default_manager.create(**{machine.event_fk: obj}, action=edge.action, label=edge.label,
                                 from_status=edge.source, to_status=edge.target, actor=actor,
                                 note=step.note, data=_plain(step.data))
    if step.files:
        _save_attachments(event, step.files)
    if edge.effect is not None:
        edge.effect(step)
    record(actor, f"{machine.app}.{machine.name}.{edge.action}", obj, region_code=region_code(obj),
           diff={"status": [edge.source, edge.target]}, note=step.note)
    return obj


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if not isinstance(v, (str, int, float, bool, list, dict, type(None)))
                else v) for k, v in data.items()}


def create_event(fk: str, obj: Any, actor: Any, action: str, label: str, *, note: str = "",
                 data: dict[str, Any] | None = None) -> Any:
    """An event for a record's creation (the status it starts in)."""
    return Event.objects.create(**{fk: obj}, action=action, label=label, from_status="",
                                to_status=obj.status, actor=actor, note=note,
                                data=_plain(data or {}))
