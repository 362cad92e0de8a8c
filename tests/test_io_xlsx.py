"""The file adapter on real workbooks: values, part-level writes, idempotence."""
from __future__ import annotations

import datetime as dt
import os
import re
import zipfile

import openpyxl
import pytest
from lxml import etree
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from kinerja_xl.io import open_workbook, safety
from kinerja_xl.io.base import Formula, Link, WorkbookError
from kinerja_xl.io.xlsx_adapter import FileWorkbook

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
MACRO_CT = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
X14_EXT = (
    '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:conditionalFormattings><x14:conditionalFormatting '
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:cfRule type="dataBar" id="{00000000-0000-0000-0000-000000000001}">'
    '<x14:dataBar minLength="0" maxLength="100"/></x14:cfRule>'
    '<xm:sqref>B1:B10</xm:sqref></x14:conditionalFormatting>'
    '</x14:conditionalFormattings></ext></extLst>')
CUSTOM_UI = (b'<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui">'
             b'<ribbon><tabs><tab id="t" label="Laporan Kinerja"/></tabs></ribbon></customUI>')
VBA_BIN = b"\xd0\xcf\x11\xe0dummy vba project" + bytes(range(256)) * 4


# --- building test workbooks ----------------------------------------------------------
def rewrite_zip(path, edit=None, add=None, drop=()):
    """Rewrite a zip: edit(name, bytes) -> bytes for members, add new ones, drop some."""
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            if info.filename in drop:
                continue
            if edit:
                data = edit(info.filename, data)
            zf.writestr(info, data)
        for name, data in (add or {}).items():
            zf.writestr(name, data)


def sheet_part(path, title):
    """The zip member of a sheet, found through workbook.xml and its rels."""
    with zipfile.ZipFile(path) as zf:
        wb = etree.fromstring(zf.read("xl/workbook.xml"))
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    rid = next(s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
               for s in wb.iterfind(".//m:sheet", NS) if s.get("name") == title)
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return "xl/" + target.lstrip("/").removeprefix("xl/")


def make_book(path, calc_chain=True):
    """A macro-enabled workbook with the things Excel users put in one."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["teks", 12, 2.5, True, dt.datetime(2026, 1, 15, 10, 30), "=1+1"])
    ws["A2"] = "bersama"
    ws["B2"] = "#DIV/0!"
    ws["C2"] = dt.date(2026, 3, 31)
    ws["C2"].number_format = "dd/mm/yyyy"
    ws["A3"] = 0.1
    ws["B3"] = -7
    ws["A1"].font = Font(bold=True)
    ws["A1"].comment = Comment("catatan", "penulis")
    dv = DataValidation(type="list", formula1='"Draf,Diajukan"', allow_blank=True)
    dv.add("D1:D20")
    ws.add_data_validation(dv)
    ws.conditional_formatting.add(
        "B1:B20", CellIsRule(operator="lessThan", formula=["0"], fill=PatternFill("solid", fgColor="FFC7CE")))
    kolom = wb.create_sheet("Kolom")
    kolom.column_dimensions["C"].number_format = "0.00"
    kolom.column_dimensions["C"].font = Font(italic=True)
    kolom.append(["Kode", "Nama", "Nilai"])
    for i in range(2, 8):
        kolom.append([f"K{i}", f"Nama {i}", i * 1.5])
    kolom["B10"].fill = PatternFill("solid", fgColor="FFFF00")  # styled, empty
    kolom["D4"] = 5
    kolom["D4"].protection = Protection(locked=False)
    kolom["E4"].protection = Protection(locked=False)
    kolom.protection.sheet = True
    hidden = wb.create_sheet("Tersembunyi")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "rahasia"
    wb.create_sheet("Akhir")["B2"] = "x"
    wb.save(path)

    data_part = sheet_part(path, "Data")

    def edit(name, data):
        if name == data_part:
            text = data.decode()
            # formulas with cached values, as Excel saves them
            text = text.replace('<c r="F1"><f>1+1</f><v></v></c>', '<c r="F1"><f>1+1</f><v>2</v></c>')
            text = text.replace("</sheetData>",
                                '<row r="5"><c r="A5"><f>B3*2</f><v>-14</v></c>'
                                '<c r="B5" t="str"><f>A2&amp;"!"</f><v>bersama!</v></c>'
                                '<c r="C5" t="inlineStr"><is><t>sebaris</t></is></c>'
                                '<c r="D5" t="b"><f>TRUE()</f><v>1</v></c></row></sheetData>')
            text = text.replace("</worksheet>", X14_EXT + "</worksheet>")
            return text.encode()
        if name == "[Content_Types].xml":
            text = data.decode()
            text = text.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                MACRO_CT)
            text = text.replace("</Types>",
                                '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                                '<Override PartName="/customUI/customUI14.xml" '
                                'ContentType="application/xml"/>'
                                + ('<Override PartName="/xl/calcChain.xml" ContentType="application/'
                                   'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>'
                                   if calc_chain else "")
                                + "</Types>")
            return text.encode()
        if name == "xl/workbook.xml":
            # as Excel saves it: no standing request to recalculate
            return re.sub(rb' fullCalcOnLoad="1"', b"", data)
        if name == "xl/_rels/workbook.xml.rels":
            text = data.decode()
            text = text.replace("</Relationships>",
                                '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
                                'relationships/vbaProject" Target="vbaProject.bin"/>'
                                + ('<Relationship Id="rIdCalc" Type="http://schemas.openxmlformats.org/'
                                   'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
                                   if calc_chain else "")
                                + "</Relationships>")
            return text.encode()
        if name == "_rels/.rels":
            text = data.decode()
            text = text.replace("</Relationships>",
                                '<Relationship Id="rIdUI" Type="http://schemas.microsoft.com/office/2007/'
                                'relationships/ui/extensibility" Target="customUI/customUI14.xml"/>'
                                "</Relationships>")
            return text.encode()
        return data

    add = {"xl/vbaProject.bin": VBA_BIN, "customUI/customUI14.xml": CUSTOM_UI,
           "unknown/vendor-data.bin": os.urandom(3000)}
    if calc_chain:
        add["xl/calcChain.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<c r="F1" i="1"/><c r="A5" i="1"/></calcChain>')
    rewrite_zip(path, edit, add)
    return path


@pytest.fixture
def book(tmp_path):
    return make_book(str(tmp_path / "Laporan Kinerja.xlsm"))


def members(path):
    with zipfile.ZipFile(path) as zf:
        return {i.filename: (zf.read(i.filename), i) for i in zf.infolist()}


def assert_untouched(before, after, changed):
    """Every member not in `changed` has the same content and zip header fields."""
    for name, (data, info) in before.items():
        if name in changed:
            continue
        assert name in after, f"{name} lost"
        data2, info2 = after[name]
        assert data2 == data, f"{name} changed"
        for attr in ("date_time", "compress_type", "external_attr", "create_system",
                     "flag_bits", "CRC", "compress_size"):
            assert getattr(info2, attr) == getattr(info, attr), (name, attr)


def xml_of(path, part):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(part))


def cell_xml(path, sheet, ref):
    root = xml_of(path, sheet_part(path, sheet))
    found = root.xpath(f".//m:c[@r='{ref}']", namespaces=NS)
    return found[0] if found else None


# --- reading ------------------------------------------------------------------------------
def test_read_values_and_types(book):
    with open_workbook(book) as wb:
        assert wb.sheet_names() == ["Data", "Kolom", "Tersembunyi", "Akhir"]
        assert wb.sheet_state("Tersembunyi") == "hidden"
        grid = wb.read("Data")
    assert grid[0][:5] == ["teks", 12, 2.5, True, dt.datetime(2026, 1, 15, 10, 30)]
    assert type(grid[0][1]) is int and type(grid[0][2]) is float and grid[0][3] is True
    assert grid[0][5] == 2                      # formula: its cached value
    assert grid[1][:3] == ["bersama", "#DIV/0!", dt.datetime(2026, 3, 31)]
    assert grid[2][:2] == [0.1, -7]
    assert grid[3] == [None] * 6                # an empty row inside the grid
    assert grid[4][:4] == [-14, "bersama!", "sebaris", True]
    assert len(grid) == 5 and all(len(r) == 6 for r in grid)


def test_read_sheet_with_offset_start_and_unknown_sheet(book):
    with open_workbook(book) as wb:
        assert wb.read("Akhir") == [[None, None], [None, "x"]]
        assert wb.read("akhir") == [[None, None], [None, "x"]]  # names as Excel: case-insensitive
        with pytest.raises(WorkbookError, match="Tidak Ada"):
            wb.read("Tidak Ada")


def test_read_returns_a_copy(book):
    with open_workbook(book) as wb:
        wb.read("Data")[0][0] = "diubah"
        assert wb.read("Data")[0][0] == "teks"


def test_read_only_open_cannot_write(book):
    with open_workbook(book) as wb:
        with pytest.raises(RuntimeError):
            wb.write_cells("Data", {(1, 1): "x"})


# --- writing --------------------------------------------------------------------------------------
def test_write_region_only_changes_that_sheet(book):
    before = members(book)
    with open_workbook(book, write=True) as wb:
        wb.write_region("Kolom", 2, [["A1", "Satu", 1.25], ["A2", "Dua", 2]])
        assert wb.changed_parts() == sorted([sheet_part(book, "Kolom"), "xl/workbook.xml"])
        wb.save()
    after = members(book)
    assert_untouched(before, after, {sheet_part(book, "Kolom"), "xl/workbook.xml"})
    assert "xl/calcChain.xml" in after          # no formula written: the chain stays
    ws = openpyxl.load_workbook(book)["Kolom"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=1, max_col=3)]
    assert rows[:3] == [["Kode", "Nama", "Nilai"], ["A1", "Satu", 1.25], ["A2", "Dua", 2]]
    assert all(r == [None, None, None] for r in rows[3:])
    calc = xml_of(book, "xl/workbook.xml").find("m:calcPr", NS)
    assert calc.get("fullCalcOnLoad") == "1"


def test_written_cells_read_and_written_again_before_saving(book):
    """New cells are kept as markup until something needs them: a second region beside
    or over them, heights, single cells, reading the sheet, and then the saves."""
    with open_workbook(book, write=True) as wb:
        wb.write_region("Akhir", 3, [["a", 1], ["b", 2]], width=2)
        wb.write_region("Akhir", 3, [["x"], ["y"]], left_col=5, width=1)   # beside
        wb.write_region("Akhir", 3, [["c"], ["d"]], left_col=5, width=1)   # over
        wb.write_region("Akhir", 6, [["g"]], width=1)
        wb.set_row_heights("Akhir", {6: None})
        wb.write_cells("Akhir", {(6, 2): "h"})
        wb.write_region("Akhir", 7, [["i"]], width=1)
        assert wb.read("Akhir")[2:] == [["a", 1, None, None, "c"], ["b", 2, None, None, "d"],
                                        [None] * 5, ["g", "h", None, None, None],
                                        ["i", None, None, None, None]]
        wb.write_region("Akhir", 3, [[None, 9]], left_col=1, width=2)      # over, shorter
        wb.write_region("Akhir", 5, [["e"]], left_col=2, width=1)
        wb.save()
        wb.write_region("Akhir", 5, [["f"]], left_col=6, width=1)        # after a save
        wb.save()
    with open_workbook(book) as wb:
        assert wb.read("Akhir") == [[None] * 6, [None, "x", None, None, None, None],
                                    [None, 9, None, None, "c", None],
                                    [None, None, None, None, "d", None],
                                    [None, "e", None, None, None, "f"]]
    root = xml_of(book, sheet_part(book, "Akhir"))
    assert [c.get("r") for c in root.iterfind(".//m:c", NS)] == ["B2", "B3", "E3", "E4", "B5", "F5"]
    assert root.find("m:dimension", NS).get("ref") == "B2:F5"


def test_macro_parts_survive(book):
    with open_workbook(book, write=True) as wb:
        wb.write_region("Data", 10, [[Formula("=SUM(B1:B3)"), "teks"]])
        wb.save()
    m = members(book)
    assert m["xl/vbaProject.bin"][0] == VBA_BIN
    assert m["customUI/customUI14.xml"][0] == CUSTOM_UI
    assert MACRO_CT.encode() in m["[Content_Types].xml"][0]
    assert b"ui/extensibility" in m["_rels/.rels"][0]
    ext = etree.fromstring(m[sheet_part(book, "Data")][0]).find("m:extLst/m:ext", NS)
    assert ext.get("uri") == "{78C0D931-6437-407d-A8EE-F0AAD7539E65}"
    assert b"<xm:sqref>B1:B10</xm:sqref>" in etree.tostring(ext)
    assert zipfile.ZipFile(book).testzip() is None
    # openpyxl still loads it, with validations, conditional formats and comment intact
    wb2 = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb2["Data"]
    assert ws.data_validations.dataValidation[0].formula1 == '"Draf,Diajukan"'
    assert len(list(ws.conditional_formatting)) == 1
    assert ws["A1"].comment.text == "catatan"


def test_column_style_applies_to_written_cells(book):
    with open_workbook(book, write=True) as wb:
        wb.write_region("Kolom", 12, [["x", "y", 3.14159]])
        wb.save()
    ws = openpyxl.load_workbook(book)["Kolom"]
    assert ws["C12"].number_format == "0.00" and ws["C12"].font.i
    assert ws["A12"].style_id == 0 or ws["A12"].number_format == "General"


def test_existing_cell_style_kept_when_column_has_none(book):
    with open_workbook(book, write=True) as wb:
        wb.write_region("Data", 1, [["baru"]], left_col=1, width=1)
        wb.save()
    ws = openpyxl.load_workbook(book)["Data"]
    assert ws["A1"].value == "baru" and ws["A1"].font.b


def test_region_width_limits_the_clear(book):
    with open_workbook(book, write=True) as wb:
        wb.write_region("Data", 2, [["p", "q"]], left_col=1, width=2)
        grid = wb.read("Data")
        wb.save()
    assert grid[1][:3] == ["p", "q", dt.datetime(2026, 3, 31)]
    assert grid[2][:2] == [None, None]
    assert grid[4][:2] == [None, None] and grid[4][2] == "sebaris"


def test_region_without_width_clears_every_column(book):
    with open_workbook(book, write=True) as wb:
        wb.write_region("Data", 2, [["hanya"]])
        assert wb.read("Data") == [["teks", 12, 2.5, True, dt.datetime(2026, 1, 15, 10, 30), 2],
                                   ["hanya", None, None, None, None, None]]


def test_styled_empty_cells_survive_a_clear(book):
    with open_workbook(book, write=True) as wb:
        wb.write_region("Kolom", 2, [])
        wb.save()
    ws = openpyxl.load_workbook(book)["Kolom"]
    assert ws["B10"].fill.fgColor.rgb.endswith("FFFF00")
    assert ws["A2"].value is None and ws["C3"].value is None


def test_text_that_looks_like_a_formula_is_text(book):
    evil = ["=HYPERLINK(\"http://x\")", "+1+2", "-3", "@SUM(A1)"]
    with open_workbook(book, write=True) as wb:
        wb.write_region("Kolom", 20, [evil])
        wb.save()
    for col, text in zip("ABCD", evil):
        c = cell_xml(book, "Kolom", f"{col}20")
        assert c.get("t") == "inlineStr" and c.find("m:f", NS) is None
        assert c.findtext("m:is/m:t", namespaces=NS) == text
    ws = openpyxl.load_workbook(book)["Kolom"]
    assert [ws[f"{c}20"].value for c in "ABCD"] == evil
    with open_workbook(book) as wb:
        assert wb.read("Kolom")[19][:4] == evil


def test_formula_written_as_formula_and_calc_chain_dropped(book):
    before = members(book)
    link = Link("9 Rekap TW I", "B12", "Lihat")
    with open_workbook(book, write=True) as wb:
        wb.write_region("Data", 8, [[Formula("=SUM(B1:B3)"), link]])
        wb.save()
    after = members(book)
    c = cell_xml(book, "Data", "A8")
    assert c.findtext("m:f", namespaces=NS) == "SUM(B1:B3)" and c.find("m:v", NS) is None
    assert cell_xml(book, "Data", "B8").findtext("m:f", namespaces=NS).startswith("HYPERLINK(")
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["[Content_Types].xml"][0]
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"][0]
    assert xml_of(book, "xl/workbook.xml").find("m:calcPr", NS).get("fullCalcOnLoad") == "1"
    changed = {sheet_part(book, "Data"), "xl/workbook.xml", "[Content_Types].xml",
               "xl/_rels/workbook.xml.rels", "xl/calcChain.xml"}
    assert_untouched(before, after, changed)
    ws = openpyxl.load_workbook(book)["Data"]
    assert ws["A8"].value == "=SUM(B1:B3)"


def test_removing_a_formula_also_drops_the_calc_chain(book):
    with open_workbook(book, write=True) as wb:
        wb.write_region("Data", 5, [["nilai biasa"]], width=1)
        wb.save()
    assert "xl/calcChain.xml" not in members(book)


def _sheet_of_rows(path: str, rows: str) -> str:
    """A workbook whose one sheet "S" holds `rows` as written (sheetData's markup)."""
    wb = openpyxl.Workbook()
    wb.active.title = "S"
    wb.save(path)
    part = sheet_part(path, "S")
    rewrite_zip(path, lambda n, d: d.replace(b"<sheetData></sheetData>", f"<sheetData>{rows}</sheetData>".encode())
                if n == part else d)
    return path


def test_shared_formula_dependents_survive_their_master(tmp_path):
    rows = ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f>'
            '<v>2</v></c></row><row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/>'
            '<v>4</v></c></row><row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/>'
            '<v>6</v></c></row>')
    path = _sheet_of_rows(str(tmp_path / "b.xlsx"), rows)
    with open_workbook(path, write=True) as w:
        assert w.read("S") == [[1, 2], [2, 4], [3, 6]]
        w.write_cells("S", {(1, 2): 99})
        w.save()
    ws = openpyxl.load_workbook(path)["S"]
    assert ws["B2"].value == "=A2*2" and ws["B3"].value == "=A3*2"


def test_dates_round_trip_and_get_a_date_format(book):
    when = dt.datetime(2026, 4, 2, 8, 15)
    with open_workbook(book, write=True) as wb:
        wb.write_region("Kolom", 15, [[when, dt.date(2026, 1, 1), 45000]], width=3)
        wb.save()
    with open_workbook(book) as wb:
        row = wb.read("Kolom")[14]
    assert row[0] == when and row[1] == dt.datetime(2026, 1, 1) and row[2] == 45000
    ws = openpyxl.load_workbook(book)["Kolom"]
    assert ws["A15"].value == when and ws["A15"].is_date
    assert ws["B15"].number_format == "dd/mm/yyyy"


def test_numbers_written_exactly(book):
    values = [0.1 + 0.2, 1e-7, 123456789012, -0.0, 1 / 3]
    with open_workbook(book, write=True) as wb:
        wb.write_region("Akhir", 5, [values])
        wb.save()
    with open_workbook(book) as wb:
        got = wb.read("Akhir")[4]
    assert got == [0.1 + 0.2, 1e-7, 123456789012, 0, 1 / 3]
    assert cell_xml(book, "Akhir", "A5").findtext("m:v", namespaces=NS) == repr(0.1 + 0.2)


def test_awkward_text_round_trips(book):
    texts = ["  spasi  ", "baris\nbaru", "kontrol\x01x", "_x0041_ harfiah", "é ü 你好 ✓"]
    with open_workbook(book, write=True) as wb:
        wb.write_region("Akhir", 7, [texts])
        wb.save()
    with open_workbook(book) as wb:
        assert wb.read("Akhir")[6] == texts
    assert [c.value for c in openpyxl.load_workbook(book)["Akhir"][7]][:2] == texts[:2]


def test_save_without_changes_leaves_file_identical(book):
    raw = open(book, "rb").read()
    st = os.stat(book)
    with open_workbook(book, write=True) as wb:
        wb.read("Data")
        wb.read("Kolom")
        wb.set_name("Kosong", "'Data'!$A$1")
        wb.save()  # set_name changed workbook.xml: a real save
    raw2 = open(book, "rb").read()
    st2 = os.stat(book)
    with open_workbook(book, write=True) as wb:
        wb.read("Data")
        wb.set_name("Kosong", "='Data'!$A$1")    # same value
        assert wb.changed_parts() == []
        wb.save()
    assert open(book, "rb").read() == raw2 and os.stat(book).st_mtime_ns == os.stat(book).st_mtime_ns
    assert raw2 != raw and st2.st_mtime_ns >= st.st_mtime_ns


def test_nothing_written_nothing_saved(book):
    raw = open(book, "rb").read()
    mtime = os.stat(book).st_mtime_ns
    with open_workbook(book, write=True) as wb:
        wb.read("Data")
        wb.save()
    assert open(book, "rb").read() == raw and os.stat(book).st_mtime_ns == mtime
    assert not os.path.exists(safety.backup_dir(book))


def run_all_writes(path):
    with open_workbook(path, write=True) as wb:
        wb.write_region("Kolom", 2, [["A", "B", 1.5], ["C", None, dt.datetime(2026, 5, 1, 9)],
                                     [Formula("=C2*2"), "=teks", True]])
        wb.write_cells("Data", {(3, 1): "impor", (3, 2): 42})
        wb.lock_cells("Kolom", [(4, 4), (4, 5)])
        wb.set_name("_xlnm.Print_Area", "'Kolom'!$A$1:$C$40", sheet="Kolom")
        wb.save()


def test_repeat_run_is_a_no_op(book):
    run_all_writes(book)
    raw = open(book, "rb").read()
    mtime = os.stat(book).st_mtime_ns
    backups = safety.backups_of(book)
    run_all_writes(book)
    assert open(book, "rb").read() == raw
    assert os.stat(book).st_mtime_ns == mtime
    assert safety.backups_of(book) == backups


def test_write_cells_keeps_style_and_skips_equal_values(book):
    with open_workbook(book, write=True) as wb:
        wb.write_cells("Data", {(1, 1): "teks", (1, 2): 12.0})   # as stored already
        assert wb.changed_parts() == []
        wb.write_cells("Data", {(1, 1): "ganti", (30, 3): 7})
        wb.save()
    ws = openpyxl.load_workbook(book)["Data"]
    assert ws["A1"].value == "ganti" and ws["A1"].font.b
    assert ws["C30"].value == 7
    with open_workbook(book) as wb:
        assert len(wb.read("Data")) == 30


def test_write_cells_none_clears(book):
    with open_workbook(book, write=True) as wb:
        wb.write_cells("Data", {(3, 1): None, (3, 2): ""})
        assert wb.read("Data")[2][:2] == [None, None]


def test_lock_cells(book):
    with open_workbook(book, write=True) as wb:
        wb.lock_cells("Kolom", [(4, 4), (4, 5), (2, 1)])  # A2 is locked already
        wb.save()
    ws = openpyxl.load_workbook(book)["Kolom"]
    assert ws["D4"].protection.locked and ws["E4"].protection.locked
    assert ws["D4"].value == 5
    styles = xml_of(book, "xl/styles.xml").find("m:cellXfs", NS)
    count = len(styles)
    with open_workbook(book, write=True) as wb:
        wb.lock_cells("Kolom", [(4, 4), (4, 5)])
        assert wb.changed_parts() == []
    assert len(xml_of(book, "xl/styles.xml").find("m:cellXfs", NS)) == count


def test_set_name_print_area(book):
    with open_workbook(book, write=True) as wb:
        wb.set_name("_xlnm.Print_Area", "'Kolom'!$A$1:$Q$40", sheet="Kolom")
        wb.set_name("RumusNegatif", "=Data!$A$1")
        wb.save()
        assert ("_xlnm.Print_Area", "Kolom", "'Kolom'!$A$1:$Q$40") in wb.defined_names()
    wb2 = openpyxl.load_workbook(book)
    assert wb2["Kolom"].print_area == "'Kolom'!$A$1:$Q$40"
    with open_workbook(book, write=True) as wb:
        wb.set_name("_xlnm.Print_Area", "'Kolom'!$A$1:$Q$50", sheet="Kolom")
        wb.save()
        names = [n for n in wb.defined_names() if n[0] == "_xlnm.Print_Area"]
    assert names == [("_xlnm.Print_Area", "Kolom", "'Kolom'!$A$1:$Q$50")]


def test_user_is_known(book):
    with open_workbook(book) as wb:
        assert wb.user()


def test_write_then_read_in_same_session(book):
    with open_workbook(book, write=True) as wb:
        wb.write_region("Tersembunyi", 3, [[1, "a"], [None, None], [2, "b"]])
        assert wb.read("Tersembunyi") == [["rahasia", None], [None, None], [1, "a"],
                                          [None, None], [2, "b"]]
        wb.save()
        wb.write_region("Tersembunyi", 3, [[1, "a"]])
        wb.save()
    with open_workbook(book) as wb:
        assert wb.read("Tersembunyi") == [["rahasia", None], [None, None], [1, "a"]]
    dim = xml_of(book, sheet_part(book, "Tersembunyi")).find("m:dimension", NS)
    assert dim.get("ref") == "A1:B3"


def test_rows_stay_sorted(book):
    with open_workbook(book, write=True) as wb:
        wb.write_cells("Akhir", {(9, 3): 1, (4, 1): 2, (9, 1): 3, (1, 5): 4})
        wb.save()
    root = xml_of(book, sheet_part(book, "Akhir"))
    rows = [int(r.get("r")) for r in root.iterfind(".//m:row", NS)]
    assert rows == sorted(rows)
    for r in root.iterfind(".//m:row", NS):
        cols = [c.get("r") for c in r]
        assert cols == sorted(cols, key=lambda x: (len(x), x))


def test_large_workbook_round_trips(tmp_path):
    """A consolidation-sized workbook: open, read all, rewrite one sheet, save.
    (Speed is measured by benchmarks/operasi.py, never asserted here.)"""
    path = str(tmp_path / "besar.xlsx")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for b in range(10):
        for u in range(5):
            ws = wb.create_sheet(f"3 Bahan B{b}U{u}")
            for i in range(20):
                ws.append([f"K{b}.{u}.{i}", f"Indikator {i}", "%", "Positif"] + [i * 1.5] * 36)
    wb.create_sheet("Rekap")
    wb.save(path)
    with open_workbook(path, write=True) as w:
        grids = [w.read(n) for n in w.sheet_names()]
        rows = [r for g in grids for r in g]
        w.write_region("Rekap", 1, rows)
        w.save()
    with open_workbook(path) as w:
        got = w.read("Rekap")
    assert len(got) == 1000 and got[999][0] == "K9.4.19" and got[999][4] == 19 * 1.5


def test_missing_cell_references_are_understood(tmp_path):
    path = _sheet_of_rows(str(tmp_path / "tanpa-r.xlsx"),
                          '<row><c><v>1</v></c><c t="b"><v>0</v></c></row>'
                          '<row r="3"><c r="B3"><v>5</v></c><c><v>6</v></c></row>')
    with open_workbook(path) as w:
        assert w.read("S") == [[1, False, None], [None, None, None], [None, 5, 6]]


def test_cell_without_reference_in_numbered_rows(tmp_path):
    """Rows that carry their numbers, a cell that does not: read and written alike."""
    path = _sheet_of_rows(str(tmp_path / "sel-tanpa-r.xlsx"),
                          '<row r="1"><c r="A1"><v>1</v></c><c><v>2</v></c></row>'
                          '<row r="2"><c><v>3</v></c></row>')
    with open_workbook(path) as w:
        assert w.read("S") == [[1, 2], [3, None]]
    with open_workbook(path, write=True) as w:
        w.write_cells("S", {(2, 2): 4})
        w.save()
    with open_workbook(path) as w:
        assert w.read("S") == [[1, 2], [3, 4]]


def test_too_many_rows_is_an_error(tmp_path):
    rows = '<row r="100001"><c r="A100001"><v>1</v></c></row>'
    path = _sheet_of_rows(str(tmp_path / "panjang.xlsx"), rows)
    with open_workbook(path) as w:
        with pytest.raises(WorkbookError, match=r"'S'.*100\.000 baris"):
            w.read("S")


def test_bad_cell_value_names_sheet_and_cell(tmp_path):
    rows = '<row r="2"><c r="C2" t="s"><v>99</v></c></row>'
    path = _sheet_of_rows(str(tmp_path / "rusak.xlsx"), rows)
    with open_workbook(path) as w:
        with pytest.raises(WorkbookError, match=r"rusak\.xlsx.*'S'.*C2"):
            w.read("S")


SST_ITEMS = ('<si><t>satu</t></si>', '<si><r><t>du</t></r><r><rPr><b/></rPr><t>a</t></r></si>',
             '<si><t/></si>', '<si><t>a_x000D_b</t></si>',
             '<si><t xml:space="preserve"> spasi </t></si>',
             '<si><t>tiga</t><rPh sb="0" eb="1"><t>x</t></rPh></si>')


def test_shared_strings_read_as_the_plain_cell_reader_reads_them(tmp_path):
    # The grid resolves t="s" cells itself: it must give what _cell_value (the plain
    # form) gives for each cell, and the message naming the cell for a bad index.
    path = str(tmp_path / "sst.xlsx")
    wb = openpyxl.Workbook()
    wb.active.title = "S"
    wb.active["A1"] = "x"
    wb.save(path)
    part = sheet_part(path, "S")
    sst = (f'<sst xmlns="{NS["m"]}" count="{len(SST_ITEMS)}" uniqueCount="{len(SST_ITEMS)}">'
           + "".join(SST_ITEMS) + "</sst>")
    cells = [("0", ""), ("1", ""), ("2", ""), ("3", ' s="0"'), (" 4 ", ""), ("5", ""),
             (None, ""), ("0", "<extLst/>")]
    row = "".join(f'<c r="{chr(65 + j)}1" t="s">' + ("<v/>" if v is None else f"<v>{v}</v>")
                  + (extra if extra.startswith("<") else "") + "</c>"
                  for j, (v, extra) in enumerate(cells))
    row = f'<row r="1">{row}<c r="I1" t="s"/></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>'

    def edit(n, d):
        if n == "xl/_rels/workbook.xml.rels":
            return d.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Target="sst.xml" '
                             b'Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                             b'relationships/sharedStrings"/></Relationships>')
        if n == "[Content_Types].xml":
            return d.replace(b"</Types>", b'<Override PartName="/xl/sst.xml" ContentType="appli'
                             b'cation/vnd.openxmlformats-officedocument.spreadsheetml.sharedStr'
                             b'ings+xml"/></Types>')
        if n == part:
            return re.sub(rb"<sheetData>.*</sheetData>", f"<sheetData>{row}</sheetData>".encode(), d)
        return d
    rewrite_zip(path, edit, add={"xl/sst.xml": sst})
    with open_workbook(path) as w:
        grid = w.read("S")
        st = w._sheet("S")
        plain = [[w._cell_value(st, c) for c in st.rows[r]] for r in st.row_keys]
    assert grid[0][:2] == ["satu", "dua"] and grid[1] == ["dua"] + [None] * 7
    assert grid[0] == plain[0][:8] and plain[0][8] is None and grid[0][2:5] == [None, "a\rb",
                                                                             " spasi "]
    for bad in ("-1", "6", "1.5", "x"):
        rewrite_zip(path, lambda n, d: re.sub(rb'(<c r="A2" t="s"><v>)[^<]*', rb"\g<1>" + bad.encode(), d)
                    if n == part else d)
        with open_workbook(path) as w:
            with pytest.raises(WorkbookError, match=r"sst\.xlsx.*'S'.*A2"):
                w.read("S")


def test_is_a_workbook_protocol_implementation(book):
    with open_workbook(book) as wb:
        assert isinstance(wb, FileWorkbook) and wb.path == book
        for name in ("sheet_names", "read", "write_region", "write_cells", "lock_cells",
                     "set_name", "user", "save"):
            assert callable(getattr(wb, name))


def test_zip_headers_of_changed_parts_keep_their_date(book):
    before = members(book)
    with open_workbook(book, write=True) as wb:
        wb.write_cells("Data", {(1, 1): "baru"})
        wb.save()
    after = members(book)
    part = sheet_part(book, "Data")
    assert after[part][1].date_time == before[part][1].date_time
    assert re.search(rb'<c r="A1" s="\d+" t="inlineStr"><is><t xml:space="preserve">baru</t>',
                     after[part][0])


class _Unseekable:
    """A write-only stream: zipfile then writes data descriptors after each member."""

    def __init__(self):
        self.buf = bytearray()

    def write(self, b):
        self.buf += b
        return len(b)

    def tell(self):
        raise OSError("not seekable")

    def flush(self):
        pass


def test_raw_copy_of_members_with_data_descriptors_and_zip64(book):
    with zipfile.ZipFile(book) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    out = _Unseekable()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, (info, data) in enumerate(items):
            with zf.open(zipfile.ZipInfo(info.filename, info.date_time), "w",
                         force_zip64=bool(k % 2)) as fh:
                fh.write(data)
    with open(book, "wb") as fh:
        fh.write(out.buf)
    with zipfile.ZipFile(book) as zf:
        assert all(i.flag_bits & 0x08 for i in zf.infolist())
    before = members(book)
    with open_workbook(book, write=True) as wb:
        wb.write_cells("Akhir", {(3, 3): "baru"})
        wb.save()
    assert zipfile.ZipFile(book).testzip() is None
    after = members(book)
    assert_untouched(before, after, {sheet_part(book, "Akhir"), "xl/workbook.xml"})
    assert openpyxl.load_workbook(book)["Akhir"]["C3"].value == "baru"


def test_date_conversion_edges():
    from kinerja_xl.io.cell_codec import from_serial, to_serial
    for when in (dt.datetime(1900, 1, 1), dt.datetime(1900, 2, 28), dt.datetime(1900, 3, 1),
                 dt.datetime(2026, 1, 15, 10, 30, 17), dt.datetime(2099, 12, 31, 23, 59, 59)):
        assert from_serial(to_serial(when, False), False) == when
        if when.year >= 1904:
            assert from_serial(to_serial(when, True), True) == when
    assert to_serial(dt.datetime(1900, 3, 1), False) == 61
    assert to_serial(dt.datetime(2026, 1, 15), True) == 44575
    assert to_serial(dt.time(18, 0), False) == 0.75


def test_date1904_workbook(tmp_path):
    path = str(tmp_path / "mac.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws["A1"] = 44575
    ws["A1"].number_format = "dd/mm/yyyy"
    wb.save(path)
    rewrite_zip(path, lambda n, d: re.sub(rb"<workbookPr[^>]*?/?>", b'<workbookPr date1904="1"/>', d)
                if n == "xl/workbook.xml" else d)
    with open_workbook(path, write=True) as w:
        assert w.read("S") == [[dt.datetime(2026, 1, 15)]]
        w.write_cells("S", {(2, 1): dt.datetime(2026, 1, 16)})
        w.save()
    assert cell_xml(path, "S", "A2").findtext("m:v", namespaces=NS) == "44576"


def test_cells_written_into_a_sheet_that_prefixes_its_namespace(tmp_path):
    """A sheet may bind the main namespace to a prefix (<x:worksheet>, as generators on
    the Open XML SDK write): new cells are written in that namespace and read back, by
    us and by openpyxl."""
    path = str(tmp_path / "awalan.xlsx")
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.active["A1"] = "judul"
    wb.save(path)
    part = sheet_part(path, "Data")

    def prefixed(name, data):
        if name != part:
            return data
        root = etree.fromstring(data)
        main = root.nsmap[None]
        nsmap = {("x" if k is None else k): v for k, v in root.nsmap.items()}
        new = etree.Element(f"{{{main}}}worksheet", nsmap=nsmap)
        new[:] = list(root)
        return etree.tostring(new, xml_declaration=True, encoding="UTF-8", standalone=True)

    rewrite_zip(path, prefixed)
    with zipfile.ZipFile(path) as z:
        assert b"<x:worksheet" in z.read(part) and b"<x:c " in z.read(part)
    rows = [["halo", 3, 4.5], ["dua", None, 7]]
    with open_workbook(path, write=True) as w:
        w.write_region("Data", 5, rows)
        w.save()
    with open_workbook(path) as w:
        assert w.read("Data")[4:6] == rows
    assert [[c.value for c in r] for r in openpyxl.load_workbook(path)["Data"]["A5:C6"]] == rows
