"""The reference data of a Dinas: units, indicators (PK + RA) and settings.

Built from rows (an input table for `buat`, or the reference sheets of a workbook)
and checked on the way in; every problem names where it was found.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from . import layout as L
from . import temuan as T
from . import teks
from .io.base import Grid
from .rules import (KONVENSI_BAWAAN, TARGET_NOL, TARGET_TRIWULAN, Konvensi, Skala,
                    SKALA_BAWAAN, nilai_tampil, normal_target_nol, normal_target_triwulan,
                    parse_angka)
from .rows import Row, rows_from_grid, table_error

KODE_SINGKAT = re.compile(r"^[A-Za-z0-9-]{1,%d}$" % L.KODE_SINGKAT_MAKS)
# The longest name a unit's own sheets get (`5 Laporan <KODE>`).
_PREFIX_TERPANJANG = max((L.BAHAN_PREFIX, L.LAPORAN_PREFIX, L.KABID_PREFIX), key=len)


@functools.lru_cache(maxsize=64, typed=True)
def _konvensi_dari(tw: Any, nol: Any) -> Konvensi:
    """The convention named by two settings' values (a pure function: asked once per
    indicator per report, with a handful of distinct values in a workbook)."""
    try:
        return Konvensi(normal_target_triwulan(tw), normal_target_nol(nol))
    except ValueError:
        return KONVENSI_BAWAAN


@dataclass
class Unit:
    kode: str
    nama: str
    jenis: str
    induk: str | None
    kode_singkat: str
    nama_pejabat: str | None = None
    nip: str | None = None
    jabatan: str | None = None
    jabatan_pemeriksa: str | None = None

    @property
    def is_induk(self) -> bool:
        """A top unit (no Induk): it has a `7 Kabid` sheet and a decision of the head
        of the office, whatever its Jenis."""
        return not self.induk

    @property
    def pemeriksa(self) -> str:
        """Title of who reviews this unit's data (step 4; step 6 for a top unit)."""
        return self.jabatan_pemeriksa or L.JABATAN_PEMERIKSA_BAWAAN.get(self.jenis, "Pemeriksa")


@dataclass
class Indikator:
    kode: str
    level: str
    unit: str
    sasaran: str | None
    nama: str
    satuan: str
    arah: str
    agregasi: str
    target_tahunan: float | None
    pagu: float | None = None
    realisasi_tahun_lalu: float | None = None
    target_renstra: float | None = None
    rencana_aksi: str | None = None
    target_tw: list[float | None] = field(default_factory=lambda: [None] * 4)
    kode_esakip: str | None = None
    # The target conventions of this indicator when they differ from Pengaturan.
    target_triwulan: str | None = None
    target_nol: str | None = None
    # After a PK Perubahan: the annual target as first signed, and the revision's date
    # (as the PK sheet holds it); None while the PK was never revised.
    target_awal: float | None = None
    tanggal_perubahan: Any = None

    @property
    def berubah(self) -> bool:
        """Whether a PK Perubahan was recorded for this indicator."""
        return self.tanggal_perubahan is not None


_KUNCI_SAH = frozenset(L.SETTING_KEYS)


def _teks_pengaturan(value: Any) -> str | None:
    """A text setting as written (a whole number typed into the cell without its
    trailing .0); None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


class _Teks:
    """A text setting as an attribute of `Pengaturan`: its text, None when empty (with
    `tanggal`, a date cell stays a date)."""

    def __init__(self, kunci: str, tanggal: bool = False) -> None:
        self.kunci, self.tanggal = kunci, tanggal

    def __get__(self, obj: "Pengaturan | None", owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.nilai(self.kunci)
        return value if self.tanggal else _teks_pengaturan(value)


class Pengaturan(dict):
    """The values of `Pengaturan` by key, as read (a dict), and each setting as a typed
    attribute: `ref.pengaturan.tahun` (int), `.triwulan_aktif` (int), `.ambang_rendah`
    (float), `.cetak_kop` (bool), `.instansi` (text or None) ….  An empty value (None or
    blank text) reads as the setting's fallback; `nilai(kunci)` refuses a key
    layout.SETTINGS does not have, so a renamed setting never falls back silently.
    `ATRIBUT` names the attribute of every key (a test keeps it whole)."""

    ATRIBUT = {
        L.PEMERINTAH_KUNCI: "pemerintah", L.INSTANSI_KUNCI: "instansi",
        L.ALAMAT_KUNCI: "alamat", L.TAHUN_KUNCI: "tahun",
        L.TRIWULAN_AKTIF_KUNCI: "triwulan_aktif", L.TEMPAT_KUNCI: "tempat",
        L.TANGGAL_LAPORAN_KUNCI: "tanggal_laporan", L.NOMOR_SOP_KUNCI: "nomor_sop",
        L.TANGGAL_PEMBUATAN_SOP_KUNCI: "tanggal_pembuatan_sop",
        L.TANGGAL_REVISI_SOP_KUNCI: "tanggal_revisi_sop",
        L.TANGGAL_PENGESAHAN_SOP_KUNCI: "tanggal_pengesahan_sop",
        L.DISAHKAN_OLEH_KUNCI: "disahkan_oleh", L.SERTIFIKAT_TTE_KUNCI: "sertifikat_tte",
        L.JABATAN_PENANDATANGAN_KUNCI: "jabatan_penandatangan",
        L.STATUS_PENANDATANGAN_KUNCI: "status_penandatangan",
        L.NAMA_PENANDATANGAN_KUNCI: "nama_penandatangan",
        L.PANGKAT_PENANDATANGAN_KUNCI: "pangkat_penandatangan",
        L.NIP_PENANDATANGAN_KUNCI: "nip_penandatangan", L.CETAK_KOP_KUNCI: "cetak_kop",
        L.LOGO_KUNCI: "logo", L.RUMUS_KUNCI: "rumus_negatif",
        L.AMBANG_RENDAH_KUNCI: "ambang_rendah", L.AMBANG_TINGGI_KUNCI: "ambang_tinggi",
        L.SANDI_PROTEKSI_KUNCI: "sandi_proteksi", L.JABATAN_KEPALA_KUNCI: "jabatan_kepala",
        L.TARGET_TRIWULAN_KUNCI: "target_triwulan", L.TARGET_NOL_KUNCI: "target_nol",
    }

    def nilai(self, kunci: str, default: Any = None) -> Any:
        """A setting by its key as layout.SETTINGS names it, as the cell holds it;
        `default` when empty.  A key not there is a programming error."""
        if kunci not in _KUNCI_SAH:
            raise KeyError(f"kunci Pengaturan tidak dikenal: {kunci!r} (lihat layout.SETTINGS)")
        value = self.get(kunci)
        if value is None or (isinstance(value, str) and not value.strip()):
            return default
        return value

    # --- the letterhead, the report and its signatory (text; None when empty) ---------
    pemerintah = _Teks(L.PEMERINTAH_KUNCI)
    instansi = _Teks(L.INSTANSI_KUNCI)
    alamat = _Teks(L.ALAMAT_KUNCI)
    tempat = _Teks(L.TEMPAT_KUNCI)
    jabatan_penandatangan = _Teks(L.JABATAN_PENANDATANGAN_KUNCI)
    status_penandatangan = _Teks(L.STATUS_PENANDATANGAN_KUNCI)
    nama_penandatangan = _Teks(L.NAMA_PENANDATANGAN_KUNCI)
    pangkat_penandatangan = _Teks(L.PANGKAT_PENANDATANGAN_KUNCI)
    nip_penandatangan = _Teks(L.NIP_PENANDATANGAN_KUNCI)
    logo = _Teks(L.LOGO_KUNCI)

    @property
    def tanggal_laporan(self) -> dt.date | None:
        """The report's date when one is set (a date cell or text); None: the day the
        report is made."""
        return teks.parse_tanggal(self.nilai(L.TANGGAL_LAPORAN_KUNCI))

    @property
    def cetak_kop(self) -> bool:
        """Whether reports print the letterhead ("Tidak" leaves the space for
        letterhead paper)."""
        value = str(self.nilai(L.CETAK_KOP_KUNCI, L.YA)).strip().casefold()
        return value not in (L.TIDAK.casefold(), "no", "0")

    # --- the SOP's identity (text, the dates also a date cell; None when empty) -------
    nomor_sop = _Teks(L.NOMOR_SOP_KUNCI)
    tanggal_pembuatan_sop = _Teks(L.TANGGAL_PEMBUATAN_SOP_KUNCI, tanggal=True)
    tanggal_revisi_sop = _Teks(L.TANGGAL_REVISI_SOP_KUNCI, tanggal=True)
    tanggal_pengesahan_sop = _Teks(L.TANGGAL_PENGESAHAN_SOP_KUNCI, tanggal=True)
    disahkan_oleh = _Teks(L.DISAHKAN_OLEH_KUNCI)

    # --- the period ------------------------------------------------------------------
    @property
    def tahun(self) -> int:
        """The performance year; 0 when empty."""
        return int(float(self.nilai(L.TAHUN_KUNCI, 0) or 0))

    @property
    def triwulan_aktif(self) -> int:
        """Triwulan aktif (1, "2", "II", "TW III"); 1 when empty or unreadable."""
        return L.baca_tw(self.nilai(L.TRIWULAN_AKTIF_KUNCI, 1)) or 1

    # --- the rules ------------------------------------------------------------------
    @property
    def rumus_negatif(self) -> str:
        """The formula for negative indicators; the default when empty or unknown."""
        value = str(self.nilai(L.RUMUS_KUNCI, L.RUMUS_BAWAAN)).strip().upper()
        return value if value in L.RUMUS_NEGATIF else L.RUMUS_BAWAAN

    def _ambang(self, kunci: str, default: float) -> float:
        value = parse_angka(self.nilai(kunci, default)).nilai
        return default if value is None else value

    @property
    def ambang_rendah(self) -> float:
        """Below this capaian a row needs inhibiting factors and follow-up."""
        return self._ambang(L.AMBANG_RENDAH_KUNCI, L.AMBANG_RENDAH)

    @property
    def ambang_tinggi(self) -> float:
        """Above this capaian a row needs an explanation."""
        return self._ambang(L.AMBANG_TINGGI_KUNCI, L.AMBANG_TINGGI)

    @property
    def target_triwulan(self) -> str:
        """The quarterly-target convention of indicators whose PK row names none."""
        return self.nilai(L.TARGET_TRIWULAN_KUNCI, L.TARGET_TW_RA)

    @property
    def target_nol(self) -> str:
        """What a target of 0 means for indicators whose PK row names none."""
        return self.nilai(L.TARGET_NOL_KUNCI, L.TARGET_NOL_NOL)

    # --- people and the workbook -----------------------------------------------------
    @property
    def jabatan_kepala(self) -> str:
        """Title of the head of the office (who decides in step 8)."""
        return str(self.nilai(L.JABATAN_KEPALA_KUNCI, L.JABATAN_KEPALA_BAWAAN)).strip()

    sandi_proteksi = _Teks(L.SANDI_PROTEKSI_KUNCI)
    sertifikat_tte = _Teks(L.SERTIFIKAT_TTE_KUNCI)


@dataclass
class Referensi:
    units: dict[str, Unit]
    indikator: list[Indikator]
    pengaturan: Pengaturan   # a plain dict given is read as one
    skala: Skala = SKALA_BAWAAN
    # What reading the input tables found worth saying (buat): notes and peringatan.
    catatan_masukan: list[str] = field(default_factory=list)
    temuan_masukan: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not isinstance(self.pengaturan, Pengaturan):
            self.pengaturan = Pengaturan(self.pengaturan)

    # --- lookups ---------------------------------------------------------
    def unit_of(self, ind: Indikator) -> Unit:
        return self.units[ind.unit]

    def bidang_of(self, unit: Unit) -> Unit:
        """The top unit a unit belongs to, up its Induk chain (itself for a top unit).
        The chain was checked to end when the table was read; a loop stops where it
        closes rather than hang."""
        seen = {unit.kode}
        while unit.induk and unit.induk in self.units and unit.induk not in seen:
            unit = self.units[unit.induk]
            seen.add(unit.kode)
        return unit

    def induk_units(self) -> list[Unit]:
        return [u for u in self.units.values() if u.is_induk]

    def reporting_units(self) -> list[Unit]:
        """Units that report at least one indicator, in Unit-sheet order."""
        used = {i.unit for i in self.indikator}
        return [u for u in self.units.values() if u.kode in used]

    def indikator_of_unit(self, unit: Unit) -> list[Indikator]:
        return [i for i in self.indikator if i.unit == unit.kode]

    def indikator_of_bidang(self, bidang: Unit) -> list[Indikator]:
        # each unit's top unit once, not once per indicator
        top = {k: self.bidang_of(u).kode for k, u in self.units.items()}
        return [i for i in self.indikator if top[i.unit] == bidang.kode]

    def pengaturan_kosong(self) -> list[str]:
        """Letterhead and signatory keys still empty (L.SETTING_KOP)."""
        return [k for k in L.SETTING_KOP if self.setting(k) is None]

    def setting(self, kunci: str, default: Any = None) -> Any:
        """A setting by its key, as the cell holds it (`Pengaturan.nilai`); code that
        knows which setting it wants reads its typed attribute on `pengaturan`."""
        return self.pengaturan.nilai(kunci, default)

    @property
    def tahun(self) -> int:
        return self.pengaturan.tahun

    @property
    def kepala(self) -> str:
        """Title of the head of the office (who decides in step 8)."""
        return self.pengaturan.jabatan_kepala

    def pemeriksa_langkah4(self, unit: Unit) -> str:
        return unit.pemeriksa

    def pemeriksa_langkah6(self, unit: Unit) -> str:
        return self.bidang_of(unit).pemeriksa

    def jabatan_pemeriksa(self, langkah: int) -> list[str]:
        """The reviewers' titles of a step, once each in Unit order (for the titles of
        the step sheets): step 4 the heads of reporting units, step 6 of top units."""
        if langkah == 4:
            units = self.reporting_units()
            # The heads of units under another; top units only where there are none.
            units = [u for u in units if u.induk] or units
            titles = [self.pemeriksa_langkah4(u) for u in units]
        else:
            titles = [u.pemeriksa for u in self.induk_units()]
        return list(dict.fromkeys(titles))

    def konvensi(self, ind: Indikator) -> Konvensi:
        """The indicator's own convention where PK gives one, else Pengaturan's (both
        checked when read)."""
        tw = ind.target_triwulan or self.pengaturan.target_triwulan
        nol = ind.target_nol or self.pengaturan.target_nol
        return _konvensi_dari(tw, nol)

    @property
    def rumus_negatif(self) -> str:
        return self.pengaturan.rumus_negatif

    def triwulan_aktif(self) -> int:
        """Pengaturan's "Triwulan aktif" (1, "2", "II", "TW III"); 1 when unreadable."""
        return self.pengaturan.triwulan_aktif

    def triwulan(self, diminta: int | None) -> int:
        """The quarter a command works on: the one asked for (`--triwulan`), else
        Triwulan aktif.  The one place the default quarter is decided."""
        return diminta or self.triwulan_aktif()


# --- building from rows ------------------------------------------------------
class Problems:
    """Collects every problem of a table, as catalogue findings naming file, sheet and
    cell, so a person can fix them in one go."""

    def __init__(self) -> None:
        self.items: list[T.Temuan] = []

    def add(self, row: Row, header: str | None, kode_temuan: str, kode: str | None = None,
            **isi: object) -> None:
        self.items.append(row.temuan(header, kode_temuan, kode=kode, **isi))

    def raise_if_any(self, title: str) -> None:
        if self.items:
            raise table_error(title, self.items)


def _number(row: Row, header: str, problems: Problems, required: bool = False,
            satuan: Any = None) -> float | None:
    raw = row.get(header)
    if raw is None:
        if required:
            problems.add(row, header, "isian_wajib_kosong", kolom=header)
        return None
    angka = parse_angka(nilai_tampil(raw, satuan))
    if angka.masalah == "tanda_strip":
        problems.add(row, header, "tanda_strip")
        return None
    if angka.masalah == "bukan_angka" or angka.nilai is None:
        problems.add(row, header, "bukan_angka", teks=raw)
        return None
    if angka.nilai < 0:
        problems.add(row, header, "nilai_negatif", teks=raw)
    return angka.nilai


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _choice(row: Row, header: str, choices: Sequence[str], problems: Problems) -> str | None:
    value = _text(row.get(header))
    if value is None:
        problems.add(row, header, "isian_wajib_kosong", kolom=header)
        return None
    for choice in choices:
        if value.casefold() == choice.casefold():
            return choice
    problems.add(row, header, "isian_tidak_sah", teks=value, kolom=header,
                 pilihan=" / ".join(choices))
    return None


def units_from_rows(rows: list[Row]) -> dict[str, Unit]:
    problems = Problems()
    units: dict[str, Unit] = {}
    short_seen: dict[str, Row] = {}
    for row in rows:
        kode = _text(row.get(L.KODE_UNIT_H))
        if kode is None:
            problems.add(row, L.KODE_UNIT_H, "isian_wajib_kosong", kolom=L.KODE_UNIT_H)
            continue
        if kode in units:
            problems.add(row, L.KODE_UNIT_H, "isian_ganda", kolom=L.KODE_UNIT_H, teks=kode)
            continue
        jenis = _choice(row, L.JENIS_H, L.JENIS_UNIT, problems)
        singkat = _text(row.get(L.KODE_SINGKAT_H))
        if singkat is None:
            problems.add(row, L.KODE_SINGKAT_H, "isian_wajib_kosong", kolom=L.KODE_SINGKAT_H)
        elif not KODE_SINGKAT.match(singkat):
            problems.add(row, L.KODE_SINGKAT_H, "isian_tidak_sah", teks=singkat,
                         kolom=L.KODE_SINGKAT_H,
                         pilihan=f"1–{L.KODE_SINGKAT_MAKS} huruf, angka atau '-'")
        elif len(_PREFIX_TERPANJANG + singkat) > L.NAMA_LEMBAR_MAKS:
            # Never cut a sheet name short: two units could end up on one sheet.
            problems.add(row, L.KODE_SINGKAT_H, "isian_tidak_sah", teks=singkat,
                         kolom=L.KODE_SINGKAT_H,
                         pilihan=f"kode yang membuat nama lembar '{_PREFIX_TERPANJANG}…' "
                         f"paling panjang {L.NAMA_LEMBAR_MAKS} karakter (batas Excel)")
        elif singkat.upper() in short_seen:
            problems.add(row, L.KODE_SINGKAT_H, "isian_ganda", kolom=L.KODE_SINGKAT_H,
                         teks=singkat)
        else:
            short_seen[singkat.upper()] = row
        nama = _text(row.get(L.NAMA_UNIT_H))
        if nama is None:
            problems.add(row, L.NAMA_UNIT_H, "isian_wajib_kosong", kolom=L.NAMA_UNIT_H)
        nip = _text(row.get(L.NIP_H))
        units[kode] = Unit(kode, nama or kode, jenis or "Seksi", _text(row.get(L.INDUK_H)),
                           singkat or kode, _text(row.get(L.NAMA_PEJABAT_H)), nip,
                           _text(row.get(L.JABATAN_H)), _text(row.get(L.JABATAN_PEMERIKSA_H)))
        units[kode]._row = row  # type: ignore[attr-defined]
    for unit in units.values():
        row = unit._row  # type: ignore[attr-defined]
        if unit.induk and unit.induk not in units:
            problems.add(row, L.INDUK_H, "unit_tidak_dikenal", unit=unit.induk)
        elif unit.induk and (rantai := _melingkar(unit, units)):
            problems.add(row, L.INDUK_H, "isian_tidak_sah", teks=unit.induk, kolom=L.INDUK_H,
                         pilihan="unit yang rantai Induk-nya berujung pada unit tanpa Induk "
                         f"(rantai {' → '.join(rantai)} melingkar)")
    problems.raise_if_any("Tabel Unit bermasalah:")
    return units


def _melingkar(unit: Unit, units: dict[str, Unit]) -> list[str]:
    """The Induk chain up to the first unit met twice; empty when it ends at a unit
    without Induk (or at one missing from the table, reported on its own row)."""
    rantai = [unit.kode]
    induk = unit.induk
    while induk and induk in units:
        rantai.append(induk)
        if induk in rantai[:-1]:
            return rantai
        induk = units[induk].induk
    return []


_PILIHAN_KONVENSI = {normal_target_triwulan: (L.TARGET_TRIWULAN_KUNCI, TARGET_TRIWULAN),
                     normal_target_nol: (L.TARGET_NOL_KUNCI, TARGET_NOL)}


def _konvensi(row: Row, header: str, normal, problems: Problems) -> str | None:
    value = _text(row.get(header))
    if value is None:
        return None
    try:
        return normal(value)
    except ValueError:
        kolom, pilihan = _PILIHAN_KONVENSI[normal]
        problems.add(row, header, "isian_tidak_sah", teks=value, kolom=kolom,
                     pilihan=" / ".join(pilihan))
        return None


def indikator_from_rows(pk_rows: list[Row], ra_rows: list[Row],
                        units: dict[str, Unit]) -> list[Indikator]:
    problems = Problems()
    result: dict[str, Indikator] = {}
    for row in pk_rows:
        kode = _text(row.get(L.KODE_H))
        if kode is None:
            problems.add(row, L.KODE_H, "isian_wajib_kosong", kolom=L.KODE_H)
            continue
        if kode in result:
            problems.add(row, L.KODE_H, "kode_ganda", kode=kode)
            continue
        unit = _text(row.get(L.UNIT_H))
        if unit is None:
            problems.add(row, L.UNIT_H, "isian_wajib_kosong", kode=kode, kolom=L.UNIT_H)
        elif unit not in units:
            problems.add(row, L.UNIT_H, "unit_tidak_dikenal", kode=kode, unit=unit)
        nama = _text(row.get(L.INDIKATOR_H))
        if nama is None:
            problems.add(row, L.INDIKATOR_H, "isian_wajib_kosong", kode=kode, kolom=L.INDIKATOR_H)
        satuan = _text(row.get(L.SATUAN_H))
        if satuan is None:
            problems.add(row, L.SATUAN_H, "isian_wajib_kosong", kode=kode, kolom=L.SATUAN_H)
        result[kode] = Indikator(
            kode=kode,
            level=_choice(row, L.LEVEL_H, L.LEVEL_PK, problems) or "Seksi",
            unit=unit or "",
            sasaran=_text(row.get(L.SASARAN_H)),
            nama=nama or kode,
            satuan=satuan or "",
            arah=_choice(row, L.ARAH_H, L.ARAH, problems) or L.POSITIF,
            agregasi=_choice(row, L.AGREGASI_H, L.AGREGASI, problems) or L.JUMLAH,
            target_tahunan=_number(row, L.TARGET_TAHUNAN_H, problems, required=True,
                                   satuan=satuan),
            pagu=_number(row, L.PAGU_ANGGARAN_H, problems),
            realisasi_tahun_lalu=_number(row, L.REALISASI_TAHUN_LALU_H, problems, satuan=satuan),
            target_renstra=_number(row, L.TARGET_AKHIR_RENSTRA_H, problems, satuan=satuan),
            kode_esakip=_text(row.get(L.KODE_ESAKIP_H)),
            target_triwulan=_konvensi(row, L.TARGET_TRIWULAN_KUNCI, normal_target_triwulan,
                                      problems),
            target_nol=_konvensi(row, L.TARGET_NOL_KUNCI, normal_target_nol, problems),
            target_awal=_number(row, L.TARGET_AWAL_H, problems, satuan=satuan),
            tanggal_perubahan=row.get(L.TANGGAL_PERUBAHAN_H),
        )
    esakip: set[str] = set()
    for row in pk_rows:
        kode_esakip = _text(row.get(L.KODE_ESAKIP_H))
        if kode_esakip is not None and kode_esakip in esakip:
            problems.add(row, L.KODE_ESAKIP_H, "isian_ganda", kolom=L.KODE_ESAKIP_H,
                         teks=kode_esakip)
        elif kode_esakip is not None:
            esakip.add(kode_esakip)
    seen_ra: set[str] = set()
    for row in ra_rows:
        kode = _text(row.get(L.KODE_H))
        if kode is None:
            problems.add(row, L.KODE_H, "isian_wajib_kosong", kolom=L.KODE_H)
            continue
        if kode not in result:
            problems.add(row, L.KODE_H, "kode_tidak_dikenal", kode=kode)
            continue
        if kode in seen_ra:
            problems.add(row, L.KODE_H, "kode_ganda", kode=kode)
            continue
        seen_ra.add(kode)
        ind = result[kode]
        ind.rencana_aksi = _text(row.get(L.RENCANA_AKSI_H))
        ind.target_tw = [_number(row, L.target_h(n), problems, satuan=ind.satuan)
                         for n in L.TRIWULAN]
    problems.raise_if_any("Tabel PK/RA bermasalah:")
    return list(result.values())


_NORMAL_SETTING = {L.TARGET_TRIWULAN_KUNCI: normal_target_triwulan,
                   L.TARGET_NOL_KUNCI: normal_target_nol}


def pengaturan_from_rows(rows: list[Row], contoh: bool = True) -> Pengaturan:
    """Kunci/Nilai rows over the defaults; an unknown key is an error (a typo
    would otherwise be silently ignored).  `contoh=False`: the sample Dinas's own
    values (L.SETTING_CONTOH) start empty instead."""
    problems = Problems()
    values: dict[str, Any] = {s.kunci: (None if not contoh and s.kunci in L.SETTING_CONTOH
                                        else s.bawaan) for s in L.SETTINGS}
    known = {k.casefold(): k for k in L.SETTING_KEYS}
    for row in rows:
        kunci = _text(row.get(L.KUNCI_H))
        if kunci is None:
            continue
        key = known.get(kunci.casefold())
        if key is None:
            problems.add(row, L.KUNCI_H, "isian_tidak_sah", teks=kunci, kolom=L.KUNCI_H,
                         pilihan=", ".join(L.SETTING_KEYS))
            continue
        values[key] = row.get(L.NILAI_H)
        normal = _NORMAL_SETTING.get(key)
        if normal is not None and _text(values[key]) is not None:
            values[key] = _konvensi(row, L.NILAI_H, normal, problems)
    problems.raise_if_any("Tabel Pengaturan bermasalah:")
    return Pengaturan(values)


def pengaturan_from_grid(grid: Grid) -> Pengaturan:
    """The settings of a workbook's `Pengaturan` sheet (the one reader of that sheet)."""
    return pengaturan_from_rows(rows_from_grid(grid, L.REF_HEADER_ROW, L.PENGATURAN_REQUIRED,
                                               L.PENGATURAN_REQUIRED, L.PENGATURAN, True))
