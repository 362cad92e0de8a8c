"""Writing generated blocks only when their content really changes.

Idempotency (SPEC §2) rests on this: a second run on unchanged inputs finds every
block equal to what is on the sheet, writes nothing and adds no `Riwayat` row.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Sequence

from ...io.base import Formula, Grid, Workbook


def comparable(value: Any) -> Any:
    """A cell value in the form two values are compared in (1 == 1.0, "" == None)."""
    kind = type(value)
    if kind is str:  # the common cases first
        return value if value else None
    if kind is int or kind is float:
        return float(value)
    if isinstance(value, Formula):
        return ("formula",)
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    if hasattr(value, "__float__") and not isinstance(value, str):
        return float(value)
    return str(value)


# `_region`, `_wanted` and `_same` say plainly what comparing a block means;
# `changes` asks `_same_block`, which answers the same (tests/test_blok.py) cheaper.
def _region(grid: Grid, top: int, left: int, width: int) -> list[list[Any]]:
    rows = []
    for r in range(top - 1, len(grid)):
        line = list(grid[r][left - 1:left - 1 + width])
        rows.append([comparable(v) for v in line] + [None] * (width - len(line)))
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows


def _wanted(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]]:
    out = [[comparable(v) for v in row] + [None] * (width - len(row)) for row in rows]
    while out and all(v is None for v in out[-1]):
        out.pop()
    return out


_PLAIN = (str, int, float, type(None))


def _same_block(grid: Grid, top: int, left: int, width: int,
                rows: Sequence[Sequence[Any]]) -> bool:
    """`_same(_region(grid, top, left, width), _wanted(rows, width))`, row by row: a
    row read exactly as wanted (text, numbers, blanks) is not converted, and the first
    row that differs answers (a new block differs at once)."""
    current_end = wanted_end = 0  # each side's rows up to its last non-blank one
    for i in range(max(len(grid) - top + 1, len(rows))):
        r = top - 1 + i
        line = grid[r][left - 1:left - 1 + width] if r < len(grid) else []
        want = rows[i] if i < len(rows) else []
        # (v == v: a list equals itself even holding NaN, which equals nothing)
        if line == want and all(type(v) in _PLAIN and v == v for v in line) \
                and all(type(v) in _PLAIN for v in want):
            if any(v is not None and v != "" for v in line):
                current_end = wanted_end = i + 1
            continue
        a = [comparable(v) for v in line] + [None] * (width - len(line))
        b = [comparable(v) for v in want] + [None] * (width - len(want))
        for x, y in zip(a, b):
            # A formula we wrote reads back as its cached value (or nothing).
            if x != y and y != ("formula",):
                return False
        if any(v is not None for v in a):
            current_end = i + 1
        if any(v is not None for v in b):
            wanted_end = i + 1
    return current_end == wanted_end


def _same(current: list[list[Any]], wanted: list[list[Any]]) -> bool:
    if len(current) != len(wanted):
        return False
    for a_row, b_row in zip(current, wanted):
        for a, b in zip(a_row, b_row):
            # A formula we wrote reads back as its cached value (or nothing).
            if b == ("formula",):
                continue
            if a != b:
                return False
    return True


@dataclass
class Plan:
    """Blocks an operation wants on its sheets; `apply` writes the changed ones."""
    blocks: list[tuple[str, int, int, int, list[list[Any]]]] = field(default_factory=list)
    cells: list[tuple[str, dict[tuple[int, int], Any]]] = field(default_factory=list)
    names: list[tuple[str, str, str | None]] = field(default_factory=list)
    heights: list[tuple[str, int, list[float | None]]] = field(default_factory=list)
    fixed_heights: list[tuple[str, dict[int, float]]] = field(default_factory=list)
    breaks: list[tuple[str, list[int]]] = field(default_factory=list)
    charts: list[tuple[str, int, int]] = field(default_factory=list)

    def block(self, sheet: str, top: int, rows: list[list[Any]], width: int,
              left: int = 1, heights: Sequence[float | None] | None = None) -> None:
        """`heights`: each row's height in points (see tinggi_baris), written with
        the block; rows below it that the last run used get their default back."""
        self.blocks.append((sheet, top, left, width, rows))
        if heights is not None:
            self.heights.append((sheet, top, list(heights)))

    def fixed(self, sheet: str, cells: dict[tuple[int, int], Any],
              heights: dict[int, float] | None = None) -> None:
        """Single cells; `heights` fixes the height of rows they are in."""
        self.cells.append((sheet, cells))
        if heights:
            self.fixed_heights.append((sheet, dict(heights)))

    def page_breaks(self, sheet: str, rows: list[int]) -> None:
        """The sheet's manual page breaks (before each row), set with its blocks."""
        self.breaks.append((sheet, list(rows)))

    def chart(self, sheet: str, row: int, data_rows: int) -> None:
        """Put the sheet's chart at `row` (column A), its ranges `data_rows` long."""
        self.charts.append((sheet, row, data_rows))

    def name(self, name: str, refers_to: str, sheet: str | None = None) -> None:
        self.names.append((name, refers_to, sheet))

    def changes(self, book: Workbook, grids: dict[str, Grid]) -> list[str]:
        """The sheets whose content would change."""
        changed = []
        for sheet, top, left, width, rows in self.blocks:
            grid = _grid(book, grids, sheet)
            if not _same_block(grid, top, left, width, rows):
                changed.append(sheet)
        for sheet, cells in self.cells:
            grid = _grid(book, grids, sheet)
            for (r, c), value in cells.items():
                current = grid[r - 1][c - 1] if r - 1 < len(grid) and c - 1 < len(grid[r - 1]) else None
                if comparable(current) != comparable(value):
                    changed.append(sheet)
                    break
        return list(dict.fromkeys(changed))

    def apply(self, book: Workbook, grids: dict[str, Grid],
              changed: Sequence[str] | None = None) -> list[str]:
        """`changed`: what `changes` just answered for the same grids (saves comparing
        every block a second time)."""
        changed = set(self.changes(book, grids) if changed is None else changed)
        for sheet, cells in self.cells:
            if sheet in changed:
                book.write_cells(sheet, cells)
        for sheet, top, left, width, rows in self.blocks:
            if sheet in changed:
                book.write_region(sheet, top, rows, left_col=left, width=width)
        for sheet, rows in self.fixed_heights:
            if sheet in changed:
                book.set_row_heights(sheet, dict(rows))
        for sheet, top, heights in self.heights:
            if sheet in changed:
                book.set_row_heights(sheet, _heights(top, heights, len(_grid(book, grids, sheet))))
        for sheet, rows in self.breaks:
            if sheet in changed:
                book.set_row_breaks(sheet, rows)
        for sheet, row, data_rows in self.charts:
            if sheet in changed:
                book.move_chart(sheet, row, 1, data_rows)
        for name, refers_to, sheet in self.names:
            book.set_name(name, refers_to, sheet)
        return sorted(changed)


def _heights(top: int, heights: list[float | None], old_last: int) -> dict[int, float | None]:
    out: dict[int, float | None] = {top + i: h for i, h in enumerate(heights)}
    for r in range(top + len(heights), old_last + 1):
        out[r] = None
    return out


def _grid(book: Workbook, grids: dict[str, Grid], sheet: str) -> Grid:
    if sheet not in grids:
        grids[sheet] = book.read(sheet)
    return grids[sheet]
