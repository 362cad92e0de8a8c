"""The workbook's contract version: recorded, checked on open, migrated by `perbarui`."""
from __future__ import annotations

import dataclasses
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from kinerja_xl import layout as L
from kinerja_xl.build.package import VBA_PART
from kinerja_xl.cli import main
from kinerja_xl.io import open_workbook
from kinerja_xl.io.base import WorkbookError
from kinerja_xl.ops.inti import migrasi
from kinerja_xl.ops.inti.snapshot import read_referensi

BUKTI_LAMA = L.bukti_h


def bukti_baru(n: int) -> str:
    return f"Bukti dukung {L.tw(n)}"


def run(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def findings(capsys, book: Path) -> tuple[int, list[tuple]]:
    code, out, err = run(capsys, "validasi", book, "--triwulan", "1", "--json")
    assert code in (0, 1), err
    return code, sorted((t["kode_temuan"], t.get("lembar"), t.get("sel"), t.get("kode"))
                        for t in json.loads(out)["temuan"])


def grids(path: Path) -> dict:
    with open_workbook(path) as book:
        return {s: book.read(s) for s in book.sheet_names()}


def names(path: Path) -> dict:
    with open_workbook(path) as book:
        return {n: ref for n, sheet, ref in book.defined_names() if sheet is None}


def staff_sheets(path: Path) -> list[str]:
    with open_workbook(path) as book:
        return [s for s in book.sheet_names() if s.startswith(L.BAHAN_PREFIX)]


@pytest.fixture
def book(sample_submitted, tmp_path) -> Path:
    dst = tmp_path / "LaporanKinerja.xlsm"
    shutil.copy(sample_submitted, dst)
    return dst


def kontrak_v2(monkeypatch) -> None:
    """The next contract: the staff sheet's "Bukti dukung/keterangan TW n" headers are
    renamed, version 2, and the step that migrates version 1 in the table."""
    baru = {BUKTI_LAMA(n): bukti_baru(n) for n in L.TRIWULAN}
    bahan = L.Columns(L.BAHAN.name, *(dataclasses.replace(c, header=baru.get(c.header, c.header))
                                      for c in L.BAHAN))
    monkeypatch.setattr(L, "bukti_h", bukti_baru)
    monkeypatch.setattr(L, "BAHAN", bahan)
    monkeypatch.setattr(L, "BAHAN_HEADERS", bahan.headers)
    monkeypatch.setattr(L, "VERSI_KONTRAK", 2)
    monkeypatch.setattr(migrasi, "LANGKAH", (migrasi.Langkah(
        2, "judul bukti dukung di lembar 3 Bahan dipendekkan",
        judul=tuple(migrasi.GantiJudul(L.BAHAN_PREFIX, L.BAHAN_HEADER_ROW, BUKTI_LAMA(n),
                                       bukti_baru(n), awalan=True) for n in L.TRIWULAN)),))


def test_built_workbooks_record_the_contract_version(sample_master):
    assert names(sample_master)[L.NAMA_VERSI] == str(L.VERSI_KONTRAK)
    committed = Path(__file__).resolve().parents[1] / "workbook" / "LaporanKinerja.xlsm"
    assert names(committed)[L.NAMA_VERSI] == str(L.VERSI_KONTRAK)


def test_the_migration_table_has_one_step_per_later_version():
    assert L.VERSI_PERTAMA == 1 <= L.VERSI_KONTRAK
    assert sorted(s.ke for s in migrasi.LANGKAH) == list(range(2, L.VERSI_KONTRAK + 1))


def test_a_header_renamed_in_the_contract(book, capsys, monkeypatch):
    """A workbook built, then a header renamed in the contract: the old workbook is
    detected, migrated without a value changed, and validates as before."""
    before_code, before = findings(capsys, book)
    grids_before = grids(book)
    # The renamed column holds what staff typed (read as empty, rows of high capaian
    # would have no keterangan: bukti_kosong).
    col = L.BAHAN.col(BUKTI_LAMA(1))
    assert any(len(r) >= col and r[col - 1] for s, g in grids_before.items()
               if s.startswith(L.BAHAN_PREFIX) for r in g[L.BAHAN_DATA_ROW - 1:])
    kontrak_v2(monkeypatch)

    raw = book.read_bytes()
    for cmd in (("validasi", book, "--triwulan", "1"), ("status", book),
                ("pdf", book, "--lembar", L.rekap_tw(1), "-o", book.parent / "tw1.pdf"), ("ekspor", book, "--format", "datar", "-o", book.parent / "datar.xlsx")):
        code, _, err = run(capsys, *cmd)
        assert code == 2, err
        assert f"kinerja-xl perbarui {book}" in err and "versi 1" in err and "versi 2" in err
    assert book.read_bytes() == raw

    code, out, err = run(capsys, "perbarui", book)
    assert code == 0, err
    assert "dari versi 1 ke versi 2" in out
    assert names(book)[L.NAMA_VERSI] == "2"
    after = grids(book)
    assert set(after) == set(grids_before)
    heads = [(L.BAHAN_HEADER_ROW, L.BAHAN.col(bukti_baru(n))) for n in L.TRIWULAN]
    for sheet, grid in grids_before.items():
        if sheet == L.RIWAYAT:
            data = L.RIWAYAT_LAYOUT.data_row - 1
            old_rows = [r for r in grid[data:] if any(v is not None for v in r)]
            new_rows = [r for r in after[sheet][data:] if any(v is not None for v in r)]
            assert new_rows[:len(old_rows)] == old_rows
            assert [r[L.RIWAYAT_LAYOUT.col("Aksi") - 1] for r in new_rows[len(old_rows):]] \
                == ["perbarui"]
            continue
        expected = [list(r) for r in grid]
        if sheet.startswith(L.BAHAN_PREFIX):
            for (r, c), n in zip(heads, L.TRIWULAN):
                assert expected[r - 1][c - 1] == BUKTI_LAMA(n)
                expected[r - 1][c - 1] = bukti_baru(n)
        assert after[sheet] == expected, sheet

    assert findings(capsys, book) == (before_code, before)
    # Up to date now: a second run changes nothing.
    raw = book.read_bytes()
    code, out, _ = run(capsys, "perbarui", book)
    assert code == 0 and "tidak ada yang berubah" in out
    assert book.read_bytes() == raw


def test_a_missing_contract_column_is_named_not_read_as_empty(book, capsys):
    sheet = staff_sheets(book)[0]
    with open_workbook(book, write=True) as wb:
        wb.write_cells(sheet, {(L.BAHAN_HEADER_ROW, L.BAHAN.col(BUKTI_LAMA(1))): "Bukti"})
        wb.save()
    code, out, _ = run(capsys, "validasi", book, "--triwulan", "1", "--json")
    assert code == 1
    found = json.loads(out)["temuan"]
    hilang = [t for t in found if t["kode_temuan"] == "kolom_hilang"]
    assert [(t["lembar"], BUKTI_LAMA(1) in t["pesan"]) for t in hilang] == [(sheet, True)]
    assert not [t for t in found if t.get("lembar") == sheet and t["kode_temuan"] != "kolom_hilang"]


@pytest.mark.parametrize("value, words", [("0", "kinerja-xl perbarui"),
                                          (str(L.VERSI_KONTRAK + 1), "versi terbaru"),
                                          ('"dua"', "bukan nomor versi")])
def test_another_version_stops_every_command(value, words, book, capsys):
    with open_workbook(book, write=True) as wb:
        wb.set_name(L.NAMA_VERSI, value)
        wb.save()
    raw = book.read_bytes()
    code, out, err = run(capsys, "konsolidasi", book, "--triwulan", "1", "--json")
    assert code == 2 and words in err and "Traceback" not in err
    assert json.loads(out)["galat"]["pesan"]
    assert book.read_bytes() == raw
    if value != "0":  # perbarui brings an older workbook up; a newer or broken one stays
        code, _, err = run(capsys, "perbarui", book)
        assert code == 2 and words in err
        assert book.read_bytes() == raw


def _rewrite_workbook_xml(src: Path, dst: Path, edit) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)


def _without_version(text: str) -> str:
    out = re.sub(rf'<definedName name="{L.NAMA_VERSI}"[^>]*>[^<]*</definedName>', "", text)
    assert out != text
    return out


def test_a_workbook_built_before_versions_keeps_working(sample_submitted, book, tmp_path, capsys):
    legacy = tmp_path / "lama" / "LaporanKinerja.xlsm"
    legacy.parent.mkdir()
    _rewrite_workbook_xml(sample_submitted, legacy, _without_version)
    assert L.NAMA_VERSI not in names(legacy)
    assert findings(capsys, legacy) == findings(capsys, book)
    code, out, err = run(capsys, "perbarui", legacy)
    assert code == 0, err
    assert "dicatat" in out
    assert names(legacy)[L.NAMA_VERSI] == str(L.VERSI_KONTRAK)


def test_perbarui_refuses_another_tools_workbook_unless_forced(sample_master, tmp_path, capsys):
    def foreign(text: str) -> str:
        text = _without_version(text)
        count = iter(range(1, 1000))
        return re.sub(r'(<sheet\b[^>]*?\bname=")(?!xlwings\.conf")[^"]*"',
                      lambda m: f'{m.group(1)}Data{next(count)}"', text)
    other = tmp_path / "AlatLain.xlsm"
    _rewrite_workbook_xml(sample_master, other, foreign)
    with zipfile.ZipFile(other) as zf:
        zf.read(VBA_PART)  # it has a VBA project of its own that would be replaced
    raw = other.read_bytes()
    for alias in ("perbarui", "perbarui-makro"):
        code, _, err = run(capsys, alias, other)
        assert code == 2 and "--paksa" in err and "AlatLain.xlsm" in err, err
        assert other.read_bytes() == raw
    assert not (tmp_path / "cadangan").exists()
    code, _, err = run(capsys, "perbarui", other, "--paksa")
    assert code == 0, err


from test_xlwings_adapter import remote  # noqa: E402,F401  (xlwings' remote engine)


def test_the_excel_adapter_reads_the_version(sample_master, remote):
    """The ribbon's workbook: the same check on the xlwings adapter."""
    xw = remote
    from test_xlwings_adapter import grids_of_file, payload
    from kinerja_xl.io.xlwings_adapter import ExcelWorkbook
    grids_ = grids_of_file(sample_master)
    for value, ok in (("=1", True), (f"={L.VERSI_KONTRAK + 1}", False)):
        data = payload(grids_)
        data["names"] = [{"name": L.NAMA_VERSI, "sheet_index": None, "address": None,
                          "book_scope": True, "scope_sheet_name": None,
                          "scope_sheet_index": None, "refers_to": value}]
        wb = ExcelWorkbook(xw.Book(json=data))
        assert (L.NAMA_VERSI, None, value[1:]) in wb.defined_names()
        if ok:
            read_referensi(wb, {})
        else:
            with pytest.raises(WorkbookError, match="versi terbaru"):
                read_referensi(wb, {})
