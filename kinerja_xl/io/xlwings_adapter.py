"""The live-Excel adapter: the `Workbook` interface on an xlwings `Book`.

Round trips are what make Excel slow (each is a COM call on Windows, an action in
the remote engine's answer), so their number does not grow with the data:
- `read`: one bulk read of a sheet from A1 to the last cell of its used range,
  cached for the run (operations read each sheet once, then write blocks);
- `write_region`: one clear and one bulk value write per block.  Formulas the tool
  means (`Formula`, `Link` → `HYPERLINK()`) go in the same write: Excel makes a
  formula of a value starting with '='; every other text Excel would turn into
  something else (a formula, a number, a date, a truth value) gets a leading
  apostrophe, which Excel keeps as "this is text" and does not show.
- `write_cells` (inputs: impor, kumpulkan) writes only the cells whose value changes,
  and never changes any other cell.  On the remote engine's Office clients
  (Office.js, Office Scripts) a null in a bulk write leaves its cell as it is (value,
  formula and format: the Excel JavaScript API's rule), so one write per sheet covers
  the changed cells with a null in every other cell (`_bands`; split only past
  `MAX_BAND_CELLS`).  Elsewhere (COM, AppleScript, Google Sheets) a null or "" empties
  the cell, so each write is a rectangle of changed cells (`_blocks`: runs in a row,
  stacked when rows below have the same run), joined with the next one of the same
  columns below it (then of the same rows beside it) only when every cell between
  is truly empty (`_joined`), which one read of the cells' formulas tells
  (`_empty_cells`: desktop Excel answers it; the remote engine cannot, so there the
  rectangles stay as they are).  A value read cannot tell it: every engine reads a
  formula showing "" (a Capaian without its realisation) as empty, and the remote
  engine sends no formulas at all;
- `set_row_heights`: Excel lays out wrapped text itself, so a row whose height the
  tool measured from its own text (`tinggi_baris.TinggiTeks`: no merged cell, its
  cells' own fonts) is fitted by Excel (AutoFit, from Excel's own fonts), as is a row
  given back its automatic height (None); only the heights the tool alone can know
  are set as numbers: merged cells (the letterhead, which AutoFit ignores), a row
  bold through a conditional format that wraps into more lines, the empty rows of a
  report's chart page.  Per stretch of adjacent rows, the calls are laid over each
  other (the most common height, usually "fit", over the whole stretch first, the
  rows that differ on top), so a table of any length costs one AutoFit plus one call
  per run of fixed rows, which do not grow with the indicators.
- `set_row_breaks` (COM only) still puts the tool's page breaks, computed from the
  tool's heights: the break before the chart page does not depend on heights, and
  the tool fills a wrapped line to 96 % only (tinggi_baris.CADANGAN), so Excel's
  own heights are never taller than the tool's and the rows the tool kept on one
  page with the signature block still fit on it.

Sheets are unprotected just for the writes and protected again with the options
they had.  Protection, locking and the user name need Windows COM; on other engines
those parts are skipped (the remote engine cannot change protection at all).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import math
import numbers
import re
from typing import Any, Callable, Iterator, Sequence

from .. import layout as L
from ..tinggi_baris import TinggiTeks
from . import safety
from .base import Cell, Formula, Grid, Link, Persen, WorkbookError
from .cell_codec import is_percent_format
from .cells import cell_ref
from .ui import UI

MAX_TEXT = 32767  # Excel's limit for one cell
MAX_ADDRESS = 250  # Range("A1,B2,…") takes at most 255 characters

# Text Excel would not keep as typed: a formula or sign first, an apostrophe of
# its own (Excel would swallow it), an error literal, a truth value, or something
# it parses as a number, date, time, fraction or percentage — digits and
# separators only, or a day and a month name ("15 Januari 2027", "Jan-26").
_FORMULA_START = ("=", "+", "-", "@", "'", "#")
_NUMBERISH = re.compile(r"^[\s\d.,:/%()$€£¥eE-]*\d[\s\d.,:/%()$€£¥eE-]*$")
_DATEISH = re.compile(r"^\s*(\d{1,2}[\s/.-]*[^\W\d_]{3,9}\.?([\s/.,-]+\d{2,4})?|"
                      r"[^\W\d_]{3,9}\.?[\s/.-]*\d{1,2}(,?[\s/.-]+\d{2,4})?)\s*$")
_TRUTH = {"TRUE", "FALSE", "BENAR", "SALAH"}

# Sheet.api.Protect(…) positional arguments after Password, in Excel's order.
_PROTECT_FLAGS = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
                  "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
                  "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting",
                  "AllowFiltering", "AllowUsingPivotTables")


def as_text(text: str) -> str:
    """The text as Excel must receive it to keep it as text."""
    text = text[:MAX_TEXT]
    stripped = text.strip()
    if text.startswith(_FORMULA_START) or stripped.upper() in _TRUTH or \
            _NUMBERISH.match(text) or _DATEISH.match(text):
        return "'" + text
    return text


def to_excel(value: Any) -> Any:
    """A grid value as it goes into a bulk write."""
    if isinstance(value, Link):
        value = value.formula()
    if isinstance(value, Formula):
        text = str(value)
        return text if text.startswith("=") else "=" + text
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        x = float(value)  # Decimal and friends: COM and JSON want plain floats
        if math.isnan(x):
            return None
        return "#NUM!" if math.isinf(x) else x
    text = str(value)
    return as_text(text) if text else None


def _cached(value: Any) -> Any:
    """What a later `read` of the cell gives (a formula's value is not known yet)."""
    if isinstance(value, (Formula, Link)):
        return None
    if isinstance(value, str) and value == "":
        return None
    return value


def _from_excel(value: Any) -> Any:
    """Excel's numbers are floats; whole ones read back as int, as in the file adapter."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    if isinstance(value, str) and value == "":
        return None
    return value


def _trim(grid: list[list[Any]]) -> Grid:
    while grid and all(v is None for v in grid[-1]):
        grid.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if v is not None), default=0)
                 for r in grid), default=0)
    return [r[:width] + [None] * (width - len(r)) for r in grid]


def _runs(cells: Sequence[Cell]) -> list[tuple[int, int, int]]:
    """(row, first col, last col) of each horizontal run of adjacent cells."""
    runs: list[tuple[int, int, int]] = []
    for r, c in sorted(set(cells)):
        if runs and runs[-1][0] == r and runs[-1][2] == c - 1:
            runs[-1] = (r, runs[-1][1], c)
        else:
            runs.append((r, c, c))
    return runs


def _blocks(cells: Sequence[Cell]) -> list[tuple[int, int, int, int]]:
    """(first row, last row, first col, last col) of rectangles that cover exactly the
    cells: each row's runs, stacked while the next row has the same run."""
    open_: dict[tuple[int, int], list[int]] = {}
    out: list[list[int]] = []
    for r, lo, hi in _runs(cells):
        block = open_.get((lo, hi))
        if block is not None and block[1] == r - 1:
            block[1] = r
        else:
            block = [r, r, lo, hi]
            open_[(lo, hi)] = block
            out.append(block)
    return [(a, b, lo, hi) for a, b, lo, hi in out]


# Remote clients that apply a 2-D write through the Excel JavaScript API, where a
# null leaves its cell unchanged (value, formula and format alike).
_NULL_KEEPS_CLIENTS = ("Office.js", "Microsoft Office Scripts")
MAX_BAND_CELLS = 50_000  # cells of one write that keeps the cells between with nulls


def _bands(cells: Sequence[Cell]) -> list[tuple[int, int, int, int]]:
    """(first row, last row, first col, last col) of rectangles that hold all the
    cells, for a write whose other cells are null: the rows with cells, taken in
    order into one rectangle until it would exceed `MAX_BAND_CELLS` cells."""
    rows: dict[int, list[int]] = {}
    for r, c in cells:
        span = rows.setdefault(r, [c, c])
        span[0], span[1] = min(span[0], c), max(span[1], c)
    out: list[list[int]] = []
    for r in sorted(rows):
        lo, hi = rows[r]
        if out:
            top, _, b_lo, b_hi = out[-1]
            lo2, hi2 = min(lo, b_lo), max(hi, b_hi)
            if (r - top + 1) * (hi2 - lo2 + 1) <= MAX_BAND_CELLS:
                out[-1] = [top, r, lo2, hi2]
                continue
        out.append([r, r, lo, hi])
    return [(a, b, lo, hi) for a, b, lo, hi in out]


def _empty_cells(xs: Any, blocks: Sequence[tuple[int, int, int, int]]) -> set[Cell]:
    """The truly empty cells around the blocks, from one read of their formulas (a
    value reads as itself, an empty cell as ""; a formula showing "" reads as its
    text, where a value read cannot tell it from an empty cell).  Nothing where the
    engine cannot read formulas (the remote engine)."""
    top, bottom = min(b[0] for b in blocks), max(b[1] for b in blocks)
    lo, hi = min(b[2] for b in blocks), max(b[3] for b in blocks)
    try:
        read = xs.range((top, lo), (bottom, hi)).formula
    except Exception:  # NotImplementedError on the remote engine
        return set()
    if isinstance(read, str):
        read = [[read]]
    elif read and not isinstance(read[0], (list, tuple)):  # one row or one column
        read = [list(read)] if top == bottom else [[v] for v in read]
    if len(read) != bottom - top + 1 or any(len(row) != hi - lo + 1 for row in read):
        return set()
    return {(top + i, lo + j) for i, row in enumerate(read) for j, v in enumerate(row)
            if v is None or v == ""}


def _joined(blocks: Sequence[tuple[int, int, int, int]], empty: set[Cell],
            written: set[Cell]) -> list[tuple[int, int, int, int]]:
    """The blocks, each joined with the next one of the same columns below it (then of
    the same rows to its right) when every cell between them is in `empty` and not
    written by another block: a column of scattered changes becomes one write."""
    def gap_empty(rows: range, cols: range) -> bool:
        return all((r, c) in empty and (r, c) not in written for r in rows for c in cols)

    out = list(blocks)
    if not empty:
        return out
    for vertical in (True, False):
        key = (lambda b: (b[2], b[3], b[0])) if vertical else (lambda b: (b[0], b[1], b[2]))
        merged: list[tuple[int, int, int, int]] = []
        for b in sorted(out, key=key):
            if merged:
                a = merged[-1]
                if vertical and (a[2], a[3]) == (b[2], b[3]) and \
                        gap_empty(range(a[1] + 1, b[0]), range(b[2], b[3] + 1)):
                    merged[-1] = (a[0], b[1], a[2], a[3])
                    continue
                if not vertical and (a[0], a[1]) == (b[0], b[1]) and \
                        gap_empty(range(a[0], a[1] + 1), range(a[3] + 1, b[2])):
                    merged[-1] = (a[0], a[1], a[2], b[3])
                    continue
            merged.append(b)
        out = merged
    return sorted(out)


_Height = float | None


def _paint(heights: Sequence[_Height]) -> list[tuple[int, int, _Height]]:
    """Strokes (first, last, height), 0-based and applied in order, that leave row i
    at heights[i]: one stroke of the height with the most runs over the whole stretch,
    then the stretches between its runs, recursively; a stretch where no height comes
    back gets its runs.  Never more strokes than runs."""
    runs: list[tuple[int, int, _Height]] = []
    for i, h in enumerate(heights):
        if runs and runs[-1][2] == h:
            runs[-1] = (runs[-1][0], i, h)
        else:
            runs.append((i, i, h))
    strokes: list[tuple[int, int, _Height]] = []
    todo = [(0, len(runs) - 1)] if runs else []
    while todo:
        a, b = todo.pop()
        if a == b:
            strokes.append(runs[a])
            continue
        count: dict[_Height, int] = {}
        for k in range(a, b + 1):
            count[runs[k][2]] = count.get(runs[k][2], 0) + 1
        base = max(count, key=count.__getitem__)  # ties: the first seen
        if count[base] == 1:  # no height repeats: laying one under saves nothing
            strokes.extend(runs[a:b + 1])
            continue
        strokes.append((runs[a][0], runs[b][1], base))
        gap = None
        for k in range(a, b + 2):
            if k <= b and runs[k][2] != base:
                gap = k if gap is None else gap
            elif gap is not None:
                todo.append((gap, k - 1))
                gap = None
    return strokes


def _addresses(runs: list[tuple[int, int, int]]) -> list[str]:
    """Multi-area addresses ("B5:G5,B9"), each short enough for one Range call."""
    out, current = [], ""
    for r, lo, hi in runs:
        area = cell_ref(r, lo) + (f":{cell_ref(r, hi)}" if hi > lo else "")
        if current and len(current) + 1 + len(area) > MAX_ADDRESS:
            out.append(current)
            current = ""
        current = f"{current},{area}" if current else area
    if current:
        out.append(current)
    return out


class ExcelWorkbook:
    """The `Workbook` interface on a live `xw.Book` (see the module docstring)."""

    def __init__(self, book: Any, ui: UI | None = None,
                 sandi: Callable[[ExcelWorkbook], Any] | None = None):
        """`sandi`: reads the sheets' protection password from the workbook (the
        ribbon passes the library's one reader of `Pengaturan`, which lives above this
        layer); without it the sheets are unprotected with an empty password."""
        self.xl = book
        self.ui = ui or UI(book)
        self._sandi = sandi
        self.path: str | None = self._fullname()
        self._sheet_names: list[str] | None = None
        self._grids: dict[str, Grid] = {}
        self.reads = 0   # bulk reads so far (one per sheet)
        self._formats_unreadable = False
        self.writes = 0  # bulk writes and clears so far

    def _fullname(self) -> str | None:
        try:
            return str(self.xl.fullname)
        except Exception:
            return None

    # -- reading ---------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        if self._sheet_names is None:
            self._sheet_names = [s.name for s in self.xl.sheets]
        return list(self._sheet_names)

    def defined_names(self) -> list[tuple[str, str | None, str]]:
        out = []
        for n in self.xl.names:
            name, sheet = str(n.name), None
            if "!" in name:  # a sheet's own name comes as 'Sheet'!Name
                sheet, name = name.rsplit("!", 1)
                sheet = sheet.strip("'").replace("''", "'")
            ref = n.refers_to
            out.append((name, sheet, str(ref or "").removeprefix("=")))
        return out

    def _sheet(self, name: str) -> Any:
        if name not in self.sheet_names():
            raise WorkbookError(f"Lembar '{name}' tidak ada di buku kerja "
                                f"'{safety.nama(self.path or '')}'.")
        return self.xl.sheets[name]

    def read(self, sheet: str) -> Grid:
        if sheet not in self._grids:
            self._grids[sheet] = self._read(sheet)
        return [list(r) for r in self._grids[sheet]]

    def _read(self, name: str) -> Grid:
        self.ui.status(f"membaca lembar {name}")
        sheet = self._sheet(name)
        used = sheet.used_range
        rows, cols = used.shape
        last_row, last_col = used.row + rows - 1, used.column + cols - 1
        if last_row > safety.MAX_ROWS or last_row * last_col > safety.MAX_GRID_CELLS:
            raise WorkbookError(
                f"Lembar '{name}': area terpakai terlalu besar ({last_row} baris × "
                f"{last_col} kolom); hapus isi dan format sel yang tidak perlu.")
        values = sheet.range((1, 1), (last_row, last_col)).options(
            ndim=2, empty=None, dates=dt.datetime, err_to_str=True).value
        self.reads += 1
        grid = _trim([[_from_excel(v) for v in row] for row in values or []])
        if name.startswith(L.BAHAN_PREFIX):
            self._mark_percent(sheet, grid)
        return grid

    def _mark_percent(self, sheet: Any, grid: Grid) -> None:
        """Numbers of a staff sheet shown with a percent format become `Persen`, as in
        the file adapter: Excel switches a cell to 0% when `25%` is typed into it and
        stores 0.25.  Only number cells below the header are asked (one call each);
        an engine that cannot read formats (the remote one) leaves the grid as it is."""
        if self._formats_unreadable:
            return
        for r in range(L.BAHAN_DATA_ROW, len(grid) + 1):
            for c, v in enumerate(grid[r - 1], start=1):
                if not isinstance(v, (int, float)) or isinstance(v, bool):
                    continue
                try:
                    fmt = sheet.range((r, c)).number_format
                except NotImplementedError:
                    self._formats_unreadable = True
                    return
                if fmt and is_percent_format(str(fmt)):
                    grid[r - 1][c - 1] = Persen(v)

    def user(self) -> str:
        if self.ui.com:
            with contextlib.suppress(Exception):
                name = self.xl.app.api.UserName
                if name:
                    return str(name)
        return safety.current_user()

    # -- writing ---------------------------------------------------------------------
    def write_region(self, sheet: str, top_row: int, rows: Sequence[Sequence[Any]],
                     left_col: int = 1, width: int | None = None) -> None:
        if top_row < 1 or left_col < 1:
            raise ValueError("top_row and left_col are 1-based")
        if width is not None and any(len(r) > width for r in rows):
            raise ValueError(f"a row is wider than width={width}")
        grid = self._grids.get(sheet)
        if grid is None:
            grid = self._grids[sheet] = self._read(sheet)
        ncols = width if width is not None else max((len(r) for r in rows), default=0)
        lo = left_col if width is not None else 1
        hi = left_col + width - 1 if width is not None else \
            max(left_col + ncols - 1, max((len(r) for r in grid), default=0), 1)
        last = max(len(grid), top_row + len(rows) - 1, top_row)
        block = [[to_excel(v) for v in r] + [None] * (ncols - len(r)) for r in rows]
        xs = self._sheet(sheet)
        self.ui.status(f"menulis lembar {sheet}")
        with self._unprotected(xs):
            xs.range((top_row, lo), (last, hi)).clear_contents()
            self.writes += 1
            if block and ncols:
                xs.range((top_row, left_col)).value = block
                self.writes += 1
        self._remember(sheet, top_row, lo, hi, rows, left_col)

    def _remember(self, sheet: str, top: int, lo: int, hi: int,
                  rows: Sequence[Sequence[Any]], left: int) -> None:
        """Keep the cached grid equal to the sheet after a block write."""
        grid = self._grids[sheet]
        for r in range(top - 1, len(grid)):
            line = grid[r]
            for c in range(lo - 1, min(hi, len(line))):
                line[c] = None
        for i, values in enumerate(rows):
            for j, v in enumerate(values):
                self._put(grid, top + i, left + j, _cached(v))
        self._grids[sheet] = _trim(grid)

    @staticmethod
    def _put(grid: Grid, r: int, c: int, value: Any) -> None:
        if value is None and (r > len(grid) or c > len(grid[r - 1])):
            return
        while len(grid) < r:
            grid.append([])
        line = grid[r - 1]
        if len(line) < c:
            line.extend([None] * (c - len(line)))
        line[c - 1] = value

    def write_cells(self, sheet: str, cells: dict[Cell, Any]) -> None:
        """Only the cells that change get a value; a write covers other cells only
        to leave them as they are (a null on an Office client, a truly empty cell
        written empty elsewhere; see the module docstring)."""
        grid = self._grids.get(sheet)
        if grid is None:
            grid = self._grids[sheet] = self._read(sheet)
        todo = {rc: v for rc, v in cells.items() if not self._same(grid, rc, v)}
        if not todo:
            return  # as typed already: leave the cells (and Excel's undo stack) alone
        xs = self._sheet(sheet)
        with self._unprotected(xs):
            if self._null_keeps():
                prepare = self.xl.app.engine.impl.prepare_xl_data_element
                for top, bottom, lo, hi in _bands(list(todo)):
                    # null (None, sent as is) for every cell not written: kept as it is
                    values = [[prepare(to_excel(todo[(r, c)]), {}) if (r, c) in todo
                               else None for c in range(lo, hi + 1)]
                              for r in range(top, bottom + 1)]
                    xs.range((top, lo), (bottom, hi)).raw_value = values
                    self.writes += 1
            else:
                blocks = _blocks(list(todo))
                if len(blocks) > 1:
                    blocks = _joined(blocks, _empty_cells(xs, blocks), set(todo))
                for top, bottom, lo, hi in blocks:
                    # a cell not in todo is one `_empty_cells` found empty: it stays so
                    values = [[to_excel(todo.get((r, c))) for c in range(lo, hi + 1)]
                              for r in range(top, bottom + 1)]
                    xs.range((top, lo), (bottom, hi)).value = values
                    self.writes += 1
        for (r, c), v in todo.items():
            self._put(grid, r, c, _cached(v))
        self._grids[sheet] = _trim(grid)

    def _null_keeps(self) -> bool:
        """Whether a null in a bulk write leaves its cell as it is: the rule of the
        Excel JavaScript API, which the remote engine's Office.js and Office Scripts
        clients write through (Google Sheets, and COM or AppleScript on the desktop,
        empty the cell instead)."""
        if not self.ui.remote:
            return False
        try:
            client = self.xl.api["client"]
        except Exception:
            return False
        return client in _NULL_KEEPS_CLIENTS

    @staticmethod
    def _same(grid: Grid, rc: Cell, value: Any) -> bool:
        r, c = rc
        current = grid[r - 1][c - 1] if r <= len(grid) and c <= len(grid[r - 1]) else None
        if isinstance(value, (Formula, Link)):
            return False
        if isinstance(value, str) and value == "":
            value = None
        return type(current) is type(value) and current == value

    def set_row_heights(self, sheet: str, heights: dict[int, float | None]) -> None:
        """Row heights are a row property (no bulk write sets different heights at
        once): per stretch of adjacent rows, the strokes of `_paint`, each one call;
        a `TinggiTeks` row is fitted by Excel (see the module docstring)."""
        stretches: list[tuple[int, list[float | None]]] = []
        for r, h in sorted(heights.items()):
            h = None if isinstance(h, TinggiTeks) else h
            if stretches and stretches[-1][0] + len(stretches[-1][1]) == r:
                stretches[-1][1].append(h)
            else:
                stretches.append((r, [h]))
        if not stretches:
            return
        xs = self._sheet(sheet)
        with self._unprotected(xs):
            for top, hs in stretches:
                for first, last, h in _paint(hs):
                    rows = xs.range((top + first, 1), (top + last, 1))
                    if h is None:
                        rows.rows.autofit()
                    else:
                        rows.row_height = h
                    self.writes += 1

    def set_row_breaks(self, sheet: str, rows: Sequence[int]) -> None:
        # Page breaks are reachable through COM only; the remote engine has no action
        # for them (its reports are printed from the saved file instead).
        if not self.ui.com:
            return
        xs = self._sheet(sheet)
        with self._unprotected(xs):
            xs.api.ResetAllPageBreaks()
            for r in sorted(set(rows)):
                xs.api.HPageBreaks.Add(Before=xs.range((r, 1)).api)
            self.writes += 1

    def move_chart(self, sheet: str, row: int, col: int = 1,
                   data_rows: int | None = None) -> None:
        # Excel keeps the chart's ranges: rows without a capaian show as empty
        # categories at the end (the saved file's charts are fitted exactly).
        xs = self._sheet(sheet)
        charts = list(xs.charts)
        if not charts:
            return
        cell = xs.range((row, col))
        with contextlib.suppress(Exception):  # engines without chart positions
            d_top, d_left = cell.top - charts[0].top, cell.left - charts[0].left
            if d_top or d_left:
                with self._unprotected(xs):
                    for chart in charts:
                        chart.top += d_top
                        chart.left += d_left
                self.writes += 1

    def lock_cells(self, sheet: str, cells: Sequence[Cell]) -> None:
        # Only COM can set Range.Locked; elsewhere the cells keep their state and
        # the approval is still enforced by the sidik check of every operation.
        if not self.ui.com or not cells:
            return
        xs = self._sheet(sheet)
        with self._unprotected(xs):
            for address in _addresses(_runs(cells)):
                xs.range(address).api.Locked = True

    def set_name(self, name: str, refers_to: str, sheet: str | None = None) -> None:
        ref = refers_to if refers_to.startswith("=") else "=" + refers_to
        if sheet is not None and name.lower() == L.PRINT_AREA.lower():
            self._print_area(sheet, ref)
            return
        owner = self._sheet(sheet).names if sheet is not None else self.xl.names
        for existing in owner:
            if existing.name.rsplit("!", 1)[-1].lower() == name.lower():
                if _plain(existing.refers_to) != _plain(ref):
                    existing.refers_to = ref
                return
        owner.add(name, ref)

    def _print_area(self, sheet: str, ref: str) -> None:
        """Excel keeps a print area as the sheet's `Print_Area` name; PageSetup is the
        one way every engine (the remote one included) can set it."""
        address = ref.rsplit("!", 1)[-1]
        setup = self._sheet(sheet).page_setup
        with contextlib.suppress(Exception):
            if _plain(setup.print_area or "").rsplit("!", 1)[-1] == _plain(address):
                return
        setup.print_area = address
        self.writes += 1

    def save(self) -> None:
        """Nothing to do: the user saves the workbook in Excel."""

    # -- protection --------------------------------------------------------------------
    @contextlib.contextmanager
    def _unprotected(self, xs: Any) -> Iterator[None]:
        if not self.ui.com:
            yield
            return
        api = xs.api
        if not api.ProtectContents:
            yield
            return
        p = api.Protection
        flags = [getattr(p, f) for f in _PROTECT_FLAGS]
        drawing, scenarios = api.ProtectDrawingObjects, api.ProtectScenarios
        password = self._password()
        try:
            api.Unprotect(password)
        except Exception as exc:
            raise WorkbookError(
                f"Lembar '{xs.name}' tidak dapat dibuka proteksinya: sandinya berbeda dari "
                f"'Sandi proteksi' di lembar {L.PENGATURAN}.") from exc
        try:
            yield
        finally:
            api.Protect(password, drawing, True, scenarios, False, *flags)

    def _password(self) -> str:
        """The password the builder protected the sheets with, from `sandi` (empty:
        protection without a password)."""
        value = None if self._sandi is None else self._sandi(self)
        return "" if value is None else str(value)


def _plain(ref: str) -> str:
    return ref.replace("$", "").lstrip("=").lower()
