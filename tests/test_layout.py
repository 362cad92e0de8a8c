"""The layout contract: rows are placed by header, and the built workbook carries the
headers, widths, formats and unlocked cells that layout.py declares."""
from __future__ import annotations

import ast
import csv
from pathlib import Path

import openpyxl
import pytest

from kinerja_xl import layout as L
from kinerja_xl.cli import main
from kinerja_xl.io import open_workbook
from kinerja_xl.ops.rekap import Sheet

from conftest import OWN_VECTORS, ROOT

# --- row builder -----------------------------------------------------------------------


def test_row_places_values_by_header_and_fills_the_rest_with_none():
    row = L.LAPORAN.row({"Indikator": "Persentase", L.capaian_h(2): 87.5}, Kode="1.1")
    assert len(row) == len(L.LAPORAN.headers) == 25
    assert row[1] == "Persentase"           # column B
    assert row[0] == "1.1"                  # column A
    assert row[14] == 87.5                  # 5 fixed + TW I block (5) + 5th of TW II
    assert [i for i, v in enumerate(row) if v is not None] == [0, 1, 14]


@pytest.mark.parametrize("table", [L.LAPORAN, L.KABID, L.REKAP, L.REKAP_TAHUNAN_LAYOUT,
                                   L.BAHAN, L.STATUS_SOP_LAYOUT, L.GRAFIK])
def test_row_with_an_unknown_header_raises_instead_of_dropping_the_value(table):
    with pytest.raises(KeyError, match="Realisasi TW V"):
        table.row({"Realisasi TW V": 1})
    with pytest.raises(KeyError):
        table.col("Indikator ")


def test_a_table_refuses_a_header_twice():
    with pytest.raises(ValueError, match="twice"):
        L.Columns("x", L.text("Kode", 9), L.text("Kode", 10))


def test_report_sheet_rejects_an_unknown_row_kind():
    sheet = Sheet(L.REKAP)
    sheet.add({"No": 1}, L.BARIS_INDIKATOR)
    assert sheet.rows[0][L.REKAP.marker_col - 1] == L.BARIS_INDIKATOR
    with pytest.raises(ValueError):
        sheet.add({"No": 2}, "indikatorr")


# --- the built workbook against layout -------------------------------------------------
# (sheet, table, header row, first column, whether the builder styles whole columns)
def _tables(names: list[str]):
    bahan = next(n for n in names if n.startswith(L.BAHAN_PREFIX))
    laporan = next(n for n in names if n.startswith(L.LAPORAN_PREFIX))
    kabid = next(n for n in names if n.startswith(L.KABID_PREFIX))
    return [
        (L.PENGATURAN, L.PENGATURAN_TABLE, L.REF_HEADER_ROW, 1, False),
        (L.PENGATURAN, L.SKALA_TABLE, L.REF_HEADER_ROW, L.SKALA_FIRST_COL, False),
        (L.UNIT, L.UNIT_TABLE, L.REF_HEADER_ROW, 1, False),
        (L.PK, L.PK_TABLE, L.REF_HEADER_ROW, 1, False),
        (L.RA, L.RA_TABLE, L.REF_HEADER_ROW, 1, False),
        (L.DISPOSISI, L.DISPOSISI_TABLE, L.STEP_HEADER_ROW, 1, True),
        (L.PEMBAGIAN_TUGAS, L.PEMBAGIAN_TABLE, L.STEP_HEADER_ROW, 1, True),
        (L.KOREKSI_KASI, L.KOREKSI_TABLE, L.STEP_HEADER_ROW, 1, True),
        (L.KOREKSI_KABID, L.KOREKSI_TABLE, L.STEP_HEADER_ROW, 1, True),
        (L.PEMERIKSAAN_KADIN, L.PEMERIKSAAN_TABLE, L.STEP_HEADER_ROW, 1, True),
        (bahan, L.BAHAN, L.BAHAN_HEADER_ROW, 1, False),
        (laporan, L.LAPORAN, L.LAPORAN.header_row, 1, True),
        (kabid, L.KABID, L.KABID.header_row, 1, True),
        *[(L.rekap_tw(n), L.REKAP, L.REKAP.header_row, 1, True) for n in L.TRIWULAN],
        (L.REKAP_TAHUNAN, L.REKAP_TAHUNAN_LAYOUT, L.REKAP_TAHUNAN_LAYOUT.header_row, 1, True),
        (L.rekap_tw(1), L.GRAFIK, L.REKAP.header_row, L.REKAP.chart_col, False),
        (L.STATUS_SOP, L.STATUS_SOP_LAYOUT, L.STATUS_SOP_LAYOUT.header_row, 1, True),
        (L.TEMUAN, L.TEMUAN_LAYOUT, L.TEMUAN_LAYOUT.header_row, 1, True),
        (L.RIWAYAT, L.RIWAYAT_LAYOUT, L.RIWAYAT_LAYOUT.header_row, 1, True),
    ]


def test_every_header_width_and_column_format_of_the_built_workbook_is_the_layouts(
        sample_master):
    # The saved file is read back, so what is compared is what Excel will open.
    wb = openpyxl.load_workbook(sample_master)
    problems = []
    for sheet, table, row, first, styled in _tables(wb.sheetnames):
        ws = wb[sheet]
        got = [ws.cell(row=row, column=first + i).value for i in range(len(table) + 1)]
        if got[:-1] != list(table.headers):
            problems.append(f"{sheet}: headers {got[:-1]} != {list(table.headers)}")
        if got[-1] is not None and table is not L.SKALA_TABLE:
            problems.append(f"{sheet}: extra header {got[-1]!r} after the table")
        for i, column in enumerate(table):
            letter = openpyxl.utils.get_column_letter(first + i)
            dim = ws.column_dimensions[letter]
            if column.width is not None and dim.width != column.width:
                problems.append(f"{sheet}!{letter} ({column.header}): width {dim.width} "
                                f"!= {column.width}")
            if styled and column.fmt and dim.number_format != column.fmt:
                problems.append(f"{sheet}!{letter} ({column.header}): format "
                                f"{dim.number_format!r} != {column.fmt!r}")
            if styled and bool(dim.alignment.wrap_text) != column.wrap:
                problems.append(f"{sheet}!{letter} ({column.header}): wrap "
                                f"{dim.alignment.wrap_text} != {column.wrap}")
    assert not problems, "\n".join(problems)


def test_unlocked_cells_are_the_layouts_input_columns(sample_master):
    wb = openpyxl.load_workbook(sample_master)
    bahan = next(n for n in wb.sheetnames if n.startswith(L.BAHAN_PREFIX))
    problems = []
    for sheet, table, data_row in ((bahan, L.BAHAN, L.BAHAN_DATA_ROW),
                                   (L.DISPOSISI, L.DISPOSISI_TABLE, L.STEP_DATA_ROW),
                                   (L.PEMERIKSAAN_KADIN, L.PEMERIKSAAN_TABLE, L.STEP_DATA_ROW)):
        ws = wb[sheet]
        assert ws.protection.sheet, sheet
        for c, column in enumerate(table, start=1):
            cell = ws.cell(row=data_row, column=c)
            if cell.protection.locked == column.input:
                problems.append(f"{sheet}!{cell.coordinate} ({column.header}): locked="
                                f"{cell.protection.locked}, input={column.input}")
    assert not problems, "\n".join(problems)


def test_report_marker_and_chart_columns_are_where_the_builder_put_them(contoh_book, capsys):
    vectors = OWN_VECTORS / "contoh"
    assert main(["impor", str(contoh_book), "--realisasi", str(vectors / "realisasi_tw1.csv"),
                 "--triwulan", "1", "--ajukan"]) == 0
    assert main(["rekap", str(contoh_book), "--triwulan", "1"]) == 0
    capsys.readouterr()
    # The builder hid the marker column; openpyxl reads the hidden flag from the file.
    ws = openpyxl.load_workbook(contoh_book)[L.rekap_tw(1)]
    hidden = [k for k, d in ws.column_dimensions.items() if d.hidden]
    assert hidden == [openpyxl.utils.get_column_letter(L.REKAP.marker_col)]
    with open_workbook(contoh_book) as book:
        grid = book.read(L.rekap_tw(1))
    header = grid[L.REKAP.header_row - 1]
    kode_col = header.index("Kode")
    chart_kode = header.index("Grafik: Kode")
    rows = grid[L.REKAP.data_row - 1:]
    kinds = [r[L.REKAP.marker_col - 1] if len(r) >= L.REKAP.marker_col else None
             for r in rows]
    assert set(kinds) <= set(L.BARIS) | {None}
    indikator = [r[kode_col] for r, k in zip(rows, kinds, strict=True)
                 if k == L.BARIS_INDIKATOR]
    with open(vectors / "pk.csv", newline="", encoding="utf-8-sig") as fh:
        codes = [r["Kode"] for r in csv.DictReader(fh)]
    assert sorted(indikator) == sorted(codes)
    # the chart lists the indicators that have a capaian, in report order
    capaian = header.index("Capaian (%)")
    measured = [r[kode_col] for r, k in zip(rows, kinds, strict=True)
                if k == L.BARIS_INDIKATOR and r[capaian] is not None]
    chart = [r[chart_kode] if len(r) > chart_kode else None for r in rows[:len(measured) + 1]]
    assert chart == measured + [None]


def test_laporan_values_sit_under_their_header_and_later_quarters_stay_empty(contoh_book,
                                                                              capsys):
    vectors = OWN_VECTORS / "contoh"
    with open(vectors / "realisasi_tw1.csv", newline="", encoding="utf-8-sig") as fh:
        submitted = {r["Kode"]: r["Realisasi"] for r in csv.DictReader(fh)}
    assert main(["impor", str(contoh_book), "--realisasi", str(vectors / "realisasi_tw1.csv"),
                 "--triwulan", "1", "--ajukan"]) == 0
    assert main(["konsolidasi", str(contoh_book), "--triwulan", "1"]) == 0
    capsys.readouterr()
    with open_workbook(contoh_book) as book:
        grids = [book.read(n) for n in book.sheet_names() if n.startswith(L.LAPORAN_PREFIX)]
    seen = 0
    for grid in grids:
        # Headers as the built sheet has them, not as layout numbers them.
        header = grid[L.LAPORAN.header_row - 1]
        at = {h: i for i, h in enumerate(header) if h}
        for r in grid[L.LAPORAN.data_row - 1:]:
            kode = r[at["Kode"]] if r else None
            if kode is None:
                continue
            want = submitted.get(kode)
            got = r[at["Realisasi diajukan TW I"]]
            assert (got is None and not want) or float(got) == float(want.replace(",", ".")), kode
            seen += want is not None
            for n in (2, 3, 4):
                block = [r[at[h]] for h in header if h and h.endswith(L.tw(n))
                         or h == L.capaian_h(n)]
                assert block and all(v is None for v in block), (kode, n, block)
    assert seen == len(submitted)


# --- one definition per word -----------------------------------------------------------
# The words of the rules and of the workbook's states: written as a literal only in
# rules.py or layout.py, imported everywhere else (dict keys of the JSON output aside).
WORDS = {"2T-R", "T/R", "Positif", "Negatif", "Jumlah", "Nilai Akhir", "Rata-rata",
         "Disetujui", "Dikembalikan", "Draf", "Diajukan", "FINAL", "bagian", "rata", "judul",
         "Ambang capaian rendah", "Ambang capaian tinggi", "Rumus indikator negatif",
         "berjalan", "belum"}


def test_rule_and_state_words_are_defined_once():
    found = []
    for path in sorted((ROOT / "kinerja_xl").rglob("*.py")):
        if path.name in ("rules.py", "layout.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        keys = {id(k) for n in ast.walk(tree) if isinstance(n, ast.Dict) for k in n.keys if k}
        keys |= {id(n.slice) for n in ast.walk(tree) if isinstance(n, ast.Subscript)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and node.value in WORDS
                    and id(node) not in keys):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert not found, "\n".join(found)


# --- the quarter: one reader for settings, step sheets and table cells -------------------
@pytest.mark.parametrize("ditulis, triwulan", [
    (2, 2), (2.0, 2), ("2", 2), ("2,0", 2), ("II", 2), (" ii ", 2), ("TW II", 2),
    ("TW-2", 2), ("Triwulan 2", 2), ("Triwulan ke-2", 2), ("Trw. II", 2), ("Q2", 2),
    ("IV", 4), (2.5, None), ("2,5", None), (5, None), ("V", None), ("", None),
    (None, None), (True, None), ("TW", None),
    # a period of months, a quarter with its year (e-kinerja exports)
    ("Januari - Maret", 1), ("April s.d. Juni", 2), ("Jul-Sep", 3), ("Oktober - Desember", 4),
    ("IV/2026", 4), ("TW II 2026", 2), ("Triwulan III Tahun 2026", 3),
    ("Januari - Juni", None), ("2026", None)])
def test_a_quarter_reads_the_same_wherever_it_is_written(ditulis, triwulan):
    from kinerja_xl.model import Referensi
    assert L.baca_tw(ditulis) == triwulan
    # Pengaturan's Triwulan aktif: the same reader; what names no quarter is TW I.
    ref = Referensi({}, [], {"Triwulan aktif": ditulis})
    assert ref.triwulan_aktif() == (triwulan or 1)
    assert ref.triwulan(None) == (triwulan or 1) and ref.triwulan(3) == 3


def test_triwulan_aktif_written_in_roman_is_that_quarter_for_a_command(sample_book, capsys):
    """"II" in Pengaturan was TW I for the default quarter and TW II on the step sheets."""
    import json
    row = L.REF_DATA_ROW + L.SETTING_KEYS.index("Triwulan aktif")
    with open_workbook(sample_book, write=True) as book:
        book.write_cells(L.PENGATURAN, {(row, 2): "II"})
        book.save()
    capsys.readouterr()
    assert main(["status", str(sample_book), "--json"]) in (0, 1)
    hasil = json.loads(capsys.readouterr().out)
    assert hasil["triwulan"] == 2, hasil.get("ringkasan")


def test_a_setting_read_by_a_key_the_contract_does_not_have_raises():
    from kinerja_xl.model import Referensi
    ref = Referensi({}, [], {"Instansi": "Diskominfo"})
    assert ref.setting("Instansi") == "Diskominfo"
    with pytest.raises(KeyError, match="Instansii"):
        ref.setting("Instansii", "")   # a renamed or mistyped key never falls back


def test_settings_are_typed_attributes_with_their_fallbacks():
    """Every key of layout.SETTINGS is an attribute of `Pengaturan` with its type; an
    empty value reads as the fallback the callers used before, never as a blank."""
    import datetime as dt

    from kinerja_xl.model import Pengaturan, Referensi, _Teks
    assert set(Pengaturan.ATRIBUT) == set(L.SETTING_KEYS)
    assert all(isinstance(getattr(Pengaturan, a, None), (property, _Teks))
               for a in Pengaturan.ATRIBUT.values())
    # a text attribute reads its own key, not a neighbour's
    for kunci, a in Pengaturan.ATRIBUT.items():
        if isinstance(getattr(Pengaturan, a), _Teks):
            assert getattr(Referensi({}, [], {kunci: "isi"}).pengaturan, a) == "isi", a
    kosong = Referensi({}, [], {k: "  " for k in L.SETTING_KEYS}).pengaturan
    assert (kosong.tahun, kosong.triwulan_aktif, kosong.cetak_kop) == (0, 1, True)
    assert (kosong.ambang_rendah, kosong.ambang_tinggi) == (L.AMBANG_RENDAH, L.AMBANG_TINGGI)
    assert kosong.rumus_negatif == L.RUMUS_BAWAAN
    assert kosong.jabatan_kepala == L.JABATAN_KEPALA_BAWAAN
    assert (kosong.target_triwulan, kosong.target_nol) == (L.TARGET_TW_RA, L.TARGET_NOL_NOL)
    assert kosong.instansi is None and kosong.tanggal_laporan is None
    atur = Referensi({}, [], {L.TAHUN_KUNCI: "2027", L.TRIWULAN_AKTIF_KUNCI: "TW III",
                              L.AMBANG_RENDAH_KUNCI: "60,5", L.CETAK_KOP_KUNCI: " Tidak ",
                              L.NIP_PENANDATANGAN_KUNCI: 123456.0,
                              L.TANGGAL_LAPORAN_KUNCI: "15/01/2027"}).pengaturan
    assert (atur.tahun, atur.triwulan_aktif, atur.ambang_rendah) == (2027, 3, 60.5)
    assert atur.cetak_kop is False and atur.nip_penandatangan == "123456"
    assert atur.tanggal_laporan == dt.date(2027, 1, 15)
    with pytest.raises(KeyError, match="Tahun "):
        atur.nilai("Tahun ")
