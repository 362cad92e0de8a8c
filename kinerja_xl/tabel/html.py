"""HTML tables as web applications and LibreOffice save them (often named `.xls`).

Each `<table>` is a sheet "Tabel 1", "Tabel 2", …; rowspan/colspan become merged
ranges (a span that runs past the table's last row stops there, as a browser draws
it); LibreOffice's `sdval` gives a number exactly and `sdnum` says whether it was
shown as a percent; `<br>` is a line break inside the cell.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..nilai import Persen
from ..rows import TableError

BATAS_BYTE = 50 * 1024 * 1024


def baca_html(path: Path, data: bytes) -> list[tuple[str, list[list[Any]], dict]]:
    """(name, grid, merged ranges) of each table with data (`berkas.py` makes them
    `Lembar`s)."""
    from lxml import etree, html

    if len(data) > BATAS_BYTE:
        raise TableError(f"Berkas {path.name} terlalu besar untuk tabel HTML (batas "
                         f"{BATAS_BYTE // (1024 * 1024)} MB).")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16").encode("utf-8")
        parser = html.HTMLParser(encoding="utf-8", no_network=True)
    else:
        parser = html.HTMLParser(no_network=True)
    try:
        root = html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        raise TableError(f"Berkas {path.name}: tabel HTML tidak dapat dibaca (isinya "
                         "kosong atau rusak).") from None
    sheets = []
    judul = _judul_sebelum(root)
    for i, table in enumerate(root.iter("table"), start=1):
        grid, merges = _tabel(table)
        if any(any(v is not None for v in row) for row in grid):
            # The title lines above the table ("Perangkat Daerah : Dinas Sosial") are
            # its title rows, as a person reads the page.
            atas = [[t] for t in judul.get(table, [])]
            width = max((len(r) for r in grid), default=1)
            grid = [row + [None] * (width - 1) for row in atas] + grid
            merges = {(r + len(atas), c): (r2 + len(atas), c2)
                      for (r, c), (r2, c2) in merges.items()}
            sheets.append((f"Tabel {i}", grid, merges))
    if not sheets:
        raise TableError(f"Berkas {path.name} adalah halaman HTML tanpa tabel berisi data.")
    return sheets


_JUDUL = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "caption", "b", "strong", "center"}


def _judul_sebelum(root) -> dict:
    """table → the text lines of headings and paragraphs between it and the table
    before it (at most ten), in page order."""
    out, pending = {}, []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table":
            if el.getparent() is not None and any(a.tag == "table" for a in el.iterancestors()):
                continue
            out[el] = pending[-10:]
            pending = []
        elif tag in _JUDUL and not any(a.tag == "table" for a in el.iterancestors()):
            text = " ".join("".join(el.itertext()).replace("\xa0", " ").split())
            if text and (not pending or pending[-1] != text):
                pending.append(text)
    return out


def _rows(table) -> list:
    rows = []
    for child in table:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if isinstance(r.tag, str) and r.tag == "tr")
    return rows


def _tabel(table) -> tuple[list[list[Any]], dict]:
    rows = _rows(table)
    n = len(rows)
    grid: list[list[Any]] = [[] for _ in range(n)]
    taken: set[tuple[int, int]] = set()
    merges: dict[tuple[int, int], tuple[int, int]] = {}
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            span_c = _span(td.get("colspan"))
            span_r = min(_span(td.get("rowspan")), n - r)   # overrunning spans stop here
            value = _nilai(td)
            for dr in range(span_r):
                for dc in range(span_c):
                    taken.add((r + dr, c + dc))
            row = grid[r]
            while len(row) <= c:
                row.append(None)
            row[c] = value
            if span_c > 1 or span_r > 1:
                merges[(r + 1, c + 1)] = (r + span_r, c + span_c)
            c += span_c
    width = max((len(row) for row in grid), default=0)
    for row in grid:
        row.extend([None] * (width - len(row)))
    return grid, merges


def _span(text: str | None) -> int:
    try:
        return max(1, min(int(str(text).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def _nilai(td) -> Any:
    sdval = td.get("sdval")
    if sdval is not None:
        try:
            x = float(sdval)
        except ValueError:
            x = None
        if x is not None:
            fmt = td.get("sdnum") or ""
            return Persen(x) if "%" in fmt.split(";")[-1] else x
    for br in td.iter("br"):
        br.tail = "\n" + (br.tail or "")
    text = "".join(td.itertext())
    lines = [" ".join(line.split()) for line in text.replace("\xa0", " ").split("\n")]
    text = "\n".join(line for line in lines if line)
    return text or None
