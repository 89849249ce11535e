"""Types of the compiled module (`_xlsxc.c`)."""
from typing import Any

State = tuple[int, int, int, int]         # last row, cells, last valued row, widest valued column
Strings = tuple[bytes, bytes, list[Any]] | None

def scan_rows(segment: bytes, state: State, bounds: tuple[int, int, int], kinds: bytes,
              strings: Strings, /) -> tuple[
                  State, bytes | None, tuple[int, int], int, list[tuple[int, int]]] | None: ...
def rows_of(block: bytes, left: int, width: int, strings: Strings, /) -> list[
    tuple[int, list[Any]]]: ...
def index_strings(body: bytes, /) -> bytes | None: ...
