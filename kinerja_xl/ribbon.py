"""Ribbon entry points: one function per button of the "Laporan Kinerja" tab.

The workbook's VBA calls them with `RunPython "import kinerja_xl.ribbon as r; r.<name>()"`
(see kinerja_xl/build/ribbon.py).  Each is thin: open the calling book through the
xlwings adapter, read the active quarter from `Pengaturan`, run the operation that
the command line runs too, and tell the user in a message box.  UI state (status
bar, screen updating, calculation) goes through `io.ui.UI`, restored in every case,
and every problem ends in an Indonesian message box, never a Python traceback.
"""
from __future__ import annotations

import os
import traceback
from pathlib import Path
from typing import Any, Callable

from . import layout as L
from .hasil import pokok, ringkas
from .io.base import WorkbookError
from .io.ui import UI
from .io.xlwings_adapter import ExcelWorkbook

PDF_FOLDER = "PDF Laporan Kinerja"
MAX_DETAIL = 300  # characters of a technical detail shown to the user


def _caller(book: Any) -> Any:
    import xlwings as xw
    if book is not None:
        return book
    try:
        return xw.Book.caller()
    except Exception as exc:  # xlwings' own error here names Windows internals
        raise RuntimeError("Fungsi ini dijalankan dari tombol tab Laporan Kinerja di Excel "
                           "(RunPython), atau diberi sebuah xlwings Book.") from exc


def _gagal(judul: str, exc: BaseException) -> str:
    """The user's message for an unexpected error (the traceback goes to stderr)."""
    traceback.print_exc()
    detail = f"{type(exc).__name__}: {exc}"[:MAX_DETAIL]
    return (f"{judul} tidak selesai karena terjadi kesalahan.\n\n"
            f"Rincian teknis: {detail}\n\n"
            "Periksa isi lembar terkait lalu jalankan lagi. Bila berulang, kirimkan pesan "
            "ini kepada petugas TI.")


def _run(book: Any, judul: str, kerja: Callable[[ExcelWorkbook, UI], str | None]) -> None:
    """Run `kerja` with UI state saved and restored; show its message or the error."""
    xl = _caller(book)
    ui = UI(xl)
    pesan, kritis = None, False
    try:
        with ui.session():
            ui.status(f"{judul}…")
            pesan = kerja(buku_excel(xl, ui), ui)
    except WorkbookError as exc:
        pesan, kritis = exc.pesan, True
    except Exception as exc:  # noqa: BLE001 — the user gets a message, not a traceback
        pesan, kritis = _gagal(judul, exc), True
    if pesan:
        ui.alert(pesan, kritis=kritis)


def sandi_proteksi(wb: ExcelWorkbook) -> Any:
    """'Sandi proteksi' of `Pengaturan`, read as every operation reads it (keys matched
    ignoring case, values trimmed); None without that sheet."""
    from .model import pengaturan_from_grid

    if L.PENGATURAN not in wb.sheet_names():
        return None
    return pengaturan_from_grid(wb.read(L.PENGATURAN)).sandi_proteksi


def buku_excel(xl: Any, ui: UI | None = None) -> ExcelWorkbook:
    """The calling book as the operations' workbook, its sheets unprotected with the
    password of its own `Pengaturan`."""
    return ExcelWorkbook(xl, ui, sandi=sandi_proteksi)


def triwulan_aktif(wb: ExcelWorkbook) -> int:
    """The active quarter from `Pengaturan` (read once; the operations reuse the read)."""
    from .ops.inti.snapshot import read_referensi
    return read_referensi(wb, {}).triwulan_aktif()


# --- the buttons ---------------------------------------------------------------------
def validasi(book: Any = None) -> None:
    def kerja(wb: ExcelWorkbook, ui: UI) -> str:
        from .ops.validasi import validasi
        from .outputs_adapter import OutputsAdapter
        n = triwulan_aktif(wb)
        ui.status(f"Validasi {L.tw(n)}…")
        return ringkas(validasi(wb, n, outputs=OutputsAdapter()))
    _run(book, "Validasi", kerja)


def konsolidasi(book: Any = None) -> None:
    def kerja(wb: ExcelWorkbook, ui: UI) -> str:
        from .ops.konsolidasi import konsolidasi
        n = triwulan_aktif(wb)
        ui.status(f"Konsolidasi s.d. {L.tw(n)}…")
        return ringkas(konsolidasi(wb, n))
    _run(book, "Konsolidasi", kerja)


def rekap_triwulan(book: Any = None) -> None:
    def kerja(wb: ExcelWorkbook, ui: UI) -> str:
        from .ops.rekap import rekap_triwulan
        n = triwulan_aktif(wb)
        ui.status(f"Rekap {L.tw(n)}…")
        return ringkas(rekap_triwulan(wb, n))
    _run(book, "Rekap Triwulan", kerja)


def rekap_tahunan(book: Any = None) -> None:
    def kerja(wb: ExcelWorkbook, ui: UI) -> str:
        from .ops.rekap import rekap_tahunan
        return ringkas(rekap_tahunan(wb))
    _run(book, "Rekap Tahunan", kerja)


def status_sop(book: Any = None) -> None:
    def kerja(wb: ExcelWorkbook, ui: UI) -> str:
        try:
            from .ops.status import status
        except ImportError:
            return "Status SOP belum tersedia pada versi kinerja_xl yang terpasang."
        from .outputs_adapter import OutputsAdapter
        hasil = status(wb, outputs=OutputsAdapter())
        return ringkas(hasil) if hasattr(hasil, "ringkasan") else "Status SOP diperbarui."
    _run(book, L.STATUS_SOP, kerja)


def kumpulkan_bahan(folder: str | None = None, book: Any = None) -> None:
    def kerja(wb: ExcelWorkbook, ui: UI) -> str:
        try:
            from .ops.kumpulkan import DIBATALKAN, kumpulkan_dengan_konfirmasi
        except ImportError:
            return "Kumpulkan Bahan belum tersedia pada versi kinerja_xl yang terpasang."
        if not folder or not os.path.isdir(folder):
            return f"Folder '{folder or ''}' tidak ditemukan."

        jawaban: list = []

        def konfirmasi(pratinjau):
            teks = "\n".join(pokok(pratinjau))
            jawab = ui.confirm(f"{teks}\n\nTerapkan perubahan ini ke buku kerja?")
            jawaban.append(jawab)
            if jawab is None:
                return ("Perubahan belum diterapkan: konfirmasi hanya dapat diberikan di "
                        "Excel desktop.")
            return jawab

        hasil = kumpulkan_dengan_konfirmasi(wb, [folder], konfirmasi, triwulan_aktif(wb))
        if jawaban == [False]:
            return DIBATALKAN
        if hasil.tambahan.get("diterapkan"):
            return ringkas(hasil)
        return ringkas(hasil, lengkap=True, tanpa_perubahan=None)
    _run(book, "Kumpulkan Bahan", kerja)


def nama_dokumen(triwulan: int | None, tahun: Any) -> str:
    """The Word draft's file name: the quarter's report, or the LKjIP (triwulan None)."""
    what = "LKjIP" if triwulan is None else f"Laporan Kinerja {L.tw(triwulan)}"
    return f"{what} {tahun}.docx" if tahun else f"{what}.docx"


def draf_dokumen(book: Any = None) -> None:
    """The active quarter's report as a Word draft beside the workbook; the LKjIP when
    `9 Rekap Tahunan` is the active sheet."""
    def kerja(wb: ExcelWorkbook, ui: UI) -> str:
        from .ops.inti.snapshot import read_referensi
        from .ops.dokumen import dokumen
        where = os.path.dirname(wb.path or "")
        if not where or not os.path.isdir(where):
            raise WorkbookError("Simpan buku kerja ke sebuah folder terlebih dahulu; draf "
                                "dokumen disimpan di folder yang sama.")
        ref = read_referensi(wb, {})
        n = None if _active_sheet(wb) == L.REKAP_TAHUNAN else ref.triwulan_aktif()
        target = Path(where) / nama_dokumen(n, ref.tahun or None)
        ui.status("menulis draf dokumen Word…")
        hasil = dokumen(wb, target, n)
        return ringkas(hasil, tanpa_perubahan=None)
    _run(book, "Draf Dokumen", kerja)


# --- Ekspor PDF ------------------------------------------------------------------------
def pilih_lembar_rekap(active: str | None, n: int) -> str:
    """The active sheet when it is a `9 Rekap …` sheet, else the active quarter's."""
    if active and active.startswith(L.REKAP_PREFIX) and active in L.REKAP_SHEETS:
        return active
    return L.rekap_tw(n)


def ekspor_pdf(book: Any = None) -> None:
    def kerja(wb: ExcelWorkbook, ui: UI) -> str:
        from . import pdf
        from .ops.inti.snapshot import read_referensi
        if not ui.can_export_pdf:
            return ("Ekspor PDF memerlukan Excel desktop (Windows). Di luar Excel, gunakan "
                    "perintah 'kinerja-xl pdf' yang memakai LibreOffice.")
        ref = read_referensi(wb, {})
        lembar = pilih_lembar_rekap(_active_sheet(wb), ref.triwulan_aktif())
        sertifikat = ref.pengaturan.sertifikat_tte
        ttd = _tandatangan(ui, wb, str(sertifikat), ref.pengaturan.tempat) \
            if sertifikat else None
        target = _folder_pdf(wb) / pdf.nama_pdf(lembar, ref.tahun, ttd is not None)

        def ekspor(path: Path) -> None:
            ui.status(f"mengekspor {lembar} ke PDF…")
            with ui.indonesian_separators():
                wb.xl.sheets[lembar].to_pdf(str(path), show=False)
            if not path.is_file():
                raise WorkbookError(f"Excel tidak menghasilkan berkas PDF {target}.")
            if ttd is not None:
                ui.status("menandatangani PDF…")

        penandatangan = pdf.buat_pdf(ekspor, target, ttd)
        if penandatangan:
            return (f"PDF bertanda tangan elektronik ({penandatangan}) tersimpan:\n{target}")
        if sertifikat:
            return f"PDF tersimpan tanpa TTE (sandi tidak dimasukkan):\n{target}"
        return f"PDF tersimpan:\n{target}"
    _run(book, "Ekspor PDF", kerja)


def _active_sheet(wb: ExcelWorkbook) -> str | None:
    try:
        return wb.xl.sheets.active.name
    except Exception:
        return None


def _folder_pdf(wb: ExcelWorkbook) -> Path:
    """A folder next to the workbook; an unsaved workbook has none."""
    where = os.path.dirname(wb.path or "")
    if not where or not os.path.isdir(where):
        raise WorkbookError("Simpan buku kerja ke sebuah folder terlebih dahulu; PDF disimpan "
                            f"di folder '{PDF_FOLDER}' di sebelahnya.")
    folder = Path(where) / PDF_FOLDER
    folder.mkdir(exist_ok=True)
    return folder


def _tandatangan(ui: UI, wb: ExcelWorkbook, sertifikat: str, tempat: Any):
    """The certificate named in Pengaturan (relative to the workbook) and its password,
    asked before the export; None when the user gives no password (unsigned PDF)."""
    from .pdf import Tandatangan
    p12 = Path(sertifikat)
    if not p12.is_absolute():
        p12 = Path(os.path.dirname(wb.path or "")) / p12
    if not p12.is_file():
        raise WorkbookError(f"Berkas sertifikat '{p12}' (Sertifikat TTE di lembar "
                            f"{L.PENGATURAN}) tidak ditemukan; PDF tidak dibuat.")
    sandi = ui.ask_password(f"Sandi sertifikat TTE {p12.name}:")
    if not sandi:
        return None
    return Tandatangan(p12, sandi.encode("utf-8"), lokasi=str(tempat or "") or None)
