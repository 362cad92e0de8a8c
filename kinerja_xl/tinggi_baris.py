"""How tall a row must be for its wrapped text, from the font's real advance widths.

The workbook's font is Calibri; Carlito has the same metrics, and its advance widths
ship in `data/metrik_carlito.json` (made by `scripts/metrik_font.py`), so a report
measures the same on Windows and on Linux.

Units:
- An Excel column width `w` (the `<col width>` of the file) is in characters of the
  workbook's default font (Calibri 11, maximum digit width 7 px).  Excel shows
  trunc(((256·w + trunc(128/7)) / 256) · 7) pixels, of which 5 are the cell's
  padding and grid line; a pixel is 0.75 pt.  LibreOffice measures the digit of
  Carlito 11 unhinted and so makes columns a little wider than Excel: measuring in
  Excel's pixels keeps both from wrapping into more lines than counted here.
- A line of Calibri 11 is 15 pt high (Excel's default row); other sizes scale.
"""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import Any, Iterable, Sequence

LEBAR_DIGIT_PX = 7          # Calibri 11's maximum digit width in pixels
PADDING_PX = 5              # cell padding and grid line inside a column's pixels
PT_PER_PX = 0.75
TINGGI_GARIS_11 = 15.0      # points per line of 11-pt text
# Excel on screen rounds each glyph's advance to whole pixels, so a line may come out
# a little wider than the font's exact widths: lines are filled to 96 % only, so Excel
# never wraps into a line the row has no room for.
CADANGAN = 0.04
PIKSEL_PT = 0.75            # Excel stores row heights on whole pixels


@dataclass(frozen=True)
class Huruf:
    ukuran: float = 10
    tebal: bool = False


@lru_cache(maxsize=1)
def _metrik() -> dict[str, Any]:
    # Beside this module, as the package installs it (importlib.resources would cost
    # every run its import, some 7 ms, for one file).
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "metrik_carlito.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def lebar_teks(teks: str, huruf: Huruf = Huruf()) -> float:
    """Advance width of one line of text in points."""
    m = _metrik()["tebal" if huruf.tebal else "biasa"]
    units = sum(map(m["lebar"].get, teks, repeat(m["bawaan"], len(teks))))
    return units * huruf.ukuran / m["unitsPerEm"]


def lebar_kolom_px(w: float) -> int:
    """The pixels Excel shows for a column of width `w` (characters)."""
    return math.trunc(((256 * w + math.trunc(128 / LEBAR_DIGIT_PX)) / 256) * LEBAR_DIGIT_PX)


def ruang_teks(w: float) -> float:
    """Points available to text in a column (or merged columns) of width `w`."""
    return max(lebar_kolom_px(w) - PADDING_PX, 1) * PT_PER_PX


def tinggi_garis(huruf: Huruf = Huruf()) -> float:
    return TINGGI_GARIS_11 * huruf.ukuran / 11


# A piece that may end a line: a word with the spaces after it, or a word up to and
# including its hyphen ("Sub-bagian" may break after "Sub-").
_POTONGAN = re.compile(r"[^\s-]*-+|[^\s-]+\s*|\s+")


def bungkus(teks: str, lebar_pt: float, huruf: Huruf = Huruf()) -> list[str]:
    """The lines a wrapping cell shows: breaks at spaces and after hyphens, at each
    line feed, and inside a word only when the word alone is wider than the cell."""
    units = _satuan(huruf)
    ukuran, em = huruf.ukuran, _metrik()["tebal" if huruf.tebal else "biasa"]["unitsPerEm"]
    lines: list[str] = []
    for para in str(teks).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        # A line's units (whole numbers) are added up as it grows, with and without
        # its trailing spaces: the same sum lebar_teks makes of the whole line, so
        # the same width, without measuring the line again for every piece.
        line, penuh, tanpa = "", 0, 0
        for piece in _POTONGAN.findall(para):
            inti = piece.rstrip()
            u_inti = units(inti)
            coba = penuh + u_inti if inti else tanpa  # units of (line + piece).rstrip()
            if coba * ukuran / em <= lebar_pt:
                line += piece
                penuh, tanpa = penuh + u_inti + units(piece[len(inti):]), coba
                continue
            if line.strip():
                lines.append(line.rstrip())
                line = ""
            piece = piece if line else piece.lstrip()
            # a piece wider than the whole cell is cut by characters
            while piece and lebar_teks(piece.rstrip(), huruf) > lebar_pt:
                cut = _muat(piece, lebar_pt, huruf)
                lines.append(piece[:cut])
                piece = piece[cut:]
            line = piece
            penuh, tanpa = units(line), units(line.rstrip())
        lines.append(line.rstrip())
    return lines


def _satuan(huruf: Huruf):
    """A text's advance in font units (a whole number) in `huruf`'s face."""
    m = _metrik()["tebal" if huruf.tebal else "biasa"]
    lebar, bawaan = m["lebar"], m["bawaan"]
    return lambda teks: sum(map(lebar.get, teks, repeat(bawaan, len(teks))))


def _muat(teks: str, lebar_pt: float, huruf: Huruf) -> int:
    """How many leading characters fit (at least one, so the text always advances)."""
    m = _metrik()["tebal" if huruf.tebal else "biasa"]
    lebar, bawaan, ukuran, em = m["lebar"], m["bawaan"], huruf.ukuran, m["unitsPerEm"]
    n, units = 1, lebar.get(teks[0], bawaan)
    # the first n + 1 characters' width, as lebar_teks(teks[:n + 1]) works it out
    while n < len(teks) and (units + lebar.get(teks[n], bawaan)) * ukuran / em <= lebar_pt:
        units += lebar.get(teks[n], bawaan)
        n += 1
    return n


def jumlah_baris(teks: Any, lebar_kolom: float, huruf: Huruf = Huruf(),
                 wrap: bool = True) -> int:
    """Lines a cell's value takes; numbers, formulas and empty cells take one, a link
    its shown text."""
    # Duck-typed so this module stays below io/: a link (io.base.Link) shows its
    # `text`; a formula the tool writes (io.base.Formula, a str subclass) its value.
    if not isinstance(teks, str) and isinstance(getattr(teks, "text", None), str):
        teks = teks.text
    if not isinstance(teks, str) or not teks or (type(teks) is not str
                                                   and teks.startswith("=")):
        return 1
    if not wrap:
        return 1
    lebar_pt = ruang_teks(lebar_kolom) * (1 - CADANGAN)
    if "\n" not in teks and "\r" not in teks and lebar_teks(teks.rstrip(), huruf) <= lebar_pt:
        return 1  # one line that fits: what wrapping it would answer (widths only add up)
    return max(len(bungkus(teks, lebar_pt, huruf)), 1)


def ke_piksel(pt: float) -> float:
    """Round up to Excel's pixel grid (0.75 pt), as Excel itself stores heights."""
    return math.ceil(round(pt / PIKSEL_PT, 6)) * PIKSEL_PT


@dataclass(frozen=True)
class Kolom:
    """What measuring needs of a column: its width, its font and whether it wraps."""
    lebar: float
    huruf: Huruf = Huruf()
    wrap: bool = True


def tinggi_sel(teks: Any, kolom: Kolom) -> float:
    kind = type(teks)
    if kind is str:
        return _tinggi_teks(teks, kolom.lebar, kolom.huruf.ukuran, kolom.huruf.tebal, kolom.wrap)
    if teks is None or kind is int or kind is float:
        return tinggi_garis(kolom.huruf)  # one line
    return jumlah_baris(teks, kolom.lebar, kolom.huruf, kolom.wrap) * tinggi_garis(kolom.huruf)


@lru_cache(maxsize=65536)
def _tinggi_teks(teks: str, lebar: float, ukuran: float, tebal: bool, wrap: bool) -> float:
    """A text's height in a column: a report repeats its texts and widths row after
    row, and measuring wraps text character by character.  Keyed by the column's
    measures as plain values (hashed in C; a Kolom, a frozen dataclass, hashes in
    Python)."""
    huruf = Huruf(ukuran, tebal)
    return jumlah_baris(teks, lebar, huruf, wrap) * tinggi_garis(huruf)


def tinggi_baris(sel: Iterable[tuple[Any, Kolom]], minimum: float = 0.0) -> float:
    """The height (points) of a row showing each (value, column) in full."""
    tallest = max((tinggi_sel(v, k) for v, k in sel), default=0.0)
    return ke_piksel(max(tallest, minimum))


def gabung(*kolom: Kolom) -> Kolom:
    """Merged cells: one column as wide as all of them, with the first one's look.

    Merged columns are one cell: their pixel widths add up, and only one padding."""
    px = sum(lebar_kolom_px(k.lebar) for k in kolom)
    return Kolom(px / LEBAR_DIGIT_PX, kolom[0].huruf, kolom[0].wrap)


# --- whole tables ---------------------------------------------------------------
LEBAR_BAWAAN = 9.140625  # a column without its own width: Excel's 8.43 characters
BARIS_TUNGGAL = Huruf(10)


def kolom_tabel(table: Iterable[Any], huruf: Huruf = BARIS_TUNGGAL) -> list[Kolom]:
    """Measuring columns from layout columns (anything with `width` and `wrap`)."""
    return [Kolom(c.width if c.width is not None else LEBAR_BAWAAN, huruf, bool(c.wrap))
            for c in table]


class TinggiTeks(float):
    """A row's height measured from its own cells (no merged cell among them) in
    their own fonts: what Excel's AutoFit computes itself from the same text.  A
    file keeps it as the row's fixed height (a file has no layout engine); live
    Excel fits such rows itself (io/xlwings_adapter.py).  A plain float is a height
    only the tool can know (merged cells, a font a conditional format gives, an
    empty row kept for a chart) and is set as it is everywhere."""


def tinggi_tabel(rows: Sequence[Sequence[Any]], kolom: Sequence[Kolom],
                 huruf_baris: Sequence[Huruf | None] | None = None) -> list[float]:
    """Each row's height: its tallest cell in full, at least one line of its font.
    `huruf_baris` gives a row a font of its own (e.g. the bold section rows of a
    report, bold through a conditional format); values beyond the measured columns
    (hidden helpers) are not measured.  The rows hold no merged cell (a merged line is
    measured by `tinggi_kop`); a row is a `TinggiTeks` when its cells' own font gives
    the same height (Excel's AutoFit may not see a conditional format)."""
    out: list[float] = []
    kolom = list(kolom)
    minimum = tinggi_garis(BARIS_TUNGGAL)
    # What tinggi_baris answers, without a call per cell: a value other than text is
    # one line of its column's font, so the tallest of those over a row's first n
    # columns is known before the row (puncak[n - 1]); only texts are measured.
    puncak, m = [], minimum
    for k in kolom:
        m = max(m, tinggi_garis(k.huruf))
        puncak.append(m)
    ukuran = [(k.lebar, k.huruf.ukuran, k.huruf.tebal, k.wrap) for k in kolom]
    for i, row in enumerate(rows):
        huruf = huruf_baris[i] if huruf_baris is not None and huruf_baris[i] else None
        tallest = p = minimum
        for v, k, p, u in zip(row, kolom, puncak, ukuran):
            kind = type(v)
            if kind is str:
                if v:
                    h = _tinggi_teks(v, *u)
                    if h > tallest:
                        tallest = h
            elif v is not None and kind is not int and kind is not float:
                h = tinggi_sel(v, k)
                if h > tallest:
                    tallest = h
        sendiri = ke_piksel(max(tallest, p))
        if huruf is None:
            out.append(TinggiTeks(sendiri))
            continue
        cells = [(v, Kolom(k.lebar, huruf, k.wrap)) for v, k in zip(row, kolom)]
        tinggi = tinggi_baris(cells, minimum=tinggi_garis(huruf))
        out.append(TinggiTeks(tinggi) if tinggi == sendiri else tinggi)
    return out


HURUF_JUDUL = Huruf(10, True)  # the header row's font (build/styles.HEADER_FONT)


def tinggi_judul(table: Iterable[Any]) -> float:
    """A header row's height: header cells always wrap, whatever their column does."""
    columns = list(table)
    kolom = [Kolom(k.lebar, HURUF_JUDUL, True) for k in kolom_tabel(columns)]
    return tinggi_baris([(c.header, k) for c, k in zip(columns, kolom)])


# The letterhead's lines (build/styles: SUBTITLE_FONT, TITLE_FONT, BODY_FONT), each
# in one cell merged across the whole table.
HURUF_KOP = (Huruf(11, True), Huruf(14, True), Huruf(10))


def tinggi_kop(baris: Sequence[Any], table: Iterable[Any]) -> dict[int, float]:
    """Rows 1.. of the letterhead: each line wrapped in the merged width of the table
    (merged cells get no automatic height in Excel or LibreOffice)."""
    kolom = kolom_tabel(table)
    out = {}
    for r, (teks, huruf) in enumerate(zip(baris, HURUF_KOP), start=1):
        merged = gabung(*(Kolom(k.lebar, huruf, True) for k in kolom))
        out[r] = tinggi_baris([(teks, merged)], minimum=tinggi_garis(huruf))
    return out
