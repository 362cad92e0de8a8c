"""Pagination by hand: page capacity from the fit-to-width scale, and the manual
break that keeps the signature block whole and with table rows."""
from __future__ import annotations

import pytest

from kinerja_xl.halaman import (halaman_baris, kapasitas, pecah_untuk_tanda_tangan, skala)


def test_scale_and_capacity_by_hand():
    # 10 columns of width 20: trunc((5120+18)/256·7) = 140 px each = 1050 pt; the
    # printable width is 841.89 - 72 = 769.89 pt: 73.3 % → Excel prints at 73 %
    assert skala([20] * 10) == 0.73
    # printable height 595.28 - 86.4 = 508.88 pt, at 73 %: 697.1 sheet points
    assert kapasitas([20] * 10) == pytest.approx(508.88 / 0.73)
    assert skala([5]) == 1.0  # narrow sheets are not enlarged


def test_rows_fill_pages_and_the_title_row_repeats():
    tinggi = {r: 100.0 for r in range(1, 11)}
    tinggi[2] = 50.0  # the title row
    # capacity 300: page 1 = rows 1-3 (250), then 50 (title) + 100 + 100 per page
    pages = halaman_baris(tinggi, 10, 300, judul=2)
    assert [pages[r] for r in range(1, 11)] == [1, 1, 1, 2, 2, 3, 3, 4, 4, 5]
    pages = halaman_baris(tinggi, 10, 300, judul=2, pecah=[5])
    assert [pages[r] for r in range(1, 11)] == [1, 1, 1, 2, 3, 3, 4, 4, 5, 5]


def test_break_only_when_the_signature_would_split_or_stand_alone():
    # rows 1-6 table (60 pt each), 7-9 signature (40 pt each), title row 1
    tinggi = {r: 60.0 for r in range(1, 7)} | {r: 40.0 for r in range(7, 10)}
    tabel = list(range(2, 7))
    # capacity 500: everything (480) on one page, no break
    assert pecah_untuk_tanda_tangan(tinggi, 9, 500, 1, (7, 9), tabel) is None
    # capacity 400: rows 1-6 (360) then row 7 (400) fit, rows 8-9 would go over: the
    # block splits, so the break goes before the last three table rows (4-6)
    assert pecah_untuk_tanda_tangan(tinggi, 9, 400, 1, (7, 9), tabel) == 4
    # capacity 361: the block would stand alone on page 2; three table rows and the
    # block (60 + 180 + 120 = 360) still fit one page
    assert pecah_untuk_tanda_tangan(tinggi, 9, 361, 1, (7, 9), tabel) == 4
    # capacity 300: rows 1-5 fill page 1, page 2 holds the title, row 6 and the block
    assert pecah_untuk_tanda_tangan(tinggi, 9, 300, 1, (7, 9), tabel) is None
