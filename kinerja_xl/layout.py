"""The workbook contract: sheet names, header strings and where things sit.

The builder, both adapters and every operation read this module, so each header
string, column width and number format lives here and nowhere else.  A sheet's
columns are `Column` objects in a `Columns` table; code asks a table for a column by
header (`LAPORAN.col(INDIKATOR_H)`) and builds rows by header (`LAPORAN.row({...})`),
which fails on a header the table does not have instead of dropping the value.

Every name of the contract is a constant here, written once and used by name
everywhere else (see "names" below for the scheme): sheet names bare (`PK`,
`BAHAN_PREFIX`), headers `<WORDS>_H` (`KODE_H`) or a quarter's header function
(`target_h(n)`), setting keys `<WORDS>_KUNCI` (`TAHUN_KUNCI`), status words by what they
say (`STATUS_DRAF`, `DISETUJUI`), a quarter's name `tw(n)`.

The rule vocabulary (directions, aggregations, negative formulas, default thresholds
and predicate scale) belongs to `rules`; this module re-exports what sheets need.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from .rules import (AGREGASI, AMBANG_RENDAH, AMBANG_TINGGI, ARAH,  # noqa: F401 (re-exported)
                    JUMLAH, NEGATIF, POSITIF, RUMUS, RUMUS_BAWAAN, RUMUS_TR, TARGET_NOL,
                    TARGET_NOL_NOL, TARGET_NOL_TIDAK_DIUKUR, TARGET_TRIWULAN, TARGET_TW_RA,
                    TARGET_TW_TAHUNAN)

TRIWULAN = (1, 2, 3, 4)
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


def tw(n: int) -> str:
    """'TW I' … 'TW IV'."""
    return f"TW {ROMAWI[n]}"


def target_h(n: int) -> str:
    """A quarter's target (the RA sheet, the staff sheet, the reports)."""
    return f"Target {tw(n)}"


# A quarter as people write it: 2, "2", "2,0", "II", "TW II", "TW-2", "Triwulan 2",
# "Triwulan ke-2", "Trw. II", "Q2".  The one reader of a quarter, for settings, step
# sheets and table cells alike.
_TW_TEKS = re.compile(r"(?:(?:tri\s*wulan|trw|tw|q)\.?\s*(?:ke\s*)?[-.]?\s*)?"
                      r"(iv|iii|ii|i|[1-4])(?:[.,]0+)?", re.IGNORECASE)
_TW_ANGKA = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


# ... and as a period of months ("Januari - Maret", "Jan-Mar", "April s.d. Juni"), or
# with its year ("IV/2026", "TW II 2026", "Triwulan III Tahun 2026").
_TW_BULAN = {("jan", "mar"): 1, ("apr", "jun"): 2, ("jul", "sep"): 3, ("okt", "des"): 4,
             ("oct", "dec"): 4}
_TW_BULAN_TEKS = re.compile(r"([a-z]{3})[a-z]*\s*(?:-|–|s\.?\s*d\.?|sampai(?: dengan)?)\s*"
                            r"([a-z]{3})[a-z]*(?:\s+\d{4})?", re.IGNORECASE)
_TW_TAHUN = re.compile(r"(.+?)\s*(?:/|\s)\s*(?:tahun\s+)?(?:19|20)\d\d", re.IGNORECASE)


def baca_tw(value: Any) -> int | None:
    """The quarter (1–4) a value names; None when it names none (5, 2.5, "V", "")."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and 1 <= value <= 4 else None
    text = " ".join(str(value).replace("_", " ").split())
    m = _TW_TEKS.fullmatch(text)
    if m is None and (y := _TW_TAHUN.fullmatch(text)):
        m = _TW_TEKS.fullmatch(y.group(1))
    if m:
        return _TW_ANGKA[m.group(1).casefold()]
    b = _TW_BULAN_TEKS.fullmatch(text)
    return _TW_BULAN.get((b.group(1).casefold(), b.group(2).casefold())) if b else None


# --- the contract's version ------------------------------------------------------
# The version of this contract a workbook was built with, kept in the workbook as the
# defined name `NAMA_VERSI` (no sheet, nothing to see).  Raise VERSI_KONTRAK by one
# whenever a change in this module (a sheet name, a header, where a table sits) would
# make a workbook built before it read differently, and add the step that brings such
# a workbook up to date to `ops/inti/migrasi.py` (`LANGKAH`).  A workbook without the name
# was built before versions were recorded: it follows version 1.
VERSI_KONTRAK = 1
VERSI_PERTAMA = 1
NAMA_VERSI = "_kinerja"

# --- sheet names -----------------------------------------------------------
PENGATURAN = "Pengaturan"
UNIT = "Unit"
PK = "PK"
RA = "RA"
DISPOSISI = "1 Disposisi"
PEMBAGIAN_TUGAS = "2 Pembagian Tugas"
BAHAN_PREFIX = "3 Bahan "
KOREKSI_KASI = "4 Koreksi Kasi"
LAPORAN_PREFIX = "5 Laporan "
KOREKSI_KABID = "6 Koreksi Kabid"
KABID_PREFIX = "7 Kabid "
PEMERIKSAAN_KADIN = "8 Pemeriksaan Kadin"
REKAP_PREFIX = "9 Rekap "
REKAP_TAHUNAN = "9 Rekap Tahunan"
STATUS_SOP = "Status SOP"
TEMUAN = "Temuan"
RIWAYAT = "Riwayat"
XLWINGS_CONF = "xlwings.conf"


def bahan(kode_singkat: str) -> str:
    return BAHAN_PREFIX + kode_singkat


def laporan(kode_singkat: str) -> str:
    return LAPORAN_PREFIX + kode_singkat


def kabid(kode_singkat: str) -> str:
    return KABID_PREFIX + kode_singkat


def rekap_tw(n: int) -> str:
    return REKAP_PREFIX + tw(n)


REKAP_SHEETS = tuple(rekap_tw(n) for n in TRIWULAN) + (REKAP_TAHUNAN,)

# Number formats.  The locale tag makes LibreOffice show a decimal comma; Excel takes
# separators from Windows (the PDF export sets them for the run).
FMT_DESIMAL = "[$-421]#,##0.00"
FMT_ANGKA = "[$-421]#,##0.##"
FMT_WAKTU = "dd/mm/yyyy hh:mm"
FMT_TANGGAL = "dd/mm/yyyy"
FMT_TEKS = "@"
FMT_RUPIAH = "#,##0"
FMT_CAPAIAN_PRATINJAU = "0.00"
FMT_MENIT = "0"
# Percent values are percent points: 75 shows as "75 %", never 7500 %.
FMT_PERSEN_POIN = '0.## " %"'


def satuan_format(satuan: str, input: bool = False) -> str:
    """Number format of a target or realisation cell, which follows the unit of the
    indicator (a column of the staff sheet holds every unit, so it is set per cell).

    A cell people type into stays General even where the unit is %: typing `25%` (or
    `25 %`) into a General cell makes Excel and LibreOffice store 0.25 and switch the
    cell to their own percent format, which the readers take as 25 (`nilai.Persen`,
    `rules.nilai_tampil`); `25` stays 25.  A literal `" %"` suffix would keep the
    program's format, so `25%` would be stored and shown as 0,25."""
    return FMT_PERSEN_POIN if satuan.strip() == "%" and not input else "General"


# --- columns -------------------------------------------------------------------
# Kinds of column: what a cell holds, which decides how it is styled and read.
TEXT = "text"
NUMBER = "number"
PERCENT = "percent"    # a capaian in percent points
DATE = "date"          # a date-time
MARKER = "marker"      # hidden text telling what a report row is


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    `fmt` None on a number column of the staff sheet means "by the indicator's unit"
    (see `satuan_format`).  `input`: people type into it (unlocked where the sheet is
    protected).  `wrap`: long text folds inside the cell."""
    header: str
    width: float | None = None
    kind: str = TEXT
    fmt: str | None = None
    input: bool = False
    wrap: bool = False


def text(header: str, width: float | None = None, *, input: bool = False,
         wrap: bool = True, fmt: str | None = None) -> Column:
    return Column(header, width, TEXT, fmt, input, wrap)


def number(header: str, width: float | None = None, fmt: str | None = FMT_ANGKA, *,
           input: bool = False) -> Column:
    return Column(header, width, NUMBER, fmt, input)


def percent(header: str, width: float | None = None, fmt: str = FMT_DESIMAL) -> Column:
    return Column(header, width, PERCENT, fmt)


def date(header: str, width: float | None = None, fmt: str = FMT_WAKTU, *,
         input: bool = False) -> Column:
    return Column(header, width, DATE, fmt, input)


class Columns:
    """The columns of one table in order, looked up by header."""

    def __init__(self, name: str, *columns: Column):
        self.name = name
        self.columns: tuple[Column, ...] = tuple(columns)
        self._index: dict[str, int] = {}
        for i, c in enumerate(self.columns, start=1):
            if c.header in self._index:
                raise ValueError(f"{name}: header {c.header!r} appears twice")
            self._index[c.header] = i

    def __len__(self) -> int:
        return len(self.columns)

    def __iter__(self) -> Iterator[Column]:
        return iter(self.columns)

    def __contains__(self, header: object) -> bool:
        return header in self._index

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    def col(self, header: str) -> int:
        """1-based column of `header`; KeyError when the table has no such column."""
        try:
            return self._index[header]
        except KeyError:
            raise KeyError(f"{self.name} has no column {header!r}") from None

    def column(self, header: str) -> Column:
        return self.columns[self.col(header) - 1]

    def row(self, values: Mapping[str, Any] | None = None, /, **named: Any) -> list[Any]:
        """A full-width row with each value under its header; None elsewhere.  An
        unknown header raises KeyError, so no value is ever dropped."""
        out: list[Any] = [None] * len(self.columns)
        for header, value in {**(values or {}), **named}.items():
            out[self.col(header) - 1] = value
        return out


# --- names -------------------------------------------------------------------------
# Every name of the contract is written once, here, and used by its constant
# everywhere else (tests/test_nama_kontrak.py fails on a literal one outside this
# module and `rules`):
#   sheet names       bare:              PENGATURAN, UNIT, RIWAYAT, BAHAN_PREFIX …
#   column headers    `<WORDS>_H`:       KODE_H = "Kode", KODE_UNIT_H = "Kode unit";
#                     a quarter's header by its function, `target_h(n)` …
#   setting keys      `<WORDS>_KUNCI`:   TAHUN_KUNCI = "Tahun" (`SETTINGS` below);
#                     `model.Pengaturan` reads each as a typed attribute
#   status words      by what they say:  STATUS_DRAF, DISETUJUI, SELESAI …
#   quarter names     `tw(n)`:           "TW I" … "TW IV"
# `(%)` in a header is `PERSEN`, `s.d.` is `SD`.  One word may be two names when it
# means two things (the setting "Tahun" and the flat table's column "Tahun"); a setting
# that is also a PK column by design has one string (TARGET_TRIWULAN_H).

# Setting keys of Pengaturan, in the order of its rows (`SETTINGS`).
PEMERINTAH_KUNCI = "Pemerintah"
INSTANSI_KUNCI = "Instansi"
ALAMAT_KUNCI = "Alamat"
TAHUN_KUNCI = "Tahun"
TRIWULAN_AKTIF_KUNCI = "Triwulan aktif"
TEMPAT_KUNCI = "Tempat"
TANGGAL_LAPORAN_KUNCI = "Tanggal laporan"
NOMOR_SOP_KUNCI = "Nomor SOP"
TANGGAL_PEMBUATAN_SOP_KUNCI = "Tanggal pembuatan SOP"
TANGGAL_REVISI_SOP_KUNCI = "Tanggal revisi SOP"
TANGGAL_PENGESAHAN_SOP_KUNCI = "Tanggal pengesahan SOP"
DISAHKAN_OLEH_KUNCI = "Disahkan oleh"
SERTIFIKAT_TTE_KUNCI = "Sertifikat TTE"
JABATAN_PENANDATANGAN_KUNCI = "Jabatan penandatangan"
STATUS_PENANDATANGAN_KUNCI = "Status penandatangan"
NAMA_PENANDATANGAN_KUNCI = "Nama penandatangan"
PANGKAT_PENANDATANGAN_KUNCI = "Pangkat/golongan penandatangan"
NIP_PENANDATANGAN_KUNCI = "NIP penandatangan"
CETAK_KOP_KUNCI = "Cetak kop"
LOGO_KUNCI = "Logo"
RUMUS_KUNCI = "Rumus indikator negatif"
AMBANG_RENDAH_KUNCI = "Ambang capaian rendah"
AMBANG_TINGGI_KUNCI = "Ambang capaian tinggi"
SANDI_PROTEKSI_KUNCI = "Sandi proteksi"
JABATAN_KEPALA_KUNCI = "Jabatan kepala"
# The target conventions: the same words are the keys of Pengaturan and the optional
# PK columns that override them per indicator.
TARGET_TRIWULAN_KUNCI = "Target triwulan"
TARGET_NOL_KUNCI = "Target 0 berarti"

# Column headers, table by table in the order they first appear below.
# Unit
KODE_UNIT_H = "Kode unit"
NAMA_UNIT_H = "Nama unit"
JENIS_H = "Jenis"
INDUK_H = "Induk"
KODE_SINGKAT_H = "Kode singkat"
NAMA_PEJABAT_H = "Nama pejabat"
NIP_H = "NIP"
JABATAN_H = "Jabatan"
JABATAN_PEMERIKSA_H = "Jabatan pemeriksa"
# PK, RA
KODE_H = "Kode"
LEVEL_H = "Level"
UNIT_H = "Unit"
SASARAN_H = "Sasaran"
INDIKATOR_H = "Indikator"
SATUAN_H = "Satuan"
ARAH_H = "Arah"
AGREGASI_H = "Agregasi"
TARGET_TAHUNAN_H = "Target tahunan"
PAGU_ANGGARAN_H = "Pagu anggaran"
REALISASI_TAHUN_LALU_H = "Realisasi tahun lalu"
TARGET_AKHIR_RENSTRA_H = "Target akhir Renstra"
KODE_ESAKIP_H = "Kode e-SAKIP"
TARGET_TRIWULAN_H = TARGET_TRIWULAN_KUNCI
TARGET_NOL_H = TARGET_NOL_KUNCI
# Written by `pk-perubahan` (ops/pk_perubahan.py): the target of the PK as first
# signed, and the date of the latest PK Perubahan; empty while there was none.
TARGET_AWAL_H = "Target tahunan awal"
TANGGAL_PERUBAHAN_H = "Tanggal perubahan"
RENCANA_AKSI_H = "Rencana aksi"
# Pengaturan and its predicate scale
KUNCI_H = "Kunci"
NILAI_H = "Nilai"
KETERANGAN_H = "Keterangan"
BATAS_BAWAH_PERSEN_H = "Batas bawah (%)"
PREDIKAT_H = "Predikat"
# staff sheet (besides the quarter's headers) and what `impor` reads
REALISASI_H = "Realisasi"
REALISASI_ANGGARAN_H = "Realisasi anggaran"
FAKTOR_PENDUKUNG_H = "Faktor pendukung"
FAKTOR_PENGHAMBAT_H = "Faktor penghambat"
TINDAK_LANJUT_H = "Tindak lanjut"
# step sheets
TRIWULAN_H = "Triwulan"
KEPADA_H = "Kepada"
ISI_DISPOSISI_H = "Isi disposisi"
BATAS_WAKTU_H = "Batas waktu"
MULAI_H = "Mulai"
SELESAI_H = "Selesai"
STAF_PENANGGUNG_JAWAB_H = "Staf penanggung jawab"
KOLOM_H = "Kolom"
NILAI_KOREKSI_H = "Nilai koreksi"
ALASAN_H = "Alasan"
OLEH_H = "Oleh"
KEPUTUSAN_H = "Keputusan"
CATATAN_H = "Catatan"
SIDIK_H = "Sidik"
# reports
NO_H = "No"
TARGET_H = "Target"
CAPAIAN_PERSEN_H = "Capaian (%)"
TARGET_SD_H = "Target s.d."
REALISASI_SD_H = "Realisasi s.d."
CAPAIAN_SD_PERSEN_H = "Capaian s.d. (%)"
PREDIKAT_SD_H = "Predikat s.d."
# Realisation to date against the annual target: progress, never a capaian.
PROGRES_SD_H = "Progres s.d. thd target tahunan (%)"
PERUBAHAN_THD_TAHUN_LALU_H = "Perubahan thd tahun lalu"
CAPAIAN_THD_RENSTRA_PERSEN_H = "Capaian thd Renstra (%)"
TARGET_AWAL_REKAP_H = "Target awal"
# After a PK Perubahan the annual report's "Target" column is headed "Target perubahan"
# and "Target awal" (the last column) is filled and printed; without one it is left
# out of the print area.
TARGET_PERUBAHAN = "Target perubahan"
GRAFIK_KODE_H = "Grafik: Kode"
GRAFIK_CAPAIAN_PERSEN_H = "Grafik: Capaian (%)"
GRAFIK_TARGET_100_H = "Grafik: Target 100 %"
# Status SOP, Temuan, Riwayat
KEGIATAN_H = "Kegiatan"
PELAKSANA_H = "Pelaksana"
KELENGKAPAN_H = "Kelengkapan"
KELENGKAPAN_KURANG_H = "Kelengkapan kurang"
DURASI_MENIT_H = "Durasi (menit)"
WAKTU_BAKU_MENIT_H = "Waktu baku (menit)"
MELEBIHI_WAKTU_BAKU_H = "Melebihi waktu baku"
TERLAMBAT_H = "Terlambat"
OUTPUT_H = "Output"
STATUS_H = "Status"
KODE_TEMUAN_H = "Kode temuan"
TINGKAT_H = "Tingkat"
LEMBAR_H = "Lembar"
SEL_H = "Sel"
PESAN_H = "Pesan"
TAUTAN_H = "Tautan"
WAKTU_H = "Waktu"
PENGGUNA_H = "Pengguna"
LANGKAH_H = "Langkah"
AKSI_H = "Aksi"
RINGKASAN_H = "Ringkasan"
HASH_H = "Hash"
# the e-SAKIP import file
KODE_INDIKATOR_H = "Kode Indikator"
REALISASI_TW_H = "Realisasi TW"
KENDALA_H = "Kendala yg Dihadapi"
SOLUSI_H = "Solusi yg Telah Dilakukan"
RENCANA_TINDAK_LANJUT_H = "Rencana Tindak Lanjut"
PIC_TINDAK_LANJUT_H = "PIC Tindak Lanjut"
BATAS_WAKTU_TL_H = "Batas Waktu TL"
LINK_BUKTI_DUKUNG_KINERJA_H = "Link Bukti Dukung Kinerja"
LINK_BUKTI_DUKUNG_RTL_H = "Link Bukti Dukung Rencana Tindak Lanjut Triwulan Sebelumnya"
# the flat table (`ekspor`)
TAHUN_H = "Tahun"
PERIODE_H = "Periode"
KODE_BIDANG_H = "Kode bidang"
BIDANG_H = "Bidang"
REALISASI_DIAJUKAN_H = "Realisasi diajukan"
DIKOREKSI_OLEH_H = "Dikoreksi oleh"
DIAJUKAN_PADA_H = "Diajukan pada"
KEPUTUSAN_KADIN_H = "Keputusan Kadin"
DISETUJUI_OLEH_H = "Disetujui oleh"
DIPUTUSKAN_PADA_H = "Diputuskan pada"

# --- reference tables --------------------------------------------------------
UNIT_TABLE = Columns(
    UNIT,
    text(KODE_UNIT_H, 12, input=True), text(NAMA_UNIT_H, 42, input=True),
    text(JENIS_H, 13, input=True), text(INDUK_H, 10, input=True),
    text(KODE_SINGKAT_H, 14, input=True), text(NAMA_PEJABAT_H, 30, input=True),
    text(NIP_H, 22, input=True, fmt=FMT_TEKS), text(JABATAN_H, 44, input=True),
    text(JABATAN_PEMERIKSA_H, 20, input=True))
UNIT_HEADERS = UNIT_TABLE.headers
UNIT_REQUIRED = (KODE_UNIT_H, NAMA_UNIT_H, JENIS_H, KODE_SINGKAT_H)
# Any structure of a Pemda office.  The tree is given by `Induk` alone: a unit without
# an Induk answers to the head of the office (its own `7 Kabid` sheet and decision),
# whatever its Jenis.
JENIS_UNIT = ("Sekretariat", BIDANG_H, "Bagian", "Subbidang", "Subbagian", "Seksi",
              "Tim Kerja", "UPT", "UPTD", "Puskesmas")
# Who reviews a unit's data when the Unit table leaves `Jabatan pemeriksa` empty: the
# head of the unit, by the usual title of its Jenis.
JABATAN_PEMERIKSA_BAWAAN = {
    "Sekretariat": "Sekretaris", BIDANG_H: "Kabid", "Bagian": "Kabag",
    "Subbidang": "Kasubbid", "Subbagian": "Kasubbag", "Seksi": "Kasi",
    "Tim Kerja": "Ketua Tim", "UPT": "Kepala UPT", "UPTD": "Kepala UPTD",
    "Puskesmas": "Kepala Puskesmas",
}
LEVEL_SKPD = "SKPD"
LEVEL_PK = (LEVEL_SKPD,) + JENIS_UNIT
# Excel refuses a sheet name longer than 31 characters; a unit's sheets are a prefix
# and its Kode singkat, so the code is at most 16 characters (the longest prefix,
# LAPORAN_PREFIX, has 10: 26 in all).
NAMA_LEMBAR_MAKS = 31
KODE_SINGKAT_MAKS = 16

PK_TABLE = Columns(
    PK,
    text(KODE_H, 10, input=True), text(LEVEL_H, 12, input=True), text(UNIT_H, 10, input=True),
    text(SASARAN_H, 36, input=True), text(INDIKATOR_H, 48, input=True),
    text(SATUAN_H, 11, input=True), text(ARAH_H, 10, input=True),
    text(AGREGASI_H, 12, input=True), number(TARGET_TAHUNAN_H, 12, None, input=True),
    number(PAGU_ANGGARAN_H, 16, None, input=True),
    number(REALISASI_TAHUN_LALU_H, 14, None, input=True),
    number(TARGET_AKHIR_RENSTRA_H, 14, None, input=True),
    text(KODE_ESAKIP_H, 14, input=True, fmt=FMT_TEKS),
    text(TARGET_TRIWULAN_H, 14, input=True), text(TARGET_NOL_H, 14, input=True),
    number(TARGET_AWAL_H, 14, None), date(TANGGAL_PERUBAHAN_H, 13, FMT_TANGGAL))
PK_HEADERS = PK_TABLE.headers
PK_REQUIRED = (KODE_H, LEVEL_H, UNIT_H, INDIKATOR_H, SATUAN_H, ARAH_H, AGREGASI_H,
               TARGET_TAHUNAN_H)

RA_TABLE = Columns(
    RA,
    text(KODE_H, 10, input=True), text(RENCANA_AKSI_H, 50, input=True),
    *(number(target_h(n), 13, None, input=True) for n in TRIWULAN))
RA_HEADERS = RA_TABLE.headers
RA_REQUIRED = (KODE_H,)

# Reference sheets: a title row, then the header row, then data.
REF_HEADER_ROW = 3
REF_DATA_ROW = 4

# --- Pengaturan -------------------------------------------------------------
PENGATURAN_TABLE = Columns(
    PENGATURAN, text(KUNCI_H, 34), text(NILAI_H, 48, input=True), text(KETERANGAN_H, 50))
PENGATURAN_HEADERS = PENGATURAN_TABLE.headers
PENGATURAN_REQUIRED = (KUNCI_H, NILAI_H)  # what a Pengaturan table must have


@dataclass(frozen=True)
class Setting:
    kunci: str
    bawaan: object
    keterangan: str


JABATAN_KEPALA_BAWAAN = "Kepala Dinas"

# The order here is the order of rows on the sheet.
SETTINGS: tuple[Setting, ...] = (
    Setting(PEMERINTAH_KUNCI, "Pemerintah Kabupaten Lumajang", "Baris pertama kop surat"),
    Setting(INSTANSI_KUNCI, "Dinas Komunikasi dan Informatika", "Nama perangkat daerah"),
    Setting(ALAMAT_KUNCI, "Jl. Contoh No. 1, Lumajang 67311", "Alamat pada kop surat"),
    Setting(TAHUN_KUNCI, 2026, "Tahun kinerja"),
    Setting(TRIWULAN_AKTIF_KUNCI, 1, "1 sampai 4"),
    Setting(TEMPAT_KUNCI, "Lumajang", "Tempat penandatanganan laporan"),
    Setting(TANGGAL_LAPORAN_KUNCI, None, "Kosong = tanggal laporan dibuat"),
    Setting(NOMOR_SOP_KUNCI, "427.53/1/02.26/2022", "SOP Pengumpulan Data Kinerja"),
    Setting(TANGGAL_PEMBUATAN_SOP_KUNCI, "4 Juli 2022", ""),
    Setting(TANGGAL_REVISI_SOP_KUNCI, "5 Juli 2022", ""),
    Setting(TANGGAL_PENGESAHAN_SOP_KUNCI, "6 Juli 2022", ""),
    Setting(DISAHKAN_OLEH_KUNCI, "Kepala Dinas", ""),
    Setting(SERTIFIKAT_TTE_KUNCI, None, "Berkas .p12 untuk tanda tangan elektronik (opsional)"),
    Setting(JABATAN_PENANDATANGAN_KUNCI, "Kepala Dinas Komunikasi dan Informatika", ""),
    Setting(STATUS_PENANDATANGAN_KUNCI, "Definitif", "Definitif, Plt. atau Plh."),
    Setting(NAMA_PENANDATANGAN_KUNCI, "", ""),
    Setting(PANGKAT_PENANDATANGAN_KUNCI, "", ""),
    Setting(NIP_PENANDATANGAN_KUNCI, "", "18 digit"),
    Setting(CETAK_KOP_KUNCI, "Ya", "Ya = cetak kop; Tidak = ruang kosong untuk kertas KOP"),
    Setting(LOGO_KUNCI, None,
            "Berkas PNG logo pada kop (opsional), dipasang saat buku kerja dibuat"),
    Setting(RUMUS_KUNCI, RUMUS_BAWAAN, " atau ".join(RUMUS)),
    Setting(AMBANG_RENDAH_KUNCI, int(AMBANG_RENDAH),
            "Capaian di bawah ini wajib faktor penghambat dan tindak lanjut"),
    Setting(AMBANG_TINGGI_KUNCI, int(AMBANG_TINGGI), "Capaian di atas ini wajib keterangan"),
    Setting(SANDI_PROTEKSI_KUNCI, None, "Kosong = proteksi tanpa sandi"),
    Setting(JABATAN_KEPALA_KUNCI, JABATAN_KEPALA_BAWAAN,
            "Kepala Dinas, Kepala Badan, Camat, Direktur, …: yang memeriksa langkah 8"),
    # `buat` sets "tahunan saja" itself from an Evaluasi Renja form (annual targets
    # only); the rules of each convention are in rules.Konvensi.
    Setting(TARGET_TRIWULAN_KUNCI, TARGET_TW_RA,
            f"{TARGET_TW_RA} = target tiap triwulan dari RA; {TARGET_TW_TAHUNAN} = "
            "triwulan tanpa target tidak diukur"),
    Setting(TARGET_NOL_KUNCI, TARGET_NOL_NOL,
            f"{TARGET_NOL_NOL} = target 0 diukur; {TARGET_NOL_TIDAK_DIUKUR} = triwulan "
            "bertarget 0 tidak diukur"),
)
SETTING_KEYS = tuple(s.kunci for s in SETTINGS)
# Values that describe the sample Dinas: a workbook built from an office's own tables
# without a Pengaturan table leaves them empty rather than print the sample's name.
SETTING_CONTOH = (PEMERINTAH_KUNCI, INSTANSI_KUNCI, ALAMAT_KUNCI, TEMPAT_KUNCI,
                  NOMOR_SOP_KUNCI, TANGGAL_PEMBUATAN_SOP_KUNCI, TANGGAL_REVISI_SOP_KUNCI,
                  TANGGAL_PENGESAHAN_SOP_KUNCI, JABATAN_PENANDATANGAN_KUNCI)
# Empty, these leave the reports without a letterhead or a signatory.
SETTING_KOP = (PEMERINTAH_KUNCI, INSTANSI_KUNCI, ALAMAT_KUNCI, JABATAN_PENANDATANGAN_KUNCI,
               NAMA_PENANDATANGAN_KUNCI, NIP_PENANDATANGAN_KUNCI)
STATUS_PENANDATANGAN = ("Definitif", "Plt.", "Plh.")
RUMUS_NEGATIF = RUMUS
YA, TIDAK = "Ya", "Tidak"

# Predicate scale, a small table beside the key/value rows (its default is
# rules.SKALA_BAWAAN).
SKALA_TABLE = Columns("Skala predikat", number(BATAS_BAWAH_PERSEN_H, 16, None, input=True),
                      text(PREDIKAT_H, 18, input=True, wrap=False))
SKALA_HEADERS = SKALA_TABLE.headers
SKALA_FIRST_COL = 5  # column E

# --- staff sheet "3 Bahan <KODE>" -------------------------------------------
STATUS_LABEL_ROW = 4     # "Triwulan", TW I … TW IV
STATUS_ROW = 5           # "Status", dropdown per quarter
DIAJUKAN_ROW = 6         # "Diajukan pada", date-time per quarter
STATUS_FIRST_COL = 2     # column B holds TW I
STATUS_DRAF = "Draf"
STATUS_DIAJUKAN = "Diajukan"
STATUS_CHOICES = (STATUS_DRAF, STATUS_DIAJUKAN)
BAHAN_GROUP_ROW = 8      # "Triwulan I" over each quarter block
BAHAN_HEADER_ROW = 9
BAHAN_DATA_ROW = 10


# Columns A–E also hold the status block above the table: A fits "Diajukan pada"
# (bold 10 pt, 12.3 wide), B–E a whole "dd/mm/yyyy hh:mm" at 10 pt (14.9 wide).
STATUS_WIDTH = 15


def realisasi_h(n: int) -> str:
    return f"Realisasi {tw(n)}"


def anggaran_h(n: int) -> str:
    return f"Realisasi anggaran {tw(n)}"


def capaian_h(n: int) -> str:
    return f"Capaian {tw(n)} (%)"


def bukti_h(n: int) -> str:
    return f"Bukti dukung/keterangan {tw(n)}"


def pendukung_h(n: int) -> str:
    return f"Faktor pendukung {tw(n)}"


def penghambat_h(n: int) -> str:
    return f"Faktor penghambat {tw(n)}"


def tindak_h(n: int) -> str:
    return f"Tindak lanjut {tw(n)}"


def diajukan_h(n: int) -> str:
    return f"Realisasi diajukan {tw(n)}"


def koreksi_h(n: int) -> str:
    """Corrected value on `5 Laporan`."""
    return f"Realisasi koreksi {tw(n)}"


def dikoreksi_oleh_h(n: int) -> str:
    return f"Dikoreksi oleh {tw(n)}"


def akhir_h(n: int) -> str:
    return f"Realisasi akhir {tw(n)}"


def koreksi_kabid_h(n: int) -> str:
    """Who corrected what, on `7 Kabid`."""
    return f"Koreksi {tw(n)}"


def _bahan_quarter(n: int) -> tuple[Column, ...]:
    # Target and realisation take their format from the indicator's unit, per cell.
    return (number(target_h(n), STATUS_WIDTH if n == 1 else 11, None),
            number(realisasi_h(n), 11, None, input=True),
            number(anggaran_h(n), 15, FMT_RUPIAH, input=True),
            percent(capaian_h(n), 11, FMT_CAPAIAN_PRATINJAU),
            text(bukti_h(n), 24, input=True), text(pendukung_h(n), 24, input=True),
            text(penghambat_h(n), 24, input=True), text(tindak_h(n), 24, input=True))


BAHAN_FIXED_TABLE = Columns("3 Bahan", text(KODE_H, 12.5), text(INDIKATOR_H, 44),
                            text(SATUAN_H, STATUS_WIDTH), text(ARAH_H, STATUS_WIDTH))
BAHAN = Columns("3 Bahan", *BAHAN_FIXED_TABLE, *(c for n in TRIWULAN for c in _bahan_quarter(n)))
BAHAN_FIXED = BAHAN_FIXED_TABLE.headers
BAHAN_HEADERS = BAHAN.headers


def bahan_quarter_headers(n: int) -> tuple[str, ...]:
    return tuple(c.header for c in _bahan_quarter(n))


def bahan_input_headers(n: int) -> tuple[str, ...]:
    """The cells staff type into for quarter n (unlocked on the sheet)."""
    return tuple(c.header for c in _bahan_quarter(n) if c.input)


# What `impor` reads from a table → the staff column it fills.
IMPOR_COLUMNS = {
    REALISASI_H: realisasi_h,
    REALISASI_ANGGARAN_H: anggaran_h,
    KETERANGAN_H: bukti_h,
    FAKTOR_PENDUKUNG_H: pendukung_h,
    FAKTOR_PENGHAMBAT_H: penghambat_h,
    TINDAK_LANJUT_H: tindak_h,
}
IMPOR_REQUIRED = (KODE_H, REALISASI_H)

# Columns a correction may name (`Kolom` in the correction logs).
KOREKSI_KOLOM = (REALISASI_H, REALISASI_ANGGARAN_H, KETERANGAN_H, FAKTOR_PENDUKUNG_H,
                 FAKTOR_PENGHAMBAT_H, TINDAK_LANJUT_H)

# --- step sheets people fill ------------------------------------------------
STEP_HEADER_ROW = 3
STEP_DATA_ROW = 4


def _step_text(header: str, width: float) -> Column:
    return text(header, width, input=True)


def _step_time(header: str, width: float = 18) -> Column:
    return date(header, width, input=True)


DISPOSISI_TABLE = Columns(
    DISPOSISI, _step_text(TRIWULAN_H, 10), _step_text(KEPADA_H, 30),
    _step_text(ISI_DISPOSISI_H, 60), _step_time(BATAS_WAKTU_H), _step_time(MULAI_H),
    _step_time(SELESAI_H))
PEMBAGIAN_TABLE = Columns(
    PEMBAGIAN_TUGAS, _step_text(TRIWULAN_H, 10), _step_text(KODE_H, 12),
    _step_text(STAF_PENANGGUNG_JAWAB_H, 34), _step_time(BATAS_WAKTU_H), _step_time(MULAI_H),
    _step_time(SELESAI_H))
KOREKSI_TABLE = Columns(
    "Koreksi", _step_text(TRIWULAN_H, 10), _step_text(KODE_H, 12), _step_text(KOLOM_H, 22),
    _step_text(NILAI_KOREKSI_H, 16), _step_text(ALASAN_H, 44), _step_text(OLEH_H, 24),
    _step_time(MULAI_H), _step_time(SELESAI_H))
PEMERIKSAAN_TABLE = Columns(
    PEMERIKSAAN_KADIN, _step_text(KODE_UNIT_H, 12), _step_text(TRIWULAN_H, 10),
    _step_text(KEPUTUSAN_H, 16), _step_text(CATATAN_H, 44), _step_text(SIDIK_H, 70),
    _step_time(MULAI_H), _step_time(SELESAI_H))
DISPOSISI_HEADERS = DISPOSISI_TABLE.headers
PEMBAGIAN_HEADERS = PEMBAGIAN_TABLE.headers
KOREKSI_HEADERS = KOREKSI_TABLE.headers
PEMERIKSAAN_HEADERS = PEMERIKSAAN_TABLE.headers
DISETUJUI = "Disetujui"
DIKEMBALIKAN = "Dikembalikan"
KEPUTUSAN = (DISETUJUI, DIKEMBALIKAN)
STEP_INPUT_ROWS = 200  # rows with dropdowns and formats prepared by the builder


# --- generated sheets -------------------------------------------------------
class Generated(Columns):
    """A sheet the operations own from `data_row` down (and the header at `header_row`).

    Report sheets (`marker`) carry a hidden column right of the table whose text says
    what each row is (`BARIS_*`), and the chart data `GRAFIK_GAP` columns further on.
    `tanda_tangan` is the header of the column the signature block starts in."""

    def __init__(self, name: str, header_row: int, data_row: int, *columns: Column,
                 marker: bool = False, tanda_tangan: str | None = None):
        super().__init__(name, *columns)
        self.header_row = header_row
        self.data_row = data_row
        self.marker = marker
        self.tanda_tangan = tanda_tangan
        if tanda_tangan is not None:
            self.col(tanda_tangan)

    @property
    def marker_col(self) -> int:
        if not self.marker:
            raise KeyError(f"{self.name} has no row-kind marker column")
        return len(self.columns) + 1

    @property
    def marker_column(self) -> Column | None:
        """The hidden column at `marker_col` (no header; outside the print area)."""
        return Column("", None, MARKER) if self.marker else None

    @property
    def chart_col(self) -> int:
        return self.marker_col + GRAFIK_GAP


# Kinds of report row, written in the hidden marker column; the builder gives each
# its look with a conditional format.
BARIS_BAGIAN = "bagian"
BARIS_INDIKATOR = "indikator"
BARIS_RATA = "rata"
BARIS_JUDUL = "judul"
BARIS_NAMA = "nama"
BARIS = (BARIS_BAGIAN, BARIS_INDIKATOR, BARIS_RATA, BARIS_JUDUL, BARIS_NAMA)


def _gen_text(header: str, width: float) -> Column:
    return text(header, width)


LAPORAN = Generated(
    "5 Laporan", 5, 6,
    text(KODE_H, 9), text(INDIKATOR_H, 44), text(SATUAN_H, 10), text(ARAH_H, 9),
    text(AGREGASI_H, 11),
    *(c for n in TRIWULAN for c in (
        number(target_h(n), 11), number(diajukan_h(n), 12), number(koreksi_h(n), 12),
        text(dikoreksi_oleh_h(n), 18), percent(capaian_h(n), 11))))
# 7 Kabid: rows 4..7 hold the sidik per quarter (label in A, value in C).
KABID_SIDIK_ROW = 4
KABID_SIDIK_COL = 3
KABID = Generated(
    "7 Kabid", 10, 11,
    text(KODE_H, 9), text(INDIKATOR_H, 44), text(UNIT_H, 10), text(LEVEL_H, 11),
    text(SATUAN_H, 10), text(ARAH_H, 9), text(AGREGASI_H, 11),
    *(c for n in TRIWULAN for c in (
        number(target_h(n), 11), number(diajukan_h(n), 12), number(akhir_h(n), 12),
        text(koreksi_kabid_h(n), 18), percent(capaian_h(n), 11))))


def _rekap_text(header: str, width: float, wrap: bool = False) -> Column:
    # Only long texts wrap; the other columns let notes, the fingerprint and the
    # signature block overflow to the right instead of folding into a narrow cell.
    return text(header, width, wrap=wrap)


def realisasi_tw_h(n: int) -> str:
    """A quarter's realisation on `9 Rekap Tahunan`."""
    return f"Realisasi {tw(n)}"


REKAP = Generated(
    "9 Rekap TW", 10, 11,
    _rekap_text(NO_H, 5), _rekap_text(KODE_H, 9), _rekap_text(SASARAN_H, 26, True),
    _rekap_text(INDIKATOR_H, 40, True), _rekap_text(SATUAN_H, 10),
    _rekap_text(UNIT_H, 14, True), number(TARGET_H, 10), number(REALISASI_H, 10),
    percent(CAPAIAN_PERSEN_H, 10), _rekap_text(PREDIKAT_H, 12), number(TARGET_SD_H, 10),
    number(REALISASI_SD_H, 10), percent(CAPAIAN_SD_PERSEN_H, 10),
    _rekap_text(PREDIKAT_SD_H, 12), percent(PROGRES_SD_H, 11),
    _rekap_text(FAKTOR_PENDUKUNG_H, 22, True),
    _rekap_text(FAKTOR_PENGHAMBAT_H, 22, True), _rekap_text(TINDAK_LANJUT_H, 22, True),
    marker=True, tanda_tangan=TARGET_SD_H)
REKAP_TAHUNAN_LAYOUT = Generated(
    REKAP_TAHUNAN, 10, 11,
    _rekap_text(NO_H, 5), _rekap_text(KODE_H, 9), _rekap_text(SASARAN_H, 26, True),
    _rekap_text(INDIKATOR_H, 40, True), _rekap_text(SATUAN_H, 10),
    _rekap_text(UNIT_H, 14, True), number(TARGET_H, 10),
    *(number(realisasi_tw_h(n), 10) for n in TRIWULAN), number(REALISASI_H, 10),
    percent(CAPAIAN_PERSEN_H, 10), _rekap_text(PREDIKAT_H, 12),
    number(REALISASI_TAHUN_LALU_H, 11), number(PERUBAHAN_THD_TAHUN_LALU_H, 11),
    number(TARGET_AKHIR_RENSTRA_H, 11), percent(CAPAIAN_THD_RENSTRA_PERSEN_H, 11),
    number(TARGET_AWAL_REKAP_H, 10),
    marker=True, tanda_tangan=REALISASI_H)
REKAP_TW_HEADERS = REKAP.headers
REKAP_TAHUNAN_HEADERS = REKAP_TAHUNAN_LAYOUT.headers
# Rows 1..5 letterhead, 7..8 title, 10 header; data from 11.  The letterhead and
# title are written by the operation too (they follow Pengaturan).
REKAP_KOP_ROWS = 5
REKAP_GARIS_KOP = 4          # the rule under the letterhead is this row's bottom border
REKAP_GARIS_KOP_TINGGI = 6   # points: the rule sits close under the address
REKAP_TITLE_ROW = 7
# Report status words (title line of a quarterly report, and the Riwayat summary).
STATUS_FINAL = "FINAL"
STATUS_BELUM_FINAL = "BELUM FINAL (belum semua unit teratas disetujui)"
STATUS_TAHUNAN = "Tahunan"


def status_sementara(n: int) -> str:
    """Status of an annual report before every unit submitted TW IV (n = the last
    quarter submitted, 0 when none)."""
    return f"SEMENTARA s.d. {tw(n)}" if n in ROMAWI else "SEMENTARA (belum ada data diajukan)"
# Chart data: a compact block right of the report, outside the print area.  The
# code column keeps the sheet's default look (only the percentages are formatted).
GRAFIK = Columns("Grafik", Column(GRAFIK_KODE_H, 14),
                 percent(GRAFIK_CAPAIAN_PERSEN_H, 14), percent(GRAFIK_TARGET_100_H, 14))
GRAFIK_HEADERS = GRAFIK.headers
GRAFIK_GAP = 2  # empty columns between the report and the chart data
GRAFIK_JUDUL = "Capaian per indikator (%)"
GRAFIK_SERATUS = 100  # the line every bar is read against

# Step states on Status SOP.
BELUM, BERJALAN, SELESAI = "belum", "berjalan", "selesai"
STATUS_SOP_LAYOUT = Generated(
    STATUS_SOP, 8, 9,
    _gen_text(NO_H, 5), _gen_text(KEGIATAN_H, 44), _gen_text(PELAKSANA_H, 22),
    _gen_text(KELENGKAPAN_H, 30), _gen_text(KELENGKAPAN_KURANG_H, 28),
    date(MULAI_H, 17), date(SELESAI_H, 17), number(DURASI_MENIT_H, 11, FMT_MENIT),
    number(WAKTU_BAKU_MENIT_H, 11, FMT_MENIT), _gen_text(MELEBIHI_WAKTU_BAKU_H, 11),
    date(BATAS_WAKTU_H, 17), _gen_text(TERLAMBAT_H, 10), _gen_text(OUTPUT_H, 30),
    _gen_text(STATUS_H, 12))
STATUS_SOP_HEADERS = STATUS_SOP_LAYOUT.headers

TEMUAN_LAYOUT = Generated(
    TEMUAN, 4, 5,
    _gen_text(NO_H, 5), _gen_text(KODE_TEMUAN_H, 26), _gen_text(TINGKAT_H, 11),
    _gen_text(LEMBAR_H, 22), _gen_text(SEL_H, 8), _gen_text(KODE_H, 10),
    _gen_text(PESAN_H, 80), _gen_text(TAUTAN_H, 14))
TEMUAN_HEADERS = TEMUAN_LAYOUT.headers

RIWAYAT_LAYOUT = Generated(
    RIWAYAT, 3, 4,
    _gen_text(NO_H, 6), _gen_text(WAKTU_H, 20), _gen_text(PENGGUNA_H, 16),
    _gen_text(LANGKAH_H, 10), _gen_text(AKSI_H, 22), _gen_text(RINGKASAN_H, 60),
    _gen_text(SIDIK_H, 20), _gen_text(HASH_H, 20))
RIWAYAT_HEADERS = RIWAYAT_LAYOUT.headers

# Print setup of every sheet: A4 landscape, fitted to one page wide.  The builder
# sets it; the report operation paginates with it (see halaman.py).
CETAK_LEBAR_PT = 841.89    # A4 landscape, in points
CETAK_TINGGI_PT = 595.28
CETAK_MARGIN_SAMPING = 0.5  # inches, left and right
CETAK_MARGIN_ATAS_BAWAH = 0.6

# Defined names the operations own.
PRINT_AREA = "_xlnm.Print_Area"
PRINT_TITLES = "_xlnm.Print_Titles"
NAME_RUMUS_NEGATIF = "RumusNegatif"

# --- files for other systems (`ekspor`) -----------------------------------------------
FMT_UMUM = "General"   # exported numbers: every decimal shown, nothing rounded for display
FMT_BULAT = "0"

# The e-SAKIP application's "Template Import Capaian Kinerja": exactly these columns,
# in this order, header in row 1.
ESAKIP_CAPAIAN_TABLE = Columns(
    "Capaian Kinerja",
    text(KODE_INDIKATOR_H, 16, fmt=FMT_TEKS), number(REALISASI_TW_H, 14, FMT_UMUM),
    text(KENDALA_H, 40), text(SOLUSI_H, 30),
    text(RENCANA_TINDAK_LANJUT_H, 40), text(PIC_TINDAK_LANJUT_H, 20),
    text(BATAS_WAKTU_TL_H, 16), text(LINK_BUKTI_DUKUNG_KINERJA_H, 40),
    text(LINK_BUKTI_DUKUNG_RTL_H, 40))
ESAKIP_CAPAIAN_HEADERS = ESAKIP_CAPAIAN_TABLE.headers
EKSPOR_KETERANGAN_TABLE = Columns(
    "Keterangan", text(KETERANGAN_H, 28), text(NILAI_H, 90))  # source, quarter, FINAL or not

# The flat table: a row per indicator x quarter and one per indicator for the year.
# docs/ekspor.md documents each column; a test keeps the two equal.
DATAR_TABLE = Columns(
    "Data Kinerja",
    number(TAHUN_H, 7, FMT_BULAT), text(PERIODE_H, 9), number(TRIWULAN_H, 9, FMT_BULAT),
    text(KODE_H, 10, fmt=FMT_TEKS), text(KODE_ESAKIP_H, 14, fmt=FMT_TEKS),
    text(SASARAN_H, 36), text(INDIKATOR_H, 44), text(SATUAN_H, 10), text(ARAH_H, 9),
    text(AGREGASI_H, 11), text(LEVEL_H, 11), text(KODE_UNIT_H, 10), text(UNIT_H, 36),
    text(KODE_BIDANG_H, 11), text(BIDANG_H, 36),
    number(TARGET_H, 12, FMT_UMUM), number(REALISASI_DIAJUKAN_H, 12, FMT_UMUM),
    number(REALISASI_H, 12, FMT_UMUM), text(DIKOREKSI_OLEH_H, 24),
    number(CAPAIAN_PERSEN_H, 12, FMT_UMUM), text(PREDIKAT_H, 14),
    number(TARGET_SD_H, 12, FMT_UMUM), number(REALISASI_SD_H, 12, FMT_UMUM),
    number(CAPAIAN_SD_PERSEN_H, 12, FMT_UMUM), text(PREDIKAT_SD_H, 14),
    number(PAGU_ANGGARAN_H, 16, FMT_UMUM), number(REALISASI_ANGGARAN_H, 16, FMT_UMUM),
    number(REALISASI_TAHUN_LALU_H, 12, FMT_UMUM), number(TARGET_AKHIR_RENSTRA_H, 12, FMT_UMUM),
    number(CAPAIAN_THD_RENSTRA_PERSEN_H, 12, FMT_UMUM),
    text(STATUS_H, 10), date(DIAJUKAN_PADA_H, 17), text(KEPUTUSAN_KADIN_H, 16),
    text(DISETUJUI_OLEH_H, 30), date(DIPUTUSKAN_PADA_H, 17), text(SIDIK_H, 66),
    text(KETERANGAN_H, 30), text(FAKTOR_PENDUKUNG_H, 30), text(FAKTOR_PENGHAMBAT_H, 30),
    text(TINDAK_LANJUT_H, 30))
DATAR_HEADERS = DATAR_TABLE.headers
DATAR_TABEL = "DataKinerja"        # the Excel table a PivotTable or Power BI picks up
PERIODE_TAHUNAN = "Tahunan"
# Keputusan Kadin in the flat table, besides the two decisions of KEPUTUSAN.
KEPUTUSAN_KEDALUWARSA = "Kedaluwarsa"
KEPUTUSAN_BELUM = "Belum diperiksa"
# CSV conventions (`--desimal`): the separator between fields and the decimal mark.
CSV_DESIMAL = {"koma": (";", ","), "titik": (",", ".")}
