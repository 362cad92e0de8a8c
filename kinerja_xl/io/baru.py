"""A new plain `.xlsx`, written from a description of its sheets.

Operations that hand a file out (`bagikan`: the staff copies, `gabung`: the
kabupaten view) describe what the new workbook holds — cell values, column widths,
number formats, unlocked input cells, protection, hidden sheets, list validations,
defined names, a few named cell styles — and `tulis_baru` writes it.  A sheet the
builder already knows how to draw (a staff sheet with its look, dropdowns and
preview formulas) is drawn by the builder's own function (`Lembar.gambar`) and the
description's cells are written on top of it, so the copy and the master cannot
drift apart.

`tulis_berkas` writes any new file's bytes the same way (the next year's workbook).
`xlsx_bytes` and `fix_core_dates` are what the builder uses for the master too:
a workbook's bytes, with the document dates set to a given stamp so the same input
gives the same file.

`xlsx_bytes` is the one place every new workbook's cells are written (the builder's
master, staff copies, the kabupaten view, `ekspor`): text is stored as text even
when it starts with '=' or looks like an Excel error; only a `Formula` — a formula
the tool itself means, such as the builder's capaian preview — becomes a formula.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.cell import cell as _openpyxl_cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from . import safety
from .base import Cell, Formula, WorkbookError
from .cell_codec import escape
from .cells import cell_ref, col_letter

CREATOR = "kinerja-xl"

# Cell styles a description names (`Lembar.gaya`): a title, bold text, a table header.
GAYA_JUDUL = "judul_lembar"
GAYA_TEBAL = "tebal"
GAYA: dict[str, dict[str, Any]] = {
    GAYA_JUDUL: {"font": Font(bold=True, size=13)},
    GAYA_TEBAL: {"font": Font(bold=True)},
    "kepala": {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="DDEBF7"),
               "alignment": Alignment(wrap_text=True, vertical="center")},
}
KEADAAN = ("visible", "hidden", "veryHidden")


@dataclass
class Daftar:
    """A dropdown: the cells of `area` ("E5:E40") accept only one of `pilihan`."""
    area: str
    pilihan: Sequence[str]


@dataclass
class Lembar:
    """One sheet of a new workbook.

    `baris` is written from A1 down, then `sel` (None clears a cell `gambar` drew).
    `terbuka` are the input cells left unlocked when the sheet is protected;
    `beku` is the first cell that scrolls (rows above and columns left of it stay)."""
    nama: str
    baris: Sequence[Sequence[Any]] = ()
    sel: dict[Cell, Any] = field(default_factory=dict)
    lebar: dict[int, float] = field(default_factory=dict)
    format_angka: dict[Cell, str] = field(default_factory=dict)
    gaya: dict[Cell, str] = field(default_factory=dict)
    terbuka: Sequence[Cell] = ()
    lindungi: bool = False
    sandi: str | None = None
    keadaan: str = "visible"
    daftar: Sequence[Daftar] = ()
    beku: Cell | None = None
    # Draws the sheet named `nama` into the workbook first (a builder function).
    gambar: Callable[[Any], None] | None = None


@dataclass
class BukuBaru:
    """A new workbook: its sheets in order, defined names (name → formula text,
    e.g. '"Ya"' for a constant) and document properties.  With `dibuat`, the
    document dates are that stamp and equal input gives equal bytes."""
    lembar: Sequence[Lembar]
    nama: dict[str, str] = field(default_factory=dict)
    judul: str | None = None
    dibuat: dt.datetime | None = None


# openpyxl turns every str that starts with '=' into a formula and keeps only plain
# str values; registered as a formula type, a `Formula` keeps its type in the cell,
# which is how `as_text` tells the tool's own formulas from text people brought.
_openpyxl_cell._TYPES[Formula] = "f"
_openpyxl_check_string = _openpyxl_cell.Cell.check_string


def _check_string(self, value):
    """Text as the file adapter writes it (`cell_codec.escape`): openpyxl refuses
    control characters (IllegalCharacterError, a crash on a table holding one) and
    writes '_x0041_' as it is, which Excel and every reader take for an escape.
    Escaped, both read back as the text that was written."""
    if isinstance(value, str):
        value = escape(value)
    return _openpyxl_check_string(self, value)


_openpyxl_cell.Cell.check_string = _check_string


def as_text(wb: OpenpyxlWorkbook) -> None:
    """Store as text every cell openpyxl would write as a formula or an error value
    unless the value is a `Formula`: what users bring is data, never a formula."""
    for ws in wb.worksheets:
        for cell in ws._cells.values():
            if cell.data_type == "e" or (cell.data_type == "f" and type(cell.value) is str):
                cell.data_type = "s"


def xlsx_bytes(wb: OpenpyxlWorkbook) -> bytes:
    as_text(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return angka_utuh(buffer.getvalue(), wb)


def angka_utuh(xlsx: bytes, wb: OpenpyxlWorkbook) -> bytes:
    """openpyxl writes a float with '%.16g', which drops a 17th digit
    (14.987244897959181 became 14.98724489795918): a number changed without a word.
    Where that happens, the cell's value is written again as repr, the shortest text
    that reads back as the same double."""
    fixes: dict[str, dict[str, tuple[str, str]]] = {}
    for i, ws in enumerate(wb.worksheets, start=1):
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if type(v) is float and math.isfinite(v) and float("%.16g" % v) != v:
                    fixes.setdefault(f"xl/worksheets/sheet{i}.xml", {})[cell.coordinate] = (
                        "%.16g" % v, repr(v))
    if not fixes:
        return xlsx
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            for ref, (short, full) in fixes.get(info.filename, {}).items():
                data = re.sub(rb'(<c r="' + ref.encode() + rb'"[^>]*>)<v>' +
                              re.escape(short.encode()) + rb"</v>",
                              lambda m: m.group(1) + b"<v>" + full.encode() + b"</v>", data,
                              count=1)
            dst.writestr(info, data)
    return out.getvalue()


def fix_core_dates(xlsx: bytes, stamp: dt.datetime) -> bytes:
    """openpyxl stamps 'modified' with the clock; a build must not depend on it."""
    text = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + text.encode() + rb"\g<2>", data)
            dst.writestr(info.filename, data)
    return out.getvalue()


def _lembar(wb: OpenpyxlWorkbook, spec: Lembar) -> None:
    if spec.gambar is not None:
        spec.gambar(wb)
        ws = wb[spec.nama]
    else:
        ws = wb.create_sheet(spec.nama)
    for row in spec.baris:
        ws.append(tuple(row))
    for (r, c), value in spec.sel.items():
        ws.cell(row=r, column=c).value = value
    for (r, c), fmt in spec.format_angka.items():
        ws.cell(row=r, column=c).number_format = fmt
    for (r, c), name in spec.gaya.items():
        cell = ws.cell(row=r, column=c)
        for attr, style in GAYA[name].items():
            setattr(cell, attr, style)
    for c, width in spec.lebar.items():
        ws.column_dimensions[col_letter(c)].width = width
    for r, c in spec.terbuka:
        ws.cell(row=r, column=c).protection = Protection(locked=False)
    for d in spec.daftar:
        dv = DataValidation(type="list", formula1='"' + ",".join(d.pilihan) + '"',
                            allow_blank=True, showErrorMessage=True,
                            errorTitle="Isian tidak dikenal",
                            error="Pilih salah satu isian dari daftar.")
        dv.add(d.area)
        ws.add_data_validation(dv)
    if spec.beku is not None:
        ws.freeze_panes = cell_ref(*spec.beku)
    if spec.lindungi:
        ws.protection.sheet = True
        if spec.sandi:
            ws.protection.password = spec.sandi
    if spec.keadaan not in KEADAAN:
        raise ValueError(f"sheet state {spec.keadaan!r}")
    ws.sheet_state = spec.keadaan


def buat_bytes(buku: BukuBaru) -> bytes:
    """The bytes of the described workbook."""
    wb = OpenpyxlWorkbook()
    wb.remove(wb.active)
    for spec in buku.lembar:
        _lembar(wb, spec)
    for name, text in buku.nama.items():
        wb.defined_names[name] = DefinedName(name, attr_text=text)
    wb.active = 0
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    if buku.judul is not None:
        wb.properties.title = buku.judul
    if buku.dibuat is None:
        return xlsx_bytes(wb)
    wb.properties.created = buku.dibuat
    return fix_core_dates(xlsx_bytes(wb), buku.dibuat)


def tulis_baru(path: str | Path, buku: BukuBaru) -> None:
    """Write the described workbook to `path` (see `tulis_berkas`)."""
    tulis_berkas(path, buat_bytes(buku))


def tulis_berkas(path: str | Path, data: bytes) -> str | None:
    """Write a new file's bytes to `path`, atomically; a file already there is kept
    as a backup (its path is returned), and refused while Excel or LibreOffice has it
    open."""
    path = Path(path)
    if path.is_dir():
        raise WorkbookError(f"Berkas keluaran '{safety.nama(path)}' adalah folder, bukan "
                            "berkas; sebutkan nama berkas yang akan ditulis.")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise WorkbookError(f"Folder '{folder}' untuk berkas keluaran tidak ada.")
    if path.exists():
        safety.check_office_locks(str(path))
    return safety.atomic_write(str(path), lambda fh: fh.write(data), backup=path.exists())
