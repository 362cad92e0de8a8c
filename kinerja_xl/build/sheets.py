"""Each sheet of the workbook, created once with its look, protection and print setup.

Operations later rewrite only the data regions (see layout.Generated); everything
set here (column styles, conditional formats, validations, charts) stays.
"""
from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.rule import Rule
from openpyxl.drawing.image import Image
from openpyxl.styles import Border, Font
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import layout as L
from .. import temuan as T
from ..model import Indikator, Referensi, Unit
from ..halaman import lebar_tabel_pt, tinggi_grafik
from ..rules import satuan_persen
from ..sop import LANGKAH
from ..tinggi_baris import Huruf, Kolom, kolom_tabel, tinggi_judul, tinggi_kop, tinggi_tabel
from . import styles as S
from .formulas import capaian_preview, nilai_tampil

COL = get_column_letter


# --- helpers -------------------------------------------------------------------
def _title(ws: Worksheet, text: str, subtitle: str | None = None) -> None:
    ws["A1"] = text
    ws["A1"].font = S.TITLE_FONT
    if subtitle:
        ws["A2"] = subtitle
        ws["A2"].font = S.SUBTITLE_FONT


def _headers(ws: Worksheet, row: int, table: L.Columns, first: int = 1,
             height: float | None = 0) -> None:
    """Header text and width of every column of `table`, from the layout.  The row is
    as tall as its longest wrapped header (at least `height`); None leaves the row's
    height to another table sharing it."""
    for c, column in enumerate(table, start=first):
        S.header_cell(ws.cell(row=row, column=c, value=column.header))
        if column.width is not None:
            ws.column_dimensions[COL(c)].width = column.width
    if height is not None:
        ws.row_dimensions[row].height = max(height, tinggi_judul(table))


def _protect(ws: Worksheet, password: str | None) -> None:
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    if password:
        ws.protection.password = password


def _print_setup(ws: Worksheet, title_rows: str | None, landscape: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = L.CETAK_MARGIN_SAMPING
    ws.page_margins.top = ws.page_margins.bottom = L.CETAK_MARGIN_ATAS_BAWAH
    ws.oddFooter.center.text = "Halaman &P dari &N"
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows


def _column_style(ws: Worksheet, col: int, column: L.Column) -> None:
    """Style a whole column so cells an operation writes later look right."""
    dim = ws.column_dimensions[COL(col)]
    dim.font = S.BODY_FONT
    if column.fmt:
        dim.number_format = column.fmt
    # rows are as tall as their longest text: every cell starts at the top
    dim.alignment = S.WRAP if column.wrap else S.TOP


def _cf(ws: Worksheet, ref: str, formula: str, dxf: DifferentialStyle,
        stop: bool = False) -> None:
    ws.conditional_formatting.add(ref, Rule(type="expression", formula=[formula],
                                            dxf=dxf, stopIfTrue=stop))


def _predikat_rules(ws: Worksheet, ref: str, first: str, skala_rows) -> None:
    """Colour a capaian cell by its predicate band (thresholds of the scale)."""
    previous = None
    for lower, name in skala_rows:
        color = S.PREDIKAT_FILLS.get(name, "FFFFFF")
        conds = [f"ISNUMBER({first})"]
        if lower is not None:
            conds.append(f"{first}>={lower}")
        if previous is not None:
            conds.append(f"{first}<{previous}")
        _cf(ws, ref, f"AND({','.join(conds)})", S.fill_dxf(color))
        previous = lower


def _predikat_text_rules(ws: Worksheet, ref: str, first: str) -> None:
    for name, color in S.PREDIKAT_FILLS.items():
        _cf(ws, ref, f'{first}="{name}"', S.fill_dxf(color))


def _scale_rows(ref: Referensi):
    return [(None if b is None else float(b), name) for b, name in ref.skala.bands]


# --- reference sheets --------------------------------------------------------------
def pengaturan(wb: Workbook, ref: Referensi) -> None:
    ws = wb.create_sheet(L.PENGATURAN)
    _title(ws, "PENGATURAN", "Diisi sekali setahun oleh operator (Kasubbag)")
    _headers(ws, L.REF_HEADER_ROW, L.PENGATURAN_TABLE)
    for i, setting in enumerate(L.SETTINGS):
        row = L.REF_DATA_ROW + i
        col = L.PENGATURAN_TABLE.col
        ws.cell(row=row, column=col(L.KUNCI_H), value=setting.kunci).font = S.HEADER_FONT
        value = ref.pengaturan.get(setting.kunci)
        cell = ws.cell(row=row, column=col(L.NILAI_H), value=_plain(value))
        cell.fill = S.INPUT_FILL
        cell.number_format = L.FMT_TEKS if setting.kunci == L.NIP_PENANDATANGAN_KUNCI else "General"
        ws.cell(row=row, column=col(L.KETERANGAN_H), value=setting.keterangan).alignment = S.WRAP
        # only Keterangan wraps on this sheet: it decides the row's height
        ws.row_dimensions[row].height = tinggi_tabel(
            [[setting.keterangan]],
            [Kolom(L.PENGATURAN_TABLE.column(L.KETERANGAN_H).width, Huruf(11))])[0]
    choices = {L.STATUS_PENANDATANGAN_KUNCI: L.STATUS_PENANDATANGAN,
               L.RUMUS_KUNCI: L.RUMUS_NEGATIF, L.CETAK_KOP_KUNCI: (L.YA, L.TIDAK),
               L.TRIWULAN_AKTIF_KUNCI: tuple(str(n) for n in L.TRIWULAN)}
    for kunci, options in choices.items():
        row = L.REF_DATA_ROW + L.SETTING_KEYS.index(kunci)
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"',
                            allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{COL(L.PENGATURAN_TABLE.col(L.NILAI_H))}{row}")
    first = L.SKALA_FIRST_COL
    _headers(ws, L.REF_HEADER_ROW, L.SKALA_TABLE, first, height=None)
    for i, (lower, name) in enumerate(_scale_rows(ref)):
        values = L.SKALA_TABLE.row({L.BATAS_BAWAH_PERSEN_H: lower, L.PREDIKAT_H: name})
        for c, value in enumerate(values, start=first):
            ws.cell(row=L.REF_DATA_ROW + i, column=c, value=value).fill = S.INPUT_FILL
    rumus_row = L.REF_DATA_ROW + L.SETTING_KEYS.index(L.RUMUS_KUNCI)
    wb.defined_names[L.NAME_RUMUS_NEGATIF] = DefinedName(
        L.NAME_RUMUS_NEGATIF, attr_text=f"{quote_sheetname(L.PENGATURAN)}!"
                                    f"${COL(L.PENGATURAN_TABLE.col(L.NILAI_H))}${rumus_row}")
    ws.freeze_panes = f"A{L.REF_DATA_ROW}"


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _ref_table(wb: Workbook, name: str, title: str, table: L.Columns,
               rows: list[dict[str, Any]]) -> Worksheet:
    ws = wb.create_sheet(name)
    _title(ws, title, "Diisi sekali setahun oleh operator, atau diimpor dari tabel (CSV, XLSX, XLS, ODS)")
    _headers(ws, L.REF_HEADER_ROW, table)
    cells = [table.row(values) for values in rows]
    for i, line in enumerate(cells):
        for c, (column, value) in enumerate(zip(table, line, strict=True), start=1):
            cell = ws.cell(row=L.REF_DATA_ROW + i, column=c, value=_plain(value))
            cell.font = S.BODY_FONT
            if column.fmt:
                cell.number_format = column.fmt
            if column.wrap:
                cell.alignment = S.WRAP
    for i, height in enumerate(tinggi_tabel(cells, kolom_tabel(table))):
        ws.row_dimensions[L.REF_DATA_ROW + i].height = height
    ws.freeze_panes = f"B{L.REF_DATA_ROW}"
    return ws


def unit(wb: Workbook, ref: Referensi) -> None:
    rows = [{L.KODE_UNIT_H: u.kode, L.NAMA_UNIT_H: u.nama, L.JENIS_H: u.jenis, L.INDUK_H: u.induk,
             L.KODE_SINGKAT_H: u.kode_singkat, L.NAMA_PEJABAT_H: u.nama_pejabat, L.NIP_H: u.nip,
             L.JABATAN_H: u.jabatan, L.JABATAN_PEMERIKSA_H: u.jabatan_pemeriksa}
            for u in ref.units.values()]
    _ref_table(wb, L.UNIT, "DAFTAR UNIT KERJA", L.UNIT_TABLE, rows)


def pk(wb: Workbook, ref: Referensi) -> None:
    rows = [{L.KODE_H: i.kode, L.LEVEL_H: i.level, L.UNIT_H: i.unit, L.SASARAN_H: i.sasaran,
             L.INDIKATOR_H: i.nama, L.SATUAN_H: i.satuan, L.ARAH_H: i.arah,
             L.AGREGASI_H: i.agregasi,
             L.TARGET_TAHUNAN_H: i.target_tahunan, L.PAGU_ANGGARAN_H: i.pagu,
             L.REALISASI_TAHUN_LALU_H: i.realisasi_tahun_lalu,
             L.TARGET_AKHIR_RENSTRA_H: i.target_renstra, L.KODE_ESAKIP_H: i.kode_esakip,
             L.TARGET_TRIWULAN_KUNCI: i.target_triwulan, L.TARGET_NOL_KUNCI: i.target_nol,
             L.TARGET_AWAL_H: i.target_awal, L.TANGGAL_PERUBAHAN_H: i.tanggal_perubahan}
            for i in ref.indikator]
    ws = _ref_table(wb, L.PK, "PERJANJIAN KINERJA", L.PK_TABLE, rows)
    last = L.REF_DATA_ROW + max(len(rows), 1) - 1
    wb.defined_names["DaftarKode"] = DefinedName(
        "DaftarKode", attr_text=f"{quote_sheetname(L.PK)}!$A${L.REF_DATA_ROW}:$A${last}")
    for header, options in ((L.ARAH_H, L.ARAH), (L.AGREGASI_H, L.AGREGASI), ("Level", L.LEVEL_PK)):
        col = L.PK_TABLE.col(header)
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"')
        ws.add_data_validation(dv)
        dv.add(f"{COL(col)}{L.REF_DATA_ROW}:{COL(col)}{L.REF_DATA_ROW + 500}")
    # Empty = the convention of Pengaturan.
    for header, options in ((L.TARGET_TRIWULAN_KUNCI, L.TARGET_TRIWULAN),
                            (L.TARGET_NOL_KUNCI, L.TARGET_NOL)):
        col = L.PK_TABLE.col(header)
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"',
                            allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{COL(col)}{L.REF_DATA_ROW}:{COL(col)}{L.REF_DATA_ROW + 500}")


def ra(wb: Workbook, ref: Referensi) -> None:
    rows = [{L.KODE_H: i.kode, L.RENCANA_AKSI_H: i.rencana_aksi,
             **{L.target_h(n): i.target_tw[n - 1] for n in L.TRIWULAN}} for i in ref.indikator]
    _ref_table(wb, L.RA, "RENCANA AKSI", L.RA_TABLE, rows)


# --- step sheets people fill ------------------------------------------------------
def _step_sheet(wb: Workbook, name: str, title: str, subtitle: str, table: L.Columns,
                lists: dict[str, str], password) -> Worksheet:
    ws = wb.create_sheet(name)
    _title(ws, title, subtitle)
    _headers(ws, L.STEP_HEADER_ROW, table)
    first, last = L.STEP_DATA_ROW, L.STEP_DATA_ROW + L.STEP_INPUT_ROWS - 1
    for c, column in enumerate(table, start=1):
        _column_style(ws, c, column)
        for r in range(first, last + 1):
            cell = ws.cell(row=r, column=c)
            if column.input:
                cell.protection = S.UNLOCKED
                cell.fill = S.INPUT_FILL
            cell.border = S.BORDER
            if column.fmt:
                cell.number_format = column.fmt
    for header, formula in lists.items():
        col = COL(table.col(header))
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{col}{first}:{col}{last}")
    ws.freeze_panes = f"A{first}"
    _protect(ws, password)
    _print_setup(ws, f"{L.STEP_HEADER_ROW}:{L.STEP_HEADER_ROW}")
    return ws


TRIWULAN_LIST = '"' + ",".join(str(n) for n in L.TRIWULAN) + '"'


def disposisi(wb: Workbook, ref: Referensi, password) -> None:
    atas = "/".join(ref.jabatan_pemeriksa(6))
    _step_sheet(wb, L.DISPOSISI, f"LANGKAH 1 — DISPOSISI {ref.kepala.upper()}",
                f"{ref.kepala} menugaskan {atas} menyusun laporan data kinerja triwulan",
                L.DISPOSISI_TABLE, {L.TRIWULAN_H: TRIWULAN_LIST}, password)


def pembagian_tugas(wb: Workbook, ref: Referensi, password) -> None:
    _step_sheet(wb, L.PEMBAGIAN_TUGAS, "LANGKAH 2 — PEMBAGIAN TUGAS",
                f"{'/'.join(ref.jabatan_pemeriksa(6))} mengarahkan staf mengumpulkan bahan "
                "laporan kinerja",
                L.PEMBAGIAN_TABLE, {L.TRIWULAN_H: TRIWULAN_LIST, L.KODE_H: "DaftarKode"},
                password)


def koreksi(wb: Workbook, name: str, title: str, subtitle: str, password) -> None:
    _step_sheet(wb, name, title, subtitle, L.KOREKSI_TABLE,
                {L.TRIWULAN_H: TRIWULAN_LIST, L.KODE_H: "DaftarKode",
                 L.KOLOM_H: '"' + ",".join(L.KOREKSI_KOLOM) + '"'}, password)


def pemeriksaan(wb: Workbook, ref: Referensi, password) -> None:
    induk = ",".join(u.kode for u in ref.induk_units())
    _step_sheet(wb, L.PEMERIKSAAN_KADIN, f"LANGKAH 8 — PEMERIKSAAN {ref.kepala.upper()}",
                "Salin sidik dari lembar '7 Kabid …' yang diperiksa; Disetujui atau Dikembalikan",
                L.PEMERIKSAAN_TABLE,
                {L.KODE_UNIT_H: f'"{induk}"', L.TRIWULAN_H: TRIWULAN_LIST,
                 L.KEPUTUSAN_H: '"' + ",".join(L.KEPUTUSAN) + '"'}, password)


# --- staff sheet ---------------------------------------------------------------------
def bahan(wb: Workbook, ref: Referensi, unit: Unit, password) -> None:
    ws = wb.create_sheet(L.bahan(unit.kode_singkat))
    indikator = ref.indikator_of_unit(unit)
    _title(ws, f"BAHAN LAPORAN KINERJA — {unit.nama.upper()}",
           f"Tahun {ref.tahun} · diisi oleh staf {unit.nama} ({unit.kode})")
    _status_block(ws)
    _headers(ws, L.BAHAN_HEADER_ROW, L.BAHAN)
    col = L.BAHAN.col
    for n in L.TRIWULAN:
        first = col(L.target_h(n))
        last = first + len(L.bahan_quarter_headers(n)) - 1
        ws.merge_cells(start_row=L.BAHAN_GROUP_ROW, end_row=L.BAHAN_GROUP_ROW,
                       start_column=first, end_column=last)
        cell = ws.cell(row=L.BAHAN_GROUP_ROW, column=first, value=f"Triwulan {L.ROMAWI[n]}")
        cell.font = S.HEADER_FONT
        cell.fill = S.GROUP_FILL
        cell.alignment = S.CENTER_WRAP
    top = L.BAHAN_DATA_ROW
    bottom = top + max(len(indikator), 1) - 1
    for i, ind in enumerate(indikator):
        _bahan_row(ws, top + i, ind, col,
                   ref.konvensi(ind).target_nol == L.TARGET_NOL_TIDAK_DIUKUR)
    _bahan_rules(ws, col, top, bottom, ref,
                 [top + i for i, ind in enumerate(indikator)
                  if ref.konvensi(ind).target_nol == L.TARGET_NOL_TIDAK_DIUKUR])
    ws.freeze_panes = ws.cell(row=top, column=len(L.BAHAN_FIXED) + 1)
    _protect(ws, password)
    _print_setup(ws, f"{L.BAHAN_GROUP_ROW}:{L.BAHAN_HEADER_ROW}")


def _status_block(ws: Worksheet) -> None:
    labels = ((L.STATUS_LABEL_ROW, L.TRIWULAN_H), (L.STATUS_ROW, "Status"),
              (L.DIAJUKAN_ROW, L.DIAJUKAN_PADA_H))
    for row, text in labels:
        ws.cell(row=row, column=1, value=text).font = S.HEADER_FONT
    dv = DataValidation(type="list", formula1='"' + ",".join(L.STATUS_CHOICES) + '"',
                        allow_blank=True, showErrorMessage=True,
                        errorTitle="Status", error=f"Pilih {L.STATUS_DRAF} atau {L.STATUS_DIAJUKAN}.")
    ws.add_data_validation(dv)
    for n in L.TRIWULAN:
        c = L.STATUS_FIRST_COL + n - 1
        head = ws.cell(row=L.STATUS_LABEL_ROW, column=c, value=L.tw(n))
        S.header_cell(head)
        status = ws.cell(row=L.STATUS_ROW, column=c, value=L.STATUS_DRAF)
        when = ws.cell(row=L.DIAJUKAN_ROW, column=c)
        for cell in (status, when):
            cell.protection = S.UNLOCKED
            cell.fill = S.INPUT_FILL
            cell.border = S.BORDER
        when.number_format = L.FMT_WAKTU
        when.font = S.BODY_FONT
        dv.add(status.coordinate)
    span = f"{COL(L.STATUS_FIRST_COL)}{L.STATUS_ROW}:{COL(L.STATUS_FIRST_COL + 3)}{L.STATUS_ROW}"
    _cf(ws, span, f'{COL(L.STATUS_FIRST_COL)}{L.STATUS_ROW}="{L.STATUS_DIAJUKAN}"',
        S.fill_dxf("C6EFCE"))


def _bahan_format(column: L.Column, ind: Indikator) -> str | None:
    if column.kind == L.NUMBER and column.fmt is None:
        return L.satuan_format(ind.satuan, input=column.input)
    return column.fmt


def _bahan_row(ws: Worksheet, r: int, ind: Indikator, col, nol_tidak_diukur: bool) -> None:
    prefilled = {L.KODE_H: ind.kode, L.INDIKATOR_H: ind.nama, L.SATUAN_H: ind.satuan,
                 L.ARAH_H: ind.arah}
    for n in L.TRIWULAN:
        prefilled[L.target_h(n)] = _plain(ind.target_tw[n - 1])
    for h, value in prefilled.items():
        column = L.BAHAN.column(h)
        cell = ws.cell(row=r, column=col(h), value=value)
        cell.fill = S.PREFILLED_FILL
        cell.border = S.BORDER
        cell.font = S.BODY_FONT
        cell.alignment = S.WRAP
        fmt = _bahan_format(column, ind)
        if fmt:
            cell.number_format = fmt
    for n in L.TRIWULAN:
        for h in L.bahan_input_headers(n):
            column = L.BAHAN.column(h)
            cell = ws.cell(row=r, column=col(h))
            cell.protection = S.UNLOCKED
            cell.fill = S.INPUT_FILL
            cell.border = S.BORDER
            cell.font = S.BODY_FONT
            fmt = _bahan_format(column, ind)
            if fmt:
                cell.number_format = fmt
            if column.wrap:
                cell.alignment = S.WRAP
        t = f"{COL(col(L.target_h(n)))}{r}"
        rr = f"{COL(col(L.realisasi_h(n)))}{r}"
        if satuan_persen(ind.satuan):
            rr = nilai_tampil(rr)  # `25%` typed: the preview takes 25, as the rules do
        arah = f"${COL(col(L.ARAH_H))}{r}"
        cap = ws.cell(row=r, column=col(L.capaian_h(n)),
                      value=capaian_preview(t, rr, arah, nol_tidak_diukur=nol_tidak_diukur))
        cap.number_format = L.BAHAN.column(L.capaian_h(n)).fmt
        cap.border = S.BORDER
        cap.font = Font(name="Calibri", size=10, bold=True)


def _runs(rows: list[int], first: int, last: int, wanted: bool) -> list[tuple[int, int]]:
    """Consecutive runs of rows in first..last that are (or, wanted False, are not) in
    `rows`."""
    runs: list[tuple[int, int]] = []
    for r in range(first, last + 1):
        if (r in rows) != wanted:
            continue
        if runs and runs[-1][1] == r - 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def _bahan_rules(ws: Worksheet, col, top: int, bottom: int, ref: Referensi,
                 nol_tidak_diukur: list[int]) -> None:
    """Colour hints that mirror the findings, referring only to this sheet.
    `nol_tidak_diukur`: rows whose target 0 means the quarter is not measured."""
    low = ref.pengaturan.ambang_rendah
    high = ref.pengaturan.ambang_tinggi
    satuan = f"${COL(col(L.SATUAN_H))}{top}"
    for n in L.TRIWULAN:
        status = f"${COL(L.STATUS_FIRST_COL + n - 1)}${L.STATUS_ROW}"
        t = f"${COL(col(L.target_h(n)))}{top}"
        r = f"${COL(col(L.realisasi_h(n)))}{top}"
        c = f"${COL(col(L.capaian_h(n)))}{top}"
        rng = lambda h: f"{COL(col(h))}{top}:{COL(col(h))}{bottom}"  # noqa: E731
        real = rng(L.realisasi_h(n))
        v = nilai_tampil(r, satuan)  # the realisation as the rules read it
        _cf(ws, real, f'AND({r}<>"",NOT(ISNUMBER({r})))', DifferentialStyle(fill=S.PROBLEM_FILL), True)
        _cf(ws, real, f"AND(ISNUMBER({r}),{r}<0)", DifferentialStyle(fill=S.PROBLEM_FILL), True)
        # realisasi_kosong: not where a target of 0 means "not measured".
        for diukur_nol in (True, False):
            for a, z in _runs(nol_tidak_diukur, top, bottom, not diukur_nol):
                t_a = f"${COL(col(L.target_h(n)))}{a}"
                r_a = f"${COL(col(L.realisasi_h(n)))}{a}"
                nol = "" if diukur_nol else f",{t_a}<>0"
                _cf(ws, f"{COL(col(L.realisasi_h(n)))}{a}:{COL(col(L.realisasi_h(n)))}{z}",
                    f'AND({status}="{L.STATUS_DIAJUKAN}",ISNUMBER({t_a}),{r_a}=""{nol})',
                    DifferentialStyle(fill=S.PROBLEM_FILL), True)
        _cf(ws, real, f'AND(TRIM({satuan})="%",ISNUMBER({r}),ISNUMBER({t}),{v}>0,{v}<=1,{t}>=10)',
            DifferentialStyle(fill=S.HINT_FILL), True)
        _cf(ws, real, f"AND(ISNUMBER({r}),ISNUMBER({t}),{t}>0,OR({v}>10*{t},AND({v}>0,{v}<{t}/10)))",
            DifferentialStyle(fill=S.HINT_FILL), True)
        _cf(ws, real, f'AND(TRIM({satuan})="%",ISNUMBER({r}),{v}>100)',
            DifferentialStyle(fill=S.HINT_FILL), True)
        b = f"${COL(col(L.bukti_h(n)))}{top}"
        _cf(ws, rng(L.bukti_h(n)), f'AND({r}<>"",{b}="")', DifferentialStyle(fill=S.HINT_FILL))
        _cf(ws, rng(L.bukti_h(n)), f'AND(ISNUMBER({c}),{c}>{high},{b}="")',
            DifferentialStyle(fill=S.HINT_FILL))
        for h in (L.penghambat_h(n), L.tindak_h(n)):
            own = f"${COL(col(h))}{top}"
            _cf(ws, rng(h), f'AND(ISNUMBER({c}),{c}<{low},{own}="")',
                DifferentialStyle(fill=S.PROBLEM_FILL))
        _predikat_rules(ws, rng(L.capaian_h(n)), c, _scale_rows(ref))
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True, errorStyle="warning", showErrorMessage=True,
                            errorTitle=L.REALISASI_H,
                            error="Isikan angka tidak negatif (mis. 12,5). Tetap simpan?")
        ws.add_data_validation(dv)
        dv.add(real)


# --- generated sheets -----------------------------------------------------------------
def _generated(wb: Workbook, name: str, title: str, spec: L.Generated, password,
               title_rows: str | None = None) -> Worksheet:
    ws = wb.create_sheet(name)
    _title(ws, title, "Lembar ini dibuat ulang oleh kinerja-xl; jangan diisi manual.")
    _headers(ws, spec.header_row, spec)
    for c, column in enumerate(spec, start=1):
        _column_style(ws, c, column)
    last = COL(len(spec))
    _cf(ws, f"A{spec.data_row}:{last}2000", f'$A{spec.data_row}<>""',
        DifferentialStyle(border=S.BORDER))
    ws.freeze_panes = f"A{spec.data_row}"
    _protect(ws, password)
    _print_setup(ws, title_rows or f"{spec.header_row}:{spec.header_row}")
    return ws


def laporan(wb: Workbook, ref: Referensi, unit: Unit, password) -> None:
    ws = _generated(wb, L.laporan(unit.kode_singkat), f"LAPORAN DATA KINERJA — {unit.nama.upper()}",
                    L.LAPORAN, password)
    _capaian_colours(ws, L.LAPORAN, ref)


def kabid(wb: Workbook, ref: Referensi, unit: Unit, password) -> None:
    ws = _generated(wb, L.kabid(unit.kode_singkat), f"LAPORAN KINERJA — {unit.nama.upper()}",
                    L.KABID, password)
    for n in L.TRIWULAN:
        row = L.KABID_SIDIK_ROW + n - 1
        ws.cell(row=row, column=1, value=f"Sidik {L.tw(n)}").font = S.HEADER_FONT
        ws.cell(row=row, column=L.KABID_SIDIK_COL).font = Font(name="Consolas", size=9)
    _capaian_colours(ws, L.KABID, ref)


def _capaian_colours(ws: Worksheet, spec: L.Generated, ref: Referensi) -> None:
    for c, column in enumerate(spec, start=1):
        if column.kind == L.PERCENT:
            first = f"{COL(c)}{spec.data_row}"
            _predikat_rules(ws, f"{first}:{COL(c)}2000", first, _scale_rows(ref))


def rekap(wb: Workbook, ref: Referensi, name: str, spec: L.Generated, title: str,
          password) -> None:
    ws = wb.create_sheet(name)
    _headers(ws, spec.header_row, spec)
    for c, column in enumerate(spec, start=1):
        _column_style(ws, c, column)
    ws.cell(row=L.REKAP_TITLE_ROW, column=1, value=title).font = S.TITLE_FONT
    ws.cell(row=L.REKAP_TITLE_ROW + 1, column=1).font = S.SUBTITLE_FONT
    _kop(ws, spec, ref)
    _rekap_rules(ws, spec, ref)
    _rekap_chart(ws, spec, ref, title)
    ws.freeze_panes = f"A{spec.data_row}"
    _protect(ws, password)
    _print_setup(ws, f"{spec.header_row}:{spec.header_row}")
    if spec.marker_column is not None:
        ws.column_dimensions[COL(spec.marker_col)].hidden = True
    ws.print_area = f"A1:{COL(len(spec))}{spec.data_row + len(ref.indikator) + 40}"


KOP_FONTS = (S.SUBTITLE_FONT, S.TITLE_FONT, S.BODY_FONT)  # measured as tinggi_baris.HURUF_KOP
KOP_RULE_ROW = len(KOP_FONTS) + 1


def _kop(ws: Worksheet, spec: L.Generated, ref: Referensi) -> None:
    """The letterhead: its lines centred over the table, a rule under them while the
    letterhead is printed (`Cetak kop`), and the logo of `Pengaturan` at the left."""
    width = len(spec)
    for r, font in enumerate(KOP_FONTS, start=1):
        ws.merge_cells(start_row=r, end_row=r, start_column=1, end_column=width)
        cell = ws.cell(row=r, column=1)
        cell.font = font
        cell.alignment = S.CENTER_WRAP
    # one line each until the report writes the letterhead and measures it
    for r, height in tinggi_kop([None] * len(KOP_FONTS), spec).items():
        ws.row_dimensions[r].height = height
    ref_rule = f"A{KOP_RULE_ROW}:{COL(width)}{KOP_RULE_ROW}"
    _cf(ws, ref_rule, 'LEN($A$1)>0', DifferentialStyle(border=Border(bottom=S.KOP_RULE)))
    ws.row_dimensions[KOP_RULE_ROW].height = L.REKAP_GARIS_KOP_TINGGI
    logo = ref.pengaturan.logo
    cetak = ref.pengaturan.cetak_kop
    if logo and cetak:
        ws.add_image(_png(Path(str(logo)), 3 * 18), "A1")


class _Png(Image):
    """A PNG picture from its bytes: openpyxl's own Image would need Pillow."""

    def __init__(self, data: bytes, width: int, height: int):
        self.ref = None
        self.data = data
        self.width, self.height = width, height
        self.format = "png"

    def _data(self) -> bytes:
        return self.data


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's header, or None when the bytes are no PNG."""
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    w, h = struct.unpack(">II", data[16:24])
    return (w, h) if w and h else None


def _png(path: Path, height_px: int) -> _Png:
    data = path.read_bytes()
    w, h = png_size(data) or (1, 1)
    return _Png(data, max(round(w * height_px / h), 1), height_px)


ROW_KINDS = {
    L.BARIS_BAGIAN: DifferentialStyle(font=Font(bold=True), fill=S.dxf_fill(S.GROUP_COLOR),
                                     border=S.BORDER),
    L.BARIS_INDIKATOR: DifferentialStyle(border=S.BORDER),
    L.BARIS_RATA: DifferentialStyle(font=Font(bold=True, italic=True), border=S.BORDER),
    L.BARIS_JUDUL: DifferentialStyle(font=Font(bold=True)),
    L.BARIS_NAMA: DifferentialStyle(font=Font(bold=True, underline="single")),
}


def _rekap_rules(ws: Worksheet, spec: L.Generated, ref: Referensi) -> None:
    marker = COL(spec.marker_col)
    last = COL(len(spec))
    top = spec.data_row
    area = f"A{top}:{last}2000"
    for i, header in enumerate(spec.headers, start=1):
        first = f"{COL(i)}{top}"
        if header.startswith("Predikat"):
            _predikat_text_rules(ws, f"{first}:{COL(i)}2000", first)
    for kind in L.BARIS:
        _cf(ws, area, f'${marker}{top}="{kind}"', ROW_KINDS[kind])


def _rekap_chart(ws: Worksheet, spec: L.Generated, ref: Referensi, title: str) -> None:
    """A column per indicator with a capaian, categories the indicator codes (text),
    and a line at 100 %.  It fills a page of its own: the report operation moves it
    under the signature, after a page break, and fits its ranges to the data."""
    first = spec.chart_col
    _headers(ws, spec.header_row, L.GRAFIK, first, height=None)
    for c, column in enumerate(L.GRAFIK, start=first):
        if column.fmt:
            _column_style(ws, c, column)
    col = {c.header: first + i for i, c in enumerate(L.GRAFIK)}
    count = max(len(ref.indikator), 1)
    last = spec.data_row + count - 1
    cats = f"{quote_sheetname(ws.title)}!${COL(col[L.GRAFIK_KODE_H])}${spec.data_row}:" \
           f"${COL(col[L.GRAFIK_KODE_H])}${last}"
    bars = BarChart()
    bars.type = "col"
    bars.title = L.GRAFIK_JUDUL
    bars.y_axis.title = L.CAPAIAN_PERSEN_H
    bars.add_data(Reference(ws, min_col=col[L.GRAFIK_CAPAIAN_PERSEN_H], min_row=spec.header_row,
                            max_row=last), titles_from_data=True)
    line = LineChart()
    line.add_data(Reference(ws, min_col=col[L.GRAFIK_TARGET_100_H], min_row=spec.header_row,
                            max_row=last), titles_from_data=True)
    line.series[0].graphicalProperties.line.solidFill = "C00000"
    line.series[0].graphicalProperties.line.width = 28575  # 2.25 pt
    line.series[0].marker.symbol = "none"
    for series in bars.series + line.series:
        series.cat = AxDataSource(strRef=StrRef(f=cats))
    bars.series[0].tx = SeriesLabel(v=L.CAPAIAN_PERSEN_H)
    line.series[0].tx = SeriesLabel(v=f"Target {L.GRAFIK_SERATUS} %")
    bars.x_axis.delete = False
    bars.y_axis.delete = False
    bars.y_axis.scaling.min = 0
    bars.legend.position = "b"
    bars += line
    pt_per_cm = 72 / 2.54
    table = [k.lebar for k in kolom_tabel(spec)]
    bars.width = lebar_tabel_pt(table) * 0.95 / pt_per_cm
    bars.height = tinggi_grafik(table, tinggi_judul(spec)) / pt_per_cm
    ws.add_chart(bars, f"A{spec.data_row + count + 60}")


def status_sop(wb: Workbook, ref: Referensi, password) -> None:
    spec = L.STATUS_SOP_LAYOUT
    ws = _generated(wb, L.STATUS_SOP, "STATUS SOP PENGUMPULAN DATA KINERJA", spec, password)
    col = spec.col(L.STATUS_H)
    first = f"{COL(col)}{spec.data_row}"
    for text, color in ((L.SELESAI, "C6EFCE"), (L.BERJALAN, "FFEB9C"), (L.BELUM, "F2F2F2")):
        _cf(ws, f"{first}:{COL(col)}{spec.data_row + len(LANGKAH)}",
            f'{first}="{text}"', S.fill_dxf(color))
    for header in (L.MELEBIHI_WAKTU_BAKU_H, L.TERLAMBAT_H):
        c = spec.col(header)
        cell = f"{COL(c)}{spec.data_row}"
        _cf(ws, f"{cell}:{COL(c)}{spec.data_row + len(LANGKAH)}", f'{cell}="{L.YA}"',
            DifferentialStyle(fill=S.PROBLEM_FILL))


def temuan(wb: Workbook, ref: Referensi, password) -> None:
    spec = L.TEMUAN_LAYOUT
    ws = _generated(wb, L.TEMUAN, "TEMUAN VALIDASI", spec, password)
    col = spec.col(L.TINGKAT_H)
    first = f"{COL(col)}{spec.data_row}"
    _cf(ws, f"{first}:{COL(col)}5000", f'{first}="{T.ERROR}"',
        DifferentialStyle(fill=S.PROBLEM_FILL))
    _cf(ws, f"{first}:{COL(col)}5000", f'{first}="{T.PERINGATAN}"',
        DifferentialStyle(fill=S.HINT_FILL))


def riwayat(wb: Workbook, ref: Referensi, password) -> None:
    spec = L.RIWAYAT_LAYOUT
    ws = _generated(wb, L.RIWAYAT, "RIWAYAT (catatan berantai, hanya ditambah)", spec, password)
    for header in ("Sidik", "Hash"):
        ws.column_dimensions[COL(spec.col(header))].font = Font(name="Consolas", size=8)


def xlwings_conf(wb: Workbook) -> None:
    ws = wb.create_sheet(L.XLWINGS_CONF)
    # Only what this workbook needs; the interpreter stays each PC's own setting.
    ws["A1"] = "UDF Modules"
    ws["B1"] = "kinerja_udfs"
    ws.sheet_state = "hidden"


def versi_kontrak(wb: Workbook) -> None:
    """The contract version this workbook is built with (ops/inti/migrasi.py reads it)."""
    wb.defined_names[L.NAMA_VERSI] = DefinedName(L.NAMA_VERSI, attr_text=str(L.VERSI_KONTRAK))
