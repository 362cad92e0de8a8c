"""Reading a table file (CSV, XLSX/XLSM, XLS, ODS) into sheets of raw values.

python-calamine reads the values of all three spreadsheet formats.  It does not tell
a cached error (`#DIV/0!`) from an empty cell, a percent-formatted number from a
plain one, nor (for ODS) merged cells; those details come from the file itself:
openpyxl for XLSX, the ODS XML for ODS, and for XLS a copy converted to XLSX by
LibreOffice.  A value is never guessed where the file can say it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..io.base import Grid
from ..io.cell_codec import is_percent_format
from ..io.konversi import sebagai_xlsx
from ..io.ooxml import BUILTIN_PERCENT_FMTS, NS, PKG_REL_NS, R_NS
from ..nilai import Persen
from ..rows import TableError
from . import jenis_berkas as F

EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
                "#SPILL!", "#CALC!", "#GETTING_DATA")


class GalatExcel(str):
    """A formula's cached error value, e.g. '#DIV/0!'."""


@dataclass
class Lembar:
    """One sheet of a table file; `nama` is None for a CSV."""
    nama: str | None
    grid: Grid
    # (row, col) 1-based top-left → (last row, last col) of each merged range
    gabungan: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    # numbers whose format shows them otherwise than their value: 1 shown '01'
    tampil: dict[tuple[int, int], str] = field(default_factory=dict)
    format: str = ""      # what the file is (tabel.jenis_berkas), for the output


def pisah_spesifikasi(spec: str | Path) -> tuple[Path, str | None]:
    """'tabel.xlsx::PK' → (tabel.xlsx, 'PK'); without '::' the sheet is None."""
    text = str(spec)
    if "::" in text:
        path, _, sheet = text.rpartition("::")
        return Path(path), sheet.strip() or None
    return Path(text), None


def baca_berkas(path: Path, hanya: str | None = None) -> list[Lembar]:
    """The sheets of a table file (`hanya`: just that one, when the user named it and
    the file has it)."""
    if not path.is_file():
        raise TableError(f"Berkas {path} tidak ditemukan.")
    st = path.stat()
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size, hanya)
    if key not in _SIMPAN:
        # One file is often read twice in a run (is it an Evaluasi Renja form? then as
        # a table); an .xls costs a LibreOffice conversion each time.
        _SIMPAN.clear()
        jenis = F.kenali(path)
        if jenis in (F.XLSX, F.ODS, F.XLS):
            sheets = _baca_spreadsheet(path, jenis, hanya)
        elif jenis == F.HTML:
            from .html import baca_html
            sheets = [Lembar(*t) for t in baca_html(path, path.read_bytes())]
        else:
            sheets = [Lembar(None, _baca_csv(path))]
        for s in sheets:
            s.format = jenis
        _SIMPAN[key] = sheets
    return _SIMPAN[key]


_SIMPAN: dict[tuple, list[Lembar]] = {}


# --- CSV ------------------------------------------------------------------------------
BATAS_CSV = 200 * 1024 * 1024


def _baca_csv(path: Path) -> Grid:
    raw = path.read_bytes()
    if len(raw) > BATAS_CSV:
        raise TableError(f"Berkas {path.name} terlalu besar untuk tabel CSV (batas "
                         f"{BATAS_CSV // (1024 * 1024)} MB).")
    text = None
    # Excel's "Unicode Text" is UTF-16 with a BOM (tabs between fields).
    encodings = ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:  # cp1252 leaves five bytes undefined
        raise TableError(f"Berkas {path.name} tidak dapat dibaca sebagai teks "
                         "(bukan UTF-8 atau Windows-1252).")
    # A field may be as long as the file (a long note); csv's default stops at 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), len(raw) + 1))
    lines = [ln for ln in text.splitlines() if ln.strip()][:30]
    if lines and re.fullmatch(r"sep=(.)", lines[0].strip()):
        # Excel's hint line "sep=;" names the delimiter and is not a row.
        delimiter = lines[0].strip()[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        delimiter = _pemisah_kolom(lines)
    grid: Grid = []
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        grid.append([c if c.strip() else None for c in row])
    return grid


def _pemisah_kolom(lines: list[str]) -> str:
    """The delimiter that splits the first lines most consistently (a title line
    above the header has none)."""
    best, best_score = ",", -1
    for cand in ("\t", ";", ","):
        counts = [next(csv.reader([ln], delimiter=cand)).__len__() - 1 for ln in lines]
        used = [c for c in counts if c > 0]
        if not used:
            continue
        common = max(set(used), key=used.count)
        score = used.count(common) * 1000 + common
        if score > best_score:
            best, best_score = cand, score
    return best


# --- spreadsheets ---------------------------------------------------------------------
def _baca_spreadsheet(path: Path, jenis: str, hanya: str | None = None) -> list[Lembar]:
    import python_calamine as pc

    try:
        # By content, not by name: a .xlsx that is an old .xls is read as what it is.
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    except Exception:  # calamine raises its own error types, in English: not shown
        raise TableError(f"Berkas {path.name} tampak sebagai {F.NAMA_FORMAT[jenis]} tetapi "
                         "isinya rusak atau tidak lengkap. Buka dan simpan ulang dari "
                         "programnya, lalu coba lagi.") from None
    try:
        names = book.sheet_names
        if hanya is not None and hanya in names:
            names = [hanya]
        detail = _detail(path, jenis, set(names))
        sheets = []
        for name in names:
            sheet = book.get_sheet_by_name(name)
            grid = _grid_calamine(sheet)
            info = detail.get(name, _Detail())
            gabungan = dict(info.gabungan)
            for (r0, c0), (r1, c1) in (getattr(sheet, "merged_cell_ranges", None) or []):
                gabungan.setdefault((r0 + 1, c0 + 1), (r1 + 1, c1 + 1))
            _timpa_detail(grid, info)
            sheets.append(Lembar(name, grid, gabungan, dict(info.tampil)))
        return sheets
    finally:
        book.close()


def _grid_calamine(sheet) -> Grid:
    rows = sheet.to_python(skip_empty_area=False)
    grid: Grid = []
    for row in rows:
        line = []
        for v in row:
            if isinstance(v, str) and not v.strip():
                v = None
            elif isinstance(v, dt.date) and not isinstance(v, dt.datetime):
                v = dt.datetime(v.year, v.month, v.day)
            line.append(v)
        grid.append(line)
    return grid


@dataclass
class _Detail:
    persen: set[tuple[int, int]] = field(default_factory=set)
    galat: dict[tuple[int, int], str] = field(default_factory=dict)
    gabungan: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    tampil: dict[tuple[int, int], str] = field(default_factory=dict)


def _timpa_detail(grid: Grid, info: _Detail) -> None:
    for (r, c), text in info.galat.items():
        _ensure(grid, r, c)
        grid[r - 1][c - 1] = GalatExcel(text)
    for (r, c) in info.persen:
        if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
            v = grid[r - 1][c - 1]
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                grid[r - 1][c - 1] = Persen(v)


def _ensure(grid: Grid, r: int, c: int) -> None:
    while len(grid) < r:
        grid.append([])
    row = grid[r - 1]
    while len(row) < c:
        row.append(None)


def _detail(path: Path, jenis: str, names: set[str]) -> dict[str, _Detail]:
    if jenis == F.XLSX:
        return _detail_xlsx(path, names)
    if jenis == F.ODS:
        return _detail_ods(path)
    return _detail_xls(path)


def _detail_xlsx(path: Path, hanya: set[str] | None = None) -> dict[str, _Detail]:
    """Percent formats, cached errors, merged ranges and zero-padded numbers of every
    sheet, from the sheet XML: only the cells that exist are walked (a declared range
    of a million rows costs nothing), the zip checked against bombs first."""
    from lxml import etree

    from ..io import safety
    from ..io.base import WorkbookError
    from ..io.cells import split_ref

    def parse(z, name):
        return safety.read_xml(z, name, str(path))

    try:
        # The one guarded reader: members, DOCTYPE/ENTITY in any part, declared and
        # used sheet ranges, all checked before anything here reads a cell.
        with safety.open_table_package(path) as z:
            names = set(z.namelist())
            book = parse(z, "xl/workbook.xml")
            rels = parse(z, "xl/_rels/workbook.xml.rels")
            target = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{PKG_REL_NS}}}Relationship")}
            persen, pad = _gaya(parse(z, "xl/styles.xml") if "xl/styles.xml" in names else None)
            result = {}
            for sh in book.iter(f"{{{NS}}}sheet"):
                if hanya is not None and sh.get("name") not in hanya:
                    continue
                t = target.get(sh.get(f"{{{R_NS}}}id"), "")
                part = t.lstrip("/") if t.startswith("/") else "xl/" + t
                if part not in names:
                    continue
                info = _Detail()
                with z.open(part) as fh:
                    for _, el in etree.iterparse(fh, events=("end",), resolve_entities=False,
                                                 no_network=True, load_dtd=False,
                                                 huge_tree=False,
                                                 tag=(f"{{{NS}}}c", f"{{{NS}}}mergeCell")):
                        if el.tag == f"{{{NS}}}mergeCell":
                            a, _, b = (el.get("ref") or "").partition(":")
                            if a and b:
                                info.gabungan[split_ref(a)] = split_ref(b)
                        else:
                            _sel_detail(el, info, persen, pad, split_ref)
                        el.clear()
                result[sh.get("name")] = info
            return result
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, etree.XMLSyntaxError):
        raise TableError(f"Berkas {path.name} tampak sebagai buku kerja Excel (XLSX) tetapi "
                         "isinya rusak atau tidak lengkap. Buka dan simpan ulang di Excel, "
                         "lalu coba lagi.") from None
    except WorkbookError as exc:
        raise TableError(exc.pesan) from None


def _gaya(styles) -> tuple[set[int], dict[int, int]]:
    """Style indexes that show a number as a percent, and those that pad it with
    zeros ('00' → width 2)."""
    if styles is None:
        return set(), {}
    codes = {int(f.get("numFmtId")): f.get("formatCode") or ""
             for f in styles.iter(f"{{{NS}}}numFmt")}
    persen, pad = set(), {}
    xfs = styles.find(f"{{{NS}}}cellXfs")
    for i, xf in enumerate(xfs if xfs is not None else []):
        fid = int(xf.get("numFmtId") or 0)
        code = codes.get(fid, "")
        if fid in BUILTIN_PERCENT_FMTS or is_percent_format(code):
            persen.add(i)
        else:
            f = code.replace('"', "").replace("\\", "")
            if len(f) > 1 and set(f) == {"0"}:
                pad[i] = len(f)
    return persen, pad


def _sel_detail(el, info: _Detail, persen: set[int], pad: dict[int, int], split_ref) -> None:
    t = el.get("t")
    ref = el.get("r")
    if ref is None:
        return
    v = el.find(f"{{{NS}}}v")
    if t == "e":
        info.galat[split_ref(ref)] = (v.text or "#GALAT").strip() if v is not None else "#GALAT"
        return
    if t not in (None, "n") or v is None or not v.text:
        return
    s = int(el.get("s") or 0)
    if s in persen:
        info.persen.add(split_ref(ref))
    elif s in pad:
        try:
            x = float(v.text)
        except ValueError:
            return
        if x.is_integer() and x >= 0:
            info.tampil[split_ref(ref)] = str(int(x)).zfill(pad[s])


_ODS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
        "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}


def _q(prefix: str, name: str) -> str:
    return f"{{{_ODS[prefix]}}}{name}"


def _detail_ods(path: Path) -> dict[str, _Detail]:
    from lxml import etree

    from ..io import safety
    from ..io.base import WorkbookError
    try:
        with safety.open_table_package(path) as z:    # the one guarded reader
            root = safety.read_xml(z, "content.xml", str(path))
    except WorkbookError as exc:
        raise TableError(exc.pesan) from None
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
        raise TableError(f"Berkas {path.name} tampak sebagai lembar kerja ODS tetapi isinya "
                         "rusak atau tidak lengkap. Buka dan simpan ulang di LibreOffice, lalu "
                         "coba lagi.") from None
    result = {}
    for table in root.iter(_q("table", "table")):
        info = _Detail()
        r = 0
        for row in table.iter(_q("table", "table-row")):
            rep_r = int(row.get(_q("table", "number-rows-repeated"), "1"))
            c = 0
            for cell in row:
                if cell.tag not in (_q("table", "table-cell"), _q("table", "covered-table-cell")):
                    continue
                rep_c = int(cell.get(_q("table", "number-columns-repeated"), "1"))
                kind = cell.get(_q("office", "value-type"))
                ext = cell.get(_q("calcext", "value-type"))
                if cell.tag == _q("table", "table-cell") and (kind or ext) and rep_c < 1000:
                    for dr in range(min(rep_r, 1000)):
                        for dc in range(rep_c):
                            pos = (r + dr + 1, c + dc + 1)
                            if ext == "error":
                                text = "".join(cell.itertext()).strip() or "#GALAT"
                                info.galat[pos] = text
                            elif kind == "percentage":
                                info.persen.add(pos)
                span_c = int(cell.get(_q("table", "number-columns-spanned"), "1"))
                span_r = int(cell.get(_q("table", "number-rows-spanned"), "1"))
                if span_c > 1 or span_r > 1:
                    info.gabungan[(r + 1, c + 1)] = (r + span_r, c + span_c)
                c += rep_c
            r += rep_r
        result[table.get(_q("table", "name"))] = info
    return result


def _detail_xls(path: Path) -> dict[str, _Detail]:
    """XLS keeps formats in BIFF records; LibreOffice turns a copy into XLSX, whose
    formats and cached errors openpyxl reads exactly."""
    if path.suffix.lower() == ".xls":
        with sebagai_xlsx(path) as produced:
            return _detail_xlsx(produced)
    import tempfile
    with tempfile.TemporaryDirectory(prefix="kinerja-xls-") as tmp:
        copy = Path(tmp) / "tabel.xls"      # LibreOffice converts by the name's suffix
        copy.write_bytes(path.read_bytes())
        with sebagai_xlsx(copy) as produced:
            return _detail_xlsx(produced)


