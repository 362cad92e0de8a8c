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

import contextlib
import io
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import libreoffice
from kinerja_xl import layout as L
from kinerja_xl.cli import main
from kinerja_xl.io import open_workbook
from kinerja_xl.nilai import Persen
from kinerja_xl.ops.inti.snapshot import read_snapshot
from kinerja_xl.ops.kumpulkan import kumpulkan

pytestmark = pytest.mark.slow
INFRA = "3 Bahan INFRA"
INFRA_XLSX = "Bahan_INFRA_2026_TW1.xlsx"
SEK_XLSX = "Bahan_SEK_2026_TW1.xlsx"


def _cli(*args: str) -> SimpleNamespace:
    """`kinerja-xl ARGS` in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


def _ketik(cells: dict, save_as: str, fmt: str, before: list | None = None,
           buka: str = INFRA_XLSX) -> dict:
    """A staff member opens copy `buka`, types `cells` in the INFRA sheet and saves as
    `save_as` (names relative to the folder of copies)."""
    return {"open": buka, "steps": [{"sheet": INFRA}, *(before or []), {"type": cells},
                                    {"save_as": save_as, "format": fmt}]}


def _langkah(*steps: dict, buka: str = INFRA_XLSX) -> dict:
    return {"open": buka, "steps": list(steps)}


CELLS_ID = {"F10": "99,7", "F11": "3,25", "F12": "1.234", "I10": "Laporan uptime: 99,7 %",
            "K11": "Cuaca buruk\nlistrik padam", "B5": "Diajukan"}
# What each test has LibreOffice do with the copies (handed out once, then copied to a
# folder per test): every document of a locale in one LibreOffice, which starts once.
ISIAN: dict[str, tuple[str, list[dict]]] = {
    **{f"isi-{fmt}": ("id-ID", [_ketik(CELLS_ID, f"Bahan_INFRA_2026_TW1_isi.{fmt}", fmt)])
       for fmt in ("xls",)},
    # Opened and saved with nothing typed, in place and as .ods.
    "tanpa-isi": ("id-ID", [_langkah({"save": True}),
                            _langkah({"save_as": "Bahan_SEK_2026_TW1.ods", "format": "ods"},
                                     buka=SEK_XLSX)]),
    "ods": ("id-ID", [_ketik({"F10": "98", "B5": "Diajukan"}, "Bahan_INFRA_2026_TW1.ods",
                             "ods")]),
    "dua": ("id-ID", [_ketik({"F10": "98", "B5": "Diajukan"}, "a.ods", "ods"),
                      _ketik({"F10": "97", "B5": "Diajukan"}, "b.xls", "xls")]),
    "draf": ("id-ID", [_ketik({"F10": "98"}, INFRA_XLSX, "xlsx")]),
    "baris": ("id-ID", [_langkah(
        {"sheet": INFRA}, {"unprotect": True}, {"type": {"F10": "98", "B5": "Diajukan"}},
        {"delete_rows": 20, "count": 2}, {"insert_rows": 30},
        {"save_as": INFRA_XLSX, "format": "xlsx"})]),
    "di-atas-judul": ("id-ID", [_langkah(
        {"sheet": INFRA}, {"unprotect": True}, {"insert_rows": 7}, {"type": {"F11": "98"}},
        {"save_as": INFRA_XLSX, "format": "xlsx"})]),
    "diabaikan": ("id-ID", [_langkah(
        {"sheet": INFRA}, {"unprotect": True},
        {"type": {"F10": "98", "N10": "88", "H11": "100", "F14": "7", "B5": "Diajukan"}},
        {"save_as": INFRA_XLSX, "format": "xlsx"})]),
    "pesan": ("id-ID", [_ketik({"F10": "98", "B5": "Diajukan"}, INFRA_XLSX, "xlsx")]),
}


@pytest.fixture(scope="module")
def dibagikan(sample_master, tmp_path_factory) -> tuple[Path, Path]:
    """The sample master and its copies for TW I, handed out once (not changed)."""
    base = tmp_path_factory.mktemp("dibagikan")
    master = base / "LaporanKinerja.xlsm"
    shutil.copy(sample_master, master)
    r = _cli("bagikan", str(master), "--triwulan", "1", "-o", str(base / "salinan"))
    assert r.returncode == 0, r.stderr
    return master, base / "salinan"


@pytest.fixture(scope="module")
def terisi(dibagikan, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Every entry of ISIAN done in a master and copies of its own: name → (master,
    folder of copies)."""
    master, folder = dibagikan
    out, per_locale = {}, {}
    for name, (locale, documents) in ISIAN.items():
        root = tmp_path_factory.mktemp(name)
        shutil.copy(master, root / master.name)
        shutil.copytree(folder, root / "salinan")
        out[name] = (root / master.name, root / "salinan")
        for doc in documents:
            steps = [{**step, "save_as": str(root / "salinan" / step["save_as"])}
                     if "save_as" in step else step for step in doc["steps"]]
            per_locale.setdefault(locale, []).append(
                {"open": str(root / "salinan" / doc["open"]), "steps": steps})
    for locale, documents in per_locale.items():
        libreoffice({"locale": locale, "documents": documents},
                    timeout=60 + 30 * len(documents))
    return out


def _infra(folder: Path) -> Path:
    return folder / INFRA_XLSX


def _kumpulkan(master: Path, *paths: Path, ya: bool = True) -> tuple[int, dict, str]:
    args = ["kumpulkan", str(master), *map(str, paths), "--triwulan", "1", "--json"]
    r = _cli(*args, *(["--ya"] if ya else []))
    return r.returncode, json.loads(r.stdout), r.stderr


def _snap(master: Path):
    with open_workbook(master) as book:
        return read_snapshot(book)


def test_copy_is_handed_out_as_draf_and_says_how_to_submit(dibagikan):
    _, folder = dibagikan
    with open_workbook(_infra(folder)) as copy:
        grid = copy.read(INFRA)
    assert grid[L.STATUS_ROW - 1][L.STATUS_FIRST_COL - 1] == L.STATUS_DRAF
    assert "pilih Status TW I Diajukan bila sudah lengkap" in grid[2][0]
    assert "kosong atau Diajukan" not in grid[2][0]


@pytest.mark.parametrize("fmt", ["xls"])  # .xlsx and .ods: test_copies_typed_and_saved_…
def test_filled_in_libreoffice_indonesian_arrives_exactly(terisi, fmt):
    master, folder = terisi[f"isi-{fmt}"]
    saved = folder / f"Bahan_INFRA_2026_TW1_isi.{fmt}"
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


def test_unfilled_and_saved_unchanged_copies_submit_nothing(terisi):
    master, folder = terisi["tanpa-isi"]
    before = master.read_bytes()
    rc, out, _ = _kumpulkan(master, folder)
    assert rc == 0
    assert len(out["baris"]) == 13 and {r["status"] for r in out["baris"]} == {"belum diisi"}
    assert master.read_bytes() == before
    assert all(s[0] == L.STATUS_DRAF for s in _snap(master).status.values())


def test_save_as_ods_beside_the_untouched_xlsx_takes_the_filled_one(terisi):
    master, folder = terisi["ods"]
    ods = folder / "Bahan_INFRA_2026_TW1.ods"
    rc, out, _ = _kumpulkan(master, folder)
    assert rc == 0
    by_name = {Path(r["berkas"]).name: r for r in out["baris"]}
    assert by_name[ods.name]["status"] == "diterima"
    assert by_name[_infra(folder).name]["status"] == "belum diisi"
    assert _snap(master).kuartal("IN-01", 1).realisasi.nilai == 98


def test_two_filled_files_of_one_unit_neither_applied(terisi):
    master, folder = terisi["dua"]
    before = master.read_bytes()
    rc, out, _ = _kumpulkan(master, folder)
    assert rc == 1
    refused = [r for r in out["baris"] if r["status"] == "ditolak"]
    assert {Path(r["berkas"]).name for r in refused} == {"a.ods", "b.xls"}
    for r in refused:
        assert "'a.ods' (diubah " in r["alasan"] and "'b.xls' (diubah " in r["alasan"]
    assert master.read_bytes() == before


def test_draf_typed_keeps_the_unit_unsubmitted(terisi):
    master, folder = terisi["draf"]
    rc, out, _ = _kumpulkan(master, _infra(folder))
    assert rc == 0
    row = out["baris"][0]
    assert row["status"] == "draf"
    snap = _snap(master)
    assert snap.status["TIK-1"][0] == L.STATUS_DRAF
    assert snap.kuartal("IN-01", 1).realisasi.nilai == 98


def test_deleted_and_inserted_rows_below_the_table(terisi):
    master, folder = terisi["baris"]
    rc, out, _ = _kumpulkan(master, _infra(folder))
    assert rc == 0, out
    assert out["baris"][0]["status"] == "diterima"
    assert _snap(master).kuartal("IN-01", 1).realisasi.nilai == 98


def test_row_inserted_above_the_header_is_named_as_a_moved_header(terisi):
    master, folder = terisi["di-atas-judul"]
    rc, out, _ = _kumpulkan(master, _infra(folder))
    assert rc == 1
    alasan = out["baris"][0]["alasan"]
    assert "berpindah dari baris 9 ke baris 10" in alasan
    assert "tidak ditemukan" not in alasan


def test_ignored_cells_are_listed_with_their_reason(terisi):
    master, folder = terisi["diabaikan"]
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


def test_messages_one_full_stop_and_one_tense(terisi):
    master, folder = terisi["pesan"]
    r = _cli("kumpulkan", str(master), str(folder), "--triwulan", "1", "--ya")
    assert r.returncode == 0, r.stderr
    assert ".." not in r.stdout
    assert "akan berubah" not in r.stdout and "diubah" in r.stdout
    shutil.copy(master, folder.parent / "lagi.xlsm")
    r = _cli("kumpulkan", str(folder.parent / "lagi.xlsm"), str(folder), "--triwulan", "1")
    assert "Diterapkan" not in r.stdout and ".." not in r.stdout


def test_percent_typed_in_the_masters_staff_sheet(master_libreoffice, tmp_path):
    # The master's %-unit input cell is General: LibreOffice gives it its own percent
    # format when 24% is typed and stores 0.24, read as the 24 it shows.
    saved = tmp_path / "master_libreoffice.xlsm"
    shutil.copy(master_libreoffice.persen, saved)
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
        dibagikan, tmp_path, locale, d, t):
    master, folder = tmp_path / "LaporanKinerja.xlsm", tmp_path / "salinan"
    shutil.copy(dibagikan[0], master)
    shutil.copytree(dibagikan[1], folder)
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
