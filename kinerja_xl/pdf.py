"""Headless export of a sheet (or several, in one run) to PDF with LibreOffice.

LibreOffice exports every visible sheet of a workbook, so the export runs on a
temporary copy in which every other sheet is hidden.  The copy is edited at the
zip level (only `xl/workbook.xml` changes); the workbook itself is only read and
LibreOffice never saves anything.

Findings behind the choices here (LibreOffice 7.4):
- Hidden sheets are left out of the PDF, except a hidden sheet with a print
  area, which is printed all the same: the copy drops the other sheets' print
  areas.
- `fullCalcOnLoad` in the file is not enough: LibreOffice's own setting
  "recalculation on file load" (default: never) decides whether cached values
  are used, so the temporary profile sets it to "always".
- A number format with the Indonesian locale tag (`[$-421]#,##0.00`) shows a
  decimal comma and a thousands dot whatever the locale; the profile also sets
  the locale to id-ID so numbers in the General format follow suit.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from lxml import etree

from kinerja_xl import layout, soffice
from kinerja_xl.io import safety
from kinerja_xl.io.base import WorkbookError

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKBOOK_PART = "xl/workbook.xml"

# PDF export options (JSON filter options, LibreOffice ≥ 7.4).  Tagged PDF helps
# screen readers; comments and form fields stay out of a printed report.
_PDF_OPTIONS = {
    "ExportNotes": {"type": "boolean", "value": "false"},
    "ExportFormFields": {"type": "boolean", "value": "false"},
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
}


def nama_pdf(lembar: str, tahun: object = None, ditandatangani: bool = False) -> Path:
    """The one name of a report sheet's PDF (the command, the ribbon and the demo): the
    sheet's name with `_` for spaces and slashes, the year when it is known, `_TTE` when
    signed: '9_Rekap_TW_I_2026.pdf', '9_Rekap_Tahunan_TTE.pdf'."""
    from kinerja_xl.tte import nama_tte
    stem = lembar.replace(" ", "_").replace("/", "_")
    out = Path(f"{stem}_{tahun}.pdf" if tahun else f"{stem}.pdf")
    return nama_tte(out) if ditandatangani else out


def export_sheet_pdf(workbook_path, sheet_name: str, out_pdf, timeout: float = 120) -> Path:
    """Export one sheet of the workbook to `out_pdf`; return its path.

    Raises WorkbookError (exit code 2) when LibreOffice is missing, the sheet
    does not exist, the conversion times out or produces no PDF.
    """
    return export_sheets_pdf(workbook_path, [(sheet_name, out_pdf)], timeout)[0]


def export_sheets_pdf(workbook_path, targets: Sequence[tuple[str, str | Path]],
                      timeout: float = 120) -> list[Path]:
    """Export several sheets, each to its own PDF, in one LibreOffice run (it starts
    once: a few seconds per sheet saved); `timeout` is per sheet.  Nothing is placed
    unless every PDF was made."""
    workbook_path = Path(workbook_path)
    if soffice.find_soffice() is None:
        raise WorkbookError(soffice.INSTALL_HINT)
    suffix = workbook_path.suffix.lower() or ".xlsx"
    with tempfile.TemporaryDirectory(prefix="kinerja-pdf-") as tmp:
        tmp = Path(tmp)
        copies = []
        for i, (sheet_name, _) in enumerate(targets, start=1):
            copy = tmp / f"laporan{i}{suffix}"
            write_single_sheet_copy(workbook_path, sheet_name, copy)
            copies.append(copy)
        profile = tmp / "profil"
        soffice.seed_profile(profile)
        outdir = tmp / "keluaran"
        outdir.mkdir()
        options = json.dumps(_PDF_OPTIONS, separators=(",", ":"))
        names = ", ".join(f"'{sheet}'" for sheet, _ in targets)
        err = soffice.run(copies, outdir, profile, f"pdf:calc_pdf_Export:{options}",
                          timeout * len(targets), f"Ekspor PDF lembar {names}")
        produced = [outdir / (copy.stem + ".pdf") for copy in copies]
        for path, (sheet_name, _) in zip(produced, targets):
            _check_pdf(path, sheet_name, err)
        out = []
        for path, (_, out_pdf) in zip(produced, targets):
            _place(path, Path(out_pdf))
            out.append(Path(out_pdf))
    return out


# --- the temporary copy -----------------------------------------------------
def write_single_sheet_copy(src: Path, sheet_name: str, dst: Path) -> None:
    """Copy the workbook with only `sheet_name` visible and recalculation forced.
    The package is opened and read through `io.safety` (the limits of every open)."""
    src = Path(src)
    zin = safety.open_package(str(src))
    with zin:
        if WORKBOOK_PART not in zin.namelist():
            raise WorkbookError(f"Berkas '{safety.nama(src)}' bukan buku kerja Excel: bagian "
                                f"{WORKBOOK_PART} tidak ada.")
        parts = [(info, safety.read_part(zin, info.filename, str(src)))
                 for info in zin.infolist()]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in parts:
            if info.filename == WORKBOOK_PART:
                data = single_sheet_workbook_xml(data, sheet_name, src)
            zout.writestr(info, data)


def single_sheet_workbook_xml(data: bytes, sheet_name: str, src: Path) -> bytes:
    """workbook.xml with every sheet but `sheet_name` hidden and that one active."""
    root = safety.parse_xml(data, str(src), WORKBOOK_PART)
    q = lambda tag: f"{{{MAIN_NS}}}{tag}"  # noqa: E731
    sheets = root.findall(f"{q('sheets')}/{q('sheet')}")
    names = [s.get("name") for s in sheets]
    if sheet_name not in names:
        raise WorkbookError(unknown_sheet_message(sheet_name, names, src))
    index = names.index(sheet_name)
    for i, sheet in enumerate(sheets):
        if i == index:
            sheet.attrib.pop("state", None)  # visible, even if it was hidden
        else:
            sheet.set("state", "hidden")
    _drop_other_print_ranges(root, q, index)
    for view in root.findall(f"{q('bookViews')}/{q('workbookView')}"):
        view.set("activeTab", str(index))
        view.set("firstSheet", str(index))
    _force_full_calc(root, q)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# Sheet-level print settings kept as defined names.
_PRINT_NAMES = ("_xlnm.Print_Area", "_xlnm.Print_Titles")


def _drop_other_print_ranges(root: etree._Element, q, index: int) -> None:
    """LibreOffice prints a hidden sheet when it has a print area, so the other
    sheets' print areas (and titles, which go with them) are removed."""
    names = root.find(q("definedNames"))
    if names is None:
        return
    for dn in list(names):
        if dn.get("name") in _PRINT_NAMES and dn.get("localSheetId") != str(index):
            names.remove(dn)
    if len(names) == 0:
        root.remove(names)  # an empty definedNames is invalid


# Elements that follow calcPr in CT_Workbook: a new calcPr goes before the first.
_AFTER_CALCPR = ("oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
                 "smartTagTypes", "webPublishing", "fileRecoveryPr",
                 "webPublishObjects", "extLst")


def _force_full_calc(root: etree._Element, q) -> None:
    """Ask for a full recalculation on load (honoured by Excel; LibreOffice
    gets the same from the profile)."""
    calc = root.find(q("calcPr"))
    if calc is None:
        calc = etree.Element(q("calcPr"))
        following = [root.find(q(t)) for t in _AFTER_CALCPR]
        following = [e for e in following if e is not None]
        if following:
            following[0].addprevious(calc)
        else:
            root.append(calc)
    calc.set("fullCalcOnLoad", "1")


def unknown_sheet_message(sheet_name: str, names: list[str], src: Path) -> str:
    rekap = [n for n in names if n.startswith(layout.REKAP_PREFIX)]
    pilihan = ", ".join(f"'{n}'" for n in rekap) if rekap else "(tidak ada lembar '9 Rekap …')"
    return (f"Lembar '{sheet_name}' tidak ada di {src}. "
            f"Lembar laporan yang tersedia: {pilihan}.")


# --- running LibreOffice ----------------------------------------------------
def _check_pdf(produced: Path, sheet_name: str, err: bytes) -> None:
    """soffice exits 0 even when it wrote nothing: look at the file itself."""
    if not produced.exists() or produced.stat().st_size == 0:
        raise WorkbookError(
            f"LibreOffice tidak menghasilkan PDF untuk lembar '{sheet_name}' "
            f"({soffice.tail(err)}).")
    with produced.open("rb") as fh:
        if not fh.read(5) == b"%PDF-":
            raise WorkbookError(f"Keluaran LibreOffice untuk lembar '{sheet_name}' bukan PDF.")


def _place(produced: Path, out_pdf: Path) -> None:
    """Move the PDF to its place atomically (a reader never sees half a file), with
    the mode any new file of the user gets (0666 less the umask), or the mode of the
    PDF it replaces."""
    from .io.safety import atomic_write

    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    with produced.open("rb") as src:
        atomic_write(str(out_pdf), lambda fh: shutil.copyfileobj(src, fh), backup=False)


# --- export, then sign: the one path of the CLI and the ribbon -----------------------
@dataclass(frozen=True)
class Tandatangan:
    """What a signature needs: the PKCS#12 file, its password, and where the visible
    field goes (None: the blank space of the signature block, see tte.sign_pdf)."""
    p12: Path
    sandi: bytes = field(repr=False)
    kotak: tuple[float, float, float, float] | None = None
    halaman: int = -1
    lokasi: str | None = None


def buat_pdf(ekspor: Callable[[Path], object], keluaran, ttd: Tandatangan | None = None
             ) -> str | None:
    """Export a report with `ekspor(path)` (LibreOffice headless, Excel in the
    ribbon) and, with `ttd`, sign it; return the signer's name (None: unsigned).

    Only the final PDF ever appears at `keluaran`: the export and the unsigned PDF stay
    in a temporary folder, so a signed report never has an unsigned twin beside it and
    a failed signature leaves nothing.  The certificate and its password are checked
    before the slow export."""
    keluaran = Path(keluaran)
    nama = None
    if ttd is not None:
        from . import tte
        nama = tte.open_certificate(ttd.p12, ttd.sandi).nama
    with tempfile.TemporaryDirectory(prefix="kinerja-pdf-") as tmp:
        mentah = Path(tmp) / "laporan.pdf"
        ekspor(mentah)
        if not mentah.is_file() or mentah.stat().st_size == 0:
            raise WorkbookError(f"Ekspor tidak menghasilkan berkas PDF untuk {keluaran.name}.")
        final = mentah
        if ttd is not None:
            final = Path(tmp) / "bertanda-tangan.pdf"
            tte.sign_pdf(mentah, final, ttd.p12, ttd.sandi, field_box=ttd.kotak,
                         page=ttd.halaman, lokasi=ttd.lokasi)
        _place(final, keluaran)
    return nama
