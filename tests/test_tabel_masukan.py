"""Input tables: every problem of the Unit, PK, RA and Pengaturan tables stops `buat`
with a message naming the file, the row and the column; realisation tables in XLSX
(and CSV as office programs save it) reach the staff sheet as typed."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from kinerja_xl import layout as L
from kinerja_xl.cli import main
from kinerja_xl.io import open_workbook

from conftest import OWN_VECTORS

CONTOH = OWN_VECTORS / "contoh"


def _read(name: str) -> list[list[str]]:
    with open(CONTOH / f"{name}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _write_csv(path: Path, rows: list[list[object]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _tables(tmp_path: Path, edits: dict[str, list[tuple[int, str, str]]], fmt: str = "csv"
            ) -> dict[str, Path]:
    """The sample tables with cells replaced: {table: [(file row, header, value)]}."""
    files = {}
    for name in ("unit", "pk", "ra"):
        rows = _read(name)
        for file_row, header, value in edits.get(name, []):
            rows[file_row - 1][rows[0].index(header)] = value
        path = tmp_path / f"{name}.{fmt}"
        files[name] = (_write_csv if fmt == "csv" else _write_xlsx)(path, rows)
    return files


def _buat(tmp_path: Path, files: dict[str, Path], *extra: str) -> tuple[int, Path]:
    out = tmp_path / "baru.xlsm"
    code = main(["buat", str(out), "--unit", str(files["unit"]), "--pk", str(files["pk"]),
                 "--ra", str(files["ra"]), *extra])
    return code, out


def _names_cell(err: str, berkas: str, row: int, header: str, column: int) -> bool:
    """The message names the file, and the row and column (by name, or as a cell)."""
    cell = f"{get_column_letter(column)}{row}"
    return berkas in err and (
        (f"baris {row}" in err and header in err) or cell in err)


# (table, file row, column, value, what the message must also name)
BAD_CELLS = [
    # Unit: rows 2 SEK, 3 SEK-PK, 4 TIK, 5 TIK-1, 6 TIK-2
    ("unit", 4, "Kode unit", "SEK", "SEK"),                # duplicate unit code
    ("unit", 5, "Kode unit", "", None),                    # missing unit code
    ("unit", 3, "Jenis", "Direktorat", "Direktorat"),      # unknown Jenis
    ("unit", 3, "Jenis", "", None),                        # missing Jenis
    ("unit", 5, "Induk", "XYZ", "XYZ"),                    # Induk not in the table
    ("unit", 6, "Induk", "TIK-2", ("TIK-2", "melingkar")),  # its own Induk
    ("unit", 4, "Induk", "TIK-1", ("TIK", "melingkar")),   # TIK → TIK-1 → TIK
    ("unit", 5, "Kode singkat", "progkeu", "progkeu"),     # duplicate short code, any case
    ("unit", 5, "Kode singkat", "", None),                 # missing short code
    ("unit", 5, "Kode singkat", "IN FRA", "IN FRA"),       # space in a short code
    ("unit", 5, "Nama unit", "", None),                    # missing name
    # PK: row 3 is P-01
    ("pk", 3, "Kode", "", None),
    ("pk", 3, "Level", "Eselon", "Eselon"),
    ("pk", 3, "Unit", "", None),
    ("pk", 3, "Indikator", "", None),
    ("pk", 3, "Satuan", "", None),
    ("pk", 3, "Target tahunan", "banyak", "banyak"),       # not a number
    ("pk", 3, "Target tahunan", "-5", ("-5", "negatif")),  # negative: not "not a number"
    ("pk", 3, "Target tahunan", "", None),                 # required
    ("pk", 3, "Pagu anggaran", "satu juta", "satu juta"),
    # RA: row 2 is S-01, row 3 P-01
    ("ra", 3, "Kode", "S-01", "S-01"),                     # duplicate RA code
    ("ra", 3, "Kode", "Z-99", "Z-99"),                     # RA code not in PK
    ("ra", 3, "Kode", "", None),
    ("ra", 3, "Target TW II", "empat lima", "empat lima"),  # not a number
    ("ra", 3, "Target TW III", "-70", ("-70", "negatif")),
]


@pytest.mark.parametrize("table,row,header,value,named", BAD_CELLS,
                         ids=[f"{t}-{h}-{v or 'kosong'}" for t, _, h, v, _ in BAD_CELLS])
def test_bad_cell_stops_buat_naming_file_row_and_column(table, row, header, value, named,
                                                        tmp_path, capsys):
    files = _tables(tmp_path, {table: [(row, header, value)]})
    code, out = _buat(tmp_path, files)
    err = capsys.readouterr().err
    assert code == 2
    column = _read(table)[0].index(header) + 1
    assert _names_cell(err, f"{table}.csv", row, header, column), err
    for fact in (named,) if isinstance(named, str) else named or ():
        assert fact in err, err
    assert "Traceback" not in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pk.csv", "ra.csv", "unit.csv"]


def test_every_problem_is_listed_at_once(tmp_path, capsys):
    files = _tables(tmp_path, {"pk": [(3, "Arah", "Naik"), (5, "Target tahunan", "x")]})
    code, _ = _buat(tmp_path, files)
    err = capsys.readouterr().err
    assert code == 2
    assert "Naik" in err and "'x'" in err
    assert _names_cell(err, "pk.csv", 3, "Arah", 7) and _names_cell(err, "pk.csv", 5,
                                                                     "Target tahunan", 9)


def test_unknown_setting_key_is_named(tmp_path, capsys):
    files = _tables(tmp_path, {})
    peng = _write_csv(tmp_path / "pengaturan.csv", [["Kunci", "Nilai"], ["Instansi", "Dinas X"],
                                                    ["Tahunn", "2026"]])
    code, out = _buat(tmp_path, files, "--pengaturan", str(peng))
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "Tahunn" in err and _names_cell(err, "pengaturan.csv", 3, "Kunci", 1), err


# --- XLSX tables ------------------------------------------------------------------------
def test_buat_from_xlsx_tables(tmp_path, capsys):
    files = _tables(tmp_path, {"pk": [(3, "Target tahunan", 96)]}, fmt="xlsx")
    code, out = _buat(tmp_path, files)
    assert code == 0, capsys.readouterr().err
    wb = openpyxl.load_workbook(out, keep_vba=True)
    pk = {r[0]: r for r in wb[L.PK].iter_rows(values_only=True) if r[0]}
    target = L.PK_HEADERS.index("Target tahunan")
    # "2,80" typed as text in the XLSX is read the Indonesian way; 96 was a number cell.
    assert pk["S-01"][target] == pytest.approx(2.8)
    assert pk["P-01"][target] == 96
    assert len([k for k in pk if k in {r[0] for r in _read("pk")[1:]}]) == len(_read("pk")) - 1


def test_bad_cell_in_an_xlsx_table_is_named(tmp_path, capsys):
    files = _tables(tmp_path, {"unit": [(3, "Jenis", "Direktorat")]}, fmt="xlsx")
    code, out = _buat(tmp_path, files)
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "Direktorat" in err and _names_cell(err, "unit.xlsx", 3, "Jenis", 3), err


def _staff_row(book: Path, kode: str) -> list:
    with open_workbook(book) as wb:
        grid = wb.read(L.bahan("INFRA"))
    return next(r for r in grid if r and r[0] == kode)


def _rekap(book: Path, capsys) -> dict[str, dict]:
    capsys.readouterr()
    code = main(["rekap", str(book), "--triwulan", "1", "--json"])
    data = json.loads(capsys.readouterr().out)
    # Only INFRA submitted: the other units are warnings, not errors.
    assert code == 0, data["temuan"]
    return {r["kode"]: r for r in data["baris"]}


def test_impor_from_xlsx_realisation_table(sample_book, tmp_path, capsys):
    table = _write_xlsx(tmp_path / "realisasi.xlsx", [
        ["Kode", "Realisasi", "Keterangan"],
        ["IN-01", 97.5, "uptime bulanan"],   # a number cell
        ["IN-02", "3,5", "rata-rata"],       # text typed the Indonesian way
        ["IN-03", 6, None],
    ])
    code = main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "1",
                 "--ajukan"])
    assert code == 0, capsys.readouterr()
    rows = _rekap(sample_book, capsys)
    assert rows["IN-01"]["realisasi"] == pytest.approx(97.5)
    assert rows["IN-02"]["realisasi"] == pytest.approx(3.5)
    assert rows["IN-03"]["realisasi"] == 6
    assert "uptime bulanan" in _staff_row(sample_book, "IN-01")


def test_impor_from_office_csv_semicolon_cp1252(sample_book, tmp_path, capsys):
    table = tmp_path / "realisasi.csv"
    table.write_bytes("Kode;Realisasi;Keterangan\r\nIN-01;97,5;kabel putus di kafé\r\n"
                      "IN-02;3;-\r\nIN-03;6;\r\n".encode("cp1252"))
    code = main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "1",
                 "--ajukan"])
    assert code == 0, capsys.readouterr()
    rows = _rekap(sample_book, capsys)
    assert rows["IN-01"]["realisasi"] == pytest.approx(97.5)
    assert "kabel putus di kafé" in _staff_row(sample_book, "IN-01")


def test_unknown_code_in_xlsx_table_names_file_and_cell(sample_book, tmp_path, capsys):
    table = _write_xlsx(tmp_path / "r.xlsx", [["Kode", "Realisasi"], ["IN-01", 97],
                                              ["ZZ-99", 5]])
    code = main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "1"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "ZZ-99" in out + err and "r.xlsx" in out + err and "A3" in out + err


@pytest.mark.parametrize("rows,named", [
    ([["Kode", "Keterangan"], ["IN-01", "x"]], "Realisasi"),  # required column missing
    ([], None),                                               # empty sheet
])
def test_unusable_xlsx_table_stops_impor(rows, named, sample_book, tmp_path, capsys):
    table = _write_xlsx(tmp_path / "r.xlsx", rows)
    before = sample_book.read_bytes()
    code = main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "1"])
    err = capsys.readouterr().err
    assert code == 2 and "r.xlsx" in err, err
    if named:
        assert named in err
    assert sample_book.read_bytes() == before


def test_missing_table_file_stops_impor(sample_book, tmp_path, capsys):
    before = sample_book.read_bytes()
    code = main(["impor", str(sample_book), "--realisasi", str(tmp_path / "tidak_ada.xlsx"),
                 "--triwulan", "1"])
    err = capsys.readouterr().err
    assert code == 2 and "tidak_ada.xlsx" in err
    assert sample_book.read_bytes() == before


# --- the same tables as sheets of the workbook, edited by a person ----------------------
def _set(book: Path, sheet: str, kode: str, header: str, value) -> str:
    """Type `value` in the row of `kode` under `header`; returns the cell, e.g. 'G5'."""
    with open_workbook(book, write=True) as wb:
        grid = wb.read(sheet)
        head = grid[L.REF_HEADER_ROW - 1]
        col = head.index(header) + 1
        row = next(i for i, line in enumerate(grid, start=1)
                   if i > L.REF_HEADER_ROW and line and line[0] == kode)
        wb.write_cells(sheet, {(row, col): value})
        wb.save()
    return f"{get_column_letter(col)}{row}"


SHEET_CELLS = [
    (L.PK, "S-01", "Arah", "Naik", "Naik"),
    (L.PK, "P-01", "Target tahunan", "-95", "negatif"),
    (L.UNIT, "TIK", "Induk", "TIK-1", "melingkar"),
    (L.UNIT, "TIK-1", "Jenis", "Direktorat", "Direktorat"),
    (L.RA, "P-01", "Kode", "S-01", "S-01"),
    (L.RA, "P-01", "Target TW II", "empat lima", "empat lima"),
]


@pytest.mark.parametrize("sheet,kode,header,value,named", SHEET_CELLS,
                         ids=[f"{s}-{h}-{v}" for s, _, h, v, _ in SHEET_CELLS])
def test_bad_cell_in_a_reference_sheet_stops_every_command(sheet, kode, header, value, named,
                                                          contoh_book, capsys):
    cell = _set(contoh_book, sheet, kode, header, value)
    before = contoh_book.read_bytes()
    for args in (["validasi", "--triwulan", "1"], ["rekap", "--triwulan", "1"]):
        code = main([args[0], str(contoh_book), *args[1:]])
        err = capsys.readouterr().err
        assert code == 2, (args, err)
        assert f"'{sheet}'" in err and cell in err and named in err, err
        assert contoh_book.name in err
        assert contoh_book.read_bytes() == before


def test_broken_predicate_scale_in_pengaturan_is_named(contoh_book, capsys):
    with open_workbook(contoh_book, write=True) as wb:
        wb.write_cells(L.PENGATURAN, {(L.REF_DATA_ROW + 1, L.SKALA_FIRST_COL): "tujuh puluh"})
        wb.save()
    before = contoh_book.read_bytes()
    code = main(["validasi", str(contoh_book), "--triwulan", "1"])
    err = capsys.readouterr().err
    assert code == 2 and f"'{L.PENGATURAN}'" in err and "tujuh puluh" in err, err
    assert contoh_book.read_bytes() == before
