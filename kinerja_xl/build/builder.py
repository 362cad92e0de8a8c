"""Build `LaporanKinerja.xlsm` from reference data: deterministic, all sheets once."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from .. import layout as L
from ..io.baru import fix_core_dates, xlsx_bytes
from ..model import (Referensi, indikator_from_rows, pengaturan_from_rows, units_from_rows)
from ..tables import TableError, load_table
from . import sheets

DEFAULT_EPOCH = 1767225600  # 2026-01-01T00:00:00Z, used when SOURCE_DATE_EPOCH is unset


@dataclass
class Sumber:
    """Where the reference tables come from (paths; None = the built-in sample)."""
    unit: Path | None = None
    pk: Path | None = None
    ra: Path | None = None
    pengaturan: Path | None = None
    tahun: int | None = None


def contoh_path(name: str) -> Path:
    return Path(str(resources.files("kinerja_xl") / "data" / "contoh" / name))


def load_referensi(src: Sumber) -> Referensi:
    """Read and check the four tables; any problem stops with a TableError."""
    unit_file = src.unit or contoh_path("unit.csv")
    pk_file = src.pk or contoh_path("pk.csv")
    ra_file = src.ra or (contoh_path("ra.csv") if src.pk is None else None)
    units = units_from_rows(load_table(unit_file, L.UNIT_HEADERS, L.UNIT_REQUIRED))
    pk_rows = load_table(pk_file, L.PK_HEADERS, L.PK_REQUIRED)
    ra_rows = load_table(ra_file, L.RA_HEADERS, L.RA_REQUIRED) if ra_file else []
    indikator = indikator_from_rows(pk_rows, ra_rows, units)
    peng_file = src.pengaturan or (contoh_path("pengaturan.csv")
                                   if src.unit is None and src.pk is None else None)
    rows = (load_table(peng_file, L.PENGATURAN_REQUIRED, L.PENGATURAN_REQUIRED)
            if peng_file else [])
    pengaturan = pengaturan_from_rows(rows)
    if src.tahun:
        pengaturan["Tahun"] = src.tahun
    if not indikator:
        raise TableError(f"Berkas {Path(pk_file).name}: tabel PK tidak berisi indikator.")
    return Referensi(units=units, indikator=indikator, pengaturan=pengaturan)


def source_date() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else DEFAULT_EPOCH
    return dt.datetime.fromtimestamp(max(seconds, 315532800), tz=dt.timezone.utc).replace(tzinfo=None)


def build_openpyxl(ref: Referensi) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    password = ref.setting("Sandi proteksi")
    sheets.pengaturan(wb, ref)
    sheets.unit(wb, ref)
    sheets.pk(wb, ref)
    sheets.ra(wb, ref)
    sheets.disposisi(wb, ref, password)
    sheets.pembagian_tugas(wb, ref, password)
    reporting = ref.reporting_units()
    for unit in reporting:
        sheets.bahan(wb, ref, unit, password)
    sheets.koreksi(wb, L.KOREKSI_KASI, "LANGKAH 4 — KOREKSI KASI/KASUBBAG",
                   "Koreksi atas bahan staf; nilai staf tidak ditimpa", password)
    for unit in reporting:
        sheets.laporan(wb, ref, unit, password)
    sheets.koreksi(wb, L.KOREKSI_KABID, "LANGKAH 6 — KOREKSI KABID/SEKRETARIS",
                   "Koreksi atas laporan Kasi/Kasubbag; berlaku setelah koreksi langkah 4",
                   password)
    for unit in ref.induk_units():
        sheets.kabid(wb, ref, unit, password)
    sheets.pemeriksaan(wb, ref, password)
    for n in L.TRIWULAN:
        sheets.rekap(wb, ref, L.rekap_tw(n), L.REKAP,
                     f"LAPORAN KINERJA TRIWULAN {L.ROMAWI[n]}", password)
    sheets.rekap(wb, ref, L.REKAP_TAHUNAN, L.REKAP_TAHUNAN_LAYOUT, "LAPORAN KINERJA TAHUNAN",
                 password)
    sheets.status_sop(wb, ref, password)
    sheets.temuan(wb, ref, password)
    sheets.riwayat(wb, ref, password)
    sheets.xlwings_conf(wb)
    wb.code_name = "ThisWorkbook"
    for i, ws in enumerate(wb.worksheets, start=1):
        ws.sheet_properties.codeName = f"Sheet{i}"
    wb.active = 0
    stamp = source_date()
    wb.properties.creator = "kinerja-xl"
    wb.properties.lastModifiedBy = "kinerja-xl"
    wb.properties.created = stamp
    wb.properties.title = "Laporan Kinerja"
    return wb


def build_bytes(ref: Referensi) -> bytes:
    from .package import make_macro_enabled
    from .ribbon import customui_xml
    from .vba import build_vba_project
    from .package import vba_sources

    wb = build_openpyxl(ref)
    stamp = source_date()
    xlsx = fix_core_dates(xlsx_bytes(wb), stamp)
    modules, classes = vba_sources()
    documents = ["ThisWorkbook"] + [f"Sheet{i}" for i in range(1, len(wb.worksheets) + 1)]
    vba = build_vba_project(modules, classes, documents)
    epoch = int((stamp - dt.datetime(1970, 1, 1)).total_seconds())
    return make_macro_enabled(xlsx, vba, customui_xml(), epoch)


def build_file(path: str | Path, src: Sumber) -> Path:
    """Build into `path`; nothing is left behind when any step fails."""
    from ..io.safety import atomic_write, check_office_locks

    ref = load_referensi(src)
    data = build_bytes(ref)
    path = Path(path)
    if path.exists():
        check_office_locks(str(path))
    atomic_write(str(path), lambda fh: fh.write(data), backup=path.exists())
    return path


def referensi_summary(ref: Referensi) -> dict[str, Any]:
    return {"unit": len(ref.units), "unit_pelapor": len(ref.reporting_units()),
            "indikator": len(ref.indikator), "tahun": ref.tahun}
