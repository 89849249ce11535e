"""Types of the compiled module (`_xlsxc.c`)."""
from typing import Any

State = tuple[int, int, int, int]         # last row, cells, last valued row, widest valued column

def scan_rows(segment: bytes, state: State, bounds: tuple[int, int, int], kinds: bytes,
              strings: tuple[bytes, bytes, list[Any]] | None, /) -> tuple[
                  State, list[tuple[int, int, list[Any]]]] | None: ...
def index_strings(body: bytes, /) -> bytes | None: ...
