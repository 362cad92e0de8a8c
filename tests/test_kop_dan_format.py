"""The letterhead (logo, rule), the conditional-format fills Excel paints, list
validations as Excel writes them, and the staff sheet's status columns."""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from kinerja_xl import layout as L
from kinerja_xl.build.builder import contoh_path
from kinerja_xl.cli import main
from kinerja_xl.tinggi_baris import Huruf, lebar_kolom_px, lebar_teks

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\x00\x60\xa0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _tables(tmp_path: Path, logo: str | None) -> list[str]:
    peng = tmp_path / "pengaturan.csv"
    text = contoh_path("pengaturan.csv").read_text(encoding="utf-8")
    if logo is not None:
        text += f"Logo,{logo}\n"
    peng.write_text(text, encoding="utf-8")
    return ["--unit", str(contoh_path("unit.csv")), "--pk", str(contoh_path("pk.csv")),
            "--ra", str(contoh_path("ra.csv")), "--pengaturan", str(peng)]


def test_logo_from_pengaturan_is_on_every_report(tmp_path):
    (tmp_path / "logo.png").write_bytes(_png(40, 50))
    out = tmp_path / "b.xlsm"
    assert main(["buat", str(out), *_tables(tmp_path, "logo.png")]) == 0
    with zipfile.ZipFile(out) as zf:
        media = [n for n in zf.namelist() if n.startswith("xl/media/")]
        assert len(media) == len(L.REKAP_SHEETS)
        assert all(zf.read(n) == (tmp_path / "logo.png").read_bytes() for n in media)
    wb = load_workbook(out, keep_vba=True)
    for name in L.REKAP_SHEETS:
        images = wb[name]._images
        assert len(images) == 1, name
        anchor = images[0].anchor._from
        assert (anchor.row, anchor.col) == (0, 0)


@pytest.mark.parametrize("logo,message", [("hilang.png", "tidak ditemukan"),
                                          ("bukan.png", "bukan gambar PNG")])
def test_bad_logo_stops_the_build(tmp_path, capsys, logo, message):
    (tmp_path / "bukan.png").write_text("GIF89a", encoding="utf-8")
    out = tmp_path / "b.xlsm"
    assert main(["buat", str(out), *_tables(tmp_path, logo)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Logo" in err and logo in err
    assert not out.exists()


def _sheet_xml(path: Path, sheet: str) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        wb = etree.fromstring(zf.read("xl/workbook.xml"))
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        rid = next(s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                   for s in wb.iterfind(".//m:sheet", NS) if s.get("name") == sheet)
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        return etree.fromstring(zf.read("xl/" + target.lstrip("/").removeprefix("xl/")))


def test_kop_rule_and_section_fill_excel_paints(sample_master):
    with zipfile.ZipFile(sample_master) as zf:
        styles = etree.fromstring(zf.read("xl/styles.xml"))
    dxfs = styles.find("m:dxfs", NS)
    ws = _sheet_xml(sample_master, L.rekap_tw(1))
    rules = {cf.get("sqref"): cf for cf in ws.iterfind("m:conditionalFormatting", NS)}
    bagian = next(rule for cf in rules.values() for rule in cf.iterfind("m:cfRule", NS)
                  if 'bagian"' in rule.findtext("m:formula", namespaces=NS))
    fill = dxfs[int(bagian.get("dxfId"))].find("m:fill/m:patternFill", NS)
    assert fill.find("m:bgColor", NS).get("rgb").endswith("BDD7EE")
    assert fill.find("m:fgColor", NS).get("rgb").endswith("BDD7EE")
    # the rule under the letterhead: a bottom border while A1 (the letterhead) has text
    last = L.REKAP_TW_HEADERS.__len__()
    kop = rules[f"A4:{chr(64 + last)}4"].find("m:cfRule", NS)
    assert kop.findtext("m:formula", namespaces=NS) == "LEN($A$1)>0"
    border = dxfs[int(kop.get("dxfId"))].find("m:border/m:bottom", NS)
    assert border.get("style") == "thin"
    merged = {m.get("ref") for m in ws.iterfind("m:mergeCells/m:mergeCell", NS)}
    assert {f"A{r}:{chr(64 + last)}{r}" for r in (1, 2, 3)} <= merged


def test_list_validations_name_the_range_without_equals(sample_master):
    for sheet in (L.PEMBAGIAN_TUGAS, L.KOREKSI_KASI, L.KOREKSI_KABID):
        ws = _sheet_xml(sample_master, sheet)
        formulas = [dv.findtext("m:formula1", namespaces=NS)
                    for dv in ws.iterfind("m:dataValidations/m:dataValidation", NS)]
        assert "DaftarKode" in formulas, (sheet, formulas)
        assert not any(f.startswith("=") for f in formulas), (sheet, formulas)


def test_status_columns_show_label_and_dates_in_full(sample_master):
    wb = load_workbook(sample_master, keep_vba=True)
    ws = wb[next(n for n in wb.sheetnames if n.startswith(L.BAHAN_PREFIX))]

    def room(col: int) -> float:  # points for text inside the column
        letter = chr(64 + col)
        return (lebar_kolom_px(ws.column_dimensions[letter].width) - 5) * 0.75

    assert room(1) >= lebar_teks("Diajukan pada", Huruf(10, True))
    for n in L.TRIWULAN:
        c = L.STATUS_FIRST_COL + n - 1
        cell = ws.cell(row=L.DIAJUKAN_ROW, column=c)
        assert cell.number_format == L.FMT_WAKTU
        assert room(c) >= lebar_teks("30/12/2026 23:59", Huruf(cell.font.sz, cell.font.b)), c


def _linked_part(zf: zipfile.ZipFile, part: str, kind: str) -> str:
    import posixpath
    d, base = posixpath.split(part)
    rels = etree.fromstring(zf.read(posixpath.join(d, "_rels", base + ".rels")))
    target = next(r.get("Target") for r in rels if r.get("Type").endswith("/" + kind))
    return posixpath.normpath(posixpath.join(d, target)).lstrip("/")


def test_report_chart_text_categories_a_100_line_and_ranges_fitted(demo):
    from kinerja_xl.io import open_workbook
    sheet = L.rekap_tw(1)
    with open_workbook(demo.workbook) as book:
        grid = book.read(sheet)
        area = next(ref for n, s, ref in book.defined_names() if n == L.PRINT_AREA and s == sheet)
    header = grid[L.REKAP.header_row - 1]
    kode, cap = header.index("Grafik: Kode"), header.index("Grafik: Capaian (%)")
    data = [r for r in grid[L.REKAP.data_row - 1:] if len(r) > kode and r[kode] is not None]
    assert all(r[cap] is not None for r in data) and len(data) == 24  # TW I: 24 measured
    with zipfile.ZipFile(demo.workbook) as zf:
        wb = etree.fromstring(zf.read("xl/workbook.xml"))
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        rid = next(s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                   for s in wb.iterfind(".//m:sheet", NS) if s.get("name") == sheet)
        part = "xl/" + next(r.get("Target") for r in rels if r.get("Id") == rid).lstrip("/") \
            .removeprefix("xl/")
        drawing = _linked_part(zf, part, "drawing")
        chart = etree.fromstring(zf.read(_linked_part(zf, drawing, "chart")))
        anchor = etree.fromstring(zf.read(drawing))
        sheet_xml = etree.fromstring(zf.read(part))
    c = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    assert chart.find(".//c:barChart/c:barDir", c).get("val") == "col"
    cats = chart.findall(".//c:cat", c)
    assert len(cats) == 2 and all(x.find("c:strRef", c) is not None for x in cats)
    last = L.REKAP.data_row + len(data) - 1
    ranges = [re.search(r"\$(\d+):\$[A-Z]+\$(\d+)$", f.text).groups()
              for f in chart.iterfind(".//c:f", c)]
    assert len(ranges) == 4  # categories and values of the bars and of the line
    assert set(ranges) == {(str(L.REKAP.data_row), str(last))}
    assert chart.find(".//c:lineChart", c) is not None
    line = [r[header.index("Grafik: Target 100 %")] for r in data]
    assert line == [100] * len(data)
    # the chart sits under the signature, after a page break, inside the print area
    xdr = {"x": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"}
    top = int(anchor.find(".//x:from/x:row", xdr).text) + 1
    nip = max(i for i, r in enumerate(grid, start=1) if r and str(r[0] or "").startswith("NIP")
              or any(str(v).startswith("NIP.") for v in r if v))
    breaks = [int(b.get("id")) + 1 for b in sheet_xml.iterfind("m:rowBreaks/m:brk", NS)]
    assert nip < top and any(nip < b <= top for b in breaks)
    assert int(area.rsplit("$", 1)[1]) > top + 20


def test_reference_rows_fit_their_wrapped_text(sample_master):
    wb = load_workbook(sample_master, keep_vba=True)
    ws = wb[L.PENGATURAN]
    row = {k: L.REF_DATA_ROW + i for i, k in enumerate(L.SETTING_KEYS)}
    # "Berkas PNG logo pada kop (opsional), dipasang saat buku kerja dibuat" at 11 pt
    # is wider than the 50-character Keterangan column: two lines of 15 pt
    assert ws.row_dimensions[row["Logo"]].height == 30
    assert ws.row_dimensions[row["Tahun"]].height == 15
    # PK: every row at least as tall as its Indikator needs
    from kinerja_xl.tinggi_baris import Huruf, jumlah_baris
    pk = wb[L.PK]
    col = L.PK_TABLE.col("Indikator")
    for r in range(L.REF_DATA_ROW, pk.max_row + 1):
        text = pk.cell(row=r, column=col).value
        lines = jumlah_baris(text, L.PK_TABLE.column("Indikator").width, Huruf(10))
        assert pk.row_dimensions[r].height >= lines * 150 / 11 - 0.01, (r, text)
        assert pk.cell(row=r, column=col).alignment.wrap_text


def test_a_long_letterhead_line_wraps_in_the_merged_width(tmp_path, capsys):
    from kinerja_xl.tinggi_baris import Huruf, tinggi_garis
    instansi = ("Dinas Komunikasi, Informatika, Statistik dan Persandian serta Pelayanan "
                "Administrasi Kependudukan dan Pencatatan Sipil Terpadu Satu Pintu "
                "beserta Unit Pelaksana Teknis Daerah Kabupaten Lumajang Provinsi Jawa Timur")
    peng = tmp_path / "pengaturan.csv"
    peng.write_text(contoh_path("pengaturan.csv").read_text(encoding="utf-8").replace(
        "Instansi,Dinas Komunikasi dan Informatika", f'Instansi,"{instansi}"'), encoding="utf-8")
    book = tmp_path / "b.xlsm"
    assert main(["buat", str(book), "--unit", str(contoh_path("unit.csv")), "--pk",
                 str(contoh_path("pk.csv")), "--pengaturan", str(peng)]) == 0
    assert main(["rekap", str(book), "--triwulan", "1"]) in (0, 1)
    capsys.readouterr()
    ws = load_workbook(book, keep_vba=True)[L.rekap_tw(1)]
    assert ws["A2"].value == instansi.upper()
    # 14 pt bold capitals over the whole table's width: two lines; row 1 keeps one
    assert ws.row_dimensions[2].height >= 2 * tinggi_garis(Huruf(14, True))
    assert ws.row_dimensions[1].height < 2 * tinggi_garis(Huruf(11, True))
