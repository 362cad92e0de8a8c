"""Rows keyed by header name, from a sheet region or an input table file.

A `Row` remembers where each value came from, so every message and finding can name
the file, the sheet and the cell a person has to look at.  Reading the table files
themselves (formats, header finding, column names, separators) is `kinerja_xl.tabel`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from . import temuan as T
from .io.base import Grid, WorkbookError
from .io.cells import cell_ref


@dataclass
class Row:
    values: dict[str, Any]
    source: str          # file name or sheet name
    row: int             # 1-based row in the source
    columns: dict[str, int] = field(default_factory=dict)  # header -> 1-based column
    in_sheet: bool = False
    lembar: str | None = None  # the sheet of a table file (None for a CSV)

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
        text = f"berkas {self.source}" + (f" lembar '{self.lembar}'" if self.lembar else "")
        if col is None:
            return text + f" baris {self.row}"
        return text + f" sel {cell_ref(self.row, col)} (kolom {header})"

    def cell(self, header: str) -> str | None:
        col = self.columns.get(header)
        return None if col is None else cell_ref(self.row, col)


    def temuan(self, header: str | None, kode_temuan: str, kode: str | None = None,
               **isi: object) -> T.Temuan:
        """A catalogue finding about this row (and column)."""
        sel = self.cell(header) if header else None
        if self.in_sheet:
            return T.buat(kode_temuan, lembar=self.source, sel=sel, kode=kode, **isi)
        return temuan_berkas(self.source, self.lembar, sel, kode_temuan, kode=kode,
                             kolom_judul=header, **isi)


def temuan_berkas(berkas: str, lembar: str | None, sel: str | None, kode_temuan: str,
                  kode: str | None = None, kolom_judul: str | None = None,
                  **isi: object) -> T.Temuan:
    """A finding about a cell of an input table file; the message names the file,
    the sheet (none for a CSV) and the cell."""
    dasar = T.buat(kode_temuan, kode=kode, **isi)
    lokasi = f"Berkas {berkas}" + (f", lembar '{lembar}'" if lembar else "")
    if sel:
        lokasi += f" sel {sel}" + (f" (kolom {kolom_judul})" if kolom_judul else "")
    return T.Temuan(dasar.kode_temuan, dasar.tingkat, lembar, sel, kode,
                    f"{lokasi}: {dasar.pesan}")


class TableError(WorkbookError):
    """A bad input table: the command cannot run (exit code 2).  `temuan` holds the
    catalogue findings, one per bad cell."""

    def __init__(self, pesan: str, temuan=()):
        super().__init__(pesan, 2, temuan)


def table_error(judul: str, temuan: list[T.Temuan], batas: int = 30) -> TableError:
    """Every finding in the message (up to `batas`), all of them in `temuan`."""
    shown = [t.pesan for t in temuan[:batas]]
    more = len(temuan) - len(shown)
    tail = f"\n  … dan {more} masalah lain." if more > 0 else ""
    return TableError(f"{judul}\n  " + "\n  ".join(shown) + tail, temuan)


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
                         f"Judul kolom yang diharapkan: {', '.join(headers)}.",
                         [T.buat("kolom_hilang", lembar=source if in_sheet else None,
                                 kolom=h) for h in missing])
    rows = []
    start = data_row or header_row + 1
    for r in range(start - 1, len(grid)):
        line = grid[r]
        values = {h: (line[c - 1] if c - 1 < len(line) else None) for h, c in columns.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        rows.append(Row(values, source, r + 1, columns, in_sheet))
    return rows
