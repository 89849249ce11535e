"""Set up Django for a benchmark against its own database (never the user's)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(db_name: str) -> Path:
    """Point DATABASE_URL at var/bench/<db_name>.sqlite3 unless one is given; return its path."""
    sys.path.insert(0, str(ROOT))
    path = ROOT / "var" / "bench" / f"{db_name}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{path}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    return path


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]
