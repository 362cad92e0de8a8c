"""Row heights from Carlito's advance widths, checked against hand-worked figures.

Carlito (= Calibri) at units-per-em 2048: a digit advances 1038, a space 463, a
hyphen 627.  At 10 pt a digit is 1038/2048·10 = 5.068 pt.
"""
from __future__ import annotations

import json
from importlib import resources

import pytest

from kinerja_xl.tinggi_baris import (Huruf, Kolom, bungkus, gabung, jumlah_baris, lebar_kolom_px,
                                     lebar_teks, ruang_teks, tinggi_baris, tinggi_garis)

H10 = Huruf(10)


def test_table_is_carlito_metrics():
    table = json.loads((resources.files("kinerja_xl") / "data" / "metrik_carlito.json")
                       .read_text(encoding="utf-8"))
    for face in ("biasa", "tebal"):
        m = table[face]
        assert m["unitsPerEm"] == 2048
        assert m["lebar"]["0"] == 1038  # Calibri's tabular digits
        for ch in "aAzZ09 ,.-–—“”‘’…•éÉ":
            assert ch in m["lebar"], (face, ch)
    assert table["tebal"]["lebar"]["a"] > table["biasa"]["lebar"]["a"]


def test_widths_by_hand():
    assert lebar_teks("0" * 10, Huruf(11)) == pytest.approx(10 * 1038 / 2048 * 11)
    assert lebar_teks("0 -", H10) == pytest.approx((1038 + 463 + 627) / 2048 * 10)
    # a column of width 44: trunc((44·256 + 18)/256·7) = 308 px, 303 px for text
    assert lebar_kolom_px(44) == 308
    assert ruang_teks(44) == pytest.approx(303 * 0.75)
    assert lebar_kolom_px(10) == 70
    assert ruang_teks(10) == pytest.approx(48.75)


def test_wraps_at_spaces():
    # "00000 00000" = 10 digits + a space = 52.94 pt > 48.75 pt
    assert bungkus("00000 00000", ruang_teks(10), H10) == ["00000", "00000"]
    # 9 digits (45.61 pt) fit
    assert bungkus("000000000", ruang_teks(10), H10) == ["000000000"]


def test_breaks_after_hyphen_and_inside_long_words():
    # "0000-0000" = 8 digits + hyphen = 43.6 pt: one line
    assert bungkus("0000-0000", ruang_teks(10), H10) == ["0000-0000"]
    assert bungkus("00000-000000", ruang_teks(10), H10) == ["00000-", "000000"]
    # a 10-digit word (50.68 pt) alone is too wide: cut after nine digits
    assert bungkus("0" * 10, ruang_teks(10), H10) == ["0" * 9, "0"]
    assert bungkus("0" * 20, ruang_teks(10), H10) == ["0" * 9, "0" * 9, "00"]


def test_line_feeds_and_bold():
    assert bungkus("a\nb\r\nc", 100, H10) == ["a", "b", "c"]
    # bold digits are as wide as regular ones, bold letters wider
    text = "Kabupaten Lumajang"
    assert lebar_teks(text, Huruf(10, True)) > lebar_teks(text, H10)


def test_row_height():
    assert tinggi_garis(Huruf(11)) == 15
    # 3 lines of 10 pt: 3 · 15·10/11 = 40.9 pt, up to whole pixels: 55 px = 41.25 pt
    kolom = Kolom(10, H10)
    assert jumlah_baris("00000 00000 00000", 10, H10) == 3
    assert tinggi_baris([("00000 00000 00000", kolom), (12.5, kolom)]) == 41.25
    # a number or a column that does not wrap takes one line
    # one line: 13.64 pt = 18.2 px, up to 19 px = 14.25 pt
    assert tinggi_baris([(1234567, kolom)]) == 14.25
    assert tinggi_baris([("00000 00000 00000", Kolom(10, H10, wrap=False))]) == 14.25
    assert tinggi_baris([(None, kolom)], minimum=15) == 15


def test_merged_width():
    both = gabung(Kolom(10, H10), Kolom(10, H10))
    assert lebar_kolom_px(both.lebar) == 140
    assert ruang_teks(both.lebar) == pytest.approx(135 * 0.75)
    assert jumlah_baris("00000 00000 00000", both.lebar, H10) == 1


def test_links_are_measured_by_their_text_and_formulas_take_one_line():
    from kinerja_xl.io.base import Formula, Link
    link = Link("3 Bahan SPS", "E5", "Buka sel")
    assert jumlah_baris(link, 14, H10) == 1
    assert jumlah_baris(link.formula(), 14, H10) == 1
    assert jumlah_baris(Formula("=" + "A1+" * 40 + "1"), 10, H10) == 1
    assert jumlah_baris(Link("S", "A1", "00000 00000"), 10, H10) == 2


def test_rows_keep_room_for_excels_pixel_rounding():
    # "000000000." is 9·5.068 + 2.524 = 48.14 pt: it fits the 48.75 pt of a width-10
    # column exactly, but not the 96 % a row is measured with (46.8 pt)
    assert bungkus("000000000.", ruang_teks(10), H10) == ["000000000."]
    assert jumlah_baris("000000000.", 10, H10) == 2


def test_table_heights_are_each_rows_own_measure():
    """tinggi_tabel's shortcut (only texts measured) answers what tinggi_baris answers
    cell by cell: every kind of value, columns in other fonts, rows shorter or longer
    than the columns, texts that fit on one line just, or not."""
    from decimal import Decimal

    from kinerja_xl.io.base import Formula, Link
    from kinerja_xl.tinggi_baris import BARIS_TUNGGAL, tinggi_tabel
    kolom = [Kolom(10, H10), Kolom(10, Huruf(10, True)), Kolom(10, Huruf(14, True)),
             Kolom(10, H10, wrap=False), Kolom(6, Huruf(8)), Kolom(14, H10)]
    fits = "0" * 9  # exactly fills a column of 10 at 10 pt (test_breaks_after_hyphen...)
    values = [None, "", 7, 2.5, Decimal("3.25"), True, fits, fits + "0", "a\nb",
              "00000 00000 00000", "0000 ", Formula("=A1"), Link("x", "A1", "00000 00000 00000"),
              "BBBBaaaaa"]  # one line at 10 pt, two in bold
    rows = [[], [None], ["00000 00000 00000"], [None, None, "00000 00000 00000"],
            [1, 2, 3, 4, "00000 00000 00000 00000"]]
    rows += [[values[(i + j) % len(values)] for j in range(6)] for i in range(len(values))]
    rows += [[None] * j + [v] for v in values for j in range(6)]
    want = [tinggi_baris(zip(row, kolom), minimum=tinggi_garis(BARIS_TUNGGAL)) for row in rows]
    assert tinggi_tabel(rows, kolom) == want
    # a text that fits on one line is counted without wrapping it: the same count
    from kinerja_xl.tinggi_baris import CADANGAN
    for teks in [v for v in values if type(v) is str and v] + ["0" * 8 + " ", " " + fits]:
        for k in kolom:
            lines = bungkus(teks, ruang_teks(k.lebar) * (1 - CADANGAN), k.huruf)
            assert jumlah_baris(teks, k.lebar, k.huruf) == len(lines), (teks, k)


def _bungkus_acuan(teks, lebar_pt, huruf):
    """Wrapping as its definition says it, measuring every trial line whole."""
    import re
    lines = []
    for para in str(teks).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = ""
        for piece in re.findall(r"[^\s-]*-+|[^\s-]+\s*|\s+", para):
            trial = line + piece
            if lebar_teks(trial.rstrip(), huruf) <= lebar_pt:
                line = trial
                continue
            if line.strip():
                lines.append(line.rstrip())
                line = ""
            piece = piece if line else piece.lstrip()
            while piece and lebar_teks(piece.rstrip(), huruf) > lebar_pt:
                n = 1
                while n < len(piece) and lebar_teks(piece[:n + 1], huruf) <= lebar_pt:
                    n += 1
                lines.append(piece[:n])
                piece = piece[n:]
            line = piece
        lines.append(line.rstrip())
    return lines


def test_wrapping_adds_widths_up_as_measuring_whole_lines_would():
    import random
    rng = random.Random(23)
    alphabet = "aaeeiimmWW00--  \t\u00a0\u2003\n\r.,Ωж"
    for _ in range(1500):
        teks = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        huruf = Huruf(rng.choice((8, 10, 11, 14)), rng.random() < 0.5)
        lebar_pt = rng.choice((5, 20, 37.5, 46.8, 100, 220.5))
        assert bungkus(teks, lebar_pt, huruf) == _bungkus_acuan(teks, lebar_pt, huruf), (
            teks, lebar_pt, huruf)
    # widths a line just fills: a line as wide as the cell still fits
    for teks in ("0" * 30, "00 000 0000-00000 0", "Wm" * 12):
        for n in range(1, 12):
            lebar_pt = lebar_teks(teks[:n], H10)
            assert bungkus(teks, lebar_pt, H10) == _bungkus_acuan(teks, lebar_pt, H10)
