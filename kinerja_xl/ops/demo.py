"""`demo`: the whole SOP on the built-in sample, with a known set of realistic mistakes.

Seeded mistakes (each must show up as a finding; tests count them by code):
  TW I   IP-01 "1.2OO" (letter O for zero)            → bukan_angka
         UK-01 "-"                                     → tanda_strip
         IN-01 "0,99" for an uptime target of 99,5 %  → mirip_pecahan
  TW II  KP-03 "3.305" typed for an index of 3,30      → besaran_janggal
         PK-01 "112" for a percentage                  → persen_lebih_100
         AP-01 0 with no faktor penghambat             → capaian_rendah_tanpa_penjelasan
         IP-01 left out of a submitted quarter         → realisasi_kosong
  TW III IN-03 40 against 15 with no keterangan        → capaian_tinggi_tanpa_keterangan,
                                                         bukti_kosong
  TW IV  Bidang Statistik dan Persandian not submitted → unit_belum_mengajukan
A correction in `4 Koreksi Kasi` fixes IP-01 TW I to 310.
"""
from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import layout as L
from ..build.builder import Sumber, build_file, contoh_path
from ..io import open_workbook
from ..rules import format_angka
from . import jalankan
from .impor import impor

SEEDED = {
    1: {"bukan_angka": "IP-01", "tanda_strip": "UK-01", "mirip_pecahan": "IN-01"},
    2: {"besaran_janggal": "KP-03", "persen_lebih_100": "PK-01",
        "capaian_rendah_tanpa_penjelasan": "AP-01", "realisasi_kosong": "IP-01"},
    3: {"capaian_tinggi_tanpa_keterangan": "IN-03", "bukti_kosong": "IN-03"},
    4: {"unit_belum_mengajukan": None},
}


@dataclass
class DemoHasil:
    workbook: Path
    pdfs: list[Path] = field(default_factory=list)
    per_triwulan: dict[int, dict] = field(default_factory=dict)
    pdf_message: str | None = None


def _run(path: Path, fn):
    with open_workbook(path, write=True) as book:
        hasil = fn(book)
        book.save()
    return hasil


def _koreksi(path: Path) -> None:
    """The Kasi corrects the mistyped IP-01 of TW I (step 4), as a person would."""
    with open_workbook(path, write=True) as book:
        row = L.STEP_DATA_ROW
        stamp = dt.datetime(2026, 4, 8, 9, 0)
        book.write_cells(L.KOREKSI_KASI, {
            (row, 1): 1, (row, 2): "IP-01", (row, 3): "Realisasi", (row, 4): 310,
            (row, 5): "Salah ketik huruf O pada angka", (row, 6): "Rudi Hartono",
            (row, 7): stamp, (row, 8): stamp + dt.timedelta(minutes=20)})
        book.save()


def run_demo(out_dir: Path, pdf: bool = True) -> DemoHasil:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "LaporanKinerja.xlsm"
    if path.exists():
        path.unlink()
    shutil.rmtree(out_dir / "cadangan", ignore_errors=True)
    build_file(path, Sumber())
    result = DemoHasil(path)
    for n in L.TRIWULAN:
        _run(path, lambda b: impor(b, contoh_path(f"realisasi_tw{n}.csv"), n, ajukan=True))
        if n == 1:
            _koreksi(path)
        found = _run(path, lambda b: jalankan.validasi(b, n)).temuan
        _run(path, lambda b: jalankan.konsolidasi(b, n))
        rows = _run(path, lambda b: jalankan.rekap_triwulan(b, n)).baris
        caps = [r["capaian"] for r in rows if r["capaian"] is not None]
        result.per_triwulan[n] = {
            "indikator": len(rows), "terukur": len(caps),
            "rata_capaian": round(sum(caps) / len(caps), 2) if caps else None,
            "temuan": dict(Counter(t.tingkat for t in found)),
            "kode_temuan": dict(Counter(t.kode_temuan for t in found)),
        }
    _run(path, jalankan.rekap_tahunan)
    _set_active_quarter(path, 4)
    try:
        from .status import status
        _run(path, status)
    except ImportError:
        pass
    if pdf:
        _export_pdfs(result, out_dir)
    return result


def _set_active_quarter(path: Path, n: int) -> None:
    with open_workbook(path, write=True) as book:
        row = L.REF_DATA_ROW + L.SETTING_KEYS.index("Triwulan aktif")
        book.write_cells(L.PENGATURAN, {(row, 2): n})
        book.save()


def _export_pdfs(result: DemoHasil, out_dir: Path) -> None:
    from .. import pdf
    from ..io.base import WorkbookError
    for name in L.REKAP_SHEETS:
        target = out_dir / (name.replace(" ", "_") + ".pdf")
        try:
            pdf.export_sheet_pdf(result.workbook, name, target)
        except WorkbookError as exc:
            result.pdf_message = exc.pesan
            return
        result.pdfs.append(target)


def summary_lines(result: DemoHasil) -> list[str]:
    lines = [f"Buku kerja contoh: {result.workbook}"]
    for n, s in result.per_triwulan.items():
        rata = "-" if s["rata_capaian"] is None else f"{format_angka(s['rata_capaian'], 2)} %"
        lines.append(
            f"TW {L.ROMAWI[n]}: {s['indikator']} indikator ({s['terukur']} terukur), "
            f"rata-rata capaian {rata}, temuan: {s['temuan'].get('error', 0)} error, "
            f"{s['temuan'].get('peringatan', 0)} peringatan")
    if result.pdfs:
        lines.append("PDF laporan: " + ", ".join(p.name for p in result.pdfs))
    elif result.pdf_message:
        lines.append("PDF tidak dibuat: " + result.pdf_message)
    return lines
