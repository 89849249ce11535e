"""Ingest uploaded documents in the background: one job per upload, one result per file.

A file that cannot be read gets its own error; the other files of the upload are kept.
The uploaded bytes wait in DATA_DIR/library-incoming/ and are removed once the job ran.
"""
from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings

from jianpin.jobs.models import Job
from jianpin.jobs.runner import Reporter, enqueue, job_kind
from jianpin.kernel.errors import DomainError
from jianpin.library import actions

log = logging.getLogger(__name__)
INGEST = "library.ingest"


def incoming_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "library-incoming"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def enqueue_ingest(actor: Any, files: list[tuple[str, Any]], category: str,
                   refused: list[dict[str, str]]) -> Job:
    """Keep each upload's bytes on disk and queue one job that ingests them in turn.
    `refused` are files already turned away (too large): they appear in the job's result."""
    folder = incoming_dir()
    stored = []
    for name, upload in files:
        path = folder / f"{uuid.uuid4().hex}{Path(name).suffix.lower()[:8]}"
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        path.chmod(0o600)
        stored.append({"name": name, "path": path.name})
    return enqueue(INGEST, {"files": stored, "category": category, "refused": refused}, actor)


def _one(actor: Any, name: str, path: Path, category: str) -> dict[str, Any]:
    try:
        done = actions.do_ingest(actor, name, path.read_bytes(), category)
    except DomainError as exc:
        return {"name": name, "error": exc.message}
    except Exception:  # a broken file must not lose the rest of the upload
        log.exception("library ingest of %s failed", name)
        return {"name": name, "error": f"{name}：文件无法处理（内部错误，已记录）"}
    return {"name": name, "doc": done.document.pk, "title": done.document.title,
            "created": done.created}


def _batch(actor: Any, items: list[tuple[str, Path]], category: str) -> list[dict[str, Any]]:
    """Files ingested together (actions.do_ingest_many); should anything but a refusal go
    wrong, one at a time, so that a broken file does not lose the others."""
    try:
        results = actions.do_ingest_many(actor, [(n, p.read_bytes()) for n, p in items],
                                         category)
    except Exception:
        log.exception("library batch ingest failed; ingesting its files one at a time")
        return [_one(actor, name, path, category) for name, path in items]
    return [{"name": name, "error": r.message} if isinstance(r, DomainError) else
            {"name": name, "doc": r.document.pk, "title": r.document.title, "created": r.created}
            for (name, _), r in zip(items, results, strict=True)]


@job_kind(INGEST)
def ingest_job(job: Job, reporter: Reporter) -> dict[str, Any]:
    files = job.args.get("files", [])
    reporter.total(len(files))
    results = list(job.args.get("refused", []))
    folder = incoming_dir()
    items = [(item["name"], folder / Path(item["path"]).name) for item in files]
    try:
        for start in range(0, len(items), actions.INGEST_BATCH):
            results += _batch(job.owner, items[start:start + actions.INGEST_BATCH],
                              job.args.get("category", ""))
            reporter.advance(min(start + actions.INGEST_BATCH, len(items)), force=True)
    finally:
        for _, path in items:
            path.unlink(missing_ok=True)
    return {"files": results}
