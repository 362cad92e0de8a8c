"""Cell references (A1 notation), defined once for the whole package.

Operations, tables and both adapters name cells with these helpers; nothing outside
`io/` and `build/` imports openpyxl's utilities for it.
"""
from __future__ import annotations

import re

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_col_num_cache: dict[str, int] = {}
_col_letter_cache: dict[int, str] = {}


def col_number(letters: str) -> int:
    """'A' → 1, 'AA' → 27."""
    n = _col_num_cache.get(letters)
    if n is None:
        n = 0
        for ch in letters.upper():
            n = n * 26 + ord(ch) - 64
        _col_num_cache[letters] = n
    return n


def col_letter(n: int) -> str:
    """1 → 'A', 27 → 'AA'."""
    s = _col_letter_cache.get(n)
    if s is None:
        s, k = "", n
        while k:
            k, rem = divmod(k - 1, 26)
            s = chr(65 + rem) + s
        _col_letter_cache[n] = s
    return s


def cell_ref(row: int, col: int) -> str:
    """(4, 2) → 'B4'."""
    return f"{col_letter(col)}{row}"


def split_ref(ref: str) -> tuple[int, int]:
    """'B4' or '$B$4' → (4, 2)."""
    m = _REF.match(ref)
    if not m:
        raise ValueError(ref)
    return int(m.group(2)), col_number(m.group(1))


def quote_sheet(name: str) -> str:
    """A sheet name as a formula writes it: always quoted, quotes doubled (valid for
    every name, and what the builder has always written)."""
    return "'" + name.replace("'", "''") + "'"


def area_ref(sheet: str, top: int, left: int, bottom: int, right: int) -> str:
    """An absolute range on a sheet: 'Sheet'!$A$1:$C$9."""
    return (f"{quote_sheet(sheet)}!${col_letter(left)}${top}:"
            f"${col_letter(right)}${bottom}")
