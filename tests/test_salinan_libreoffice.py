"""Staff copies filled in real LibreOffice Calc, typed cell by cell, then collected.

Each test hands copies out with `bagikan`, opens one in LibreOffice through UNO
(tests/lo_uno/driver.py), types as a person types (`.uno:EnterString`), saves in the
format a staff member might pick, and runs `kinerja-xl kumpulkan` as the operator
does.  The staff sheet of INFRA: row 10 IN-01 (Satuan %, Target TW I 99,5), row 11
IN-02 (Jam, Negatif, 4), row 12 IN-03 (Titik, 5); columns F Realisasi TW I,
I Bukti dukung TW I, H Capaian TW I (%) (a locked formula), N Realisasi TW II;
Status TW I in B5.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import libreoffice
from kinerja_xl import layout as L
from kinerja_xl.io import open_workbook
from kinerja_xl.nilai import Persen
from kinerja_xl.ops.baca import read_snapshot
from kinerja_xl.ops.kumpulkan import kumpulkan

pytestmark = pytest.mark.slow
INFRA = "3 Bahan INFRA"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kinerja_xl.cli", *args],
                          capture_output=True, text=True)


@pytest.fixture
def kerja(sample_book, tmp_path):
    folder = tmp_path / "salinan"
    r = _cli("bagikan", str(sample_book), "--triwulan", "1", "-o", str(folder))
    assert r.returncode == 0, r.stderr
    return sample_book, folder


def _infra(folder: Path) -> Path:
    return folder / "Bahan_INFRA_2026_TW1.xlsx"


def _ketik(src: Path, cells: dict, save_as: Path, fmt: str, locale: str = "id-ID",
           before: list | None = None) -> None:
    libreoffice({"open": str(src), "locale": locale,
                 "steps": [{"sheet": INFRA}, *(before or []), {"type": cells},
                           {"save_as": str(save_as), "format": fmt}]})


def _kumpulkan(master: Path, *paths: Path, ya: bool = True) -> tuple[int, dict, str]:
    args = ["kumpulkan", str(master), *map(str, paths), "--triwulan", "1", "--json"]
    r = _cli(*args, *(["--ya"] if ya else []))
    return r.returncode, json.loads(r.stdout), r.stderr


def _snap(master: Path):
    with open_workbook(master) as book:
        return read_snapshot(book)


def test_copy_is_handed_out_as_draf_and_says_how_to_submit(kerja):
    _, folder = kerja
    with open_workbook(_infra(folder)) as copy:
        grid = copy.read(INFRA)
    assert grid[L.STATUS_ROW - 1][L.STATUS_FIRST_COL - 1] == L.STATUS_DRAF
    assert "pilih Status TW I Diajukan bila sudah lengkap" in grid[2][0]
    assert "kosong atau Diajukan" not in grid[2][0]


@pytest.mark.parametrize("fmt", ["xls"])  # .xlsx and .ods: test_copies_typed_and_saved_…
def test_filled_in_libreoffice_indonesian_arrives_exactly(kerja, fmt):
    master, folder = kerja
    saved = folder / f"Bahan_INFRA_2026_TW1_isi.{fmt}"
    _ketik(_infra(folder), {"F10": "99,7", "F11": "3,25", "F12": "1.234",
                            "I10": "Laporan uptime: 99,7 %", "K11": "Cuaca buruk\nlistrik padam",
                            "B5": "Diajukan"}, saved, fmt)
    _infra(folder).unlink()  # the folder holds the filled copy only
    rc, out, err = _kumpulkan(master, folder)
    assert rc == 0, (out, err)
    row = next(r for r in out["baris"] if r["berkas"].endswith(saved.name))
    assert row["status"] == "diterima" and row["diabaikan"] == []
    snap = _snap(master)
    assert snap.kuartal("IN-01", 1).realisasi.nilai == 99.7
    assert snap.kuartal("IN-02", 1).realisasi.nilai == 3.25
    assert snap.kuartal("IN-03", 1).realisasi.nilai == 1234  # Indonesian thousands dot
    assert snap.kuartal("IN-01", 1).teks["bukti"] == "Laporan uptime: 99,7 %"
    assert snap.status["TIK-1"][0] == L.STATUS_DIAJUKAN
    others = [r for r in out["baris"] if r is not row]
    assert {r["status"] for r in others} == {"belum diisi"}


def test_unfilled_and_saved_unchanged_copies_submit_nothing(kerja):
    master, folder = kerja
    # Opened in LibreOffice and saved with nothing typed, in place and as .ods.
    libreoffice({"open": str(_infra(folder)), "steps": [{"save": True}]})
    libreoffice({"open": str(folder / "Bahan_SEK_2026_TW1.xlsx"),
                 "steps": [{"save_as": str(folder / "Bahan_SEK_2026_TW1.ods"),
                            "format": "ods"}]})
    before = master.read_bytes()
    rc, out, _ = _kumpulkan(master, folder)
    assert rc == 0
    assert len(out["baris"]) == 13 and {r["status"] for r in out["baris"]} == {"belum diisi"}
    assert master.read_bytes() == before
    assert all(s[0] == L.STATUS_DRAF for s in _snap(master).status.values())


def test_save_as_ods_beside_the_untouched_xlsx_takes_the_filled_one(kerja):
    master, folder = kerja
    ods = folder / "Bahan_INFRA_2026_TW1.ods"
    _ketik(_infra(folder), {"F10": "98", "B5": "Diajukan"}, ods, "ods")
    rc, out, _ = _kumpulkan(master, folder)
    assert rc == 0
    by_name = {Path(r["berkas"]).name: r for r in out["baris"]}
    assert by_name[ods.name]["status"] == "diterima"
    assert by_name[_infra(folder).name]["status"] == "belum diisi"
    assert _snap(master).kuartal("IN-01", 1).realisasi.nilai == 98


def test_two_filled_files_of_one_unit_neither_applied(kerja):
    master, folder = kerja
    _ketik(_infra(folder), {"F10": "98", "B5": "Diajukan"}, folder / "a.ods", "ods")
    _ketik(_infra(folder), {"F10": "97", "B5": "Diajukan"}, folder / "b.xls", "xls")
    before = master.read_bytes()
    rc, out, _ = _kumpulkan(master, folder)
    assert rc == 1
    refused = [r for r in out["baris"] if r["status"] == "ditolak"]
    assert {Path(r["berkas"]).name for r in refused} == {"a.ods", "b.xls"}
    for r in refused:
        assert "'a.ods' (diubah " in r["alasan"] and "'b.xls' (diubah " in r["alasan"]
    assert master.read_bytes() == before


def test_draf_typed_keeps_the_unit_unsubmitted(kerja):
    master, folder = kerja
    _ketik(_infra(folder), {"F10": "98"}, _infra(folder), "xlsx")
    rc, out, _ = _kumpulkan(master, _infra(folder))
    assert rc == 0
    row = out["baris"][0]
    assert row["status"] == "draf"
    snap = _snap(master)
    assert snap.status["TIK-1"][0] == L.STATUS_DRAF
    assert snap.kuartal("IN-01", 1).realisasi.nilai == 98


def test_deleted_and_inserted_rows_below_the_table(kerja):
    master, folder = kerja
    libreoffice({"open": str(_infra(folder)), "steps": [
        {"sheet": INFRA}, {"unprotect": True}, {"type": {"F10": "98", "B5": "Diajukan"}},
        {"delete_rows": 20, "count": 2}, {"insert_rows": 30},
        {"save_as": str(_infra(folder)), "format": "xlsx"}]})
    rc, out, _ = _kumpulkan(master, _infra(folder))
    assert rc == 0, out
    assert out["baris"][0]["status"] == "diterima"
    assert _snap(master).kuartal("IN-01", 1).realisasi.nilai == 98


def test_row_inserted_above_the_header_is_named_as_a_moved_header(kerja):
    master, folder = kerja
    libreoffice({"open": str(_infra(folder)), "steps": [
        {"sheet": INFRA}, {"unprotect": True}, {"insert_rows": 7},
        {"type": {"F11": "98"}}, {"save_as": str(_infra(folder)), "format": "xlsx"}]})
    rc, out, _ = _kumpulkan(master, _infra(folder))
    assert rc == 1
    alasan = out["baris"][0]["alasan"]
    assert "berpindah dari baris 9 ke baris 10" in alasan
    assert "tidak ditemukan" not in alasan


def test_ignored_cells_are_listed_with_their_reason(kerja):
    master, folder = kerja
    libreoffice({"open": str(_infra(folder)), "steps": [
        {"sheet": INFRA}, {"unprotect": True},
        {"type": {"F10": "98", "N10": "88", "H11": "100", "F14": "7", "B5": "Diajukan"}},
        {"save_as": str(_infra(folder)), "format": "xlsx"}]})
    rc, out, _ = _kumpulkan(master, _infra(folder), ya=False)
    row = out["baris"][0]
    by_cell = {d["sel"]: d for d in row["diabaikan"]}
    assert set(by_cell) == {"N10", "H11", "F14"}
    assert "TW II" in by_cell["N10"]["alasan"] and by_cell["N10"]["nilai"] == 88
    assert "rumus terkunci ditimpa" in by_cell["H11"]["alasan"]
    assert "tanpa Kode" in by_cell["F14"]["alasan"]
    # The preview says what would change; nothing changed without --ya.
    assert out["diterapkan"] is False
    assert _snap(master).kuartal("IN-02", 2).realisasi is None


def test_messages_one_full_stop_and_one_tense(kerja):
    master, folder = kerja
    _ketik(_infra(folder), {"F10": "98", "B5": "Diajukan"}, _infra(folder), "xlsx")
    r = _cli("kumpulkan", str(master), str(folder), "--triwulan", "1", "--ya")
    assert r.returncode == 0, r.stderr
    assert ".." not in r.stdout
    assert "akan berubah" not in r.stdout and "diubah" in r.stdout
    shutil.copy(master, folder.parent / "lagi.xlsm")
    r = _cli("kumpulkan", str(folder.parent / "lagi.xlsm"), str(folder), "--triwulan", "1")
    assert "Diterapkan" not in r.stdout and ".." not in r.stdout


def test_percent_typed_in_the_masters_staff_sheet(sample_book, tmp_path):
    # The master's %-unit input cell is General: LibreOffice gives it its own percent
    # format when 24% is typed and stores 0.24, read as the 24 it shows.
    saved = tmp_path / "master_libreoffice.xlsm"
    libreoffice({"open": str(sample_book), "steps": [
        {"sheet": "3 Bahan SEK"}, {"unprotect": True},
        {"type": {"F10": "24%"}}, {"save_as": str(saved), "format": "xlsm"}]})
    assert _snap(saved).kuartal("SEK-01", 1).realisasi.nilai == 24
    # A copy of that master shows the 24; 30 collected into the percent-formatted
    # master cell goes in as 0.3 and reads 30, not 3000.
    folder = tmp_path / "salinan"
    assert _cli("bagikan", str(saved), "--triwulan", "1", "-o", str(folder)).returncode == 0
    copy = folder / "Bahan_SEK_2026_TW1.xlsx"
    with open_workbook(copy, write=True) as book:
        assert book.read("3 Bahan SEK")[9][5] == 24
        book.write_cells("3 Bahan SEK", {(10, 6): 30})
        book.save()
    rc, out, err = _kumpulkan(saved, copy)
    assert rc == 0, (out, err)
    change = next(p for p in out["baris"][0]["perubahan"] if p["sel"] == "F10")
    assert (change["sebelum"], change["sesudah"]) == (24, 30)
    assert _snap(saved).kuartal("SEK-01", 1).realisasi.nilai == 30
    with open_workbook(saved) as book:
        assert isinstance(book.read("3 Bahan SEK")[9][5], Persen)
    # So does a realisation imported from a table.
    tabel = tmp_path / "realisasi.csv"
    tabel.write_text("Kode,Realisasi\nSEK-01,35\n", encoding="utf-8")
    r = _cli("impor", str(saved), "--realisasi", str(tabel), "--triwulan", "1")
    assert r.returncode == 0, r.stdout + r.stderr
    assert _snap(saved).kuartal("SEK-01", 1).realisasi.nilai == 35


# Each kind of copy, typed in LibreOffice and saved as .ods and as .xlsx, in one
# LibreOffice per locale: the unit rows are  INFRA  10 IN-01 %, 11 IN-02 Jam, 12 IN-03 Titik;
# UMPEG  10 UK-01 %, 12 UK-03 %;  PROGKEU  13 PK-01 % (below three SKPD rows).
KETIKAN = {
    "INFRA": {"F10": "25%", "F11": "3{d}25", "F12": "1{t}234", "I10": "Laporan uptime: 99{d}7 %",
              "K11": "Cuaca buruk\nlistrik padam", "B5": "Diajukan"},
    "UMPEG": {"F10": "25 %", "F12": "25", "B5": "Diajukan"},
    "PROGKEU": {"F13": "93{d}25%"},
}


@pytest.mark.parametrize("locale, d, t", [("id-ID", ",", "."), ("en-US", ".", ",")])
def test_copies_typed_and_saved_in_libreoffice_keep_it_running_and_are_collected(
        kerja, tmp_path, locale, d, t):
    master, folder = kerja
    isi = tmp_path / "isi"
    isi.mkdir()
    documents = []
    for unit, cells in KETIKAN.items():
        typed = {ref: text.format(d=d, t=t) for ref, text in cells.items()}
        documents.append({"open": str(folder / f"Bahan_{unit}_2026_TW1.xlsx"), "steps": [
            {"sheet": f"3 Bahan {unit}"}, {"type": typed},
            {"save_as": str(isi / f"{unit}.ods"), "format": "ods"},
            {"save_as": str(isi / f"{unit}.xlsx"), "format": "xlsx"}]})
    # `libreoffice` fails when soffice died at any point or did not end cleanly.
    libreoffice({"locale": locale, "documents": documents})
    # Collected in one run (in process: each .ods is converted once), the formats
    # alternating between units and between the locales.
    one, other = ("ods", "xlsx") if locale == "id-ID" else ("xlsx", "ods")
    files = [isi / f"INFRA.{one}", isi / f"UMPEG.{other}", isi / f"PROGKEU.{one}"]
    with open_workbook(master, write=True) as book:
        hasil = kumpulkan(book, [str(f) for f in files], True, 1)
        book.save()
    status = {Path(r["berkas"]).stem: r["status"] for r in hasil.baris}
    assert status == {"INFRA": "diterima", "UMPEG": "diterima", "PROGKEU": "draf"}, hasil.baris
    assert "mirip_pecahan" not in {t.kode_temuan for t in hasil.temuan}
    # The copy's own preview takes 25% as 25 too (Capaian TW I: 25 / 99,5).
    with open_workbook(isi / "INFRA.xlsx") as copy:
        assert copy.read(INFRA)[9][7] == 25.13
    snap = _snap(master)
    # "25%", "25 %" and "25" typed into a %-unit cell all arrive as 25.
    assert snap.kuartal("IN-01", 1).realisasi.nilai == 25
    assert snap.kuartal("UK-01", 1).realisasi.nilai == 25
    assert snap.kuartal("UK-03", 1).realisasi.nilai == 25
    assert snap.kuartal("PK-01", 1).realisasi.nilai == 93.25
    assert snap.kuartal("IN-02", 1).realisasi.nilai == 3.25
    assert snap.kuartal("IN-03", 1).realisasi.nilai == 1234  # the locale's thousands mark
    assert snap.kuartal("IN-01", 1).teks["bukti"] == f"Laporan uptime: 99{d}7 %"
    assert snap.status["TIK-1"][0] == snap.status["SEK-UK"][0] == L.STATUS_DIAJUKAN
