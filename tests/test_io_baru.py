"""io/baru.py: a new plain .xlsx written from a description, read back with openpyxl."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from kinerja_xl.io import safety
from kinerja_xl.io.base import WorkbookError
from kinerja_xl.io.baru import BukuBaru, Daftar, Lembar, buat_bytes, tulis_baru

STAMP = dt.datetime(2026, 4, 1, 10, 0, 0)


def _buku() -> BukuBaru:
    isian = Lembar(
        "Isian", baris=[("Kode", "Nilai", "Tanggal", "Status")],
        sel={(2, 1): "IK-01", (2, 2): 12.5, (2, 3): dt.datetime(2026, 3, 31)},
        lebar={1: 9, 2: 14.5}, format_angka={(2, 2): "0.00", (2, 3): "dd/mm/yyyy"},
        gaya={(1, 1): "kepala", (1, 2): "kepala"}, terbuka=[(2, 2), (2, 4)],
        lindungi=True, sandi="rahasia", daftar=[Daftar("D2:D9", ("Draf", "Diajukan"))],
        beku=(2, 2))
    tersembunyi = Lembar("Bantu", baris=[("x",)], keadaan="hidden")
    rahasia = Lembar("_meta", baris=[("Kunci", "Nilai"), ("Format", "v1")], lindungi=True,
                     keadaan="veryHidden")
    return BukuBaru([isian, tersembunyi, rahasia], nama={"Konstanta": '"Ya"'},
                    judul="Uji", dibuat=STAMP)


def test_the_description_is_what_excel_finds(tmp_path):
    path = tmp_path / "baru.xlsx"
    tulis_baru(path, _buku())
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Isian", "Bantu", "_meta"]
    ws = wb["Isian"]
    assert [c.value for c in ws[1]] == ["Kode", "Nilai", "Tanggal", "Status"]
    assert (ws["A2"].value, ws["B2"].value, ws["C2"].value) == ("IK-01", 12.5,
                                                                dt.datetime(2026, 3, 31))
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["B"].width) == (9, 14.5)
    assert (ws["B2"].number_format, ws["C2"].number_format) == ("0.00", "dd/mm/yyyy")
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    assert not ws["A2"].font.b
    # Only the described input cells are open on the protected sheet.
    assert ws.protection.sheet and ws.protection.password
    assert [ws[c].protection.locked for c in ("A2", "B2", "C2", "D2")] == [
        True, False, True, False]
    (dv,) = ws.data_validations.dataValidation
    assert (dv.type, dv.formula1, str(dv.sqref)) == ("list", '"Draf,Diajukan"', "D2:D9")
    assert ws.freeze_panes == "B2"
    assert (wb["Bantu"].sheet_state, wb["_meta"].sheet_state) == ("hidden", "veryHidden")
    assert wb["_meta"].protection.sheet and not wb["Bantu"].protection.sheet
    assert wb.defined_names["Konstanta"].attr_text == '"Ya"'
    assert (wb.properties.title, wb.properties.creator) == ("Uji", "kinerja-xl")
    assert (wb.properties.created, wb.properties.modified) == (STAMP, STAMP)


def test_same_description_same_content():
    a, b = (zipfile.ZipFile(io.BytesIO(buat_bytes(_buku()))) for _ in range(2))
    assert a.namelist() == b.namelist()
    assert all(a.read(n) == b.read(n) for n in a.namelist())


def test_a_sheet_drawn_by_a_function_gets_the_cells_on_top(tmp_path):
    def draw(wb):
        ws = wb.create_sheet("Gambar")
        ws["A1"], ws["B1"] = "judul", "bawaan"

    path = tmp_path / "g.xlsx"
    tulis_baru(path, BukuBaru([Lembar("Gambar", sel={(1, 2): None, (2, 1): 5}, gambar=draw)]))
    ws = openpyxl.load_workbook(path)["Gambar"]
    assert (ws["A1"].value, ws["B1"].value, ws["A2"].value) == ("judul", None, 5)


def test_an_existing_file_is_kept_as_backup_and_refused_while_open(tmp_path):
    path = tmp_path / "ada.xlsx"
    path.write_bytes(b"lama")
    tulis_baru(path, BukuBaru([Lembar("S", baris=[("baru",)])]))
    assert openpyxl.load_workbook(path)["S"]["A1"].value == "baru"
    assert [open(p, "rb").read() for p in safety.backups_of(str(path))] == [b"lama"]
    (tmp_path / safety.office_lock_names(path.name)[0]).write_text("kunci Excel")
    with pytest.raises(WorkbookError):
        tulis_baru(path, BukuBaru([Lembar("S", baris=[("lagi",)])]))
    assert openpyxl.load_workbook(path)["S"]["A1"].value == "baru"
