"""A report as a Word document (.docx), written with python-docx.

Operations describe the document — a letterhead, headings, paragraphs, tables, marked
placeholders and a signature block, every number already spelled as the reader sees
it — and never touch python-docx.  The writer gives it an A4 page, Word's heading
styles (so the navigation pane and a table of contents work), tables whose header
row repeats on every page and whose rows are never split across pages, and a footer
carrying the report's sidik and the page number.  Files are written by
`baru.tulis_berkas` (atomic, refused while the target is open in Word or LibreOffice).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence, Union

from .baru import tulis_berkas

# The mark every placeholder starts with: what only the office can write.
PENANDA_ISIAN = "[DIISI DINAS]"


@dataclass
class Judul:
    """A heading: level 1 a chapter (Bab), 2 a section, 3 a subsection."""
    teks: str
    tingkat: int = 1


@dataclass
class Paragraf:
    teks: str
    tebal: bool = False
    tengah: bool = False
    label: str | None = None  # a bold lead-in before the text ("Faktor pendukung: ")


@dataclass
class Isian:
    """A marked placeholder for text only the office can write (never invented)."""
    teks: str


@dataclass
class Peringatan:
    """A boxed, bold notice (e.g. a quarter not yet approved)."""
    teks: str


@dataclass
class Kolom:
    judul: str
    lebar: float          # millimetres
    angka: bool = False   # right-aligned


@dataclass
class Tabel:
    kolom: Sequence[Kolom]
    baris: Sequence[Sequence[str | None]]
    # Rows printed in bold (a section title or an average), by index in `baris`.
    tebal: frozenset[int] = frozenset()
    # Rows whose first cell spans the whole table (a section title, an average).
    lebar_penuh: frozenset[int] = frozenset()


@dataclass
class TandaTangan:
    tanggal: str
    jabatan: str
    nama: str
    pangkat: str | None
    nip: str


@dataclass
class PisahHalaman:
    pass


Blok = Union[Judul, Paragraf, Isian, Peringatan, Tabel, TandaTangan, PisahHalaman]


@dataclass
class Dokumen:
    judul: str                       # the document's title (its properties too)
    kop: Sequence[str]               # letterhead lines, first page, centred
    blok: list[Blok] = field(default_factory=list)
    sidik: str = ""                  # the report's sidik: footer of every page
    lanskap: bool = False
    subjek: str = ""
    logo: bytes | None = None        # the letterhead's picture (PNG), left of its lines

    def add(self, *blok: Blok) -> None:
        self.blok.extend(blok)

    def lebar_teks(self) -> float:
        """The text width in millimetres (A4 less the margins)."""
        return (297 if self.lanskap else 210) - 2 * MARGIN_MM


MARGIN_MM = 20
HURUF = "Calibri"      # LibreOffice prints it with Carlito, metric-compatible
UKURAN = 11
UKURAN_TABEL = 8.5


def tulis_docx(path: str | Path, dok: Dokumen) -> None:
    """Write `dok` as a new .docx at `path`."""
    tulis_berkas(path, docx_bytes(dok))


def docx_bytes(dok: Dokumen) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    d = docx.Document()
    # python-docx's template carries Word 2010's stylesWithEffects part, a second copy
    # of the styles that would disagree with the styles set here: Word reads styles.xml.
    for rid, rel in list(d.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del d.part.rels[rid]
    for rid, rel in list(d.part.package.rels.items()):  # the template's preview picture
        if rel.reltype.endswith("/thumbnail"):
            del d.part.package.rels[rid]
    _gaya(d)
    sec = d.sections[0]
    if dok.lanskap:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
    else:
        sec.page_width, sec.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Mm(MARGIN_MM))
    sec.header_distance = sec.footer_distance = Mm(10)
    _footer(sec, dok.sidik)
    props = d.core_properties
    props.title, props.subject, props.language = dok.judul, dok.subjek, "id-ID"
    props.identifier = dok.sidik
    props.author = props.last_modified_by = "kinerja-xl"
    lebar = dok.lebar_teks()
    _kop(d, dok.kop, dok.logo, lebar)
    for blok in dok.blok:
        if isinstance(blok, Judul):
            d.add_heading(blok.teks, level=blok.tingkat)
        elif isinstance(blok, Paragraf):
            p = d.add_paragraph()
            if blok.label:
                p.add_run(blok.label).bold = True
            run = p.add_run(blok.teks)
            run.bold = blok.tebal
            if blok.tengah:
                p.alignment = 1
        elif isinstance(blok, Isian):
            p = d.add_paragraph()
            run = p.add_run(f"{PENANDA_ISIAN} {blok.teks}")
            run.italic = True
            _sorot(run)
        elif isinstance(blok, Peringatan):
            p = d.add_paragraph()
            run = p.add_run(blok.teks)
            run.bold = True
            _bingkai(p)
            # the box's lines inside the margins
            p.paragraph_format.left_indent = p.paragraph_format.right_indent = Mm(3)
        elif isinstance(blok, Tabel):
            _tabel(d, blok, lebar)
            d.add_paragraph().paragraph_format.space_after = Pt(0)
        elif isinstance(blok, TandaTangan):
            _tanda_tangan(d, blok, lebar)
        elif isinstance(blok, PisahHalaman):
            d.add_page_break()
        else:  # pragma: no cover — a new block kind needs a branch here
            raise TypeError(type(blok).__name__)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# --- styles --------------------------------------------------------------------------
def _gaya(d) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    normal = d.styles["Normal"]
    normal.font.name = HURUF
    normal.font.size = Pt(UKURAN)
    normal.paragraph_format.space_after = Pt(4)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), HURUF)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "id-ID")  # Word checks the spelling in Indonesian
    for name, size in (("Title", 16), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
        st = d.styles[name]
        st.font.name = HURUF
        st.font.size = Pt(size)
        st.font.bold = True
        st.font.color.rgb = RGBColor(0, 0, 0)
        r = st.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            r.set(qn(attr), HURUF)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            r.attrib.pop(qn(attr), None)
        st.paragraph_format.keep_with_next = True


LEBAR_LOGO_MM = 26


def _kop(d, lines: Sequence[str], logo: bytes | None, lebar: float) -> None:
    """The letterhead: its lines centred, a double rule under them; with a logo, the
    logo left of the lines (a table without borders) and the rule under both."""
    from docx.shared import Mm, Pt
    lines = [x for x in lines if x]
    if not lines:
        return
    where, last = d, None
    if logo:
        table = d.add_table(rows=1, cols=2)
        table.autofit = False
        _baris_tetap(table.rows[0])
        for i, w in enumerate((LEBAR_LOGO_MM, lebar - 2 * LEBAR_LOGO_MM)):
            table.columns[i].width = table.rows[0].cells[i].width = Mm(w)
        pic = table.rows[0].cells[0].paragraphs[0]
        pic.add_run().add_picture(io.BytesIO(logo), height=Mm(20))
        where = table.rows[0].cells[1]
    for i, text in enumerate(lines):
        p = where.paragraphs[0] if (logo and i == 0) else where.add_paragraph()
        p.alignment = 1
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(str(text))
        run.bold = i < 2
        run.font.size = Pt(14 if i < 2 else 10)
        last = p
    if logo:
        last = d.add_paragraph()
        last.paragraph_format.space_after = Pt(6)
        last.add_run().font.size = Pt(2)
    _garis_bawah(last)


def _garis_bawah(p) -> None:
    """The letterhead's rule: a double line under its last line."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "double"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    _sisip_pbdr(ppr, bdr)


def _bingkai(p) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        e = OxmlElement(f"w:{side}")
        for k, v in (("w:val", "single"), ("w:sz", "12"), ("w:space", "4"),
                     ("w:color", "C00000")):
            e.set(qn(k), v)
        bdr.append(e)
    _sisip_pbdr(ppr, bdr)


# What follows w:pBdr in w:pPr (ECMA-376 order; Word refuses elements out of order).
_SETELAH_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                 "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                 "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                 "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                 "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
                 "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _sisip_pbdr(ppr, bdr) -> None:
    ppr.insert_element_before(bdr, *_SETELAH_PBDR)


def _sorot(run) -> None:
    from docx.enum.text import WD_COLOR_INDEX
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _footer(sec, sidik: str) -> None:
    from docx.shared import Pt
    p = sec.footer.paragraphs[0]
    p.alignment = 1
    if sidik:
        run = p.add_run(f"Sidik data laporan: {sidik}")
        run.font.size = Pt(7)
        p = sec.footer.add_paragraph()
        p.alignment = 1
    run = p.add_run("Halaman ")
    run.font.size = Pt(8)
    _field(p, "PAGE")


def _field(p, instr: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt
    for kind, text in (("begin", None), (None, instr), ("separate", None), (None, "1"),
                       ("end", None)):
        run = p.add_run()
        run.font.size = Pt(8)
        if kind:
            e = OxmlElement("w:fldChar")
            e.set(qn("w:fldCharType"), kind)
        elif text == instr:
            e = OxmlElement("w:instrText")
            e.set(qn("xml:space"), "preserve")
            e.text = f" {instr} "
        else:
            e = OxmlElement("w:t")
            e.text = text
        run._r.append(e)


# --- tables ----------------------------------------------------------------------------
def _baris_tetap(row, header: bool = False) -> None:
    """A row never split across pages; a header row repeated on every page."""
    from docx.oxml import OxmlElement
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def _isi_sel(cell, text: str | None, angka: bool, tebal: bool) -> None:
    from docx.shared import Pt
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    if angka:
        p.alignment = 2
    lines = str(text).split("\n") if text not in (None, "") else [""]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
        run = p.add_run(line)
        run.font.size = Pt(UKURAN_TABEL)
        run.bold = tebal


def _tabel(d, t: Tabel, lebar_teks: float) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm

    total = sum(k.lebar for k in t.kolom)
    if total > lebar_teks + 0.01:
        raise ValueError(f"tabel {total} mm lebih lebar dari halaman {lebar_teks} mm")
    table = d.add_table(rows=1 + len(t.baris), cols=len(t.kolom))
    table.style = d.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: the widths below, whatever the text
    for i, k in enumerate(t.kolom):
        table.columns[i].width = Mm(k.lebar)
    head = table.rows[0]
    _baris_tetap(head, header=True)
    for i, k in enumerate(t.kolom):
        cell = head.cells[i]
        cell.width = Mm(k.lebar)
        _isi_sel(cell, k.judul, False, True)
        _arsir(cell)
        cell.paragraphs[0].alignment = 1
    for r, values in enumerate(t.baris):
        row = table.rows[r + 1]
        _baris_tetap(row)
        cells = row.cells
        for i, k in enumerate(t.kolom):
            cells[i].width = Mm(k.lebar)
        if r in t.lebar_penuh:
            merged = cells[0].merge(cells[-1])
            _isi_sel(merged, values[0], False, r in t.tebal)
            continue
        for i, (k, v) in enumerate(zip(t.kolom, values, strict=True)):
            _isi_sel(cells[i], v, k.angka, r in t.tebal)


def _arsir(cell) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    shd = OxmlElement("w:shd")
    for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "DDEBF7")):
        shd.set(qn(k), v)
    cell._tc.get_or_add_tcPr().append(shd)


def _tanda_tangan(d, t: TandaTangan, lebar_teks: float) -> None:
    """The signature block on the right half, kept on one page (each line keeps
    with the next)."""
    from docx.shared import Mm, Pt
    lines = [(t.tanggal, False), (t.jabatan, True), ("", False), ("", False), ("", False),
             (t.nama, True), (t.pangkat or "", False), (t.nip, False)]
    d.add_paragraph().paragraph_format.keep_with_next = True
    for i, (text, bold) in enumerate(lines):
        p = d.add_paragraph()
        f = p.paragraph_format
        f.left_indent = Mm(lebar_teks / 2)
        f.space_after = Pt(0)
        f.keep_with_next = i < len(lines) - 1
        run = p.add_run(text)
        run.bold = bold
        if text and text == t.nama:
            run.underline = True
