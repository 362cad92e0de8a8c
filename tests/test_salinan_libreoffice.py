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
from kinerja_xl.ops.baca import read_snapshot

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
       for fmt in ("xlsx", "ods", "xls")},
    "titik": ("en-US", [_ketik({"F10": "99.7", "B5": "Diajukan"}, INFRA_XLSX, "xlsx")]),
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
    # A cell in the General format (its direct formatting cleared) gets LibreOffice's
    # percent format when 25% is typed, as Excel does: it stores 0.25.
    "persen": ("id-ID", [_ketik({"F10": "25%", "B5": "Diajukan"}, INFRA_XLSX, "xlsx",
                                before=[{"unprotect": True}, {"clear_format": "F10"}])]),
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


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
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


def test_english_locale_decimal_point(terisi):
    master, folder = terisi["titik"]
    rc, out, _ = _kumpulkan(master, _infra(folder))
    assert rc == 0
    assert _snap(master).kuartal("IN-01", 1).realisasi.nilai == 99.7


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


def test_percent_typed_in_a_percent_cell_is_read_as_shown(terisi):
    master, folder = terisi["persen"]
    rc, out, _ = _kumpulkan(master, _infra(folder))
    assert rc == 0
    change = next(p for p in out["baris"][0]["perubahan"] if p["sel"] == "F10")
    assert change["sesudah"] == 25
    assert _snap(master).kuartal("IN-01", 1).realisasi.nilai == 25


def test_messages_one_full_stop_and_one_tense(terisi):
    master, folder = terisi["pesan"]
    r = _cli("kumpulkan", str(master), str(folder), "--triwulan", "1", "--ya")
    assert r.returncode == 0, r.stderr
    assert ".." not in r.stdout
    assert "akan berubah" not in r.stdout and "diubah" in r.stdout
    shutil.copy(master, folder.parent / "lagi.xlsm")
    r = _cli("kumpulkan", str(folder.parent / "lagi.xlsm"), str(folder), "--triwulan", "1")
    assert "Diterapkan" not in r.stdout and ".." not in r.stdout


def test_percent_typed_in_the_masters_staff_sheet(master_libreoffice):
    # 24% typed into the master's own staff sheet, saved by LibreOffice as .xlsm.
    assert _snap(master_libreoffice.persen).kuartal("SEK-01", 1).realisasi.nilai == 24
