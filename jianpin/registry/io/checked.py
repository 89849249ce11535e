"""Keep a previewed file's checked rows, so that confirming it does not read and check it again.

A preview reads every row and runs every check the file alone can answer (IDs, dates, codes,
amounts, heads, duplicates, income sums); none of those answers can change until the file does.
When a preview finds no such error, its parsed rows are stored under the file's SHA-256 and the
layout used, signed with a key derived from SECRET_KEY and the checking code itself. A
commit of the same bytes with the same code reuses them; anything else (another file, edited
code, a damaged or foreign cache file) reads the file again. Checks that depend on the database
(villages and the user's area, IDs held by other households, what is new or changed) always run
again at commit time.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import pickle
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from django.conf import settings

from jianpin.registry.io.members import MemberIn, Values
from jianpin.registry.io.validate import HouseholdIn, Parsed

log = logging.getLogger(__name__)
MAGIC = b"jianpin-checked-2\n"
KEEP_SECONDS = 3 * 24 * 3600
_SOURCES = ("validate", "columns", "members", "monitoring", "coerce", "layouts", "headers", "read",
            "security", "writer", "sidesheets", "crosscheck")
_fingerprint: bytes | None = None


def _code_fingerprint() -> bytes:
    """A digest of the modules whose code decides what a file parses to."""
    global _fingerprint
    if _fingerprint is None:
        here = Path(__file__).parent
        digest = hashlib.sha256()
        for name in _SOURCES:
            digest.update((here / f"{name}.py").read_bytes())
        digest.update((here.parent / "codes.py").read_bytes())
        digest.update((here / "data" / "national_vocab.json").read_bytes())
        digest.update((here.parent.parent / "kernel" / "ids.py").read_bytes())
        _fingerprint = digest.digest()
    return _fingerprint


def _key() -> bytes:
    return hashlib.sha256(b"import-checked\0" + settings.SECRET_KEY.encode()).digest()


def _folder() -> Path:
    return Path(settings.DATA_DIR) / "import-checked"


def _path(digest: str, layout: str) -> Path:
    return _folder() / f"{digest}.{layout}.bin"


def _encode(parsed: Parsed, layout: str, asked: str | None) -> tuple[Any, ...]:
    """Plain tuples, dicts and values only: pickles and loads several times faster than the
    objects themselves."""
    shapes: dict[int, int] = {}         # id of a shared key map → its number
    keysets: list[tuple[str, ...]] = []
    households = []
    for hh in parsed.households.values():
        members = []
        for m in hh.members:
            shape = m.vals.shape()
            ks = shapes.get(id(shape))
            if ks is None:
                ks = shapes[id(shape)] = len(keysets)
                keysets.append(tuple(shape))
            members.append((m.sheet, m.row, ks, m.vals.values_tuple()))
        households.append((hh.number, hh.sheet, hh.row, hh.vals, hh.meta, hh.inc, hh.chk,
                           hh.broken, hh.flawed, members))
    return (layout, asked, keysets, households, parsed.unknown_columns, parsed.notes,
            parsed.rows, parsed.headers, parsed.orphans, parsed.unmapped_columns,
            parsed.unmapped_rows, parsed.side)


def _decode(data: tuple[Any, ...]) -> tuple[Parsed, str]:
    (layout, _asked, keysets, households, unknown, notes, rows, headers, orphans,
     unmapped_columns, unmapped_rows, side) = data
    indexes = [Values.index_for(tuple(keys)) for keys in keysets]
    parsed = Parsed(unknown_columns=unknown, notes=notes, rows=rows, headers=headers,
                    orphans=orphans, unmapped_columns=unmapped_columns,
                    unmapped_rows=unmapped_rows, side=side)
    out = parsed.households
    restore = MemberIn.restore
    for number, sheet, row, vals, meta, inc, chk, broken, flawed, members in households:
        hh = HouseholdIn(number, sheet, row, vals, meta, inc, chk, broken=broken, flawed=flawed)
        hh.members = [restore(s, r, indexes[k], v) for s, r, k, v in members]
        out[number] = hh
    return parsed, layout


def save(parsed: Parsed, layout: str, digest: str, asked: str | None) -> None:
    """Store a preview's rows (only when the file itself had no errors) under the layout
    used, noting whether it was asked for or detected."""
    if parsed.errors:
        return
    path = _path(digest, layout)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps(_encode(parsed, layout, asked), protocol=pickle.HIGHEST_PROTOCOL)
        mac = hmac.new(_key(), _code_fingerprint() + payload, hashlib.sha256).digest()
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as fh:
            fh.write(MAGIC + mac)
            fh.write(payload)
        os.replace(fh.name, path)       # readers see the whole file or none of it
        _purge(path.parent)
    except OSError:
        log.warning("could not keep the checked rows of %s", digest, exc_info=True)


def load(digest: str, asked: str | None) -> tuple[Parsed, str] | None:
    """The stored rows of this exact file and code read in the layout asked for, or, when
    none is asked, in the layout detected then; None when there are none."""
    if asked:
        return _load(_path(digest, asked), lambda _: True)
    for path in sorted(_folder().glob(f"{digest}.*.bin")):
        found = _load(path, lambda data: data[1] is None)
        if found is not None:
            return found
    return None


def _load(path: Path, wanted: Callable[[tuple[Any, ...]], bool]) -> tuple[Parsed, str] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 32
    if not data.startswith(MAGIC) or len(data) <= head:
        return None
    mac, payload = data[len(MAGIC):head], memoryview(data)[head:]
    expected = hmac.new(_key(), _code_fingerprint() + payload, hashlib.sha256).digest()
    if not hmac.compare_digest(mac, expected):
        log.warning("ignoring checked rows %s: signature does not match", path.name)
        return None
    decoded = pickle.loads(payload)
    return _decode(decoded) if wanted(decoded) else None


def discard(digest: str) -> None:
    for path in _folder().glob(f"{digest}.*.bin"):
        path.unlink(missing_ok=True)


def _purge(folder: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in [*folder.glob("*.bin"), *folder.glob("*.json"), *folder.glob("*.tmp")]:
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


# The versions a preview showed, kept for its commit: a household whose version has moved on
# since was changed by someone else and is reported, not overwritten. Plain JSON, no signature:
# a wrong or missing file can only make the commit report conflicts or check less, never write
# something the commit's own plan would not (it re-checks every version under lock).

def _versions_path(batch_pk: int) -> Path:
    return _folder() / f"versions-{batch_pk}.json"


def save_versions(batch_pk: int, versions: dict[str, int]) -> None:
    path = _versions_path(batch_pk)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as fh:
            fh.write(orjson.dumps(versions))
        os.replace(fh.name, path)
    except OSError:
        log.warning("could not keep the versions previewed by batch %s", batch_pk, exc_info=True)


def load_versions(batch_pk: int) -> dict[str, int] | None:
    try:
        data = orjson.loads(_versions_path(batch_pk).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def discard_versions(batch_pk: int) -> None:
    _versions_path(batch_pk).unlink(missing_ok=True)
