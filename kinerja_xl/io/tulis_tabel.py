"""Typed tables for other systems: a plain .xlsx (one sheet per table) or a CSV.

Operations describe what to write — a table's columns from `layout` and one mapping
per row — and never touch openpyxl or the csv module.  Each column's kind decides
how a value is stored: text stays text even when it looks like a number or a formula,
numbers are numbers, date-times are dates.  Files are written by `baru.tulis_berkas`
(atomic, refused while the target is open in Excel or LibreOffice).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping, Sequence

from .. import layout as L
from .base import WorkbookError
from .baru import tulis_berkas, xlsx_bytes
from .cells import col_letter

ANGKA = (L.NUMBER, L.PERCENT)


@dataclass
class Tabel:
    """One table: header row 1, then a row per mapping (keys are headers of `kolom`;
    a key that is not a header raises KeyError, so no value is dropped)."""
    kolom: L.Columns
    baris: Sequence[Mapping[str, Any]]
    nama_tabel: str | None = None     # an Excel table (PivotTables, Power BI pick it up)
    selebar_halaman: bool = True      # printed landscape, one page wide
    bekukan: bool = True              # keep the header row in view

    def nilai(self) -> list[list[Any]]:
        return [[_sel(v, c) for v, c in zip(self.kolom.row(r), self.kolom)]
                for r in self.baris]


def _sel(value: Any, kolom: L.Column) -> Any:
    if value is None or value == "":
        return None
    if kolom.kind in ANGKA:
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            raise ValueError(f"{kolom.header}: bukan angka: {value!r}")
        f = float(value)
        return int(f) if f.is_integer() and abs(f) < 1e15 else f
    if kolom.kind == L.DATE:
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        raise ValueError(f"{kolom.header}: bukan tanggal: {value!r}")
    return value if isinstance(value, str) else str(value)


def _xlsx(tabel: Sequence[Tabel], judul_berkas: str | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.table import Table, TableStyleInfo

    wb = Workbook()
    wb.remove(wb.active)
    if judul_berkas:
        wb.properties.title = judul_berkas
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for t in tabel:
        ws = wb.create_sheet(t.kolom.name)
        for c, kolom in enumerate(t.kolom, start=1):
            cell = ws.cell(row=1, column=c, value=kolom.header)
            if not t.nama_tabel:
                cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if kolom.width:
                ws.column_dimensions[col_letter(c)].width = kolom.width
        for r, values in enumerate(t.nilai(), start=2):
            for c, (value, kolom) in enumerate(zip(values, t.kolom), start=1):
                if value is None:
                    continue
                # text stays text, '=…' too: xlsx_bytes writes no formula we did not mean
                cell = ws.cell(row=r, column=c, value=value)
                if kolom.fmt:
                    cell.number_format = kolom.fmt
        ws.row_dimensions[1].height = 45
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        if t.selebar_halaman:
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        if t.bekukan:
            ws.freeze_panes = "A2"
            ws.print_title_rows = "1:1"
        if t.nama_tabel and t.baris:
            ref = f"A1:{col_letter(len(t.kolom))}{len(t.baris) + 1}"
            table = Table(displayName=t.nama_tabel, ref=ref)
            table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
            ws.add_table(table)
    return xlsx_bytes(wb)


def _angka_csv(value: float | int, desimal: str) -> str:
    text = format(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), "f")
    return text.replace(".", desimal)


# The CSV meant for Excel (`--desimal koma`, opened with a double click): a text field
# starting with one of these would be evaluated as a formula (or DDE command), so it
# gets a leading apostrophe, as OWASP advises against CSV injection.  Numbers,
# negative ones too, are written as numbers; the pandas CSV keeps text as it is.
CSV_UNTUK_EXCEL = ("koma",)
RUMUS_AWAL = ("=", "+", "-", "@", "\t", "\r")


def netral_excel(teks: str) -> str:
    """Text a spreadsheet shows as typed instead of evaluating: "'=1+1" for "=1+1"."""
    return "'" + teks if teks.startswith(RUMUS_AWAL) else teks


def _csv(tabel: Tabel, desimal: str) -> bytes:
    sep, mark = L.CSV_DESIMAL[desimal]
    excel = desimal in CSV_UNTUK_EXCEL
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(tabel.kolom.headers)
    for values in tabel.nilai():
        line = []
        for value, kolom in zip(values, tabel.kolom):
            if value is None:
                line.append("")
            elif kolom.kind in ANGKA:
                line.append(_angka_csv(value, mark))
            elif kolom.kind == L.DATE:
                line.append(value.strftime("%Y-%m-%d %H:%M:%S"))
            else:
                line.append(netral_excel(value) if excel else value)
        writer.writerow(line)
    # UTF-8 with a BOM: Excel then reads the file as UTF-8 instead of the ANSI code page.
    return out.getvalue().encode("utf-8-sig")


def tulis_xlsx(path: str | Path, tabel: Sequence[Tabel], judul_berkas: str | None = None
               ) -> None:
    """Write a new plain .xlsx (no macros): one sheet per table, in that order."""
    tulis_berkas(path, _xlsx(tabel, judul_berkas))


def tulis_csv(path: str | Path, tabel: Tabel, desimal: str = "koma") -> None:
    """Write one table as CSV: UTF-8 with BOM; `desimal` 'koma' is ';' between fields and
    a decimal comma (what Excel with Indonesian settings opens), 'titik' is ',' and a
    decimal point (pandas, Power BI, English Excel).  Dates as YYYY-MM-DD hh:mm:ss.
    In the 'koma' file text Excel would evaluate starts with an apostrophe
    (`netral_excel`); the 'titik' file keeps every text as it is."""
    if desimal not in L.CSV_DESIMAL:
        raise WorkbookError(f"--desimal '{desimal}' tidak dikenal; pilih "
                            f"{' atau '.join(L.CSV_DESIMAL)}.")
    tulis_berkas(path, _csv(tabel, desimal))
