"""Upload limits, read from the UPLOAD_LIMITS setting (environment is read in settings only)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

MB = 1024 * 1024
CALAMINE_CELL_BYTES = 32   # size of one cell of calamine's dense range (an enum of 32 bytes)


@dataclass(frozen=True)
class SheetLimits:
    max_file_bytes: int = 300 * MB
    max_unzipped_bytes: int = 3000 * MB
    max_cells: int = 16_000_000     # rows × columns of a sheet's extent, and cells written
    max_rows: int = 1_048_576
    max_columns: int = 256          # IV: the monitoring system's full export has 170+
    max_members: int = 5000         # parts inside the zip
    max_ratio: int = 300            # compression ratio of one part
    compiled_read: str = "on"       # .xlsx imports: one compiled pass; "off"; "verify" both

    @property
    def dense_bytes(self) -> int:
        """The most the dense reader can be asked to allocate for one sheet's cells."""
        return self.max_cells * CALAMINE_CELL_BYTES


@dataclass(frozen=True)
class DocumentLimits:
    max_file_bytes: int = 50 * MB
    max_unzipped_bytes: int = 100 * MB
    max_pages: int = 1000
    seconds: int = 120
    memory_bytes: int = 1536 * MB


def _conf() -> dict[str, Any]:
    from django.conf import settings

    return dict(getattr(settings, "UPLOAD_LIMITS", {}))


def sheet_limits(purpose: str = "import") -> SheetLimits:
    """Limits for household imports ("import") or department datasets ("dept")."""
    c = _conf()
    out = SheetLimits(max_file_bytes=c.get("max_file_mb", 300) * MB,
                      max_unzipped_bytes=c.get("max_unzipped_mb", 3000) * MB,
                      max_cells=c.get("max_cells", 16_000_000),
                      max_rows=c.get("max_rows", 1_048_576),
                      max_columns=c.get("max_columns", 256),
                      compiled_read=str(c.get("compiled_read", "on")))
    if purpose == "dept":
        out = replace(out, max_file_bytes=c.get("dept_max_file_mb", 20) * MB,
                      max_rows=min(out.max_rows, c.get("dept_max_rows", 500_000) + 1))
    return out


def document_limits() -> DocumentLimits:
    c = _conf()
    return DocumentLimits(max_file_bytes=c.get("doc_max_file_mb", 50) * MB,
                          max_unzipped_bytes=c.get("doc_max_unzipped_mb", 100) * MB,
                          max_pages=c.get("doc_max_pages", 1000),
                          seconds=c.get("doc_seconds", 120),
                          memory_bytes=c.get("doc_memory_mb", 1536) * MB)
