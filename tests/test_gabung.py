"""`gabung`: per-Dinas figures from workbooks built from different tables."""
from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest

from kinerja_xl.build.builder import Sumber, build_file
from kinerja_xl.cli import main
from kinerja_xl.commands.gabung import Bar, sisa_waktu
from kinerja_xl.io import open_workbook
from kinerja_xl.ops.gabung import BLOK, JEDA, gabung
from kinerja_xl.ops.impor import impor

UNIT = """Kode unit,Nama unit,Jenis,Induk,Kode singkat
SEK,Sekretariat,Sekretariat,,SEK
P2P,Bidang Pencegahan Penyakit,Bidang,,P2P
"""
PK = """Kode,Level,Unit,Sasaran,Indikator,Satuan,Arah,Agregasi,Target tahunan
K-01,SKPD,SEK,Derajat kesehatan,Angka kematian bayi,per 1000,Negatif,Nilai Akhir,10
K-02,SKPD,P2P,Cakupan imunisasi,Cakupan imunisasi dasar lengkap,%,Positif,Jumlah,100
K-03,Bidang,P2P,Layanan,Puskesmas terakreditasi,Unit,Positif,Jumlah,20
"""
RA = """Kode,Rencana aksi,Target TW I,Target TW II,Target TW III,Target TW IV
K-01,,10,10,10,10
K-02,,25,25,25,25
K-03,,5,5,5,5
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _dinkes(tmp_path: Path) -> Path:
    peng = _write(tmp_path / "peng.csv", "Kunci,Nilai\nInstansi,Dinas Kesehatan\nTahun,2026\n")
    src = Sumber(_write(tmp_path / "unit.csv", UNIT), _write(tmp_path / "pk.csv", PK),
                 _write(tmp_path / "ra.csv", RA), peng)
    path = tmp_path / "Dinkes.xlsm"
    build_file(path, src)
    _impor(path, tmp_path, 1, "Kode,Realisasi\nK-01,8\nK-02,20\nK-03,5\n")
    _impor(path, tmp_path, 2, "Kode,Realisasi\nK-01,12\nK-02,30\n")
    return path


def _impor(path: Path, tmp_path: Path, n: int, csv: str) -> None:
    with open_workbook(path, write=True) as book:
        impor(book, _write(tmp_path / f"r{n}.csv", csv), n, ajukan=True)
        book.save()


@pytest.fixture
def books(tmp_path, sample_master) -> list[Path]:
    diskominfo = tmp_path / "Diskominfo.xlsm"
    shutil.copy(sample_master, diskominfo)  # the built sample
    _impor(diskominfo, tmp_path, 4, "Kode,Realisasi\nS-01,\"2,93\"\nS-02,82\n")
    broken = tmp_path / "Rusak.xlsm"
    broken.write_bytes(diskominfo.read_bytes()[:5000])  # a truncated copy
    no_pk = tmp_path / "TanpaPK.xlsx"
    openpyxl.Workbook().save(no_pk)
    return [diskominfo, _dinkes(tmp_path), broken, no_pk]


def _rows(hasil) -> dict[tuple[str, str], dict]:
    return {(r["instansi"], r["kode"]): r for r in hasil.baris}


def test_per_dinas_figures_and_broken_inputs_become_findings(books, tmp_path):
    out = tmp_path / "Kabupaten.xlsx"
    hasil = gabung(out, books)
    rows = _rows(hasil)
    kes = "Dinas Kesehatan"
    kominfo = "Dinas Komunikasi dan Informatika"
    # Only SKPD-level indicators, each from its own tables.
    assert sorted(k for i, k in rows if i == kes) == ["K-01", "K-02"]
    assert sorted(k for i, k in rows if i == kominfo) == ["S-01", "S-02", "S-03"]
    # Negatif 2T-R: TW I target 10, realisasi 8 → (20-8)/10 = 120 %.
    assert rows[(kes, "K-01")]["triwulan"][0] == {"target": 10, "realisasi": 8,
                                                   "capaian": 120.0, "predikat": "Sangat Tinggi"}
    # Nilai Akhir over TW I-II: realisasi 12 → (20-12)/10 = 80 %.
    assert rows[(kes, "K-01")]["tahunan"]["realisasi"] == 12
    assert rows[(kes, "K-01")]["tahunan"]["capaian"] == 80.0
    # Jumlah: 20 + 30 = 50 of 100.
    assert rows[(kes, "K-02")]["tahunan"]["realisasi"] == 50
    assert rows[(kes, "K-02")]["tahunan"]["capaian"] == 50.0
    assert rows[(kes, "K-02")]["triwulan"][2]["realisasi"] is None
    assert rows[(kominfo, "S-02")]["triwulan"][3]["realisasi"] == 82
    assert rows[(kominfo, "S-01")]["tahunan"]["realisasi"] == 2.93
    # The two broken inputs: findings naming the file, the others merged.
    found = {t.pesan.split("'")[1]: t for t in hasil.temuan}
    assert set(found) == {"Rusak.xlsm", "TanpaPK.xlsx"}
    assert all(t.kode_temuan == "buku_kerja_rusak" and t.tingkat == "error"
               for t in hasil.temuan)
    assert "PK" in found["TanpaPK.xlsx"].pesan or "Pengaturan" in found["TanpaPK.xlsx"].pesan


def test_output_workbook_has_a_block_per_dinas(books, tmp_path):
    out = tmp_path / "Kabupaten.xlsx"
    gabung(out, books)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["TW I", "TW II", "TW III", "TW IV", "Tahunan", "Sumber"]
    ws = wb["TW I"]
    left = 1 + len(BLOK) + JEDA  # the second block: Dinas Kesehatan
    assert ws.cell(row=3, column=left).value == "Dinas Kesehatan"
    assert [ws.cell(row=5, column=left + c).value for c in range(len(BLOK))] == list(BLOK)
    assert [ws.cell(row=6, column=left + c).value for c in range(6)] == \
           ["K-01", "Angka kematian bayi", "per 1000", 10, 8, 120]
    tahunan = wb["Tahunan"]
    assert tahunan.cell(row=7, column=left + 4).value == 50
    sumber = [r for r in wb["Sumber"].values][1:]
    assert [r[4].startswith("dilewati") for r in sumber] == [False, False, True, True]


def test_cli_exit_code_progress_and_json(books, tmp_path, capsys):
    out = tmp_path / "K.xlsx"
    assert main(["gabung", str(out), *map(str, books), "--json"]) == 1
    captured = capsys.readouterr()
    assert '"perintah": "gabung"' in captured.out
    assert "#" not in captured.err  # no bar when stderr is not a terminal
    assert main(["gabung", str(out), str(books[1])]) == 0
    assert main(["gabung", str(books[1]), str(books[1])]) == 2


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self, *times: float):
        self.times = list(times)

    def __call__(self) -> float:
        return self.times.pop(0)


def test_progress_bar_on_a_terminal_shows_time_left():
    stream = _Tty()
    # 4 workbooks: the first read takes 10 s, the second 40 s.
    bar = Bar(stream, width=10, clock=_Clock(100.0, 110.0, 150.0, 300.0))
    bar(0, 4, "a.xlsm")
    bar(1, 4, "b.xlsm")
    bar(2, 4, "c.xlsm")
    bar(4, 4, "")
    frames = stream.getvalue().split("\r")[1:]
    assert frames[0].startswith("[..........] 0/4 sisa waktu dihitung")
    # 10 s per workbook so far, 3 to go → 30 s; then 25 s each, 2 to go → 50 s.
    assert frames[1].startswith("[##........] 1/4 sisa ± 30 dtk ") and "b.xlsm" in frames[1]
    assert frames[2].startswith("[#####.....] 2/4 sisa ± 50 dtk ")
    assert frames[3].startswith("[##########] 4/4 selesai dalam 3 mnt 20 dtk")
    assert stream.getvalue().endswith("\n")


def test_no_bar_when_not_a_terminal():
    stream = io.StringIO()
    bar = Bar(stream, clock=_Clock())  # the clock is not even read
    bar(0, 2, "a.xlsm")
    bar(2, 2, "")
    assert stream.getvalue() == ""


def test_time_left_wording():
    assert [sisa_waktu(s) for s in (0, 42.4, 65, 3725)] == \
        ["0 dtk", "42 dtk", "1 mnt 05 dtk", "1 j 02 mnt"]


# --- folders ------------------------------------------------------------------------
@pytest.fixture
def folder(books, tmp_path) -> Path:
    """A kabupaten share: Dinas workbooks in nested folders, with what must be left
    alone beside them (Excel's lock file, the tool's backups, other files)."""
    diskominfo, dinkes = books[0], books[1]
    root = tmp_path / "kabupaten"
    (root / "2026" / "kesehatan").mkdir(parents=True)
    (root / "2026" / "kominfo" / "cadangan").mkdir(parents=True)
    shutil.copy(dinkes, root / "2026" / "kesehatan" / "Dinkes.xlsm")
    shutil.copy(diskominfo, root / "2026" / "kominfo" / "Diskominfo.xlsm")
    (root / "2026" / "kominfo" / "~$Diskominfo.xlsm").write_bytes(b"\x00" * 165)
    shutil.copy(diskominfo, root / "2026" / "kominfo" / "cadangan" /
                "Diskominfo.20260405-090000.xlsm")
    (root / "catatan.txt").write_text("bukan buku kerja", encoding="utf-8")
    return root


def test_folders_are_searched_recursively(folder, tmp_path):
    out = folder / "Kabupaten.xlsx"
    hasil = gabung(out, [folder])
    assert hasil.temuan == []  # neither the lock file nor the backup was read
    instansi = sorted({r["instansi"] for r in hasil.baris})
    assert instansi == ["Dinas Kesehatan", "Dinas Komunikasi dan Informatika"]
    assert len(hasil.baris) == 5  # K-01, K-02 and S-01..S-03, each once
    # A second run finds its own earlier output in the folder and leaves it out.
    again = gabung(out, [folder])
    assert again.temuan == [] and len(again.baris) == 5
    sumber = [r[0] for r in openpyxl.load_workbook(out)["Sumber"].values][1:]
    assert sumber == ["Dinkes.xlsm", "Diskominfo.xlsm"]


def test_folder_and_file_naming_the_same_workbook_count_once(folder, tmp_path):
    dinkes = folder / "2026" / "kesehatan" / "Dinkes.xlsm"
    hasil = gabung(tmp_path / "K.xlsx", [folder / "2026", dinkes])
    assert len(hasil.baris) == 5


def test_an_empty_folder_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "kosong" / "cadangan").mkdir(parents=True)
    (tmp_path / "kosong" / "cadangan" / "Lama.xlsm").write_bytes(b"PK")
    assert main(["gabung", str(tmp_path / "K.xlsx"), str(tmp_path / "kosong")]) == 2
    err = capsys.readouterr().err
    assert "tidak berisi buku kerja" in err and "Traceback" not in err
    assert not (tmp_path / "K.xlsx").exists()


def test_cli_bar_on_a_terminal_stderr(folder, tmp_path, monkeypatch, capsys):
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    assert main(["gabung", str(tmp_path / "K.xlsx"), str(folder)]) == 0
    text = tty.getvalue()
    assert "2/2 selesai dalam" in text and "1/2 sisa ±" in text
    assert "sisa" not in capsys.readouterr().out  # the bar never goes to stdout
