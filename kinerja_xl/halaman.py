"""Where a printed sheet's pages break, from its row heights and its print setup.

Every sheet prints on A4 landscape, fitted to one page wide (layout.CETAK_*): the
scale is the printable width over the columns' width, and a page holds the
printable height divided by that scale, the repeated title row included.  Excel
rounds the scale down to a whole percent; LibreOffice measures its columns a little
wider and so prints smaller, fitting more rows on a page.  Computing with Excel's
(larger) scale therefore never puts more on a page than either program does.
"""
from __future__ import annotations

import math
from typing import Mapping, Sequence

from . import layout as L
from .tinggi_baris import PT_PER_PX, lebar_kolom_px

PT_PER_INCI = 72


def lebar_tabel_pt(lebar: Sequence[float]) -> float:
    return sum(lebar_kolom_px(w) for w in lebar) * PT_PER_PX


def skala(lebar: Sequence[float]) -> float:
    """The fit-to-width scale of columns of these widths (at most 1)."""
    ruang = L.CETAK_LEBAR_PT - 2 * L.CETAK_MARGIN_SAMPING * PT_PER_INCI
    return min(1.0, math.floor(100 * ruang / lebar_tabel_pt(lebar)) / 100)


def kapasitas(lebar: Sequence[float]) -> float:
    """Sheet points one page holds at that scale."""
    ruang = L.CETAK_TINGGI_PT - 2 * L.CETAK_MARGIN_ATAS_BAWAH * PT_PER_INCI
    return ruang / skala(lebar)


def halaman_baris(tinggi: Mapping[int, float], akhir: int, kapasitas_pt: float,
                  judul: int | None = None, pecah: Sequence[int] = ()) -> dict[int, int]:
    """The page (from 1) of each row 1..akhir: rows fill a page until the next does not
    fit; the title row `judul` repeats at the top of every page after the one it is on;
    a manual break sits before each row of `pecah`.  `tinggi` maps a row to its height
    (rows not in it have the default 15 pt)."""
    def h(r: int) -> float:
        return tinggi.get(r, 15.0)

    page, used, out = 1, 0.0, {}
    for r in range(1, akhir + 1):
        fresh = judul is not None and judul < r
        if used and (r in pecah or used + h(r) > kapasitas_pt):
            page += 1
            used = h(judul) if fresh else 0.0
        used += h(r)
        out[r] = page
    return out


def pecah_untuk_tanda_tangan(tinggi: Mapping[int, float], akhir: int, kapasitas_pt: float,
                             judul: int, blok: tuple[int, int], tabel: Sequence[int],
                             bawa: int = 3) -> int | None:
    """The row before which a manual break keeps the signature block `blok` (first,
    last row) whole and on a page with table rows, or None when no break is needed.

    Without a break, the block must end on the page it starts on, and that page must
    hold a row of `tabel`.  Otherwise the break goes before the last `bawa` table
    rows (fewer when they and everything below do not fit one page)."""
    pages = halaman_baris(tinggi, akhir, kapasitas_pt, judul)
    first, last = blok
    if pages[first] == pages[last] and any(pages[r] == pages[first] for r in tabel):
        return None
    for n in range(min(bawa, len(tabel)), 0, -1):
        start = tabel[-n]
        need = tinggi.get(judul, 15.0) + sum(tinggi.get(r, 15.0) for r in range(start, akhir + 1))
        if need <= kapasitas_pt:
            return start
    return tabel[-1] if tabel else None


def baris_grafik(lebar: Sequence[float], tinggi_judul: float) -> int:
    """Rows (15 pt each) of the page a report's chart fills, under the title row."""
    return max(int((kapasitas(lebar) - tinggi_judul) // 15), 10)


def tinggi_grafik(lebar: Sequence[float], tinggi_judul: float) -> float:
    """The chart's height in sheet points: its page's rows, less a row above and below."""
    return (baris_grafik(lebar, tinggi_judul) - 2) * 15.0
