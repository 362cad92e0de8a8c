"""The demo end to end: seeded mistakes found, reports exported as real PDFs."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kinerja_xl import layout as L
from kinerja_xl.ops.demo import SEEDED, run_demo

from conftest import need


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    need(bool(shutil.which("soffice") or shutil.which("libreoffice")), "LibreOffice")
    return run_demo(tmp_path_factory.mktemp("demo"), pdf=True)


def test_every_seeded_mistake_is_a_finding(demo):
    for n, seeded in SEEDED.items():
        found = demo.per_triwulan[n]["kode_temuan"]
        for kode_temuan in seeded:
            assert found.get(kode_temuan, 0) >= 1, (n, kode_temuan, found)


def test_demo_cli_exits_zero_and_summarises(tmp_path, capsys):
    from kinerja_xl.cli import main
    code = main(["demo", "--keluaran", str(tmp_path / "d"), "--tanpa-pdf"])
    out = capsys.readouterr().out
    assert code == 0
    assert "TW IV: 30 indikator" in out and "rata-rata capaian" in out


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_report_pdfs_hold_the_report(demo):
    need(bool(shutil.which("pdftotext")), "poppler-utils")
    assert [p.name for p in demo.pdfs] == [n.replace(" ", "_") + ".pdf" for n in L.REKAP_SHEETS]
    text = _text(demo.pdfs[1])  # TW II
    assert "PEMERINTAH KABUPATEN LUMAJANG" in text
    assert "LAPORAN KINERJA TRIWULAN II TAHUN 2026" in text
    assert "Persentase serapan anggaran" in text
    assert re.search(r"\b\d{2,3},\d{2}\b", text), "capaian with a decimal comma"
    assert "Sidik data laporan:" in text and "Kepala rantai Riwayat:" in text
    assert "NIP. 19700101 199503 1 002" in text
    assert "Halaman 1 dari" in text
    assert "Nilai SAKIP" in _text(demo.pdfs[4])  # annual report
    info = subprocess.run(["pdfinfo", str(demo.pdfs[1])], capture_output=True, text=True).stdout
    assert "841.89 x 595.3" in info  # A4 landscape


def test_plt_signatory_and_no_letterhead(demo, tmp_path):
    need(bool(shutil.which("pdftotext")), "poppler-utils")
    from kinerja_xl import pdf
    from kinerja_xl.io import open_workbook
    from kinerja_xl.ops import jalankan
    book = tmp_path / "b.xlsm"
    shutil.copy(demo.workbook, book)
    with open_workbook(book, write=True) as wb:
        status = L.REF_DATA_ROW + L.SETTING_KEYS.index("Status penandatangan")
        kop = L.REF_DATA_ROW + L.SETTING_KEYS.index("Cetak kop")
        wb.write_cells(L.PENGATURAN, {(status, 2): "Plt.", (kop, 2): "Tidak"})
        wb.save()
    with open_workbook(book, write=True) as wb:
        jalankan.rekap_triwulan(wb, 1)
        wb.save()
    out = pdf.export_sheet_pdf(book, L.rekap_tw(1), tmp_path / "tw1.pdf")
    text = _text(out)
    assert "Plt. Kepala Dinas Komunikasi dan Informatika" in text
    assert "PEMERINTAH KABUPATEN LUMAJANG" not in text
