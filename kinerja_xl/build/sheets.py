"""Each sheet of the workbook, created once with its look, protection and print setup.

Operations later rewrite only the data regions (see layout.Generated); everything
set here (column styles, conditional formats, validations, charts) stays.
"""
from __future__ import annotations

from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Font
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import layout as L
from ..model import Indikator, Referensi, Unit
from ..sop import LANGKAH
from . import styles as S
from .formulas import capaian_preview

COL = get_column_letter


# --- helpers -------------------------------------------------------------------
def _title(ws: Worksheet, text: str, subtitle: str | None = None) -> None:
    ws["A1"] = text
    ws["A1"].font = S.TITLE_FONT
    if subtitle:
        ws["A2"] = subtitle
        ws["A2"].font = S.SUBTITLE_FONT


def _headers(ws: Worksheet, row: int, headers: Sequence[str], widths: Sequence[float]) -> None:
    for c, (text, width) in enumerate(zip(headers, widths), start=1):
        cell = ws.cell(row=row, column=c, value=text)
        S.header_cell(cell)
        ws.column_dimensions[COL(c)].width = width
    ws.row_dimensions[row].height = 30


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
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "Halaman &P dari &N"
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows


def _column_style(ws: Worksheet, col: int, number_format: str | None = None,
                  wrap: bool = False) -> None:
    """Style a whole column so cells an operation writes later look right."""
    dim = ws.column_dimensions[COL(col)]
    dim.font = S.BODY_FONT
    if number_format:
        dim.number_format = number_format
    if wrap:
        dim.alignment = S.WRAP


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
    _headers(ws, L.REF_HEADER_ROW, L.PENGATURAN_HEADERS, (34, 48, 50))
    for i, setting in enumerate(L.SETTINGS):
        row = L.REF_DATA_ROW + i
        ws.cell(row=row, column=1, value=setting.kunci).font = S.HEADER_FONT
        value = ref.pengaturan.get(setting.kunci)
        cell = ws.cell(row=row, column=2, value=_plain(value))
        cell.fill = S.INPUT_FILL
        cell.number_format = "@" if setting.kunci == "NIP penandatangan" else "General"
        ws.cell(row=row, column=3, value=setting.keterangan).alignment = S.WRAP
    choices = {"Status penandatangan": L.STATUS_PENANDATANGAN,
               "Rumus indikator negatif": L.RUMUS_NEGATIF, "Cetak kop": ("Ya", "Tidak"),
               "Triwulan aktif": ("1", "2", "3", "4")}
    for kunci, options in choices.items():
        row = L.REF_DATA_ROW + L.SETTING_KEYS.index(kunci)
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"',
                            allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"B{row}")
    first = L.SKALA_FIRST_COL
    for c, text in enumerate(L.SKALA_HEADERS):
        cell = ws.cell(row=L.REF_HEADER_ROW, column=first + c, value=text)
        S.header_cell(cell)
    ws.column_dimensions[COL(first)].width = 16
    ws.column_dimensions[COL(first + 1)].width = 18
    for i, (lower, name) in enumerate(_scale_rows(ref)):
        ws.cell(row=L.REF_DATA_ROW + i, column=first, value=lower).fill = S.INPUT_FILL
        ws.cell(row=L.REF_DATA_ROW + i, column=first + 1, value=name).fill = S.INPUT_FILL
    rumus_row = L.REF_DATA_ROW + L.SETTING_KEYS.index("Rumus indikator negatif")
    wb.defined_names[L.NAME_RUMUS_NEGATIF] = DefinedName(
        L.NAME_RUMUS_NEGATIF, attr_text=f"{quote_sheetname(L.PENGATURAN)}!$B${rumus_row}")
    ws.freeze_panes = f"A{L.REF_DATA_ROW}"


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _ref_table(wb: Workbook, name: str, title: str, headers, widths, rows) -> Worksheet:
    ws = wb.create_sheet(name)
    _title(ws, title, "Diisi sekali setahun oleh operator, atau diimpor dari CSV/XLSX")
    _headers(ws, L.REF_HEADER_ROW, headers, widths)
    for i, values in enumerate(rows):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=L.REF_DATA_ROW + i, column=c, value=_plain(value))
            cell.font = S.BODY_FONT
    ws.freeze_panes = f"B{L.REF_DATA_ROW}"
    return ws


def unit(wb: Workbook, ref: Referensi) -> None:
    rows = [(u.kode, u.nama, u.jenis, u.induk, u.kode_singkat, u.nama_pejabat, u.nip,
             u.jabatan) for u in ref.units.values()]
    ws = _ref_table(wb, L.UNIT, "DAFTAR UNIT KERJA", L.UNIT_HEADERS,
                    (12, 42, 13, 10, 14, 30, 22, 44), rows)
    for r in range(L.REF_DATA_ROW, L.REF_DATA_ROW + len(rows)):
        ws.cell(row=r, column=7).number_format = "@"


def pk(wb: Workbook, ref: Referensi) -> None:
    rows = [(i.kode, i.level, i.unit, i.sasaran, i.nama, i.satuan, i.arah, i.agregasi,
             i.target_tahunan, i.pagu, i.realisasi_tahun_lalu, i.target_renstra)
            for i in ref.indikator]
    ws = _ref_table(wb, L.PK, "PERJANJIAN KINERJA", L.PK_HEADERS,
                    (10, 12, 10, 36, 48, 11, 10, 12, 12, 16, 14, 14), rows)
    last = L.REF_DATA_ROW + max(len(rows), 1) - 1
    wb.defined_names["DaftarKode"] = DefinedName(
        "DaftarKode", attr_text=f"{quote_sheetname(L.PK)}!$A${L.REF_DATA_ROW}:$A${last}")
    for header, options in (("Arah", L.ARAH), ("Agregasi", L.AGREGASI), ("Level", L.LEVEL_PK)):
        col = L.PK_HEADERS.index(header) + 1
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"')
        ws.add_data_validation(dv)
        dv.add(f"{COL(col)}{L.REF_DATA_ROW}:{COL(col)}{L.REF_DATA_ROW + 500}")


def ra(wb: Workbook, ref: Referensi) -> None:
    rows = [(i.kode, i.rencana_aksi, *i.target_tw) for i in ref.indikator]
    _ref_table(wb, L.RA, "RENCANA AKSI", L.RA_HEADERS, (10, 50, 13, 13, 13, 13), rows)


# --- step sheets people fill ------------------------------------------------------
def _step_sheet(wb: Workbook, name: str, title: str, subtitle: str, headers, widths,
                lists: dict[str, str], time_headers: Sequence[str], password) -> Worksheet:
    ws = wb.create_sheet(name)
    _title(ws, title, subtitle)
    _headers(ws, L.STEP_HEADER_ROW, headers, widths)
    first, last = L.STEP_DATA_ROW, L.STEP_DATA_ROW + L.STEP_INPUT_ROWS - 1
    for c, header in enumerate(headers, start=1):
        fmt = L.FMT_WAKTU if header in time_headers else None
        _column_style(ws, c, fmt, wrap=fmt is None)
        for r in range(first, last + 1):
            cell = ws.cell(row=r, column=c)
            cell.protection = S.UNLOCKED
            cell.fill = S.INPUT_FILL
            cell.border = S.BORDER
            if fmt:
                cell.number_format = fmt
    for header, formula in lists.items():
        col = COL(headers.index(header) + 1)
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{col}{first}:{col}{last}")
    ws.freeze_panes = f"A{first}"
    _protect(ws, password)
    _print_setup(ws, f"{L.STEP_HEADER_ROW}:{L.STEP_HEADER_ROW}")
    return ws


TRIWULAN_LIST = '"1,2,3,4"'


def disposisi(wb: Workbook, ref: Referensi, password) -> None:
    _step_sheet(wb, L.DISPOSISI, "LANGKAH 1 — DISPOSISI KEPALA DINAS",
                "Kadin menugaskan Kabid/Sekretaris menyusun laporan data kinerja triwulan",
                L.DISPOSISI_HEADERS, (10, 30, 60, 18, 18, 18), {"Triwulan": TRIWULAN_LIST},
                ("Batas waktu", "Mulai", "Selesai"), password)


def pembagian_tugas(wb: Workbook, ref: Referensi, password) -> None:
    _step_sheet(wb, L.PEMBAGIAN_TUGAS, "LANGKAH 2 — PEMBAGIAN TUGAS",
                "Kabid/Sekretaris mengarahkan staf mengumpulkan bahan laporan kinerja",
                L.PEMBAGIAN_HEADERS, (10, 12, 34, 18, 18, 18),
                {"Triwulan": TRIWULAN_LIST, "Kode": "=DaftarKode"},
                ("Batas waktu", "Mulai", "Selesai"), password)


def koreksi(wb: Workbook, name: str, title: str, subtitle: str, password) -> None:
    _step_sheet(wb, name, title, subtitle, L.KOREKSI_HEADERS, (10, 12, 22, 16, 44, 24, 18, 18),
                {"Triwulan": TRIWULAN_LIST, "Kode": "=DaftarKode",
                 "Kolom": '"' + ",".join(L.KOREKSI_KOLOM) + '"'},
                ("Mulai", "Selesai"), password)


def pemeriksaan(wb: Workbook, ref: Referensi, password) -> None:
    induk = ",".join(u.kode for u in ref.induk_units())
    _step_sheet(wb, L.PEMERIKSAAN_KADIN, "LANGKAH 8 — PEMERIKSAAN KEPALA DINAS",
                "Salin sidik dari lembar '7 Kabid …' yang diperiksa; Disetujui atau Dikembalikan",
                L.PEMERIKSAAN_HEADERS, (12, 10, 16, 44, 70, 18, 18),
                {"Kode unit": f'"{induk}"', "Triwulan": TRIWULAN_LIST,
                 "Keputusan": '"' + ",".join(L.KEPUTUSAN) + '"'},
                ("Mulai", "Selesai"), password)


# --- staff sheet ---------------------------------------------------------------------
BAHAN_WIDTHS = {"Kode": 9, "Indikator": 44, "Satuan": 10, "Arah": 9}


def bahan(wb: Workbook, ref: Referensi, unit: Unit, password) -> None:
    ws = wb.create_sheet(L.bahan(unit.kode_singkat))
    indikator = ref.indikator_of_unit(unit)
    _title(ws, f"BAHAN LAPORAN KINERJA — {unit.nama.upper()}",
           f"Tahun {ref.tahun} · diisi oleh staf {unit.nama} ({unit.kode})")
    _status_block(ws)
    headers = L.BAHAN_HEADERS
    col = {h: i + 1 for i, h in enumerate(headers)}
    for h, c in col.items():
        cell = ws.cell(row=L.BAHAN_HEADER_ROW, column=c, value=h)
        S.header_cell(cell)
        ws.column_dimensions[COL(c)].width = BAHAN_WIDTHS.get(h, _bahan_width(h))
    ws.row_dimensions[L.BAHAN_HEADER_ROW].height = 45
    for n in L.TRIWULAN:
        first = col[L.target_h(n)]
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
        _bahan_row(ws, top + i, ind, col)
    _bahan_rules(ws, col, top, bottom, ref)
    ws.freeze_panes = ws.cell(row=top, column=len(L.BAHAN_FIXED) + 1)
    _protect(ws, password)
    _print_setup(ws, f"{L.BAHAN_GROUP_ROW}:{L.BAHAN_HEADER_ROW}")


def _bahan_width(header: str) -> float:
    if header.startswith(("Bukti", "Faktor", "Tindak")):
        return 24
    if header.startswith("Realisasi anggaran"):
        return 15
    return 11


def _status_block(ws: Worksheet) -> None:
    labels = ((L.STATUS_LABEL_ROW, "Triwulan"), (L.STATUS_ROW, "Status"),
              (L.DIAJUKAN_ROW, "Diajukan pada"))
    for row, text in labels:
        ws.cell(row=row, column=1, value=text).font = S.HEADER_FONT
    dv = DataValidation(type="list", formula1='"' + ",".join(L.STATUS_CHOICES) + '"',
                        allow_blank=True, showErrorMessage=True,
                        errorTitle="Status", error="Pilih Draf atau Diajukan.")
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
        dv.add(status.coordinate)
    span = f"{COL(L.STATUS_FIRST_COL)}{L.STATUS_ROW}:{COL(L.STATUS_FIRST_COL + 3)}{L.STATUS_ROW}"
    _cf(ws, span, f'{COL(L.STATUS_FIRST_COL)}{L.STATUS_ROW}="{L.STATUS_DIAJUKAN}"',
        S.fill_dxf("C6EFCE"))


def _bahan_row(ws: Worksheet, r: int, ind: Indikator, col: dict[str, int]) -> None:
    prefilled = {"Kode": ind.kode, "Indikator": ind.nama, "Satuan": ind.satuan,
                 "Arah": ind.arah}
    for n in L.TRIWULAN:
        prefilled[L.target_h(n)] = _plain(ind.target_tw[n - 1])
    for h, value in prefilled.items():
        cell = ws.cell(row=r, column=col[h], value=value)
        cell.fill = S.PREFILLED_FILL
        cell.border = S.BORDER
        cell.font = S.BODY_FONT
        cell.alignment = S.WRAP
        if h.startswith("Target"):
            cell.number_format = _satuan_format(ind.satuan)
    for n in L.TRIWULAN:
        for h in L.bahan_input_headers(n):
            cell = ws.cell(row=r, column=col[h])
            cell.protection = S.UNLOCKED
            cell.fill = S.INPUT_FILL
            cell.border = S.BORDER
            cell.font = S.BODY_FONT
            if h.startswith("Realisasi anggaran"):
                cell.number_format = "#,##0"
            elif h.startswith("Realisasi"):
                cell.number_format = _satuan_format(ind.satuan)
            else:
                cell.alignment = S.WRAP
        t = f"{COL(col[L.target_h(n)])}{r}"
        rr = f"{COL(col[L.realisasi_h(n)])}{r}"
        cap = ws.cell(row=r, column=col[L.capaian_h(n)],
                      value=capaian_preview(t, rr, f"$D{r}"))
        cap.number_format = "0.00"
        cap.border = S.BORDER
        cap.font = Font(name="Calibri", size=10, bold=True)


def _satuan_format(satuan: str) -> str:
    # Percent values are percent points: 75 shows as "75 %", never 7500 %.
    return '0.## " %"' if satuan.strip() == "%" else "General"


def _bahan_rules(ws: Worksheet, col, top: int, bottom: int, ref: Referensi) -> None:
    """Colour hints that mirror the findings, referring only to this sheet."""
    low = ref.ambang("Ambang capaian rendah", 51)
    high = ref.ambang("Ambang capaian tinggi", 150)
    for n in L.TRIWULAN:
        status = f"${COL(L.STATUS_FIRST_COL + n - 1)}${L.STATUS_ROW}"
        t = f"${COL(col[L.target_h(n)])}{top}"
        r = f"${COL(col[L.realisasi_h(n)])}{top}"
        c = f"${COL(col[L.capaian_h(n)])}{top}"
        rng = lambda h: f"{COL(col[h])}{top}:{COL(col[h])}{bottom}"  # noqa: E731
        real = rng(L.realisasi_h(n))
        _cf(ws, real, f'AND({r}<>"",NOT(ISNUMBER({r})))', DifferentialStyle(fill=S.PROBLEM_FILL), True)
        _cf(ws, real, f"AND(ISNUMBER({r}),{r}<0)", DifferentialStyle(fill=S.PROBLEM_FILL), True)
        _cf(ws, real, f'AND({status}="{L.STATUS_DIAJUKAN}",ISNUMBER({t}),{r}="")',
            DifferentialStyle(fill=S.PROBLEM_FILL), True)
        _cf(ws, real, f'AND(TRIM($C{top})="%",ISNUMBER({r}),ISNUMBER({t}),{r}>0,{r}<=1,{t}>=10)',
            DifferentialStyle(fill=S.HINT_FILL), True)
        _cf(ws, real, f"AND(ISNUMBER({r}),ISNUMBER({t}),{t}>0,OR({r}>10*{t},AND({r}>0,{r}<{t}/10)))",
            DifferentialStyle(fill=S.HINT_FILL), True)
        _cf(ws, real, f'AND(TRIM($C{top})="%",ISNUMBER({r}),{r}>100)',
            DifferentialStyle(fill=S.HINT_FILL), True)
        b = f"${COL(col[L.bukti_h(n)])}{top}"
        _cf(ws, rng(L.bukti_h(n)), f'AND({r}<>"",{b}="")', DifferentialStyle(fill=S.HINT_FILL))
        _cf(ws, rng(L.bukti_h(n)), f'AND(ISNUMBER({c}),{c}>{high},{b}="")',
            DifferentialStyle(fill=S.HINT_FILL))
        for h in (L.penghambat_h(n), L.tindak_h(n)):
            own = f"${COL(col[h])}{top}"
            _cf(ws, rng(h), f'AND(ISNUMBER({c}),{c}<{low},{own}="")',
                DifferentialStyle(fill=S.PROBLEM_FILL))
        _predikat_rules(ws, rng(L.capaian_h(n)), c, _scale_rows(ref))
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True, errorStyle="warning", showErrorMessage=True,
                            errorTitle="Realisasi",
                            error="Isikan angka tidak negatif (mis. 12,5). Tetap simpan?")
        ws.add_data_validation(dv)
        dv.add(real)


# --- generated sheets -----------------------------------------------------------------
def _generated(wb: Workbook, name: str, title: str, spec: L.Generated, widths,
               formats: dict[str, str], password, title_rows: str | None = None) -> Worksheet:
    ws = wb.create_sheet(name)
    _title(ws, title, "Lembar ini dibuat ulang oleh kinerja-xl; jangan diisi manual.")
    _headers(ws, spec.header_row, spec.headers, widths)
    for c, header in enumerate(spec.headers, start=1):
        fmt = next((f for key, f in formats.items() if header.startswith(key)), None)
        _column_style(ws, c, fmt, wrap=fmt is None)
    last = COL(len(spec.headers))
    _cf(ws, f"A{spec.data_row}:{last}2000", f'$A{spec.data_row}<>""',
        DifferentialStyle(border=S.BORDER))
    ws.freeze_panes = f"A{spec.data_row}"
    _protect(ws, password)
    _print_setup(ws, title_rows or f"{spec.header_row}:{spec.header_row}")
    return ws


NUMBER_FORMATS = {"Target": L.FMT_ANGKA, "Realisasi": L.FMT_ANGKA, "Capaian": L.FMT_DESIMAL}


def laporan(wb: Workbook, ref: Referensi, unit: Unit, password) -> None:
    widths = (9, 44, 10, 9, 11) + (11, 12, 12, 18, 11) * 4
    ws = _generated(wb, L.laporan(unit.kode_singkat), f"LAPORAN DATA KINERJA — {unit.nama.upper()}",
                    L.LAPORAN, widths, NUMBER_FORMATS, password)
    _capaian_colours(ws, L.LAPORAN, ref)


def kabid(wb: Workbook, ref: Referensi, unit: Unit, password) -> None:
    widths = (9, 44, 10, 11, 10, 9, 11) + (11, 12, 12, 18, 11) * 4
    ws = _generated(wb, L.kabid(unit.kode_singkat), f"LAPORAN KINERJA — {unit.nama.upper()}",
                    L.KABID, widths, NUMBER_FORMATS, password)
    for n in L.TRIWULAN:
        row = L.KABID_SIDIK_ROW + n - 1
        ws.cell(row=row, column=1, value=f"Sidik {L.tw(n)}").font = S.HEADER_FONT
        ws.cell(row=row, column=3).font = Font(name="Consolas", size=9)
    _capaian_colours(ws, L.KABID, ref)


def _capaian_colours(ws: Worksheet, spec: L.Generated, ref: Referensi) -> None:
    for c, header in enumerate(spec.headers, start=1):
        if header.startswith("Capaian"):
            first = f"{COL(c)}{spec.data_row}"
            _predikat_rules(ws, f"{first}:{COL(c)}2000", first, _scale_rows(ref))


def rekap(wb: Workbook, ref: Referensi, name: str, spec: L.Generated, title: str,
          widths, password) -> None:
    ws = wb.create_sheet(name)
    for c, (header, width) in enumerate(zip(spec.headers, widths), start=1):
        S.header_cell(ws.cell(row=spec.header_row, column=c, value=header))
        ws.column_dimensions[COL(c)].width = width
        fmt = next((f for key, f in NUMBER_FORMATS.items() if header.startswith(key)), None)
        if header.startswith("Perubahan"):
            fmt = L.FMT_ANGKA
        # Only long texts wrap; the other columns let notes, the fingerprint and the
        # signature block overflow to the right instead of folding into a narrow cell.
        _column_style(ws, c, fmt, wrap=header in REKAP_WRAP)
    ws.row_dimensions[spec.header_row].height = 32
    ws.cell(row=L.REKAP_TITLE_ROW, column=1, value=title).font = S.TITLE_FONT
    ws.cell(row=1, column=1).font = S.SUBTITLE_FONT
    ws.cell(row=2, column=1).font = S.TITLE_FONT
    ws.cell(row=L.REKAP_TITLE_ROW + 1, column=1).font = S.SUBTITLE_FONT
    _rekap_rules(ws, spec, ref)
    _rekap_chart(ws, spec, ref, title)
    ws.freeze_panes = f"A{spec.data_row}"
    _protect(ws, password)
    _print_setup(ws, f"{spec.header_row}:{spec.header_row}")
    marker = COL(marker_col(spec))
    ws.column_dimensions[marker].hidden = True
    ws.print_area = f"A1:{COL(len(spec.headers))}{spec.data_row + len(ref.indikator) + 40}"


REKAP_WRAP = {"Sasaran", "Indikator", "Unit", "Faktor pendukung", "Faktor penghambat",
              "Tindak lanjut"}


def marker_col(spec: L.Generated) -> int:
    """A hidden column right of the report whose text says what a row is, so
    conditional formats (not cell styles) give each kind of row its look."""
    return len(spec.headers) + 1


def chart_col(spec: L.Generated) -> int:
    return marker_col(spec) + L.GRAFIK_GAP


ROW_KINDS = {
    "bagian": DifferentialStyle(font=Font(bold=True), fill=S.GROUP_FILL, border=S.BORDER),
    "indikator": DifferentialStyle(border=S.BORDER),
    "rata": DifferentialStyle(font=Font(bold=True, italic=True), border=S.BORDER),
    "judul": DifferentialStyle(font=Font(bold=True)),
    "nama": DifferentialStyle(font=Font(bold=True, underline="single")),
}


def _rekap_rules(ws: Worksheet, spec: L.Generated, ref: Referensi) -> None:
    marker = COL(marker_col(spec))
    last = COL(len(spec.headers))
    top = spec.data_row
    area = f"A{top}:{last}2000"
    for i, header in enumerate(spec.headers, start=1):
        first = f"{COL(i)}{top}"
        if header.startswith("Predikat"):
            _predikat_text_rules(ws, f"{first}:{COL(i)}2000", first)
    for kind, dxf in ROW_KINDS.items():
        _cf(ws, area, f'${marker}{top}="{kind}"', dxf)


def _rekap_chart(ws: Worksheet, spec: L.Generated, ref: Referensi, title: str) -> None:
    first = chart_col(spec)
    for i, text in enumerate(L.GRAFIK_HEADERS):
        S.header_cell(ws.cell(row=spec.header_row, column=first + i, value=text))
        ws.column_dimensions[COL(first + i)].width = 14
    _column_style(ws, first + 1, L.FMT_DESIMAL)
    count = max(len(ref.indikator), 1)
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Capaian per indikator (%)"
    chart.y_axis.title = "Capaian (%)"
    chart.legend = None
    data = Reference(ws, min_col=first + 1, min_row=spec.header_row,
                     max_row=spec.data_row + count - 1)
    cats = Reference(ws, min_col=first, min_row=spec.data_row, max_row=spec.data_row + count - 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.height = max(8, count * 0.45)
    chart.width = 16
    ws.add_chart(chart, f"{COL(first + 3)}{spec.header_row}")


def status_sop(wb: Workbook, ref: Referensi, password) -> None:
    widths = (5, 44, 22, 30, 28, 17, 17, 11, 11, 11, 17, 10, 30, 12)
    ws = _generated(wb, L.STATUS_SOP, "STATUS SOP PENGUMPULAN DATA KINERJA", L.STATUS_SOP_LAYOUT,
                    widths, {"Mulai": L.FMT_WAKTU, "Selesai": L.FMT_WAKTU,
                             "Batas waktu": L.FMT_WAKTU, "Durasi": "0", "Waktu baku": "0"},
                    password)
    col = L.STATUS_SOP_HEADERS.index("Status") + 1
    first = f"{COL(col)}{L.STATUS_SOP_LAYOUT.data_row}"
    for text, color in (("selesai", "C6EFCE"), ("berjalan", "FFEB9C"), ("belum", "F2F2F2")):
        _cf(ws, f"{first}:{COL(col)}{L.STATUS_SOP_LAYOUT.data_row + len(LANGKAH)}",
            f'{first}="{text}"', S.fill_dxf(color))
    for header in ("Melebihi waktu baku", "Terlambat"):
        c = L.STATUS_SOP_HEADERS.index(header) + 1
        cell = f"{COL(c)}{L.STATUS_SOP_LAYOUT.data_row}"
        _cf(ws, f"{cell}:{COL(c)}{L.STATUS_SOP_LAYOUT.data_row + len(LANGKAH)}", f'{cell}="Ya"',
            DifferentialStyle(fill=S.PROBLEM_FILL))


def temuan(wb: Workbook, ref: Referensi, password) -> None:
    ws = _generated(wb, L.TEMUAN, "TEMUAN VALIDASI", L.TEMUAN_LAYOUT,
                    (5, 26, 11, 22, 8, 10, 80, 14), {}, password)
    col = L.TEMUAN_HEADERS.index("Tingkat") + 1
    first = f"{COL(col)}{L.TEMUAN_LAYOUT.data_row}"
    _cf(ws, f"{first}:{COL(col)}5000", f'{first}="error"', DifferentialStyle(fill=S.PROBLEM_FILL))
    _cf(ws, f"{first}:{COL(col)}5000", f'{first}="peringatan"', DifferentialStyle(fill=S.HINT_FILL))


def riwayat(wb: Workbook, ref: Referensi, password) -> None:
    ws = _generated(wb, L.RIWAYAT, "RIWAYAT (catatan berantai, hanya ditambah)",
                    L.RIWAYAT_LAYOUT, (6, 20, 16, 10, 22, 60, 20, 20), {}, password)
    ws.column_dimensions[COL(L.RIWAYAT_HEADERS.index("Sidik") + 1)].font = Font(
        name="Consolas", size=8)
    ws.column_dimensions[COL(L.RIWAYAT_HEADERS.index("Hash") + 1)].font = Font(
        name="Consolas", size=8)


def xlwings_conf(wb: Workbook) -> None:
    ws = wb.create_sheet(L.XLWINGS_CONF)
    # Only what this workbook needs; the interpreter stays each PC's own setting.
    ws["A1"] = "UDF Modules"
    ws["B1"] = "kinerja_udfs"
    ws.sheet_state = "hidden"
