"""Headless PDF export with the real LibreOffice and poppler (no mocks).

The workbook is made here with openpyxl, set up the way the `9 Rekap …` sheets
are: A4 landscape, one page wide, title rows repeated, footer with page numbers,
numbers formatted with the Indonesian locale tag.  LibreOffice is slow, so each
PDF is made once per module.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from lxml import etree

from kinerja_xl import layout, pdf
from kinerja_xl.commands import pdf as cmd_pdf
from kinerja_xl.io.base import WorkbookError

CI = os.environ.get("CI") == "true"
REKAP = layout.rekap_tw(1)
DATA_ROWS = 45          # enough for two A4 landscape pages at the default row height
HEADER_ROW = 3
STALE = 999             # a cached formula value LibreOffice must not show
NAMA = "Drs. BUDI SANTOSO, M.Si."
SIGNATURE_BLOCK = ("Lumajang, 15 Januari 2027", "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA",
                   "KABUPATEN LUMAJANG", None, None, None, NAMA, "Pembina Utama Muda (IV/c)",
                   "NIP. 19700101 199503 1 002")


def require(*tools: str) -> None:
    """Missing tools skip locally but fail in CI, where they must be installed."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        msg = f"not installed: {', '.join(missing)}"
        pytest.fail(msg) if CI else pytest.skip(msg)


def make_workbook(path: Path) -> Path:
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = openpyxl.Workbook()
    peng = wb.active
    peng.title = layout.PENGATURAN
    peng["A1"] = "TEKS-PENGATURAN-RAHASIA"
    ws = wb.create_sheet(REKAP)
    ws["A1"] = "LAPORAN KINERJA TRIWULAN I"
    ws.append([])
    ws.append(["No", "Indikator", "Target", "Realisasi", "Capaian (%)"])
    for i in range(1, DATA_ROWS + 1):
        r = HEADER_ROW + i
        ws.append([i, f"Indikator {i}", 1234.5, 1273.1, f"=ROUND(D{r}/C{r}*100,2)"])
        for col in "CDE":
            ws[f"{col}{r}"].number_format = layout.FMT_DESIMAL
    # The signature block as on the report sheets: the signature goes in the gap.
    first = HEADER_ROW + DATA_ROWS + 2
    for i, text in enumerate(SIGNATURE_BLOCK):
        if text:
            ws.cell(first + i, 4, text)
    ws.cell(first + SIGNATURE_BLOCK.index(NAMA), 4).font = Font(bold=True, underline="single")
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 14
    ws.column_dimensions["E"].width = 14
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.oddFooter.center.text = "Halaman &P dari &N"
    tw2 = wb.create_sheet(layout.rekap_tw(2))
    tw2["A1"] = "TEKS-TW-DUA-RAHASIA"
    # Report sheets have print areas, and LibreOffice prints a hidden sheet that has one.
    tw2.print_area = "A1:E10"
    ws.print_area = f"A1:E{HEADER_ROW + DATA_ROWS + 2 + len(SIGNATURE_BLOCK)}"
    conf = wb.create_sheet(layout.XLWINGS_CONF)
    conf["A1"] = "TEKS-CONF-RAHASIA"
    conf.sheet_state = "hidden"
    wb.active = 0  # the report is not the active sheet: the export must choose it
    wb.save(path)
    _make_cached_values_stale(path)
    return path


def _make_cached_values_stale(path: Path) -> None:
    """Give every formula a wrong cached value, as a file saved before the data
    changed would have; the export must recalculate."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(<f>[^<]*</f>)(<v>[^<]*</v>)?", rb"\1<v>%d</v>" % STALE, data)
            zout.writestr(info, data)
    tmp.replace(path)


def pdftext(path: Path, page: int | None = None) -> str:
    cmd = ["pdftotext", "-layout"]
    if page:
        cmd += ["-f", str(page), "-l", str(page)]
    return subprocess.run(cmd + [str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return make_workbook(tmp_path_factory.mktemp("pdf") / "Laporan.xlsx")


@pytest.fixture(scope="module")
def exported(workbook, tmp_path_factory):
    """(pdf path, workbook bytes before, workbook bytes after): one conversion."""
    require("soffice", "pdftotext", "pdfinfo")
    before = workbook.read_bytes()
    out = tmp_path_factory.mktemp("keluaran") / "rekap.pdf"
    result = pdf.export_sheet_pdf(workbook, REKAP, out)
    return result, before, workbook.read_bytes()


# --- the PDF itself -----------------------------------------------------------
def test_returns_the_path_of_a_non_empty_pdf(exported):
    out, _, _ = exported
    assert out.exists() and out.read_bytes().startswith(b"%PDF-")


def test_only_the_chosen_sheet_is_printed(exported):
    text = pdftext(exported[0])
    assert "LAPORAN KINERJA TRIWULAN I" in text
    for other in ("TEKS-PENGATURAN-RAHASIA", "TEKS-TW-DUA-RAHASIA", "TEKS-CONF-RAHASIA"):
        assert other not in text


def test_pages_are_a4_landscape(exported):
    info = pdfinfo(exported[0])
    assert int(info["Pages"]) == 2
    w, h = (float(v) for v in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert abs(w - 841.89) < 2 and abs(h - 595.28) < 2


def test_title_row_repeats_on_page_two(exported):
    page2 = pdftext(exported[0], page=2)
    assert re.search(r"No\s+Indikator\s+Target\s+Realisasi\s+Capaian", page2)
    assert f"Indikator {DATA_ROWS}" in page2
    assert "LAPORAN KINERJA TRIWULAN I" not in page2  # only the title row repeats


def test_numbers_use_decimal_comma_and_thousands_dot(exported):
    text = pdftext(exported[0])
    assert "1.234,50" in text and "1.273,10" in text
    assert "103,13" in text
    assert "1,234.50" not in text and "103.13" not in text


def test_formulas_are_recalculated_not_taken_from_the_cache(exported):
    text = pdftext(exported[0])
    assert f"{STALE},00" not in text
    assert text.count("103,13") == DATA_ROWS


def test_signature_block_is_on_the_last_page(exported):
    page2 = pdftext(exported[0], page=2)
    assert NAMA in page2 and "NIP. 19700101 199503 1 002" in page2


def test_footer_numbers_pages_of_this_sheet_only(exported):
    assert "Halaman 1 dari 2" in pdftext(exported[0], page=1)
    assert "Halaman 2 dari 2" in pdftext(exported[0], page=2)


def test_workbook_is_left_untouched(exported, workbook):
    _, before, after = exported
    assert before == after
    assert not list(workbook.parent.glob(".~lock*"))


# --- the temporary copy (no LibreOffice needed) ----------------------------------
def _workbook_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("xl/workbook.xml"))


def test_copy_hides_every_other_sheet_and_forces_recalculation(workbook, tmp_path):
    copy = tmp_path / "salinan.xlsx"
    pdf.write_single_sheet_copy(workbook, layout.XLWINGS_CONF, copy)  # a hidden one
    root = _workbook_xml(copy)
    ns = {"m": pdf.MAIN_NS}
    states = {s.get("name"): s.get("state") for s in root.findall("m:sheets/m:sheet", ns)}
    assert states[layout.XLWINGS_CONF] is None  # made visible
    assert {n for n, st in states.items() if st == "hidden"} == \
        {layout.PENGATURAN, REKAP, layout.rekap_tw(2)}
    prints = {(d.get("name"), d.get("localSheetId"))
              for d in root.findall("m:definedNames/m:definedName", ns)}
    assert ("_xlnm.Print_Area", "1") not in prints  # the report's own went with it
    assert not any(n.startswith("_xlnm.Print") for n, _ in prints)
    view = root.find("m:bookViews/m:workbookView", ns)
    assert view.get("activeTab") == "3" and view.get("firstSheet") == "3"
    assert root.find("m:calcPr", ns).get("fullCalcOnLoad") == "1"
    with zipfile.ZipFile(workbook) as a, zipfile.ZipFile(copy) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "xl/workbook.xml":
                assert a.read(name) == b.read(name), name


def test_copy_keeps_only_the_chosen_sheets_print_area(workbook, tmp_path):
    copy = tmp_path / "salinan.xlsx"
    pdf.write_single_sheet_copy(workbook, REKAP, copy)
    ns = {"m": pdf.MAIN_NS}
    prints = {(d.get("name"), d.get("localSheetId"))
              for d in _workbook_xml(copy).findall("m:definedNames/m:definedName", ns)}
    assert prints == {("_xlnm.Print_Area", "1"), ("_xlnm.Print_Titles", "1")}


def test_calcpr_is_added_in_schema_order_when_missing():
    xml = (f'<workbook xmlns="{pdf.MAIN_NS}"><sheets><sheet name="A" sheetId="1"/></sheets>'
           '<definedNames><definedName name="X">A!$A$1</definedName></definedNames>'
           '<extLst/></workbook>').encode()
    root = etree.fromstring(pdf.single_sheet_workbook_xml(xml, "A", Path("x.xlsx")))
    assert [etree.QName(e).localname for e in root] == ["sheets", "definedNames", "calcPr",
                                                        "extLst"]


def test_unknown_sheet_lists_the_report_sheets(workbook, tmp_path):
    with pytest.raises(WorkbookError) as err:
        pdf.export_sheet_pdf(workbook, "9 Rekap TW V", tmp_path / "x.pdf")
    assert err.value.exit_code == 2
    assert "Lembar '9 Rekap TW V' tidak ada" in err.value.pesan
    assert "'9 Rekap TW I', '9 Rekap TW II'" in err.value.pesan
    assert not (tmp_path / "x.pdf").exists()


def test_entity_declarations_are_refused(tmp_path):
    xml = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
           b'<workbook xmlns="' + pdf.MAIN_NS.encode() + b'"/>')
    with pytest.raises(WorkbookError, match="DOCTYPE/ENTITY"):
        pdf.single_sheet_workbook_xml(xml, "A", Path("x.xlsx"))


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "bukan.xlsx"
    bad.write_text("ini bukan zip")
    with pytest.raises(WorkbookError, match="bukan buku kerja"):
        pdf.export_sheet_pdf(bad, REKAP, tmp_path / "x.pdf")


def test_missing_libreoffice_gives_the_install_hint(workbook, tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_SOFFICE", str(tmp_path / "tidak-ada" / "soffice"))
    with pytest.raises(WorkbookError) as err:
        pdf.export_sheet_pdf(workbook, REKAP, tmp_path / "x.pdf")
    assert err.value.exit_code == 2
    assert "sudo apt-get install libreoffice-calc-nogui" in err.value.pesan
    assert "Ekspor PDF" in err.value.pesan and "Windows" in err.value.pesan


def test_timeout_stops_libreoffice_with_a_clear_error(workbook, tmp_path):
    require("soffice")
    with pytest.raises(WorkbookError) as err:
        pdf.export_sheet_pdf(workbook, REKAP, tmp_path / "x.pdf", timeout=0.05)
    assert err.value.exit_code == 2
    assert "batas waktu" in err.value.pesan
    assert not (tmp_path / "x.pdf").exists()


# --- the command ------------------------------------------------------------------
def run_command(module, argv: list[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="kinerja-xl")
    module.add_parser(parser.add_subparsers(dest="perintah"))
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = module.run(args)
    return code, out.getvalue(), err.getvalue()


def test_command_reports_unknown_sheet_with_exit_2(workbook, tmp_path):
    code, out, err = run_command(cmd_pdf, ["pdf", str(workbook), "--lembar", "Tidak Ada",
                                           "-o", str(tmp_path / "x.pdf")])
    assert code == 2 and out == ""
    assert "Lembar 'Tidak Ada' tidak ada" in err and "Traceback" not in err


def test_command_json_output(workbook, tmp_path):
    require("soffice")
    out_pdf = tmp_path / "tw1.pdf"
    code, out, err = run_command(cmd_pdf, ["pdf", str(workbook), "--lembar", REKAP,
                                           "-o", str(out_pdf), "--json"])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["perintah"] == "pdf" and doc["berkas"] == str(workbook)
    assert doc["triwulan"] == 1 and doc["temuan"] == []
    assert doc["baris"] == [{"lembar": REKAP, "pdf": str(out_pdf), "ditandatangani": False,
                             "penandatangan": None}]
    assert out_pdf.stat().st_size > 0


def test_command_refuses_password_without_terminal(workbook, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a TTY
    p12 = tmp_path / "tte.p12"
    p12.write_bytes(b"x")
    code, _, err = run_command(cmd_pdf, ["pdf", str(workbook), "--lembar", REKAP, "-o",
                                         str(tmp_path / "x.pdf"), "--tte", str(p12)])
    assert code == 2
    assert "--sandi-file" in err and "baris perintah" in err
    assert not (tmp_path / "x.pdf").exists()
