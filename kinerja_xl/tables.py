"""Input tables (CSV or XLSX) and sheet regions as rows keyed by header name.

A `Row` remembers where each value came from, so every message can name the file
(or sheet), the row and the column a person has to look at.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from .io.base import Grid, WorkbookError
from .io.cells import cell_ref


@dataclass
class Row:
    values: dict[str, Any]
    source: str          # file name or sheet name
    row: int             # 1-based row in the source
    columns: dict[str, int] = field(default_factory=dict)  # header -> 1-based column
    in_sheet: bool = False

    def get(self, header: str, default: Any = None) -> Any:
        value = self.values.get(header, default)
        if isinstance(value, str):
            value = value.strip()
            return value if value != "" else default
        return default if value is None else value

    def where(self, header: str | None = None) -> str:
        """'berkas pk.csv baris 4 kolom Arah' or "lembar 'PK' sel G4"."""
        col = self.columns.get(header) if header else None
        if self.in_sheet:
            if col is None:
                return f"lembar '{self.source}' baris {self.row}"
            return f"lembar '{self.source}' sel {cell_ref(self.row, col)}"
        text = f"berkas {self.source} baris {self.row}"
        return text + (f" kolom {header}" if header else "")

    def cell(self, header: str) -> str | None:
        col = self.columns.get(header)
        return None if col is None else cell_ref(self.row, col)


class TableError(WorkbookError):
    """A bad input table: the command cannot run (exit code 2)."""


def _norm(text: Any) -> str:
    return " ".join(str(text).split()).casefold() if text is not None else ""


def header_map(header_cells: Sequence[Any], wanted: Iterable[str]) -> dict[str, int]:
    """Map each wanted header to its 1-based column, matching names loosely
    (case and spacing), so a table typed by hand still matches."""
    found = {}
    index = {_norm(h): i + 1 for i, h in enumerate(header_cells) if _norm(h)}
    for name in wanted:
        col = index.get(_norm(name))
        if col is not None:
            found[name] = col
    return found


def rows_from_grid(grid: Grid, header_row: int, headers: Sequence[str],
                   required: Sequence[str], source: str, in_sheet: bool,
                   data_row: int | None = None) -> list[Row]:
    """Rows below `header_row` (1-based) until the end, skipping blank rows."""
    header_cells = grid[header_row - 1] if len(grid) >= header_row else []
    columns = header_map(header_cells, headers)
    missing = [h for h in required if h not in columns]
    if missing:
        where = (f"lembar '{source}' baris {header_row}" if in_sheet
                 else f"berkas {source} baris {header_row}")
        raise TableError(f"{where}: kolom {', '.join(missing)} tidak ditemukan. "
                         f"Judul kolom yang diharapkan: {', '.join(headers)}.")
    rows = []
    start = data_row or header_row + 1
    for r in range(start - 1, len(grid)):
        line = grid[r]
        values = {h: (line[c - 1] if c - 1 < len(line) else None) for h, c in columns.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        rows.append(Row(values, source, r + 1, columns, in_sheet))
    return rows


def read_table_file(path: str | Path) -> Grid:
    """A CSV (comma or semicolon, UTF-8 with or without BOM, or cp1252) or the
    first sheet of an XLSX, as a grid of raw values."""
    path = Path(path)
    if not path.is_file():
        raise TableError(f"Berkas {path} tidak ditemukan.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx_table(path)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx_table(path: Path) -> Grid:
    from .io import open_workbook

    book = open_workbook(path, write=False)
    names = book.sheet_names()
    return book.read(names[0])


def load_table(path: str | Path, headers: Sequence[str], required: Sequence[str]) -> list[Row]:
    grid = read_table_file(path)
    if not grid:
        raise TableError(f"Berkas {Path(path).name} kosong.")
    return rows_from_grid(grid, 1, headers, required, Path(path).name, in_sheet=False)
