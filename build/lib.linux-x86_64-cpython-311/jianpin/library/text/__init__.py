"""Pure-Python text processing for the policy library (no Django imports).

read a file → strip site chrome → extract metadata and targets → segment for search.
"""
from __future__ import annotations

from jianpin.library.text.metadata import Metadata, extract_metadata
from jianpin.library.text.readers import RawText, ReadError, read_bytes, read_path
from jianpin.library.text.targets import Target, extract_targets

__all__ = [
    "Metadata", "RawText", "ReadError", "Target", "extract_metadata", "extract_targets",
    "read_bytes", "read_path",
]
