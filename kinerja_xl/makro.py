"""Does a workbook still carry the macros this version builds?

A master opened and saved by another program (LibreOffice keeps the ribbon part but
rewrites the VBA project, dropping `Attribute … VB_UserMemId = 0` lines that
xlwings' VBA needs) looks the same in the grid and fails only when a button is
pressed in Excel.  `periksa` compares the module sources, the ribbon part and the
`xlwings.conf` keys the tool owns with what this version builds; `perbarui` (the
command `perbarui-makro`) puts them back.  Rows an operator added to `xlwings.conf`
(e.g. `Interpreter_Win`) are theirs and never reported or touched.
"""
from __future__ import annotations

import os

from lxml import etree

from . import layout as L
from . import temuan as T
from .build.package import VBA_PART, vba_project_bin, vba_sources
from .build.ribbon import CUSTOMUI_PART, customui_xml
from .build.udf_wrappers import UDF_MODULE
from .build.vba import WORKBOOK_MODULE, class_module_source, standard_module_source
from .build.vba_baca import VbaError, read_modules
from .hasil import Hasil
from .io.base import PackageWorkbook, Workbook, WorkbookError
from .io.paket import baca_bagian
from .io.safety import parse_xml

# The xlwings.conf keys this tool writes; every other row belongs to the operator.
KUNCI_CONF = {"UDF Modules": UDF_MODULE}


def _normal(text: str | None) -> str | None:
    # Programs differ in the line ends and trailing blank lines they store.
    if text is None:
        return None
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).rstrip()


def modul_bawaan() -> dict[str, str]:
    """Module name → source text as this version stores it (standard and class
    modules; the sheets' document modules hold nothing of ours)."""
    modules, classes = vba_sources()
    out = {name: standard_module_source(text) for name, text in modules}
    out.update({name: class_module_source(text) for name, text in classes})
    return out


def _c14n(data: bytes, path: str = CUSTOMUI_PART) -> bytes:
    """The part's canonical form, blank text ignored; parsed by `io.safety` (no
    DOCTYPE/ENTITY), so a hostile ribbon part is only ever "berbeda"."""
    root = parse_xml(data, path, CUSTOMUI_PART)
    for el in root.iter():
        if el.text is not None and not el.text.strip():
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None
    return etree.tostring(root, method="c14n")


def _conf(book: Workbook) -> dict[str, object]:
    if L.XLWINGS_CONF not in book.sheet_names():
        return {}
    return {str(r[0]).strip(): (r[1] if len(r) > 1 else None)
            for r in book.read(L.XLWINGS_CONF) if r and r[0] is not None}


def alasan(book: Workbook) -> list[str]:
    """What differs from this version's macros, in words; empty when nothing does."""
    out: list[str] = []
    # In live Excel the book may not be saved yet; the package is checked on disk.
    if book.path and os.path.isfile(book.path):
        parts = baca_bagian(book.path, (VBA_PART, CUSTOMUI_PART))
        vba = parts[VBA_PART]
        if vba is None:
            out.append("proyek VBA tidak ada")
        else:
            try:
                found = read_modules(vba)
            except VbaError as exc:
                found = None
                out.append(f"proyek VBA tidak dapat dibaca ({exc})")
            if found is not None:
                found_ci = {k.casefold(): v for k, v in found.items()}
                for name, text in modul_bawaan().items():
                    have = found_ci.get(name.casefold())
                    if have is None:
                        out.append(f"modul VBA {name} tidak ada")
                    elif _normal(have) != _normal(text):
                        out.append(f"modul VBA {name} berbeda")
        ribbon = parts[CUSTOMUI_PART]
        if ribbon is None:
            out.append("bagian pita (customUI) tidak ada")
        else:
            try:
                same = _c14n(ribbon, book.path) == _c14n(customui_xml())
            except WorkbookError:
                same = False
            if not same:
                out.append("bagian pita (customUI) berbeda")
    conf = _conf(book)
    for kunci, nilai in KUNCI_CONF.items():
        if kunci not in conf:
            out.append(f"kunci '{kunci}' di lembar {L.XLWINGS_CONF} tidak ada")
        elif str(conf[kunci]).strip() != nilai:
            out.append(f"kunci '{kunci}' di lembar {L.XLWINGS_CONF} bukan '{nilai}'")
    return out


def periksa(book: Workbook) -> list[T.Temuan]:
    """`makro_berubah` (peringatan) when anything differs."""
    found = alasan(book)
    if not found:
        return []
    return [T.buat("makro_berubah", alasan="; ".join(found))]


def perbarui(book: PackageWorkbook, paksa: bool = False) -> Hasil:
    """`kinerja-xl perbarui`: bring the workbook's sheets to this contract version
    (ops/inti/migrasi.py: header cells only, never a value; recorded in Riwayat), then put
    this version's VBA project, ribbon part and owned `xlwings.conf` keys back, every
    other part as it is (`book` is a workbook file, which the file adapter saves
    atomically, with a backup).  Also how a workbook moves to a new xlwings version mid-year.  A workbook
    that is not ours (another tool's .xlsm) is refused unless `paksa`: its own VBA
    project and ribbon would be replaced by ours."""
    from .ops.inti import migrasi

    if not paksa and not migrasi.milik_kita(book):
        raise WorkbookError(
            f"Berkas '{os.path.basename(book.path)}' tidak dikenali sebagai buku kerja "
            f"kinerja-xl (tanpa nama {L.NAMA_VERSI} dan tanpa lembar "
            f"{', '.join(migrasi.LEMBAR_TETAP)}); proyek VBA dan pitanya tidak diganti. "
            "Bila berkas ini memang buku kerja kinerja-xl, jalankan lagi dengan --paksa.")
    kontrak = migrasi.migrasikan(book) if migrasi.milik_kita(book) else migrasi.Migrasi([], [])
    sebelum = alasan(book)
    conf_sebelum = _conf(book)
    wb_code, sheet_codes = book.code_names()
    # The document modules of the project must match the sheets' code names; a program
    # that dropped them (LibreOffice) gets the builder's names back.
    if all(sheet_codes) and len({c.casefold() for c in sheet_codes}) == len(sheet_codes):
        codes = [str(c) for c in sheet_codes]
    else:
        codes = [f"Sheet{i}" for i in range(1, len(sheet_codes) + 1)]
    book.set_code_names(WORKBOOK_MODULE, codes)
    for part, data in ((VBA_PART, vba_project_bin([WORKBOOK_MODULE] + codes)),
                       (CUSTOMUI_PART, customui_xml())):
        if book.package_part(part) is None:
            raise WorkbookError(
                f"Berkas '{os.path.basename(book.path)}' tidak memiliki bagian {part}: ini "
                "bukan buku kerja makro kinerja-xl. Buat buku kerja baru dengan "
                "'kinerja-xl buat BARU.xlsm --dari BERKAS'.")
        book.replace_part(part, data)
    _perbaiki_conf(book)
    ringkasan = list(kontrak.ringkasan)
    if sebelum:
        ringkasan.append("Makro diperbarui: " + "; ".join(sebelum) + ".")
    elif not ringkasan:
        ringkasan.append("Buku kerja sudah sama dengan versi ini; tidak ada yang berubah.")
    conf = [L.XLWINGS_CONF] if _conf(book) != conf_sebelum else []
    return Hasil("perbarui", book.path, None, [{"diperbaiki": kontrak.ringkasan + sebelum}],
                 [], ringkasan, kontrak.lembar + conf)


def _perbaiki_conf(book: Workbook) -> None:
    if L.XLWINGS_CONF not in book.sheet_names():
        raise WorkbookError(f"Lembar {L.XLWINGS_CONF} tidak ada di buku kerja; buat buku kerja "
                            "baru dengan 'kinerja-xl buat BARU.xlsm --dari BERKAS'.")
    grid = book.read(L.XLWINGS_CONF)
    rows = {str(r[0]).strip(): i + 1 for i, r in enumerate(grid) if r and r[0] is not None}
    cells = {}
    end = len(grid)
    for kunci, nilai in KUNCI_CONF.items():
        r = rows.get(kunci)
        if r is None:
            end += 1
            r = end
            cells[(r, 1)] = kunci
        cells[(r, 2)] = nilai
    book.write_cells(L.XLWINGS_CONF, cells)
