"""makro_berubah: the master's macros compared with what this version builds."""
from __future__ import annotations

import contextlib
import io
import json
import shutil
import zipfile
from types import SimpleNamespace

import pytest

from kinerja_xl import makro
from kinerja_xl.cli import main
from kinerja_xl.build.package import VBA_PART
from kinerja_xl.build.vba_baca import decompress, read_modules
from kinerja_xl.io import open_workbook


def _cli(*args: str) -> SimpleNamespace:
    """`kinerja-xl ARGS` in this process (no interpreter start per call)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


def _codes(out: str) -> list[str]:
    return [t["kode_temuan"] for t in json.loads(out)["temuan"]]


def test_decompress_worked_example():
    # [MS-OVBA] 3.2.3: "#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
    compressed = bytes.fromhex(
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00"
        " 30 6D 6E 6F 70 06 71 02 70 04 10 72 73 74 75 76 10 77 78 79 7A 00 3C")
    assert decompress(compressed) == \
        b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"


def test_fresh_build_has_our_modules(sample_book):
    with zipfile.ZipFile(sample_book) as zf:
        modules = read_modules(zf.read(VBA_PART))
    assert {"Dictionary", "KinerjaRibbon", "KinerjaUDF", "xlwings"} <= set(modules)
    assert "Attribute Item.VB_UserMemId = 0" in modules["Dictionary"]
    with open_workbook(sample_book) as book:
        assert makro.periksa(book) == []


def test_operator_rows_in_conf_are_theirs_and_owned_key_is_checked(sample_book):
    with open_workbook(sample_book, write=True) as book:
        book.write_cells("xlwings.conf", {(2, 1): "Interpreter_Win",
                                          (2, 2): r"C:\Python311\python.exe"})
        book.save()
    with open_workbook(sample_book) as book:
        assert makro.periksa(book) == []
    with open_workbook(sample_book, write=True) as book:
        book.write_cells("xlwings.conf", {(1, 2): "modul_lain"})
        book.save()
    r = _cli("status", str(sample_book), "--json")
    assert "makro_berubah" in _codes(r.stdout)
    assert "UDF Modules" in json.loads(r.stdout)["temuan"][-1]["pesan"] or any(
        "UDF Modules" in t["pesan"] for t in json.loads(r.stdout)["temuan"])


@pytest.fixture
def saved(master_libreoffice, tmp_path):
    """The sample master as LibreOffice saved it (conftest), copied for one test."""
    dst = tmp_path / master_libreoffice.disimpan.name
    shutil.copy(master_libreoffice.disimpan, dst)
    return dst


@pytest.mark.slow
def test_master_saved_by_libreoffice_is_reported(sample_book, saved):
    with zipfile.ZipFile(saved) as zf:
        modules = read_modules(zf.read(VBA_PART))
    # What LibreOffice does to the class module xlwings' VBA needs.
    assert "VB_UserMemId" not in modules["Dictionary"]
    for cmd in (["status", str(saved)], ["validasi", str(saved), "--triwulan", "1"]):
        r = _cli(*cmd, "--json")
        found = [t for t in json.loads(r.stdout)["temuan"] if t["kode_temuan"] == "makro_berubah"]
        assert len(found) == 1, r.stdout
        assert found[0]["tingkat"] == "peringatan"
        assert "Dictionary" in found[0]["pesan"]
    # The untouched master says nothing.
    r = _cli("validasi", str(sample_book), "--triwulan", "1", "--json")
    assert "makro_berubah" not in _codes(r.stdout)


def _grids(path) -> dict:
    with open_workbook(path) as book:
        return {s: book.read(s) for s in book.sheet_names()}


def test_perbarui_makro_restores_owned_key_and_keeps_operator_rows(sample_book):
    with open_workbook(sample_book, write=True) as book:
        book.write_cells("xlwings.conf", {(1, 2): "modul_lain", (2, 1): "Interpreter_Win",
                                          (2, 2): r"C:\Python311\python.exe"})
        book.save()
    r = _cli("perbarui-makro", str(sample_book))
    assert r.returncode == 0, r.stderr
    assert "UDF Modules" in r.stdout
    grid = _grids(sample_book)["xlwings.conf"]
    assert grid[0][:2] == ["UDF Modules", "kinerja_udfs"]
    assert grid[1][:2] == ["Interpreter_Win", r"C:\Python311\python.exe"]
    backups = list((sample_book.parent / "cadangan").iterdir())
    assert backups, "perbarui-makro keeps a backup"
    # Nothing left to repair: a second run (by the command's new name) changes nothing.
    before = sample_book.read_bytes()
    r = _cli("perbarui", str(sample_book))
    assert r.returncode == 0 and "tidak ada yang berubah" in r.stdout
    assert sample_book.read_bytes() == before


@pytest.mark.slow
def test_perbarui_makro_after_libreoffice(sample_book, saved):
    before_findings = json.loads(_cli("validasi", str(saved), "--triwulan", "1",
                                      "--json").stdout)["temuan"]
    data_before = _grids(saved)
    r = _cli("perbarui-makro", str(saved), "--json")
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(saved) as zf, zipfile.ZipFile(sample_book) as fresh:
        assert zf.read(VBA_PART) == fresh.read(VBA_PART)
    assert _grids(saved) == data_before
    after = json.loads(_cli("validasi", str(saved), "--triwulan", "1", "--json").stdout)["temuan"]
    assert [t for t in before_findings if t["kode_temuan"] != "makro_berubah"] == after
