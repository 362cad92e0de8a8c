"""The built workbook: every sheet, deterministic, the committed file in sync, bad tables."""
from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import load_workbook

from kinerja_xl import layout as L
from kinerja_xl.build.builder import Sumber, build_bytes, load_referensi
from kinerja_xl.build.formulas import ALLOWED_FUNCTIONS
from kinerja_xl.cli import main

from conftest import ROOT, OWN_VECTORS

COMMITTED = ROOT / "workbook" / "LaporanKinerja.xlsm"
EPOCH = "1767225600"


def parts(data: bytes) -> dict[str, bytes]:
    import io
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_sample_has_every_sheet_of_the_contract(sample_master):
    wb = load_workbook(sample_master, keep_vba=True)
    names = wb.sheetnames
    ref = load_referensi(Sumber())
    assert len(ref.indikator) >= 25 and len(ref.reporting_units()) >= 8
    assert {i.arah for i in ref.indikator} == {"Positif", "Negatif"}
    assert {i.agregasi for i in ref.indikator} == set(L.AGREGASI)
    assert any(i.target_tw[:3] == [None, None, None] and i.target_tw[3] for i in ref.indikator)
    fixed = [L.PENGATURAN, L.UNIT, L.PK, L.RA, L.DISPOSISI, L.PEMBAGIAN_TUGAS, L.KOREKSI_KASI,
             L.KOREKSI_KABID, L.PEMERIKSAAN_KADIN, *L.REKAP_SHEETS, L.STATUS_SOP, L.TEMUAN,
             L.RIWAYAT, L.XLWINGS_CONF]
    for name in fixed:
        assert name in names
    for unit in ref.reporting_units():
        assert L.bahan(unit.kode_singkat) in names and L.laporan(unit.kode_singkat) in names
    for unit in ref.induk_units():
        assert L.kabid(unit.kode_singkat) in names
    assert wb[L.XLWINGS_CONF].sheet_state == "hidden"
    staff = wb[L.bahan("INFRA")]
    assert staff.protection.sheet
    assert staff.freeze_panes
    assert staff.conditional_formatting
    rekap = wb[L.rekap_tw(1)]
    assert rekap.page_setup.orientation == "landscape" and int(rekap.page_setup.paperSize) == 9
    assert rekap._charts or rekap.print_title_rows


def test_staff_sheet_only_inputs_unlocked(sample_master):
    wb = load_workbook(sample_master)
    ws = wb[L.bahan("INFRA")]
    head = [c.value for c in ws[L.BAHAN_HEADER_ROW]]
    inputs = {h for n in L.TRIWULAN for h in L.bahan_input_headers(n)}
    row = L.BAHAN_DATA_ROW
    for col, h in enumerate(head, start=1):
        locked = ws.cell(row=row, column=col).protection.locked
        assert locked == (h not in inputs), h
    assert ws.cell(row=L.STATUS_ROW, column=L.STATUS_FIRST_COL).protection.locked is False


def test_formulas_use_only_excel_2010_functions(sample_master):
    wb = load_workbook(sample_master)
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    seen += 1
                    used = set(re.findall(r"([A-Z][A-Z0-9.]*)\(", cell.value))
                    assert used <= ALLOWED_FUNCTIONS, (ws.title, cell.coordinate, used)
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                for f in rule.formula or []:
                    used = set(re.findall(r"([A-Z][A-Z0-9.]*)\(", f))
                    assert used <= ALLOWED_FUNCTIONS, (ws.title, f)
                    refs = re.findall(r"'?([^'!]+)'?!", f)
                    assert not refs, f"cross-sheet reference in a conditional format: {f}"
    assert seen > 100


def test_build_is_deterministic(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    ref = load_referensi(Sumber())
    assert build_bytes(ref) == build_bytes(load_referensi(Sumber()))


def test_committed_workbook_is_what_the_builder_makes(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    built = tmp_path / "LaporanKinerja.xlsm"
    assert main(["buat", str(built), "--contoh"]) == 0
    want, got = parts(built.read_bytes()), parts(COMMITTED.read_bytes())
    assert sorted(want) == sorted(got)
    for name in want:
        assert want[name] == got[name], f"{name} differs: rebuild workbook/LaporanKinerja.xlsm"


def test_shared_contoh_tables_build(tmp_path):
    src = OWN_VECTORS / "contoh"
    out = tmp_path / "c.xlsm"
    assert main(["buat", str(out), "--unit", str(src / "unit.csv"), "--pk", str(src / "pk.csv"),
                 "--ra", str(src / "ra.csv")]) == 0
    wb = load_workbook(out, keep_vba=True)
    s01 = [r for r in wb[L.PK].iter_rows(values_only=True) if r[0] == "S-01"][0]
    assert s01[L.PK_HEADERS.index("Target tahunan")] == pytest.approx(2.8)


BAD_TABLES = [
    ("pk", "Arah", "Naik", "'Naik' bukan isian yang sah untuk Arah"),
    ("pk", "Agregasi", "Total", "'Total' bukan isian yang sah untuk Agregasi"),
    ("pk", "Kode", "S-01", "kode indikator 'S-01' tercatat lebih dari satu kali"),
    ("pk", "Unit", "XYZ", "unit 'XYZ' tidak ada"),
    ("ra", "Kode", "Z-99", "kode indikator 'Z-99' tidak ada"),
    ("unit", "Kode singkat", "TERLALUPANJANGSEKALI17", "1–16 huruf"),
    ("unit", "Kode singkat", "INFRA/1", "1–16 huruf"),
    ("unit", "Jenis", "Direktorat", "'Direktorat' bukan isian yang sah untuk Jenis"),
    ("unit", "Induk", "TIDAKADA", "unit 'TIDAKADA' tidak ada"),
    ("pk", L.TARGET_TRIWULAN_KUNCI, "bulanan",
     "'bulanan' bukan isian yang sah untuk Target triwulan; pilih salah satu: RA / "
     "tahunan saja"),
    ("pk", L.TARGET_NOL_KUNCI, "kosong", "'kosong' bukan isian yang sah untuk Target 0 berarti"),
]


@pytest.mark.parametrize("table,column,value,message", BAD_TABLES)
def test_bad_tables_stop_with_message_and_no_file(table, column, value, message, tmp_path, capsys):
    import csv
    src = OWN_VECTORS / "contoh"
    files = {}
    for name in ("unit", "pk", "ra"):
        rows = list(csv.reader(open(src / f"{name}.csv", encoding="utf-8")))
        if name == table:
            if column not in rows[0]:  # an optional column the sample does not have
                rows = [r + [column if i == 0 else ""] for i, r in enumerate(rows)]
            col = rows[0].index(column)
            rows[2][col] = value
        path = tmp_path / f"{name}.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
        files[name] = path
    out = tmp_path / "x.xlsm"
    code = main(["buat", str(out), "--unit", str(files["unit"]), "--pk", str(files["pk"]),
                 "--ra", str(files["ra"])])
    err = capsys.readouterr().err
    assert code == 2
    assert message.casefold() in err.casefold() and column in err
    assert re.search(rf"Berkas {table}\.csv sel [A-Z]+3 \(kolom {column}\)", err), err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix != ".csv"] == []


def test_missing_column_names_file_and_column(tmp_path, capsys):
    pk = tmp_path / "pk.csv"
    pk.write_text("Kode,Level,Unit,Indikator,Satuan,Arah,Target tahunan\n", encoding="utf-8")
    code = main(["buat", str(tmp_path / "x.xlsm"), "--unit",
                 str(OWN_VECTORS / "contoh" / "unit.csv"), "--pk", str(pk)])
    err = capsys.readouterr().err
    assert code == 2 and "pk.csv" in err and "Agregasi" in err


def _vectors():
    import csv
    rows = list(csv.DictReader(open(OWN_VECTORS / "capaian.csv", encoding="utf-8")))
    return rows


def test_preview_formulas_recalculated_by_libreoffice_equal_the_rules(tmp_path):
    """The staff sheet's native preview, computed by a real spreadsheet engine."""
    from conftest import preview_by_libreoffice
    from kinerja_xl.rules import capaian

    rows = _vectors()
    got = preview_by_libreoffice(rows, tmp_path)
    for r, value in zip(rows, got, strict=True):
        want = capaian(r["target"] or None, r["realisasi"] or None, r["arah"], r["rumus"])
        if want.bulat is None:
            assert value == "", (r, value)
        else:
            assert abs(float(value) - float(want.bulat)) < 1e-9, (r, value, want.bulat)
