"""Screening engines: one module per engine behind a tiny base class, chosen by name."""
from __future__ import annotations

from jianpin.screening.engines.base import ENGINES, Engine, HitMap

__all__ = ["ENGINES", "Engine", "HitMap"]
