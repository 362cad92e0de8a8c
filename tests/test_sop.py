"""The SOP itself: the status board, the Kadin's decisions and approved data.

Real workbooks built by the builder, filled as people would (cells typed into the
step sheets), then the CLI or the operations.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil

import openpyxl
import pytest

from kinerja_xl import cli
from kinerja_xl import layout as L
from kinerja_xl.build.builder import contoh_path
from kinerja_xl.io import open_workbook
from kinerja_xl.ops.inti import jalankan
from kinerja_xl.ops.impor import impor
from kinerja_xl.ops.inti.riwayat import Riwayat
from kinerja_xl.ops.status import status, waktu
from kinerja_xl.outputs_adapter import OutputsAdapter

BIDANG = ("SEK", "IKP", "TIK", "SPS")
STEP_COL = {sheet: {h: i + 1 for i, h in enumerate(headers)} for sheet, headers in (
    (L.DISPOSISI, L.DISPOSISI_HEADERS), (L.PEMBAGIAN_TUGAS, L.PEMBAGIAN_HEADERS),
    (L.KOREKSI_KASI, L.KOREKSI_HEADERS), (L.KOREKSI_KABID, L.KOREKSI_HEADERS),
    (L.PEMERIKSAAN_KADIN, L.PEMERIKSAAN_HEADERS))}


def t(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 4, day, hour, minute)


@pytest.fixture(scope="module")
def built(sample_master):
    """The built sample (conftest, shared: copied before use)."""
    return sample_master


@pytest.fixture(scope="module")
def submitted(built, tmp_path_factory):
    """The sample with TW I realisation imported and submitted on 5 April."""
    path = tmp_path_factory.mktemp("sop") / "diajukan.xlsm"
    shutil.copy(built, path)
    with open_workbook(str(path), write=True) as book:
        impor(book, contoh_path("realisasi_tw1.csv"), 1, ajukan=True, now=t(5, 9))
        book.save()
    return path


@pytest.fixture
def book_path(submitted, tmp_path):
    path = tmp_path / "kerja.xlsm"
    shutil.copy(submitted, path)
    return str(path)


# --- helpers: what a person does ------------------------------------------------------
def ketik(path: str, sheet: str, row: int, **values) -> None:
    """Type one row of a step sheet (values by header; '_' for spaces)."""
    cols = STEP_COL[sheet]
    cells = {(row, cols[h.replace("_", " ")]): v for h, v in values.items()}
    with open_workbook(path, write=True) as book:
        book.write_cells(sheet, cells)
        book.save()


def run(*args: str) -> int:
    return cli.main(list(args))


def status_json(path: str, capsys) -> dict:
    capsys.readouterr()
    run("status", path, "--json")
    return json.loads(capsys.readouterr().out)


def states(path: str, capsys) -> list[str]:
    """Each step's state, from `status --json` and from the Status SOP sheet (the same)."""
    data = status_json(path, capsys)
    from_json = [r["status"] for r in data["baris"]]
    with open_workbook(path) as book:
        grid = book.read(L.STATUS_SOP)
    col = L.STATUS_SOP_HEADERS.index("Status")
    top = L.STATUS_SOP_LAYOUT.data_row - 1
    from_sheet = [grid[top + i][col] for i in range(9)]
    assert from_sheet == from_json
    return from_json


def sidik_kabid(path: str, bidang: str, n: int = 1) -> str:
    with open_workbook(path) as book:
        grid = book.read(L.kabid(bidang))
    return grid[L.KABID_SIDIK_ROW + n - 2][2]


def riwayat_aksi(path: str) -> list[str]:
    with open_workbook(path) as book:
        return [r.aksi for r in Riwayat(book).rows]


def setujui_semua(path: str, first_row: int = L.STEP_DATA_ROW) -> None:
    for i, b in enumerate(BIDANG):
        ketik(path, L.PEMERIKSAAN_KADIN, first_row + i, Kode_unit=b, Triwulan=1,
              Keputusan="Disetujui", Sidik=sidik_kabid(path, b), Mulai=t(15, 8, 10 * i),
              Selesai=t(15, 8, 10 * i + 5))


# --- the board ---------------------------------------------------------------------------
def test_time_cells_accept_datetimes_and_text():
    assert waktu(t(6, 8)) == t(6, 8)
    assert waktu("06/04/2026 08:00") == t(6, 8)
    assert waktu("2026-04-06 08:00:00") == t(6, 8)
    assert waktu("6 April 2026") == t(6, 0)
    assert waktu(46118.5) == t(6, 12)  # an Excel serial in a cell someone reformatted
    assert waktu(None) is None and waktu("  ") is None
    with pytest.raises(ValueError):
        waktu("besok pagi")


def test_fresh_workbook_shows_sop_identity_and_nothing_started(built, tmp_path, capsys):
    path = str(tmp_path / "baru.xlsm")
    shutil.copy(built, path)
    assert states(path, capsys) == ["belum"] * 9
    data = status_json(path, capsys)
    first = data["baris"][0]
    assert data["perintah"] == "status" and data["triwulan"] == 1
    assert set(first) == {"no", "kegiatan", "pelaksana", "kelengkapan", "kelengkapan_kurang",
                          "mulai", "selesai", "durasi_menit", "waktu_baku_menit", "melebihi",
                          "batas_waktu", "terlambat", "output", "status"}
    assert first["pelaksana"] == "Kadin" and first["waktu_baku_menit"] == 15
    assert first["kelengkapan_kurang"] == []  # PK and RA of the year are there
    assert data["baris"][1]["kelengkapan_kurang"] == ["Disposisi"]
    assert data["baris"][2]["kelengkapan_kurang"] == ["Catatan pembagian tugas"]
    with open_workbook(path) as book:
        grid = book.read(L.STATUS_SOP)
    top = [row[1:3] for row in grid[2:7]]
    assert ["Nomor SOP", "427.53/1/02.26/2022"] in top
    assert ["Tanggal pengesahan", "6 Juli 2022"] in top


def test_a_quarter_walked_through_all_nine_steps(book_path, capsys):
    path = book_path
    # Step 3 is already done (imported and submitted on 5 April); nothing else is.
    assert states(path, capsys) == ["belum", "belum", "selesai", "belum", "belum", "belum",
                                    "belum", "belum", "belum"]

    ketik(path, L.DISPOSISI, 4, Triwulan=1, Kepada="Sekretaris dan Kabid",
          Isi_disposisi="Susun laporan kinerja TW I", Batas_waktu=t(20, 16), Mulai=t(1, 8))
    assert states(path, capsys)[0] == "berjalan"
    ketik(path, L.DISPOSISI, 4, Selesai=t(1, 8, 10))
    ketik(path, L.PEMBAGIAN_TUGAS, 4, Triwulan=1, Kode="SEK-01",
          Staf_penanggung_jawab="Staf Program", Batas_waktu=t(10, 16), Mulai=t(2, 8),
          Selesai=t(2, 8, 15))
    assert states(path, capsys)[:3] == ["selesai", "selesai", "selesai"]

    # Step 4: the Kasi types a correction that took two hours (waktu baku 1 hour),
    # Mulai as Excel stores it, Selesai as text.
    ketik(path, L.KOREKSI_KASI, 4, Triwulan=1, Kode="SEK-01", Kolom="Realisasi",
          Nilai_koreksi=25, Alasan="Salah hitung", Oleh="Kasubbag Program", Mulai=t(6, 8),
          Selesai="06/04/2026 10:00")
    data = status_json(path, capsys)
    step4 = data["baris"][3]
    assert step4["status"] == "selesai" and step4["durasi_menit"] == 120
    assert step4["waktu_baku_menit"] == 60 and step4["melebihi"] is True
    assert step4["mulai"] == "2026-04-06T08:00:00" and step4["selesai"] == "2026-04-06T10:00:00"
    assert [r["melebihi"] for r in data["baris"]].count(True) == 1
    assert any(f["kode_temuan"] == "melebihi_waktu_baku" for f in data["temuan"])
    with open_workbook(path) as book:
        row4 = book.read(L.STATUS_SOP)[L.STATUS_SOP_LAYOUT.data_row + 2]
    assert row4[L.STATUS_SOP_HEADERS.index("Melebihi waktu baku")] == "Ya"
    assert row4[L.STATUS_SOP_HEADERS.index("Durasi (menit)")] == 120

    run("konsolidasi", path, "--triwulan", "1")
    assert states(path, capsys)[3:9] == ["selesai", "selesai", "berjalan", "selesai", "belum",
                                         "belum"]

    ketik(path, L.KOREKSI_KABID, 4, Triwulan=1, Kode="SEK-01", Kolom="Keterangan",
          Nilai_koreksi="Dokumen renja TW I", Alasan="Lengkapi bukti", Oleh="Sekretaris",
          Mulai=t(8, 9), Selesai=t(8, 9, 30))
    # The Kabid's correction changed the data: steps 5 and 7 are not current any more.
    assert states(path, capsys)[4:7] == ["berjalan", "selesai", "berjalan"]
    run("konsolidasi", path, "--triwulan", "1")
    assert states(path, capsys)[4:9] == ["selesai", "selesai", "selesai", "belum", "belum"]

    setujui_semua(path)
    assert states(path, capsys)[7:9] == ["selesai", "belum"]
    assert status_json(path, capsys)["baris"][8]["kelengkapan_kurang"] == []
    run("rekap", path, "--triwulan", "1")
    assert states(path, capsys) == ["selesai"] * 9
    data = status_json(path, capsys)
    assert data["baris"][6]["batas_waktu"] == "2026-04-20T16:00:00"
    assert data["baris"][2]["batas_waktu"] == "2026-04-10T16:00:00"
    assert data["baris"][2]["terlambat"] is False  # submitted on 5 April
    with open_workbook(path) as book:
        grid = book.read(L.REKAP_PREFIX + "TW I")
    assert any("FINAL" in str(v) and "BELUM" not in str(v) for row in grid for v in row if v)


def test_status_is_idempotent(book_path, capsys):
    run("status", book_path)
    before = riwayat_aksi(book_path)
    capsys.readouterr()
    run("status", book_path)
    assert "Lembar diperbarui" not in capsys.readouterr().out
    assert riwayat_aksi(book_path) == before


def test_deadlines_from_task_division_and_disposisi_are_checked(book_path, capsys):
    # Staff were told to submit by 3 April; they submitted on 5 April.
    ketik(book_path, L.PEMBAGIAN_TUGAS, 4, Triwulan=1, Kode="SEK-01", Batas_waktu=t(3, 16),
          Mulai=t(2, 8), Selesai=t(2, 8, 15))
    # The disposisi wanted the report by 4 April, and konsolidasi has not run yet.
    ketik(book_path, L.DISPOSISI, 4, Triwulan=1, Kepada="Sekretaris", Batas_waktu=t(4, 16),
          Mulai=t(1, 8), Selesai=t(1, 8, 10))
    data = status_json(book_path, capsys)
    assert data["baris"][2]["terlambat"] is True
    assert data["baris"][6]["terlambat"] is True
    late = [f for f in data["temuan"] if f["kode_temuan"] == "melewati_batas_waktu"]
    assert {(f["lembar"], f["sel"]) for f in late} == {(L.PEMBAGIAN_TUGAS, "D4"),
                                                       (L.DISPOSISI, "D4")}


def test_unreadable_time_is_a_finding_naming_the_cell(book_path, capsys):
    ketik(book_path, L.DISPOSISI, 4, Triwulan=1, Kepada="Sekretaris", Mulai="kemarin")
    data = status_json(book_path, capsys)
    bad = [f for f in data["temuan"] if f["kode_temuan"] == "isian_tidak_sah"]
    assert [(f["lembar"], f["sel"]) for f in bad] == [(L.DISPOSISI, "E4")]


# --- decisions ---------------------------------------------------------------------------
def test_returned_then_corrected_then_approved_in_order(book_path, capsys):
    path = book_path
    run("konsolidasi", path, "--triwulan", "1")
    old = sidik_kabid(path, "SEK")
    ketik(path, L.PEMERIKSAAN_KADIN, 4, Kode_unit="SEK", Triwulan=1, Keputusan="Dikembalikan",
          Catatan="Bukti SEK-01 kurang", Sidik=old, Mulai=t(15, 8), Selesai=t(15, 8, 20))
    data = status_json(path, capsys)
    assert [r["status"] for r in data["baris"]][5:9] == ["berjalan", "berjalan", "berjalan",
                                                         "belum"]
    assert "dikembalikan Kepala Dinas: SEK" in data["baris"][6]["kelengkapan_kurang"]
    assert any(f["kode_temuan"] == "laporan_dikembalikan" for f in data["temuan"])

    ketik(path, L.KOREKSI_KABID, 4, Triwulan=1, Kode="SEK-01", Kolom="Realisasi",
          Nilai_koreksi=26, Alasan="Sesuai dokumen", Oleh="Sekretaris", Mulai=t(16, 8),
          Selesai=t(16, 8, 30))
    run("konsolidasi", path, "--triwulan", "1")
    new = sidik_kabid(path, "SEK")
    assert new != old
    assert states(path, capsys)[5:8] == ["selesai", "selesai", "berjalan"]

    ketik(path, L.PEMERIKSAAN_KADIN, 5, Kode_unit="SEK", Triwulan=1, Keputusan="Disetujui",
          Sidik=new, Mulai=t(17, 8), Selesai=t(17, 8, 20))
    run("konsolidasi", path, "--triwulan", "1")
    aksi = riwayat_aksi(path)
    returned = aksi.index("dikembalikan")
    corrected = aksi.index("koreksi", returned)
    approved = aksi.index("disetujui", corrected)
    assert returned < corrected < approved < aksi.index("kunci", approved)
    with open_workbook(path) as book:
        rows = Riwayat(book).rows
    assert rows[approved].sidik and "SEK TW I disetujui" in rows[approved].ringkasan


def test_approval_of_a_stale_sidik_is_rejected_with_its_reason(book_path, capsys):
    path = book_path
    run("konsolidasi", path, "--triwulan", "1")
    old = sidik_kabid(path, "TIK")
    ketik(path, L.KOREKSI_KASI, 4, Triwulan=1, Kode="TIK-01", Kolom="Realisasi",
          Nilai_koreksi=7, Alasan="Data baru", Oleh="Kasi", Mulai=t(9, 8), Selesai=t(9, 9))
    ketik(path, L.PEMERIKSAAN_KADIN, 4, Kode_unit="TIK", Triwulan=1, Keputusan="Disetujui",
          Sidik=old, Mulai=t(15, 8), Selesai=t(15, 8, 20))
    capsys.readouterr()
    run("konsolidasi", path, "--triwulan", "1", "--json")
    found = json.loads(capsys.readouterr().out)["temuan"]
    stale = [f for f in found if f["kode_temuan"] == "persetujuan_kedaluwarsa"]
    assert len(stale) == 1 and stale[0]["sel"] == "E4" and old in stale[0]["pesan"]
    with open_workbook(path) as book:
        rows = Riwayat(book).rows
    rejected = [r for r in rows if r.aksi == "persetujuan_ditolak"]
    assert len(rejected) == 1 and "DITOLAK" in rejected[0].ringkasan
    assert "disetujui" not in [r.aksi for r in rows] and "kunci" not in [r.aksi for r in rows]
    assert states(path, capsys)[7] == "berjalan"


def _approve_all_and_lock(path: str, capsys) -> None:
    run("konsolidasi", path, "--triwulan", "1")
    setujui_semua(path)
    run("konsolidasi", path, "--triwulan", "1")
    assert riwayat_aksi(path).count("kunci") == 4


def test_approved_quarter_is_locked_and_final(book_path, capsys):
    path = book_path
    _approve_all_and_lock(path, capsys)
    run("rekap", path, "--triwulan", "1")
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[L.bahan("SEK")]
    header = [c.value for c in ws[L.BAHAN_HEADER_ROW]]
    col1 = header.index(L.realisasi_h(1)) + 1
    col2 = header.index(L.realisasi_h(2)) + 1
    assert ws.cell(row=L.BAHAN_DATA_ROW, column=col1).protection.locked
    assert not ws.cell(row=L.BAHAN_DATA_ROW, column=col2).protection.locked  # TW II stays open
    assert ws.cell(row=L.STATUS_ROW, column=L.STATUS_FIRST_COL).protection.locked
    assert states(path, capsys)[8] == "selesai"


def test_changing_an_approved_value_names_the_cells(book_path, capsys):
    path = book_path
    _approve_all_and_lock(path, capsys)
    with open_workbook(path) as book:
        grid = book.read(L.bahan("SEK"))
    header = grid[L.BAHAN_HEADER_ROW - 1]
    col = header.index(L.realisasi_h(1)) + 1
    row = next(r for r in range(L.BAHAN_DATA_ROW, len(grid) + 1)
               if grid[r - 1][0] == "SEK-01")
    old = grid[row - 1][col - 1]
    # Someone unprotects the sheet and types over the approved figure, and the Kasi
    # adds a correction of another Bidang's indicator after its approval.
    with open_workbook(path, write=True) as book:
        book.write_cells(L.bahan("SEK"), {(row, col): old + 5})
        book.save()
    ketik(path, L.KOREKSI_KASI, 4, Triwulan=1, Kode="TIK-01", Kolom="Realisasi",
          Nilai_koreksi=99, Alasan="Revisi", Oleh="Kasi")
    capsys.readouterr()
    run("validasi", path, "--triwulan", "1", "--json")
    found = json.loads(capsys.readouterr().out)["temuan"]
    changed = [f for f in found if f["kode_temuan"] == "nilai_disetujui_berubah"]
    from openpyxl.utils import get_column_letter
    assert {(f["tingkat"], f["lembar"], f["sel"], f["kode"]) for f in changed} == {
        ("error", L.bahan("SEK"), f"{get_column_letter(col)}{row}", "SEK-01"),
        ("error", L.KOREKSI_KASI, "D4", "TIK-01"),
    }
    sek = next(f for f in changed if f["kode"] == "SEK-01")
    assert "Realisasi TW I" in sek["pesan"] and "disetujui" in sek["pesan"]
    assert {f["kode_temuan"] for f in found} >= {"data_berubah_setelah_disetujui"}


def test_ops_status_returns_a_hasil(book_path):
    with open_workbook(book_path, write=True) as book:
        hasil = status(book, now=t(30, 12), outputs=OutputsAdapter())
        book.save()
    assert isinstance(hasil, jalankan.Hasil)
    assert [r["no"] for r in hasil.baris] == list(range(1, 10))
    assert hasil.ringkasan[0].startswith("Status SOP TW I: 1 dari 9")
