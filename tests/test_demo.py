"""The demo end to end: the nine SOP steps in every quarter, seeded mistakes found and
corrected, FINAL reports exported as real PDFs, the annual one signed."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from kinerja_xl import layout as L
from kinerja_xl.ops.demo import SEEDED

from conftest import need


def test_every_seeded_mistake_is_a_finding(demo):
    for n, seeded in SEEDED.items():
        found = demo.per_triwulan[n]["kode_temuan"]
        for kode_temuan in seeded:
            assert found.get(kode_temuan, 0) >= 1, (n, kode_temuan, found)


def test_demo_cli_exits_zero_and_summarises(demo, tmp_path, capsys, monkeypatch):
    """The command is a shell over run_demo: it hands over the folder and --tanpa-pdf and
    prints the result (the session's one run, not a second run of the whole year)."""
    from kinerja_xl.cli import main
    from kinerja_xl.ops import demo as ops_demo
    calls = []

    def run_once(folder, pdf=True, *, outputs):
        calls.append((Path(folder), pdf))
        return demo
    monkeypatch.setattr(ops_demo, "run_demo", run_once)
    code = main(["demo", "--keluaran", str(tmp_path / "d"), "--tanpa-pdf"])
    out = capsys.readouterr().out
    assert code == 0 and calls == [(tmp_path / "d", False)]
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
    from kinerja_xl.ops.rekap import rekap_triwulan
    book = tmp_path / "b.xlsm"
    shutil.copy(demo.workbook, book)
    with open_workbook(book, write=True) as wb:
        status = L.REF_DATA_ROW + L.SETTING_KEYS.index("Status penandatangan")
        kop = L.REF_DATA_ROW + L.SETTING_KEYS.index("Cetak kop")
        wb.write_cells(L.PENGATURAN, {(status, 2): "Plt.", (kop, 2): "Tidak"})
        wb.save()
    with open_workbook(book, write=True) as wb:
        rekap_triwulan(wb, 1)
        wb.save()
    out = pdf.export_sheet_pdf(book, L.rekap_tw(1), tmp_path / "tw1.pdf")
    text = _text(out)
    assert "Plt. Kepala Dinas Komunikasi dan Informatika" in text
    assert "PEMERINTAH KABUPATEN LUMAJANG" not in text


def test_corrections_settle_every_seeded_mistake(demo):
    for n, seeded in SEEDED.items():
        after = demo.per_triwulan[n]["kode_temuan_sesudah"]
        for kode_temuan in seeded:
            assert kode_temuan not in after, (n, kode_temuan, after)


def test_riwayat_shows_validation_before_and_after_corrections(demo):
    from kinerja_xl.io import open_workbook
    with open_workbook(demo.workbook) as book:
        grid = book.read(L.RIWAYAT)
    col = {h: i for i, h in enumerate(L.RIWAYAT_HEADERS)}
    rows = [r + [None] * 8 for r in grid[L.RIWAYAT_LAYOUT.data_row - 1:] if r and r[0]]
    for n in L.TRIWULAN:
        checks = [r[col["Ringkasan"]] for r in rows if r[col["Aksi"]] == "validasi"
                  and f"TW {L.ROMAWI[n]}:" in r[col["Ringkasan"]]]
        before, after = checks[0], checks[-1]
        assert len(checks) >= 2, (n, checks)
        assert before != after and after.endswith("0 error, 0 peringatan"), (n, checks)
    corrected = [r for r in rows if r[col["Aksi"]] == "koreksi"]
    assert {r[col["Langkah"]] for r in corrected} == {"4", "6"}
    decisions = [r[col["Aksi"]] for r in rows if r[col["Langkah"]] == "8"]
    assert decisions.count("dikembalikan") == 1 and "disetujui" in decisions


def test_every_quarter_walks_all_nine_steps(demo, tmp_path):
    from kinerja_xl.io import open_workbook
    from kinerja_xl.ops.status import status
    from kinerja_xl.outputs_adapter import OutputsAdapter
    book_path = tmp_path / "s.xlsm"
    shutil.copy(demo.workbook, book_path)
    for n in L.TRIWULAN:
        with open_workbook(book_path, write=True) as book:
            hasil = status(book, n, outputs=OutputsAdapter())
            book.save()
        steps = hasil.baris
        assert [s["status"] for s in steps] == ["selesai"] * 9, (n, steps)
        assert all(s["durasi_menit"] is not None for s in steps), (n, steps)
        assert all(not s["kelengkapan_kurang"] for s in steps), (n, steps)
    # the sheet the demo left shows TW IV, every step done
    with open_workbook(demo.workbook) as book:
        grid = book.read(L.STATUS_SOP)
    state = L.STATUS_SOP_HEADERS.index("Status")
    rows = grid[L.STATUS_SOP_LAYOUT.data_row - 1:L.STATUS_SOP_LAYOUT.data_row + 8]
    assert [r[state] for r in rows] == ["selesai"] * 9


def test_final_reports_and_a_signed_annual_pdf(demo):
    need(bool(shutil.which("pdftotext")), "poppler-utils")
    for pdf in demo.pdfs[:4]:
        assert "Dinas Komunikasi dan Informatika — FINAL" in _text(pdf), pdf.name
    assert "Rata-rata capaian Dinas: 4.103" not in _text(demo.pdfs[1])
    try:
        import pyhanko  # noqa: F401
    except ImportError:
        need(False, "pyHanko")
    from kinerja_xl.cli import main
    assert demo.ttd is not None and demo.ttd.name == "9_Rekap_Tahunan_TTE.pdf"
    assert demo.akar == demo.ttd.parent / "akar-uji.pem"
    assert main(["verifikasi", str(demo.ttd), "--akar", str(demo.akar)]) == 0
    from kinerja_xl import tte
    h = tte.verify_pdf(demo.ttd, [demo.akar])
    assert h["terpercaya"] and "BUKAN BSrE" in h["penandatangan"]
    assert not tte.verify_pdf(demo.ttd, [])["terpercaya"]


def test_signed_pdf_names_end_in_tte():
    from kinerja_xl.pdf import nama_pdf
    from kinerja_xl.tte import nama_tte
    assert nama_tte(Path("a/9 Rekap TW I 2026.pdf")) == Path("a/9 Rekap TW I 2026_TTE.pdf")
    assert nama_tte(Path("x_TTE.pdf")) == Path("x_TTE.pdf")
    assert nama_pdf("9 Rekap Tahunan", None, True) == Path("9_Rekap_Tahunan_TTE.pdf")
    assert nama_pdf("9 Rekap TW II") == Path("9_Rekap_TW_II.pdf")
    assert nama_pdf("9 Rekap TW II", 2026, True) == Path("9_Rekap_TW_II_2026_TTE.pdf")
