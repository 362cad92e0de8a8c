"""`gabung`: per-Dinas figures from workbooks built from different tables."""
from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from kinerja_xl.build.builder import Sumber, build_file
from kinerja_xl.cli import main
from kinerja_xl.commands.gabung import Bar
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
def books(tmp_path) -> list[Path]:
    diskominfo = tmp_path / "Diskominfo.xlsm"
    build_file(diskominfo, Sumber())
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


def test_progress_bar_on_a_terminal():
    stream = _Tty()
    bar = Bar(stream, width=10)
    bar(0, 4, "a.xlsm")
    bar(2, 4, "b.xlsm")
    bar(4, 4, "")
    text = stream.getvalue()
    assert "[#####.....] 2/4 b.xlsm" in text and "[##########] 4/4" in text
    assert text.endswith("\n")
