"""The printed report as a reader sees it: every word of the PDF with its position
(pdfplumber), for the demo's reports and for a workbook with real-sized texts
(~150-character indicator names, Faktor texts of several lines).

Checked on every page: no two words overlap (a row too short for its wrapped text
draws its last lines over the next row), every word lies inside the page; the
signature lines (date, jabatan, name, NIP) share one page with at least one table
row; the chart's title is printed.
"""
from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from kinerja_xl import layout as L
from kinerja_xl.build.builder import contoh_path
from kinerja_xl.cli import main

from conftest import need


PANJANG = ("yang diukur dari dokumen pendukung resmi perangkat daerah, hasil pemantauan "
           "dan evaluasi berkala, serta laporan kegiatan")
FAKTOR = ("Keterbatasan anggaran perubahan\nPetugas pengelola data berganti pada "
          "pertengahan triwulan\nJaringan di beberapa kecamatan sering terputus")
TINDAK = "Koordinasi dengan Bappeda\nPelatihan petugas baru\nPenambahan perangkat cadangan"
KODE = re.compile(r"^[A-Z]{1,4}-\d\d$")


_READ: dict[tuple, list] = {}


def _pages(pdf: Path):
    """Every page's words; a PDF is read once (pdfplumber takes seconds per report)."""
    try:
        import pdfplumber as plumber
    except ImportError:
        need(False, "pdfplumber")
    stat = Path(pdf).stat()
    key = (str(Path(pdf).resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _READ:
        with plumber.open(pdf) as doc:
            # x_tolerance 1: text of neighbouring cells is not joined into one word
            _READ[key] = [(p.page_number, p.width, p.height, p.extract_words(x_tolerance=1))
                          for p in doc.pages]
    return _READ[key]


def _overlaps(words: list[dict]) -> list[tuple[str, str]]:
    """Pairs of words drawn over each other.  A word's box is its font's full height,
    so the boxes of consecutive lines of one cell touch a little; text drawn over
    the next row covers at least 40 % of the other word's height."""
    found = []
    ordered = sorted(words, key=lambda w: w["top"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b["top"] >= a["bottom"]:
                break
            dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            low = 0.4 * min(a["bottom"] - a["top"], b["bottom"] - b["top"])
            if dx > 1 and dy > low:
                found.append((a["text"], b["text"]))
    return found


def check_report(pdf: Path, nama: str, nip: str) -> None:
    pages = _pages(pdf)
    for no, width, height, words in pages:
        for w in words:
            assert 0 <= w["x0"] <= w["x1"] <= width and 0 <= w["top"] <= w["bottom"] <= height, \
                (pdf.name, no, w["text"])
        assert not _overlaps(words), (pdf.name, no, _overlaps(words)[:5])
    # the signature lines: on one page, below at least one table row
    with_nip = [p for p in pages if any(w["text"] == "NIP." for w in p[3])]
    assert len(with_nip) == 1, pdf.name
    no, _, _, words = with_nip[0]
    text = " ".join(w["text"] for w in words)
    dates = [w for w in words if w["text"].startswith("Lumajang,")]
    assert dates, (pdf.name, no, "the date is not on the page of the NIP")
    date = dates[0]
    for part in ("Kepala Dinas Komunikasi dan Informatika", nama, f"NIP. {nip}"):
        assert part in text, (pdf.name, no, part)
    table = [w for w in words if w["bottom"] < date["top"]
             and (KODE.match(w["text"]) or w["text"] == "Rata-rata")]
    assert table, (pdf.name, no, "the signature is alone on its page")
    # the chart is printed, on a page of its own after the signature
    titled = [p[0] for p in pages if "Capaian per indikator (%)" in " ".join(w["text"] for w in p[3])]
    assert titled and titled[-1] > no, (pdf.name, titled, no)


def test_demo_reports_print_whole(demo):
    need(bool(demo.pdfs), "LibreOffice")
    for pdf in demo.pdfs:
        check_report(pdf, "Dr. Ahmad Fauzi, S.Kom., M.M.", "19700101 199503 1 002")


def _long_tables(tmp: Path) -> tuple[Path, Path]:
    rows = list(csv.reader(contoh_path("pk.csv").open(encoding="utf-8")))
    col = rows[0].index("Indikator")
    sasaran = rows[0].index("Sasaran")
    for row in rows[1:]:
        row[col] = f"{row[col]} {PANJANG}"[:150]
        row[sasaran] = f"{row[sasaran]} sesuai rencana strategis perangkat daerah"
    pk = tmp / "pk.csv"
    with pk.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    real = list(csv.reader(contoh_path("realisasi_tw1.csv").open(encoding="utf-8")))
    head = real[0]
    for row in real[1:]:
        row[head.index("Faktor penghambat")] = FAKTOR
        row[head.index("Tindak lanjut")] = TINDAK
        row[head.index("Faktor pendukung")] = "Dukungan pimpinan\nKerja sama lintas bidang"
    table = tmp / "realisasi.csv"
    with table.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(real)
    return pk, table


@pytest.fixture(scope="module")
def panjang(tmp_path_factory) -> tuple[Path, Path]:
    """A workbook built from the sample with real-sized texts (not changed: copy it),
    and its TW I realisation table."""
    tmp = tmp_path_factory.mktemp("panjang")
    pk, realisasi = _long_tables(tmp)
    book = tmp / "Panjang.xlsm"
    assert main(["buat", str(book), "--unit", str(contoh_path("unit.csv")), "--pk", str(pk),
                 "--ra", str(contoh_path("ra.csv")), "--pengaturan",
                 str(contoh_path("pengaturan.csv"))]) == 0
    return book, realisasi


def test_long_names_and_many_line_faktor_print_whole(panjang, tmp_path, capsys):
    need(bool(shutil.which("soffice") or shutil.which("libreoffice")), "LibreOffice")
    from kinerja_xl.pdf import export_sheets_pdf
    book = tmp_path / "Panjang.xlsm"
    shutil.copy(panjang[0], book)
    main(["impor", str(book), "--realisasi", str(panjang[1]), "--triwulan", "1", "--ajukan"])
    main(["rekap", str(book), "--triwulan", "1"])
    main(["rekap", str(book), "--tahunan"])
    capsys.readouterr()
    sheets = (L.rekap_tw(1), L.REKAP_TAHUNAN)
    pdfs = export_sheets_pdf(book, [(s, tmp_path / (s.replace(" ", "_") + ".pdf"))
                                    for s in sheets])
    for sheet, out in zip(sheets, pdfs):
        check_report(out, "Dr. Ahmad Fauzi, S.Kom., M.M.", "19700101 199503 1 002")
        text = " ".join(w["text"] for p in _pages(out) for w in p[3])
        # the long names are printed in full, the Faktor lines one after another
        assert "laporan kegiatan" in text or "pendukung resmi" in text
        if sheet != L.REKAP_TAHUNAN:
            assert "Jaringan di beberapa kecamatan sering terputus" in text


def _breaks(book: Path, sheet: str) -> list[int]:
    import openpyxl
    ws = openpyxl.load_workbook(book)[sheet]
    return [b.id + 1 for b in ws.row_breaks.brk]


def test_a_signature_that_would_split_moves_with_the_last_rows(panjang, tmp_path, capsys):
    """Lengthen one text line by line until the signature would not fit under the
    table: the report then carries its last rows to the signature's page."""
    need(bool(shutil.which("soffice") or shutil.which("libreoffice")), "LibreOffice")
    book = tmp_path / "Pecah.xlsm"
    shutil.copy(panjang[0], book)
    realisasi = tmp_path / "realisasi.csv"
    shutil.copy(panjang[1], realisasi)
    rows = list(csv.reader(realisasi.open(encoding="utf-8")))
    col = rows[0].index("Tindak lanjut")
    sheet = L.rekap_tw(1)
    for extra in range(0, 40, 2):
        rows[-1][col] = TINDAK + "".join(f"\nLangkah tambahan {i + 1}" for i in range(extra))
        with realisasi.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
        main(["impor", str(book), "--realisasi", str(realisasi), "--triwulan", "1", "--ajukan"])
        main(["rekap", str(book), "--triwulan", "1"])
        if len(_breaks(book, sheet)) == 2:  # the signature's and the chart's
            break
    else:
        pytest.fail("no length of text needed a break before the signature")
    capsys.readouterr()
    out = tmp_path / "pecah.pdf"
    assert main(["pdf", str(book), "--lembar", sheet, "-o", str(out)]) == 0
    check_report(out, "Dr. Ahmad Fauzi, S.Kom., M.M.", "19700101 199503 1 002")


def test_staff_sheet_status_block_prints_in_full(demo, tmp_path):
    from kinerja_xl.pdf import export_sheet_pdf
    out = export_sheet_pdf(demo.workbook, L.bahan("INFRA"), tmp_path / "bahan.pdf")
    words = _pages(out)[0][3]
    text = " ".join(w["text"] for w in words)
    assert "Diajukan pada" in text and "###" not in text
    # four submission times, each whole (date and time)
    assert len(re.findall(r"\b\d\d/\d\d/20\d\d \d\d:\d\d\b", text)) == 4, text[:400]
