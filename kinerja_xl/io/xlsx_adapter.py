"""The headless adapter: the `Workbook` interface on a .xlsm/.xlsx file.

The package is edited part by part.  Only the parts an operation really changes
are re-serialised (a sheet's XML, styles.xml for locking, workbook.xml for defined
names and recalculation); every other zip member is copied raw, byte for byte,
with its original zip header fields, so the VBA project, the ribbon, extensions
Excel added and anything we do not know survive untouched.

Reading is lazy: workbook.xml and its relationships on open, a sheet's XML when
that sheet is first read or written, shared strings and styles when a cell needs
them.  A part whose re-serialised bytes equal the original counts as unchanged,
and `save()` with nothing changed does nothing at all (file and mtime as they
were): running an operation twice leaves the file as the first run left it.

A written row of new cells only keeps them as markup (`SheetPart.markup`): they
become elements only when something reads or edits them, and otherwise go into
the sheet's bytes as they are when it is serialised (`_serialize_sheet`), the
same bytes parsing and serialising them would give.

Strings are written as inline strings (the shared-string table is never
rewritten).  When formulas change, `xl/calcChain.xml` is dropped (Excel rebuilds
it); whenever sheet data changes, `fullCalcOnLoad` asks Excel and LibreOffice to
recalculate on open, since cached formula results may now be stale.
"""
from __future__ import annotations

import datetime as _dt
import math
import numbers
import os
import posixpath
import re
import weakref
from bisect import bisect_left
from typing import IO, Any, Sequence

from lxml import etree

from . import safety
from .base import Cell, Formula, Grid, Link, Persen, WorkbookError
from .cell_codec import (ILLEGAL, escape, from_serial, number_text, parse_cells, parse_rows,
                         rich_text, to_serial, unescape, xml_text)
from .cells import cell_ref, col_letter, col_number
from .ooxml import (CT_NS, MAX_COL, MAX_TEXT, NS, R_NS, STRICT_NS, T_C, T_COL, T_COLS,
                    T_DIMENSION, T_F, T_IS, T_REL, T_ROW, T_T, T_V)
from .parts import DIGITS, MISSING_REF, Part, SheetPart, cell_col, insert_after, row_has_format
from .styles import StyleTable
from .zip_writer import write_package


# --- the workbook ----------------------------------------------------------------------------------

XDR_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
# "'Sheet'!$A$11:$A$40" → the part up to the last row number, and the first row
_RANGE_ROWS = re.compile(r"^(.*!\$[A-Z]+\$(\d+):\$[A-Z]+\$)\d+$")
T_ROWBREAKS, T_BRK, T_DRAWING = (f"{{{NS}}}{t}" for t in ("rowBreaks", "brk", "drawing"))
# CT_Worksheet's children that come before rowBreaks, in schema order.
_BEFORE_ROWBREAKS = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr",
    "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter")


def _first(item: tuple) -> Any:
    """The sort key of (column, cell) pairs."""
    return item[0]


class FileWorkbook:
    """The `Workbook` interface on a file.  Open with `kinerja_xl.io.open_workbook`."""

    def __init__(self, path: str | os.PathLike, write: bool = False):
        self.path: str | None = os.fspath(path)
        self._n = safety.nama(self.path)
        self._write = write
        self._lock: safety.OwnLock | None = None
        self._zf = None
        if write:
            # Refuse early, before an operation does its work, and hold our own lock
            # so a second run waits its turn.
            safety.check_office_locks(self.path)
            safety.check_writable(self.path)
            self._lock = safety.OwnLock(self.path)
            self._lock.acquire()
        try:
            self._open()
        except BaseException:
            self.close()
            raise
        self._finalizer = weakref.finalize(self, _cleanup, self._zf, self._lock)

    # -- opening ------------------------------------------------------------------------------------
    def _open(self) -> None:
        self._zf = safety.open_package(self.path)
        try:
            self._stamp = safety.file_stamp(self.path)
        except OSError as exc:
            raise WorkbookError(f"Berkas '{self._n}' tidak dapat dibaca: {exc}.") from exc
        self._infos = self._zf.infolist()
        self._members = {i.filename.lower(): i.filename for i in self._infos}
        self._parts: dict[str, Part] = {}
        self._touched: set[str] = set()
        self._removed: set[str] = set()
        self._binary: dict[str, bytes] = {}
        self._sheets: dict[str, SheetPart] = {}
        self._sst: list[str] | None = None
        self._styles_state = None
        self._kinds: dict[str, int] = {}
        self._mark: tuple[str, re.Pattern] | None = None  # see _serialize_sheet
        self._load_workbook()

    def _member(self, name: str) -> str | None:
        return self._members.get(name.lower())

    def _part(self, name: str) -> Part:
        """A parsed part, by its name in the relationships (matched case-insensitively)."""
        member = self._member(name)
        if member is None:
            raise WorkbookError(f"Berkas '{self._n}' tidak lengkap: bagian {name} tidak ada.")
        part = self._parts.get(member)
        if part is None:
            data = safety.read_part(self._zf, member, self.path)
            part = Part(member, data, safety.parse_xml(data, self.path, member))
            self._parts[member] = part
        return part

    def _touch(self, name: str) -> None:
        self._touched.add(self._part(name).name)

    def _rels(self, part_name: str) -> list[tuple[str, str, str, etree._Element]]:
        """(id, type, resolved target, element) of a part's relationships."""
        d, base = posixpath.split(part_name)
        rels_name = posixpath.join(d, "_rels", base + ".rels")
        if self._member(rels_name) is None:
            return []
        out = []
        for rel in self._part(rels_name).root.iter(T_REL):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(d, target))
            out.append((rel.get("Id"), rel.get("Type", ""), resolved, rel))
        return out

    def _load_workbook(self) -> None:
        wb_name = next((t for _, typ, t, _ in self._rels("") if typ.endswith("/officeDocument")),
                       None)
        if wb_name is None or self._member(wb_name) is None:
            raise WorkbookError(
                f"Berkas '{self._n}' bukan buku kerja Excel: bagian workbook tidak ditemukan.")
        self._wb_name = wb_name
        root = self._part(wb_name).root
        ns = etree.QName(root).namespace
        if ns == STRICT_NS:
            raise WorkbookError(
                f"Berkas '{self._n}' disimpan dalam format 'Strict Open XML' yang tidak didukung. "
                "Simpan ulang dari Excel sebagai buku kerja biasa (.xlsm).")
        if ns != NS:
            raise WorkbookError(f"Berkas '{self._n}' bukan buku kerja Excel yang dikenali.")
        rels = {rid: (typ, target) for rid, typ, target, _ in self._rels(wb_name)}
        self._sheet_list: list[dict[str, Any]] = []
        sheets_el = root.find(f"{{{NS}}}sheets")
        for el in (sheets_el if sheets_el is not None else []):
            rid = el.get(f"{{{R_NS}}}id")
            typ, target = rels.get(rid, ("", None))
            self._sheet_list.append({
                "name": el.get("name"), "state": el.get("state", "visible"),
                "part": target, "worksheet": typ.endswith("/worksheet")})
        self._by_name = {s["name"].lower(): s for s in self._sheet_list}
        pr = root.find(f"{{{NS}}}workbookPr")
        self._date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
        self._styles_name = next((t for typ, t in rels.values() if typ.endswith("/styles")),
                                 None)
        self._sst_name = next((t for typ, t in rels.values() if typ.endswith("/sharedStrings")),
                              None)

    # -- Workbook interface: reading -------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return [s["name"] for s in self._sheet_list]

    def sheet_state(self, sheet: str) -> str:
        """'visible', 'hidden' or 'veryHidden'."""
        return self._sheet_info(sheet)["state"]

    def _sheet_info(self, sheet: str) -> dict[str, Any]:
        info = self._by_name.get(sheet.lower())
        if info is None:
            raise WorkbookError(f"Lembar '{sheet}' tidak ada di berkas '{self._n}'.")
        return info

    def _sheet(self, sheet: str) -> SheetPart | None:
        """The sheet's state, or None for a chart/dialog sheet (no cells)."""
        info = self._sheet_info(sheet)
        name = info["name"]
        st = self._sheets.get(name)
        if st is None:
            if not info["worksheet"] or info["part"] is None:
                return None
            st = SheetPart(name, self._part(info["part"]))
            self._index_sheet(st)
            self._sheets[name] = st
        return st

    def _index_sheet(self, st: SheetPart) -> None:
        # References may be omitted (rare; Excel always writes them): a row's is
        # seen here; a cell's only when something needs cell references (`_refs`).
        fill = False
        prev = 0
        for row in st.sheet_data.iterchildren(T_ROW):
            r = row.get("r")
            if r is None:
                fill = True
            r = int(r) if r else prev + 1
            if r > safety.MAX_ROWS and len(row) == 0 and r > prev:
                # LibreOffice writes an empty <row r="1048576"> after a row is deleted:
                # the limit counts what a sheet holds, not the number on its last row.
                prev = r
                continue
            if r > safety.MAX_ROWS or len(st.rows) >= safety.MAX_ROWS:
                raise WorkbookError(
                    f"Berkas '{self._n}', lembar '{st.name}': lebih dari "
                    f"{safety.MAX_ROWS:,} baris; berkas ditolak.".replace(",", "."))
            if r <= prev:
                raise WorkbookError(
                    f"Berkas '{self._n}', lembar '{st.name}': urutan baris rusak di baris {r}.")
            st.rows[r] = row
            st.row_keys.append(r)
            prev = r
        if fill:
            self._fill_refs(st)
        cols = st.part.root.find(T_COLS)
        if cols is not None:
            for c in cols.iterchildren(T_COL):
                try:
                    st.cols.append((int(c.get("min")), int(c.get("max")), int(c.get("style", 0))))
                except (TypeError, ValueError):
                    continue

    def _refs(self, st: SheetPart) -> None:
        """Make sure every row and cell of the sheet has its reference (one C-level
        check for the whole sheet, the first time something needs them)."""
        if not st.refs_checked and MISSING_REF(st.sheet_data):
            self._fill_refs(st)
        st.refs_checked = True

    def _fill_refs(self, st: SheetPart) -> None:
        for r in st.row_keys:
            row = st.rows[r]
            row.set("r", str(r))
            self._index_cells(row, r)
        st.refs_checked = True

    @staticmethod
    def _index_cells(row: etree._Element, r: int) -> None:
        """Give a reference to each cell that omits it (allowed by the format)."""
        prev = 0
        for c in row.iterchildren(T_C):
            ref = c.get("r")
            if ref is None:
                prev += 1
                c.set("r", cell_ref(r, prev))
            else:
                prev = col_number(ref.rstrip(DIGITS))

    def read(self, sheet: str) -> Grid:
        st = self._sheet(sheet)
        if st is None:
            return []
        if st.grid is None:
            st.grid = self._build_grid(st)
        return [list(r) for r in st.grid]

    def _build_grid(self, st: SheetPart) -> Grid:
        self._elements(st)
        # Each value's row, column and the value, side by side: no tuple per cell
        # (a tuple is an object the garbage collector tracks, a number is not).
        found_r: list[int] = []
        found_c: list[int] = []
        found_v: list[Any] = []
        max_r = max_c = 0
        value, number, kinds = self._cell_value, self._number, self._kinds
        sst: list[str] | None = None  # the shared strings, once a cell needs them
        columns: dict[str, int] = {}  # a reference's letters, checked once per sheet
        for r in st.row_keys:
            digits = str(r)
            width = len(digits)
            for c in st.rows[r].iterchildren(T_C):
                if not len(c):
                    continue  # no <v>, no <is>: empty whatever its type (styled blanks)
                t = c.get("t")
                if t is None or t == "n":  # most cells: a number, read here directly
                    v = c[-1]  # <v> comes last but for a rare <extLst>
                    if v.tag != T_V:
                        v = c.find(T_V)
                        if v is None:
                            continue
                    text = v.text
                    if text is None:
                        continue
                    s = c.get("s")
                    kind = 0 if s is None else kinds.get(s)
                    try:
                        if kind == 0 or (kind is None and s == "0"):
                            # a plain number: what _number gives it, without the call
                            x = float(text)
                            v = int(x) if x.is_integer() and abs(x) < 2 ** 53 else x
                        else:
                            v = number(text, s)
                    except (ValueError, IndexError, OverflowError):
                        v = value(st, c)  # raises the message naming the cell
                elif t == "s":  # a shared string (how Excel saves text): the table's
                    v = c[-1]
                    if v.tag != T_V:
                        v = c.find(T_V)
                        if v is None:
                            continue
                    text = v.text
                    if text is None:
                        continue
                    if sst is None:
                        sst = self._shared_strings()
                    try:
                        i = int(text)
                        if i < 0:
                            raise IndexError(i)
                        v = sst[i]
                    except (ValueError, IndexError):
                        v = value(st, c)  # raises the message naming the cell
                    if not v:
                        continue
                elif t == "inlineStr" and (is_ := c[0]).tag == T_IS and len(is_) == 1 \
                        and (run := is_[0]).tag == T_T:
                    # an inline string of one run (what we write): rich_text's answer
                    v = run.text
                    if not v:
                        continue
                    if "_x" in v:
                        v = unescape(v)
                else:
                    v = value(st, c)
                    if v is None:
                        continue
                ref = c.get("r")
                if ref is None:  # a cell without its reference: give every cell one
                    self._refs(st)
                    ref = c.get("r")
                col = columns.get(ref[:-width]) if ref.endswith(digits) else None
                if col is None:
                    letters = ref.rstrip(DIGITS)
                    if len(letters) > 3 or not letters.isalpha() or \
                            ref[len(letters):] != digits:
                        raise WorkbookError(
                            f"Berkas '{self._n}', lembar '{st.name}', baris {r}: alamat sel "
                            f"'{ref[:20]}' tidak sah.")
                    col = columns[letters] = col_number(letters)
                found_r.append(r)
                found_c.append(col)
                found_v.append(v)
                max_r = r
                if col > max_c:
                    max_c = col
        if max_r * max_c > safety.MAX_GRID_CELLS:
            raise WorkbookError(
                f"Berkas '{self._n}', lembar '{st.name}': area terpakai terlalu besar "
                f"({max_r} baris × {max_c} kolom); hapus isi sel yang tidak perlu.")
        grid = [[None] * max_c for _ in range(max_r)]
        for r, c, v in zip(found_r, found_c, found_v):
            grid[r - 1][c - 1] = v
        return grid

    def _cell_value(self, st: SheetPart, c: etree._Element) -> Any:
        t = c.get("t")
        if t == "inlineStr":
            is_ = c.find(T_IS)
            return (rich_text(is_) or None) if is_ is not None else None
        v = c.find(T_V)
        if v is None or v.text is None:
            return None
        text = v.text
        try:
            if t is None or t == "n":
                return self._number(text, c.get("s"))
            if t == "s":
                return self._shared(int(text)) or None
            if t == "str":
                return unescape(text) or None
            if t == "b":
                return text.strip() in ("1", "true")
            if t == "e":
                return text
            if t == "d":
                return _dt.datetime.fromisoformat(text.strip().rstrip("Z"))
        except (ValueError, IndexError, OverflowError):
            raise WorkbookError(
                f"Berkas '{self._n}', lembar '{st.name}', sel {c.get('r')}: "
                f"nilai '{text[:40]}' tidak sah.") from None
        return text

    def _number(self, text: str, s: str | None) -> Any:
        x = float(text)
        kind = 0 if s is None or s == "0" else self._number_kind(s)
        if kind & 1 and not math.isnan(x):
            d = from_serial(x, self._date1904)
            if isinstance(d, _dt.datetime):
                return d
        if kind & 2:
            return Persen(x)
        if x.is_integer() and abs(x) < 2 ** 53:
            return int(x)
        return x

    def _number_kind(self, s: str) -> int:
        """1: style s shows a date, 2: a percentage (asked once per style)."""
        kind = self._kinds.get(s)
        if kind is None:
            i = int(s)
            styles = self._styles()
            kind = (1 if styles.is_date(i) else 0) | (2 if styles.is_percent(i) else 0)
            self._kinds[s] = kind
        return kind

    def _shared(self, i: int) -> str:
        sst = self._shared_strings()
        if i < 0:
            raise IndexError(i)
        return sst[i]

    def _shared_strings(self) -> list[str]:
        """The shared-string table, each entry's text (read once per workbook)."""
        if self._sst is None:
            self._sst = []
            if self._sst_name and self._member(self._sst_name):
                root = self._part(self._sst_name).root
                self._sst = [rich_text(si) for si in root.iterchildren(f"{{{NS}}}si")]
                # The table is only read; free the tree (strings are never written there).
                self._parts.pop(self._member(self._sst_name), None)
        return self._sst

    def _styles(self) -> "StyleTable":
        if self._styles_state is None:
            if not self._styles_name or self._member(self._styles_name) is None:
                self._styles_state = StyleTable(None)
            else:
                self._styles_state = StyleTable(self._part(self._styles_name))
        return self._styles_state

    def defined_names(self) -> list[tuple[str, str | None, str]]:
        """(name, sheet or None, refers_to) of every defined name."""
        root = self._part(self._wb_name).root
        out = []
        for dn in root.iter(f"{{{NS}}}definedName"):
            lid = dn.get("localSheetId")
            sheet = None
            if lid is not None and lid.isdigit() and int(lid) < len(self._sheet_list):
                sheet = self._sheet_list[int(lid)]["name"]
            out.append((dn.get("name"), sheet, dn.text or ""))
        return out

    def user(self) -> str:
        return safety.current_user()

    # -- Workbook interface: writing ---------------------------------------------------------
    def _writable(self, sheet: str) -> SheetPart:
        if not self._write:
            raise RuntimeError("workbook opened read-only")
        st = self._sheet(sheet)
        if st is None:
            raise WorkbookError(f"Lembar '{sheet}' di berkas '{self._n}' bukan lembar kerja berisi sel.")
        self._refs(st)
        return st

    def write_region(self, sheet: str, top_row: int, rows: Sequence[Sequence[Any]],
                     left_col: int = 1, width: int | None = None) -> None:
        st = self._writable(sheet)
        if top_row < 1 or left_col < 1:
            raise ValueError("top_row and left_col are 1-based")
        lo, hi = (1, MAX_COL) if width is None else (left_col, left_col + width - 1)
        if width is not None and any(len(r) > width for r in rows):
            raise ValueError(f"a row is wider than width={width}")
        if top_row + len(rows) - 1 > safety.MAX_ROWS:
            raise WorkbookError(f"Lembar '{sheet}': lebih dari {safety.MAX_ROWS} baris.")
        masters: list[tuple[str, str, str]] = []
        new = {top_row + i: row for i, row in enumerate(rows)}
        targets = sorted(set(st.row_keys[bisect_left(st.row_keys, top_row):]) |
                         {r for r, vals in new.items() if any(v is not None for v in vals)})
        memo: dict = {}  # column letters and styles; texts' markup (labels repeat)
        # Cells held as markup that this region replaces become elements first (so they
        # are cleared as any cell is); those outside it are kept as they are.
        self._elements(st, [r for r in targets if r in st.markup and any(
            lo <= col <= hi for col in st.markup[r][0])])
        pending = []
        for r in targets:
            values = new.get(r, ())
            row = st.row(r, create=True)
            kept, old_styles = self._clear_span(st, row, lo, hi, masters)
            held = st.markup.pop(r, None)
            cols, marks = self._new_cells(st, row, r, values, left_col, lo, hi, old_styles,
                                          memo)
            if kept or old_styles or held:
                cells = kept + list(zip(cols, marks))
                if held:
                    cells += zip(*held)
                cells.sort(key=_first)
                pending.append((row, r, cells, kept))
            else:  # new cells alone, in column order
                pending.append((row, r, None, (cols, marks)))
        self._set_rows_cells(st, pending)
        if masters:
            self._unshare_orphans(st, masters)
        self._sheet_changed(st)

    def _clear_span(self, st: SheetPart, row: etree._Element, lo: int, hi: int,
                    masters: list) -> tuple[list, dict[int, int]]:
        """Cells of the row outside [lo, hi], and the styles of those inside."""
        kept, old_styles = [], {}
        for c in row.iterchildren(T_C):
            col = cell_col(c)
            if lo <= col <= hi:
                s = c.get("s")
                if s and s != "0":
                    old_styles[col] = int(s)
                self._note_formula_removed(st, c, masters)
            else:
                kept.append((col, c))
        return kept, old_styles

    def _note_formula_removed(self, st: SheetPart, c: etree._Element, masters: list) -> None:
        f = c.find(T_F)
        if f is None:
            return
        # The calc chain lists formula cells: any formula removed makes it stale.
        st.formula_changed = True
        if f.get("t") == "shared" and f.text and f.get("si") is not None:
            masters.append((f.get("si"), c.get("r"), f.text))

    def _new_cells(self, st: SheetPart, row: etree._Element, r: int, values: Sequence[Any],
                   left_col: int, lo: int, hi: int, old_styles: dict[int, int],
                   memo: dict | None = None) -> tuple[list[int], list[str]]:
        """The columns and markup of the row's new cells, plus styled blanks worth
        keeping (after the others).  `memo`: what a region's rows share (column letters
        and styles, escaped texts).  Two lists rather than a pair per cell: a pair is an
        object the garbage collector tracks, a column number or a text is not."""
        cols: list[int] = []
        marks: list[str] = []
        row_style = self._row_style(row)
        digits = str(r)
        memo = {} if memo is None else memo
        plain = not old_styles and row_style is None  # each cell's style its column's
        for j, value in enumerate(values):
            col = left_col + j
            if value is None or (type(value) is str and not value):
                if old_styles:
                    c = self._styled_blank(st, r, col, old_styles)
                    if c is not None:
                        cols.append(col)
                        marks.append(c)
                continue
            # The common values (text, whole and finite numbers) are written here
            # directly, the rest by _cell_markup: the same markup either way.
            column = memo.get(col)
            if column is None:
                letters, style = col_letter(col), st.col_style(col)
                column = memo[col] = (letters, style, f'<c r="{letters}',
                                      f' s="{style}"' if style else "")
            if plain:
                style, head, s = column[1], column[2], column[3]
            else:
                style = column[1] or old_styles.get(col) or row_style
                head, s = column[2], (f' s="{style}"' if style else "")
            kind = type(value)
            if kind is str:
                body = memo.get(value)
                if body is None:
                    body = memo[value] = xml_text(escape(value[:MAX_TEXT]))
                c = (f'{head}{digits}"{s} t="inlineStr"><is><t xml:space="preserve">'
                     f'{body}</t></is></c>')
            elif kind is int:
                c = f'{head}{digits}"{s}><v>{value}</v></c>'
            elif kind is float and math.isfinite(value):
                text = str(int(value)) if value.is_integer() and abs(value) < 2 ** 53 \
                    else repr(value)  # number_text's spelling
                c = f'{head}{digits}"{s}><v>{text}</v></c>'
            else:
                c = self._cell_markup(st, column[0] + digits, value, style)
                if c is None:
                    c = self._styled_blank(st, r, col, old_styles)
            if c is not None:
                cols.append(col)
                marks.append(c)
        end = left_col + len(values)
        for col in old_styles:
            if not left_col <= col < end:  # a column the values do not reach
                c = self._styled_blank(st, r, col, old_styles)
                if c is not None:
                    cols.append(col)
                    marks.append(c)
        return cols, marks

    def _styled_blank(self, st: SheetPart, r: int, col: int, old_styles: dict[int, int]):
        """Keep a cleared cell's formatting unless its column already gives it."""
        s = old_styles.get(col)
        if s is None or s == st.col_style(col):
            return None
        return f'<c r="{cell_ref(r, col)}" s="{s}"/>'

    @staticmethod
    def _row_style(row: etree._Element) -> int | None:
        if row.get("customFormat") in ("1", "true") and row.get("s"):
            return int(row.get("s")) or None
        return None

    def _set_rows_cells(self, st: SheetPart, pending: list) -> None:
        """Replace each row's cells by its `cells` ((col, element or markup) in column
        order; `kept`: those of them that were there before), or, where `cells` is None,
        by new cells alone (`kept` is then their columns and markup).  A row of new
        cells only is held as markup (`SheetPart.markup`); the others' new cells are
        parsed, every row's at once (much cheaper than row by row)."""
        markup, parsing = [], []
        for row, r, cells, kept in pending:
            tail = [e for e in row if e.tag != T_C] if len(row) else []
            if "spans" in row.attrib:
                del row.attrib["spans"]  # an optional hint; wrong is worse than absent
            if cells is None:
                if kept[0] and not tail:
                    if len(row):
                        row[:] = []
                    st.markup[r] = kept
                    continue
                cells, kept = list(zip(*kept)), []
            if cells and not tail and all(type(c) is str for _, c in kept):
                if len(row):
                    row[:] = []
                st.markup[r] = ([c for c, _ in cells], [m for _, m in cells])
                continue
            parsing.append((row, r, cells, tail))
            markup.append([c for _, c in cells if isinstance(c, str)])
        for (row, r, cells, tail), parsed in zip(parsing, parse_rows(markup)):
            if parsed:
                parsed = iter(parsed)
                elements = [c if not isinstance(c, str) else next(parsed) for _, c in cells]
            else:
                elements = [c for _, c in cells]
            row[:] = elements + tail  # e.g. an extLst stays last
            if not cells and not tail and not row_has_format(row):
                st.drop_row(r)

    def _elements(self, st: SheetPart, rows: Sequence[int] | None = None) -> None:
        """Turn cells held as markup into elements: every row's, or those of `rows`
        (parsed together; such a row has no children until then)."""
        if not st.markup:
            return
        keys = sorted(st.markup) if rows is None else [r for r in rows if r in st.markup]
        if not keys:
            return
        parsed = parse_rows([st.markup[r][1] for r in keys])
        for r, cells in zip(keys, parsed):
            del st.markup[r]
            st.rows[r][:] = cells

    def _serialize_sheet(self, st: SheetPart) -> bytes:
        """The sheet's bytes, with the cells held as markup written in their rows: each
        such row gets a text naming it (with a token this workbook object made, so no
        text in the sheet can be taken for one), replaced after by the row's cells."""
        if not st.markup:
            return st.part.serialize()
        if st.rows[next(iter(st.markup))].nsmap.get(None) != NS:
            # The markup is unprefixed: the main namespace only where the sheet makes it
            # the default (as Excel and LibreOffice write); a sheet that binds it to a
            # prefix (<x:worksheet>, as some generators write) gets elements instead.
            self._elements(st)
            return st.part.serialize()
        if self._mark is None:
            token = os.urandom(8).hex()
            self._mark = (token, re.compile(token.encode("ascii") + rb":(\d+):"))
        token, pattern = self._mark
        keys = list(st.markup)
        rows = st.rows
        try:
            for i, r in enumerate(keys):
                rows[r].text = f"{token}:{i}:"
            data = st.part.serialize()
        finally:
            for r in keys:
                rows[r].text = None
        parts = pattern.split(data)
        if len(parts) != 2 * len(keys) + 1:
            raise RuntimeError(f"sheet {st.name!r}: rows of cells misplaced")
        markup = st.markup
        for j in range(1, len(parts), 2):
            parts[j] = "".join(markup[keys[int(parts[j])]][1]).encode("utf-8")
        return b"".join(parts)

    def _make_cell(self, st: SheetPart, ref: str, value: Any, style: int | None):
        """A new <c> element for value, or None for an empty value."""
        markup = self._cell_markup(st, ref, value, style)
        return None if markup is None else parse_cells([markup])[0]

    def _cell_markup(self, st: SheetPart, ref: str, value: Any, style: int | None) -> str | None:
        """The XML of a new cell holding value, or None for an empty value."""
        kind = type(value)
        s = f' s="{style}"' if style else ""
        # Fast paths first: generated sheets are mostly plain text and numbers.
        if kind is str:
            if not value:
                return None
            return (f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">'
                    f'{xml_text(escape(value[:MAX_TEXT]))}</t></is></c>')
        if kind is int:
            return f'<c r="{ref}"{s}><v>{value}</v></c>'
        if kind is float and math.isfinite(value):
            return f'<c r="{ref}"{s}><v>{number_text(value)}</v></c>'
        if isinstance(value, Link):
            value = value.formula()
        if isinstance(value, Formula):
            text = str(value)
            text = text[1:] if text.startswith("=") else text
            if not text:
                return None
            st.formula_changed = True
            return f'<c r="{ref}"{s}><f>{xml_text(ILLEGAL.sub("", text))}</f></c>'
        if value is None:
            return None
        if isinstance(value, bool):
            return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
            serial = to_serial(value, self._date1904)
            if serial is None:  # before 1900: Excel cannot hold it as a date
                return self._cell_markup(st, ref, value.isoformat(), style)
            style = self._styles().date_style(style, value)
            s = f' s="{style}"' if style else ""
            return f'<c r="{ref}"{s}><v>{number_text(serial)}</v></c>'
        if isinstance(value, numbers.Real):
            x = float(value)
            if math.isnan(x):
                return None
            if math.isinf(x):
                return f'<c r="{ref}"{s} t="e"><v>#NUM!</v></c>'
            text = str(int(value)) if isinstance(value, numbers.Integral) else number_text(x)
            return f'<c r="{ref}"{s}><v>{text}</v></c>'
        return self._cell_markup(st, ref, str(value), style)

    def _unshare_orphans(self, st: SheetPart, masters: list[tuple[str, str, str]]) -> None:
        """A removed shared-formula master leaves dependents without a formula text:
        give each remaining dependent its own translated formula."""
        from openpyxl.formula.translate import Translator
        self._elements(st)
        by_si = {si: (ref, text) for si, ref, text in masters}
        for r in st.row_keys:
            for c in st.rows[r].iterchildren(T_C):
                f = c.find(T_F)
                if f is None or f.get("t") != "shared" or f.get("si") not in by_si or f.text:
                    continue
                origin, text = by_si[f.get("si")]
                f.text = Translator("=" + text, origin=origin).translate_formula(c.get("r"))[1:]
                for a in ("t", "si", "ref"):
                    f.attrib.pop(a, None)

    def write_cells(self, sheet: str, cells: dict[Cell, Any]) -> None:
        st = self._writable(sheet)
        self._elements(st)
        changed = False
        masters: list = []
        for (r, col), value in sorted(cells.items()):
            if not (1 <= r <= safety.MAX_ROWS and 1 <= col <= MAX_COL):
                raise ValueError(f"cell {(r, col)} out of range")
            row = st.row(r, create=True)
            old = self._find_cell(row, col)
            if old is not None and not isinstance(value, (Formula, Link)) and \
                    old.find(T_F) is None and self._same_value(st, old, value):
                continue  # as the user typed it already: leave the cell untouched
            if old is not None:
                style = int(old.get("s")) if old.get("s") else None
                self._note_formula_removed(st, old, masters)
            else:
                style = st.col_style(col) or self._row_style(row)
            c = self._make_cell(st, cell_ref(r, col), value, style)
            if c is None and style and style != st.col_style(col):
                c = etree.Element(T_C, r=cell_ref(r, col), s=str(style))
            self._put_cell(st, row, r, col, old, c)
            changed = True
        if masters:
            self._unshare_orphans(st, masters)
        if changed:
            self._sheet_changed(st)

    def _same_value(self, st: SheetPart, old: etree._Element, value: Any) -> bool:
        current = self._cell_value(st, old)
        if isinstance(value, str) and value == "":
            value = None
        if type(current) is bool or type(value) is bool:
            return type(current) is type(value) and current == value
        if isinstance(value, numbers.Real) and isinstance(current, numbers.Real):
            return float(current) == float(value)
        if isinstance(value, _dt.datetime) and isinstance(current, _dt.datetime):
            return value.replace(tzinfo=None) == current
        return type(current) is type(value) and current == value

    @staticmethod
    def _find_cell(row: etree._Element, col: int) -> etree._Element | None:
        for c in row.iterchildren(T_C):
            cc = cell_col(c)
            if cc == col:
                return c
            if cc > col:
                return None
        return None

    def _put_cell(self, st: SheetPart, row, r: int, col: int, old, new) -> None:
        if old is not None:
            if new is None:
                row.remove(old)
            else:
                old.addnext(new)
                row.remove(old)
        elif new is not None:
            for c in row.iterchildren(T_C):
                if cell_col(c) > col:
                    c.addprevious(new)
                    break
            else:
                cells = list(row.iterchildren(T_C))
                if cells:
                    cells[-1].addnext(new)
                else:
                    row.insert(0, new)
        if "spans" in row.attrib:
            del row.attrib["spans"]
        if len(row) == 0 and not row_has_format(row):
            st.drop_row(r)

    def set_row_heights(self, sheet: str, heights: dict[int, float | None]) -> None:
        st = self._writable(sheet)
        changed = False
        for r, height in sorted(heights.items()):
            row = st.row(r, create=height is not None)
            if row is None:
                continue
            if height is None:
                for attr in ("ht", "customHeight"):
                    if attr in row.attrib:
                        del row.attrib[attr]
                        changed = True
                if not len(row) and r not in st.markup and not row_has_format(row):
                    st.drop_row(r)
                continue
            text = number_text(round(float(height), 2))
            if row.get("ht") != text or row.get("customHeight") not in ("1", "true"):
                row.set("ht", text)
                row.set("customHeight", "1")
                changed = True
        if changed:
            self._touched.add(st.part.name)

    def set_row_breaks(self, sheet: str, rows: Sequence[int]) -> None:
        st = self._writable(sheet)
        root = st.part.root
        old = root.find(T_ROWBREAKS)
        # A break's id is the last row above it (zero-based first row below it).
        current = [int(b.get("id", "0")) + 1 for b in old.iterfind(T_BRK)] \
            if old is not None else []
        want = sorted(set(rows))
        if current == want:
            return
        if old is not None:
            root.remove(old)
        if want:
            el = etree.Element(T_ROWBREAKS, count=str(len(want)), manualBreakCount=str(len(want)))
            for r in want:
                etree.SubElement(el, T_BRK, id=str(r - 1), max="16383", man="1")
            insert_after(root, el, _BEFORE_ROWBREAKS)
        self._touched.add(st.part.name)

    def move_chart(self, sheet: str, row: int, col: int = 1,
                   data_rows: int | None = None) -> None:
        st = self._writable(sheet)
        drawing = st.part.root.find(T_DRAWING)
        if drawing is None:
            return
        rid = drawing.get(f"{{{R_NS}}}id")
        target = next((t for i, _, t, _ in self._rels(st.part.name) if i == rid), None)
        if target is None:
            return
        part = self._part(target)
        anchors = [a for a in part.root if a.find(f".//{{{XDR_NS}}}graphicFrame") is not None]
        if not anchors:
            return
        if data_rows is not None:
            self._chart_rows(target, data_rows)
        first = anchors[0].find(f"{{{XDR_NS}}}from")
        d_row = row - 1 - int(first.findtext(f"{{{XDR_NS}}}row"))
        d_col = col - 1 - int(first.findtext(f"{{{XDR_NS}}}col"))
        if not d_row and not d_col:
            return
        for a in anchors:
            for corner in ("from", "to"):
                el = a.find(f"{{{XDR_NS}}}{corner}")
                if el is None:
                    continue
                r, c = el.find(f"{{{XDR_NS}}}row"), el.find(f"{{{XDR_NS}}}col")
                r.text = str(int(r.text) + d_row)
                c.text = str(int(c.text) + d_col)
        self._touched.add(part.name)

    def _chart_rows(self, drawing: str, rows: int) -> None:
        """Make every range of the drawing's charts `rows` rows long (single cells,
        the series names, stay); cached values go, the reader takes the cells."""
        for _, typ, target, _ in self._rels(drawing):
            if not typ.endswith("/chart"):
                continue
            part = self._part(target)
            changed = False
            for f in part.root.iter(f"{{{C_NS}}}f"):
                m = _RANGE_ROWS.match(f.text or "")
                if m:
                    text = f"{m.group(1)}{int(m.group(2)) + max(rows, 1) - 1}"
                    if text != f.text:
                        f.text = text
                        changed = True
            for cache in list(part.root.iter(f"{{{C_NS}}}numCache", f"{{{C_NS}}}strCache")):
                cache.getparent().remove(cache)
                changed = True
            if changed:
                self._touched.add(part.name)

    def lock_cells(self, sheet: str, cells: Sequence[Cell]) -> None:
        st = self._writable(sheet)
        self._elements(st)
        styles = self._styles()
        changed = False
        for r, col in sorted(set(cells)):
            row = st.row(r, create=False)
            old = self._find_cell(row, col) if row is not None else None
            if old is not None:
                style = int(old.get("s") or 0)
            else:
                style = (st.col_style(col) or
                         (self._row_style(row) if row is not None else None) or 0)
            locked = styles.locked_style(style)
            if locked == style:
                continue  # already locked: nothing to change, so a rerun is a no-op
            if old is not None:
                old.set("s", str(locked))
            else:
                row = st.row(r, create=True)
                self._put_cell(st, row, r, col, None,
                               etree.Element(T_C, r=cell_ref(r, col), s=str(locked)))
            changed = True
        if changed:
            self._sheet_changed(st)

    def set_name(self, name: str, refers_to: str, sheet: str | None = None) -> None:
        if not self._write:
            raise RuntimeError("workbook opened read-only")
        value = refers_to[1:] if refers_to.startswith("=") else refers_to
        local_id = None
        if sheet is not None:
            info = self._sheet_info(sheet)
            local_id = str(self._sheet_list.index(info))
        part = self._part(self._wb_name)
        root = part.root
        names = root.find(f"{{{NS}}}definedNames")
        if names is None:
            names = etree.Element(f"{{{NS}}}definedNames")
            insert_after(root, names, ("sheets", "functionGroups", "externalReferences"))
        for dn in names.iterchildren(f"{{{NS}}}definedName"):
            if (dn.get("name", "").lower() == name.lower()
                    and dn.get("localSheetId") == local_id):
                if dn.text != value:
                    dn.text = value
                    self._touch(self._wb_name)
                return
        dn = etree.SubElement(names, f"{{{NS}}}definedName", name=name)
        if local_id is not None:
            dn.set("localSheetId", local_id)
        dn.text = value
        self._touch(self._wb_name)

    def _sheet_changed(self, st: SheetPart) -> None:
        # The dimension is brought up to date once, when changes are collected.
        st.grid = None
        self._touched.add(st.part.name)

    def _update_dimension(self, st: SheetPart) -> None:
        self._refs(st)
        min_r = min_c = None
        max_r = max_c = 0
        for r in st.row_keys:
            # cells are kept in column order: the ends of a row are its extremes
            held = st.markup.get(r)
            if held:
                if min_r is None:
                    min_r = r
                max_r = r
                lo, hi = held[0][0], held[0][-1]
                min_c = lo if min_c is None else min(min_c, lo)
                max_c = max(max_c, hi)
                continue
            row = st.rows[r]
            if not len(row):
                continue
            first, last = row[0], row[-1]
            if first.tag != T_C or last.tag != T_C:  # something besides cells
                cells = row.findall(T_C)
                if not cells:
                    continue
                first, last = cells[0], cells[-1]
            if min_r is None:
                min_r = r
            max_r = r
            lo, hi = cell_col(first), cell_col(last)
            min_c = lo if min_c is None else min(min_c, lo)
            max_c = max(max_c, hi)
        if min_r is None:
            ref = "A1"
        elif (min_r, min_c) == (max_r, max_c):
            ref = cell_ref(min_r, min_c)
        else:
            ref = f"{cell_ref(min_r, min_c)}:{cell_ref(max_r, max_c)}"
        root = st.part.root
        dim = root.find(T_DIMENSION)
        if dim is None:
            dim = etree.Element(T_DIMENSION)
            insert_after(root, dim, ("sheetPr",))
        if dim.get("ref") != ref:
            dim.set("ref", ref)

    # -- saving --------------------------------------------------------------------------
    def _finish_calc(self, changed_sheets: list[SheetPart]) -> None:
        """Recalculate on open after data changes; drop the calc chain after formula changes."""
        if not changed_sheets:
            return
        wb = self._part(self._wb_name)
        calc = wb.root.find(f"{{{NS}}}calcPr")
        if calc is None:
            calc = etree.Element(f"{{{NS}}}calcPr")
            insert_after(wb.root, calc, ("sheets", "functionGroups", "externalReferences",
                                          "definedNames"))
        if calc.get("fullCalcOnLoad") not in ("1", "true"):
            calc.set("fullCalcOnLoad", "1")
            self._touch(self._wb_name)
        if any(st.formula_changed for st in changed_sheets):
            self._drop_calc_chain()

    def _drop_calc_chain(self) -> None:
        for rid, typ, target, rel in self._rels(self._wb_name):
            if typ.endswith("/calcChain"):
                rel.getparent().remove(rel)
                d, base = posixpath.split(self._wb_name)
                self._touch(posixpath.join(d, "_rels", base + ".rels"))
                member = self._member(target)
                if member:
                    self._removed.add(member)
                ct = self._part("[Content_Types].xml")
                for ov in list(ct.root.iterchildren(f"{{{CT_NS}}}Override")):
                    if ov.get("PartName", "").lstrip("/").lower() == target.lower():
                        ct.root.remove(ov)
                        self._touch("[Content_Types].xml")

    def _changes(self) -> dict[str, bytes]:
        """Member name → new bytes, for the parts whose bytes really differ."""
        out: dict[str, bytes] = {}
        sheet_parts = {st.part.name: st for st in self._sheets.values()}
        changed_sheets = []
        for name in sorted(self._touched & set(sheet_parts)):
            st = sheet_parts[name]
            self._update_dimension(st)
            data = self._serialize_sheet(st)
            if data != st.part.original:
                out[name] = data
                changed_sheets.append(st)
        self._finish_calc(changed_sheets)
        if self._styles_state is not None and self._styles_state.touched:
            self._touched.add(self._styles_state.part.name)
        for name in sorted(self._touched - set(sheet_parts)):
            part = self._parts[name]
            data = part.serialize()
            if data != part.original:
                out[name] = data
        out.update(self._binary)
        return out

    # -- whole parts and code names (perbarui-makro; the file adapter only) -------------------
    def package_part(self, name: str) -> bytes | None:
        """A member's bytes as they are in the file, or None when there is none."""
        member = self._member(name)
        return None if member is None else safety.read_part(self._zf, member, self.path)

    def replace_part(self, name: str, data: bytes) -> None:
        """Give an existing binary member new bytes at the next save (the VBA project,
        the ribbon part); parts the adapter parses are edited through their trees."""
        member = self._member(name)
        if member is None:
            raise WorkbookError(f"Berkas '{self._n}' tidak memiliki bagian {name}.")
        self._binary[member] = data

    def code_names(self) -> tuple[str | None, list[str | None]]:
        """The workbook's VBA code name and each worksheet's, in sheet order."""
        pr = self._part(self._wb_name).root.find(f"{{{NS}}}workbookPr")
        out = []
        for info in self._sheet_list:
            st = self._sheet(info["name"]) if info["worksheet"] else None
            if st is None:
                continue
            sp = st.part.root.find(f"{{{NS}}}sheetPr")
            out.append(None if sp is None else sp.get("codeName"))
        return (None if pr is None else pr.get("codeName")), out

    def set_code_names(self, workbook: str, sheets: Sequence[str]) -> None:
        """Set the VBA code names (the document modules of the VBA project must match)."""
        wb = self._part(self._wb_name)
        pr = wb.root.find(f"{{{NS}}}workbookPr")
        if pr is None:
            pr = etree.Element(f"{{{NS}}}workbookPr")
            insert_after(wb.root, pr, ("fileVersion", "fileSharing"))
        if pr.get("codeName") != workbook:
            pr.set("codeName", workbook)
            self._touch(self._wb_name)
        worksheets = [i for i in self._sheet_list if i["worksheet"] and i["part"]]
        for info, code in zip(worksheets, sheets, strict=True):
            st = self._sheet(info["name"])
            sp = st.part.root.find(f"{{{NS}}}sheetPr")
            if sp is None:
                sp = etree.Element(f"{{{NS}}}sheetPr")
                st.part.root.insert(0, sp)
            if sp.get("codeName") != code:
                sp.set("codeName", code)
                self._touch(st.part.name)

    def formula_cells(self, sheet: str) -> set[Cell]:
        """The cells of a sheet that hold a formula (a staff copy's locked preview
        cells must still be formulas; a value typed over one is named, not taken)."""
        st = self._sheet(sheet)
        if st is None:
            return set()
        self._refs(st)
        self._elements(st)
        out: set[Cell] = set()
        for r in st.row_keys:
            for c in st.rows[r].iterchildren(T_C):
                if c.find(T_F) is not None:
                    ref = c.get("r")
                    out.add((r, col_number(ref.rstrip(DIGITS))))
        return out

    def changed_parts(self) -> list[str]:
        """Package members a save would rewrite or remove (sorted)."""
        return sorted(set(self._changes()) | self._removed)

    def save(self) -> None:
        if not self._write:
            raise RuntimeError("workbook opened read-only")
        changes = self._changes()
        if not changes and not self._removed:
            return  # nothing changed: the file stays exactly as it was
        safety.check_office_locks(self.path)
        try:
            if safety.file_stamp(self.path) != self._stamp:
                raise WorkbookError(
                    f"Berkas '{self._n}' diubah program lain sejak dibuka; perubahan tidak "
                    "disimpan. Jalankan perintah lagi.")
        except OSError as exc:
            raise WorkbookError(f"Berkas '{self._n}' tidak dapat dibaca: {exc}.") from exc
        zf = self._zf

        def write(out: IO[bytes]) -> None:
            write_package(self.path, self._infos, changes, self._removed, zf.comment, out)

        saved = False
        try:
            safety.atomic_write(self.path, write, before_replace=zf.close)
            saved = True
        finally:
            self._reopen(changes if saved else None)

    def _reopen(self, saved: dict[str, bytes] | None) -> None:
        """Re-open the new file (or the untouched old one after a failure).

        Loaded trees stay valid; after a save their bytes on disk are the new
        baseline, so the next save only writes what changes after this one."""
        self._zf.close()
        self._zf = safety.open_package(self.path)
        self._stamp = safety.file_stamp(self.path)
        if saved is not None:
            for part in self._parts.values():
                if part.name in saved:
                    part.original = saved[part.name]
            self._removed = set()
            self._touched = set()
            self._binary = {}
            if self._styles_state is not None:
                self._styles_state.touched = False
            for st in self._sheets.values():
                st.formula_changed = False
        self._infos = self._zf.infolist()
        self._members = {i.filename.lower(): i.filename for i in self._infos}
        self._finalizer.detach()
        self._finalizer = weakref.finalize(self, _cleanup, self._zf, self._lock)

    # -- lifetime ----------------------------------------------------------------------------
    def close(self) -> None:
        if self._zf is not None:
            self._zf.close()
        if self._lock is not None:
            self._lock.release()
        fin = getattr(self, "_finalizer", None)
        if fin is not None:
            fin.detach()

    def __enter__(self) -> "FileWorkbook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _cleanup(zf, lock) -> None:
    if zf is not None:
        zf.close()
    if lock is not None:
        lock.release()
