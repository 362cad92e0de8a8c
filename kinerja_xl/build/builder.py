"""Build `LaporanKinerja.xlsm` from reference data: deterministic, all sheets once."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from .. import layout as L
from ..io.baru import fix_core_dates, xlsx_bytes
from ..model import (Referensi, indikator_from_rows, pengaturan_from_rows, units_from_rows)
from ..rows import TableError
from . import sheets

DEFAULT_EPOCH = 1767225600  # 2026-01-01T00:00:00Z, used when SOURCE_DATE_EPOCH is unset


@dataclass
class Sumber:
    """Where the reference tables come from (`PATH` or `PATH::LEMBAR`; None = the
    built-in sample), with the reading options of `buat`."""
    unit: Path | str | None = None
    pk: Path | str | None = None
    ra: Path | str | None = None
    pengaturan: Path | str | None = None
    tahun: int | None = None
    kolom: dict[str, str] = field(default_factory=dict)   # --kolom, see tabel.alias
    desimal: str | None = None                            # --desimal koma|titik


def contoh_path(name: str) -> Path:
    return Path(str(resources.files("kinerja_xl") / "data" / "contoh" / name))


def load_referensi(src: Sumber) -> Referensi:
    """Read and check the four tables; any problem stops with a TableError."""
    from ..tabel import alias as A
    from ..tabel import baca_tabel, tolak_kolom_tak_dipakai
    from ..tabel.renja import baca_renja, cocok_renja

    sample = src.unit is None and src.pk is None
    unit_file = src.unit or contoh_path("unit.csv")
    pk_file = src.pk or contoh_path("pk.csv")
    ra_file = src.ra or (contoh_path("ra.csv") if src.pk is None else None)
    catatan: list[str] = []
    temuan: list = []

    dipakai: set[str] = set()

    def read(spec, jenis):
        tabel = baca_tabel(spec, jenis, src.kolom, src.desimal, tahun=src.tahun,
                           kolom_ketat=False)
        catatan.extend(tabel.catatan)
        temuan.extend(tabel.temuan)
        dipakai.update(tabel.kolom_dipakai)
        return tabel

    renja = (cocok_renja(src.pk, src.kolom) if src.pk is not None and src.ra is None
             else None)
    if renja is not None:
        form = baca_renja(renja, src.desimal)
        catatan.extend(form.catatan)
        unit_rows = read(src.unit, A.UNIT).rows if src.unit else form.unit_rows()
        units = units_from_rows(unit_rows)
        pk_rows, ra_rows = form.pk_rows(next(iter(units))), []
        temuan.extend(form.temuan)       # after the rows: the separator notes come with them
        dipakai.update(renja.kolom_dipakai)
    else:
        pk_rows = read(pk_file, A.PK).rows      # a table that is no PK says so first
        if src.unit is None and src.pk is not None:
            raise TableError("Sebutkan tabel Unit dengan --unit (tabel PK biasa tidak "
                             "menyebut unit-unitnya).")
        units = units_from_rows(read(unit_file, A.UNIT).rows)
        ra_rows = []
        if ra_file:
            ra = read(ra_file, A.RA)
            if ra.judul is not None and not any(L.target_h(n) in ra.judul.kolom
                                                for n in L.TRIWULAN):
                from ..rows import temuan_berkas
                names = ", ".join(L.target_h(n) for n in L.TRIWULAN)
                raise TableError(
                    f"Berkas {ra.berkas}: tabel RA tanpa kolom target triwulan yang dikenal "
                    f"({names}); tanpa itu semua target triwulan kosong. Beri judul kolom "
                    f"itu, atau petakan dengan --kolom \"NAMA DI TABEL=Target TW I\".",
                    [temuan_berkas(ra.berkas, ra.lembar, None, "kolom_hilang", kolom=names)])
            ra_rows = ra.rows
    tolak_kolom_tak_dipakai(src.kolom, dipakai, "tabel mana pun")
    indikator = indikator_from_rows(pk_rows, ra_rows, units)
    peng_file = src.pengaturan or (contoh_path("pengaturan.csv") if sample else None)
    rows = read(peng_file, A.PENGATURAN).rows if peng_file else []
    pengaturan = pengaturan_from_rows(rows, contoh=sample)
    if renja is not None and form.instansi and not pengaturan.get(L.INSTANSI_KUNCI):
        pengaturan[L.INSTANSI_KUNCI] = form.instansi
    if renja is not None:
        # The form gives annual targets only.  (Measuring quarters without a target
        # is the `Target triwulan` convention; see the Pengaturan sheet.)
        pengaturan[L.TARGET_TRIWULAN_KUNCI] = L.TARGET_TW_TAHUNAN
    if renja is not None and form.tahun and not src.tahun and not pengaturan.get(L.TAHUN_KUNCI):
        pengaturan[L.TAHUN_KUNCI] = form.tahun
        catatan.append(f"Tahun {form.tahun} menurut judul formulir (ubah dengan --tahun).")
    if src.tahun:
        pengaturan[L.TAHUN_KUNCI] = src.tahun
    if not indikator:
        raise TableError(f"Berkas {Path(str(pk_file)).name}: tabel PK tidak berisi indikator.")
    _logo(pengaturan, peng_file)
    return Referensi(units=units, indikator=indikator, pengaturan=pengaturan,
                     catatan_masukan=catatan, temuan_masukan=temuan)


def _logo(pengaturan: dict[str, Any], peng_file) -> None:
    """Resolve `Logo` (relative to the Pengaturan table) and make sure it is a PNG."""
    value = pengaturan.get(L.LOGO_KUNCI)
    if value is None or not str(value).strip():
        pengaturan[L.LOGO_KUNCI] = None
        return
    path = Path(str(value).strip()).expanduser()
    if not path.is_absolute() and peng_file is not None:
        path = Path(peng_file).resolve().parent / path
    where = f"Pengaturan, kunci Logo ({Path(peng_file).name})" if peng_file else "Pengaturan"
    try:
        data = path.read_bytes()
    except OSError:
        raise TableError(f"{where}: berkas logo '{value}' tidak ditemukan atau tidak dapat "
                         f"dibaca.") from None
    if sheets.png_size(data) is None:
        raise TableError(f"{where}: berkas logo '{value}' bukan gambar PNG.")
    pengaturan[L.LOGO_KUNCI] = str(path)


def source_date() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else DEFAULT_EPOCH
    return dt.datetime.fromtimestamp(max(seconds, 315532800), tz=dt.timezone.utc).replace(tzinfo=None)


def build_openpyxl(ref: Referensi) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    password = ref.pengaturan.sandi_proteksi
    sheets.pengaturan(wb, ref)
    sheets.unit(wb, ref)
    sheets.pk(wb, ref)
    sheets.ra(wb, ref)
    sheets.disposisi(wb, ref, password)
    sheets.pembagian_tugas(wb, ref, password)
    reporting = ref.reporting_units()
    for unit in reporting:
        sheets.bahan(wb, ref, unit, password)
    langkah4 = "/".join(ref.jabatan_pemeriksa(4))
    sheets.koreksi(wb, L.KOREKSI_KASI, f"LANGKAH 4 — KOREKSI {langkah4.upper()}",
                   "Koreksi atas bahan staf; nilai staf tidak ditimpa", password)
    for unit in reporting:
        sheets.laporan(wb, ref, unit, password)
    langkah6 = "/".join(ref.jabatan_pemeriksa(6))
    sheets.koreksi(wb, L.KOREKSI_KABID, f"LANGKAH 6 — KOREKSI {langkah6.upper()}",
                   f"Koreksi atas laporan {langkah4}; berlaku setelah koreksi langkah 4",
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
    sheets.versi_kontrak(wb)
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


def tolak_timpa(path: str | Path) -> None:
    """A filled workbook is never replaced by a new one without being asked."""
    if Path(path).exists():
        raise TableError(f"Berkas {path} sudah ada; tidak ditimpa. Pakai --timpa untuk "
                         "membuatnya ulang (salinan berkas lama disimpan di folder "
                         "cadangan/), atau sebutkan nama berkas lain.")


def build_file(path: str | Path, src: Sumber | Referensi, timpa: bool = False) -> str | None:
    """Build into `path`; nothing is left behind when any step fails.  An existing
    file is replaced only with `timpa`, and then a backup is kept: return its path."""
    from ..io.safety import atomic_write, check_office_locks

    path = Path(path)
    if not timpa:
        tolak_timpa(path)
    ref = src if isinstance(src, Referensi) else load_referensi(src)
    data = build_bytes(ref)
    if path.exists():
        check_office_locks(str(path))
    return atomic_write(str(path), lambda fh: fh.write(data), backup=path.exists())


def referensi_summary(ref: Referensi) -> dict[str, Any]:
    return {"unit": len(ref.units), "unit_pelapor": len(ref.reporting_units()),
            "indikator": len(ref.indikator), "tahun": ref.tahun}
