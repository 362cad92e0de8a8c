"""The workbook contract: sheet names, header strings and where things sit.

The builder, both adapters and every operation read this module, so each header
string, column width and number format lives here and nowhere else.  A sheet's
columns are `Column` objects in a `Columns` table; code asks a table for a column by
header (`LAPORAN.col("Indikator")`) and builds rows by header (`LAPORAN.row({...})`),
which fails on a header the table does not have instead of dropping the value.

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
# a workbook up to date to `ops/migrasi.py` (`LANGKAH`).  A workbook without the name
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


# --- reference tables --------------------------------------------------------
UNIT_TABLE = Columns(
    "Unit",
    text("Kode unit", 12, input=True), text("Nama unit", 42, input=True),
    text("Jenis", 13, input=True), text("Induk", 10, input=True),
    text("Kode singkat", 14, input=True), text("Nama pejabat", 30, input=True),
    text("NIP", 22, input=True, fmt=FMT_TEKS), text("Jabatan", 44, input=True),
    text("Jabatan pemeriksa", 20, input=True))
UNIT_HEADERS = UNIT_TABLE.headers
UNIT_REQUIRED = ("Kode unit", "Nama unit", "Jenis", "Kode singkat")
# Any structure of a Pemda office.  The tree is given by `Induk` alone: a unit without
# an Induk answers to the head of the office (its own `7 Kabid` sheet and decision),
# whatever its Jenis.
JENIS_UNIT = ("Sekretariat", "Bidang", "Bagian", "Subbidang", "Subbagian", "Seksi",
              "Tim Kerja", "UPT", "UPTD", "Puskesmas")
# Who reviews a unit's data when the Unit table leaves `Jabatan pemeriksa` empty: the
# head of the unit, by the usual title of its Jenis.
JABATAN_PEMERIKSA_BAWAAN = {
    "Sekretariat": "Sekretaris", "Bidang": "Kabid", "Bagian": "Kabag",
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
    "PK",
    text("Kode", 10, input=True), text("Level", 12, input=True), text("Unit", 10, input=True),
    text("Sasaran", 36, input=True), text("Indikator", 48, input=True),
    text("Satuan", 11, input=True), text("Arah", 10, input=True),
    text("Agregasi", 12, input=True), number("Target tahunan", 12, None, input=True),
    number("Pagu anggaran", 16, None, input=True),
    number("Realisasi tahun lalu", 14, None, input=True),
    number("Target akhir Renstra", 14, None, input=True),
    text("Kode e-SAKIP", 14, input=True, fmt=FMT_TEKS),
    text("Target triwulan", 14, input=True), text("Target 0 berarti", 14, input=True),
    # Written by `pk-perubahan` (ops/pk_perubahan.py): the target of the PK as first
    # signed, and the date of the latest PK Perubahan; empty while there was none.
    number("Target tahunan awal", 14, None), date("Tanggal perubahan", 13, FMT_TANGGAL))
PK_HEADERS = PK_TABLE.headers
TARGET_AWAL_H = "Target tahunan awal"
TANGGAL_PERUBAHAN_H = "Tanggal perubahan"
PK_REQUIRED = ("Kode", "Level", "Unit", "Indikator", "Satuan", "Arah", "Agregasi",
               "Target tahunan")

RA_TABLE = Columns(
    "RA",
    text("Kode", 10, input=True), text("Rencana aksi", 50, input=True),
    *(number(f"Target {tw(n)}", 13, None, input=True) for n in TRIWULAN))
RA_HEADERS = RA_TABLE.headers
RA_REQUIRED = ("Kode",)

# Reference sheets: a title row, then the header row, then data.
REF_HEADER_ROW = 3
REF_DATA_ROW = 4

# --- Pengaturan -------------------------------------------------------------
PENGATURAN_TABLE = Columns(
    "Pengaturan", text("Kunci", 34), text("Nilai", 48, input=True), text("Keterangan", 50))
PENGATURAN_HEADERS = PENGATURAN_TABLE.headers
PENGATURAN_REQUIRED = ("Kunci", "Nilai")  # what a Pengaturan table must have


@dataclass(frozen=True)
class Setting:
    kunci: str
    bawaan: object
    keterangan: str


AMBANG_RENDAH_KUNCI = "Ambang capaian rendah"
AMBANG_TINGGI_KUNCI = "Ambang capaian tinggi"
RUMUS_KUNCI = "Rumus indikator negatif"
JABATAN_KEPALA_KUNCI = "Jabatan kepala"
JABATAN_KEPALA_BAWAAN = "Kepala Dinas"
# The target conventions: the same words are the keys of Pengaturan and the optional
# PK columns that override them per indicator.
TARGET_TRIWULAN_KUNCI = "Target triwulan"
TARGET_NOL_KUNCI = "Target 0 berarti"

# The order here is the order of rows on the sheet.
SETTINGS: tuple[Setting, ...] = (
    Setting("Pemerintah", "Pemerintah Kabupaten Lumajang", "Baris pertama kop surat"),
    Setting("Instansi", "Dinas Komunikasi dan Informatika", "Nama perangkat daerah"),
    Setting("Alamat", "Jl. Contoh No. 1, Lumajang 67311", "Alamat pada kop surat"),
    Setting("Tahun", 2026, "Tahun kinerja"),
    Setting("Triwulan aktif", 1, "1 sampai 4"),
    Setting("Tempat", "Lumajang", "Tempat penandatanganan laporan"),
    Setting("Tanggal laporan", None, "Kosong = tanggal laporan dibuat"),
    Setting("Nomor SOP", "427.53/1/02.26/2022", "SOP Pengumpulan Data Kinerja"),
    Setting("Tanggal pembuatan SOP", "4 Juli 2022", ""),
    Setting("Tanggal revisi SOP", "5 Juli 2022", ""),
    Setting("Tanggal pengesahan SOP", "6 Juli 2022", ""),
    Setting("Disahkan oleh", "Kepala Dinas", ""),
    Setting("Sertifikat TTE", None, "Berkas .p12 untuk tanda tangan elektronik (opsional)"),
    Setting("Jabatan penandatangan", "Kepala Dinas Komunikasi dan Informatika", ""),
    Setting("Status penandatangan", "Definitif", "Definitif, Plt. atau Plh."),
    Setting("Nama penandatangan", "", ""),
    Setting("Pangkat/golongan penandatangan", "", ""),
    Setting("NIP penandatangan", "", "18 digit"),
    Setting("Cetak kop", "Ya", "Ya = cetak kop; Tidak = ruang kosong untuk kertas KOP"),
    Setting("Logo", None, "Berkas PNG logo pada kop (opsional), dipasang saat buku kerja dibuat"),
    Setting(RUMUS_KUNCI, RUMUS_BAWAAN, " atau ".join(RUMUS)),
    Setting(AMBANG_RENDAH_KUNCI, int(AMBANG_RENDAH),
            "Capaian di bawah ini wajib faktor penghambat dan tindak lanjut"),
    Setting(AMBANG_TINGGI_KUNCI, int(AMBANG_TINGGI), "Capaian di atas ini wajib keterangan"),
    Setting("Sandi proteksi", None, "Kosong = proteksi tanpa sandi"),
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
SETTING_CONTOH = ("Pemerintah", "Instansi", "Alamat", "Tempat", "Nomor SOP",
                  "Tanggal pembuatan SOP", "Tanggal revisi SOP", "Tanggal pengesahan SOP",
                  "Jabatan penandatangan")
# Empty, these leave the reports without a letterhead or a signatory.
SETTING_KOP = ("Pemerintah", "Instansi", "Alamat", "Jabatan penandatangan",
               "Nama penandatangan", "NIP penandatangan")
STATUS_PENANDATANGAN = ("Definitif", "Plt.", "Plh.")
RUMUS_NEGATIF = RUMUS
YA, TIDAK = "Ya", "Tidak"

# Predicate scale, a small table beside the key/value rows (its default is
# rules.SKALA_BAWAAN).
SKALA_TABLE = Columns("Skala predikat", number("Batas bawah (%)", 16, None, input=True),
                      text("Predikat", 18, input=True, wrap=False))
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


def target_h(n: int) -> str:
    return f"Target {tw(n)}"


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


BAHAN_FIXED_TABLE = Columns("3 Bahan", text("Kode", 12.5), text("Indikator", 44),
                            text("Satuan", STATUS_WIDTH), text("Arah", STATUS_WIDTH))
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
    "Realisasi": realisasi_h,
    "Realisasi anggaran": anggaran_h,
    "Keterangan": bukti_h,
    "Faktor pendukung": pendukung_h,
    "Faktor penghambat": penghambat_h,
    "Tindak lanjut": tindak_h,
}
IMPOR_REQUIRED = ("Kode", "Realisasi")

# Columns a correction may name (`Kolom` in the correction logs).
KOREKSI_KOLOM = ("Realisasi", "Realisasi anggaran", "Keterangan", "Faktor pendukung",
                 "Faktor penghambat", "Tindak lanjut")

# --- step sheets people fill ------------------------------------------------
STEP_HEADER_ROW = 3
STEP_DATA_ROW = 4


def _step_text(header: str, width: float) -> Column:
    return text(header, width, input=True)


def _step_time(header: str, width: float = 18) -> Column:
    return date(header, width, input=True)


DISPOSISI_TABLE = Columns(
    "1 Disposisi", _step_text("Triwulan", 10), _step_text("Kepada", 30),
    _step_text("Isi disposisi", 60), _step_time("Batas waktu"), _step_time("Mulai"),
    _step_time("Selesai"))
PEMBAGIAN_TABLE = Columns(
    "2 Pembagian Tugas", _step_text("Triwulan", 10), _step_text("Kode", 12),
    _step_text("Staf penanggung jawab", 34), _step_time("Batas waktu"), _step_time("Mulai"),
    _step_time("Selesai"))
KOREKSI_TABLE = Columns(
    "Koreksi", _step_text("Triwulan", 10), _step_text("Kode", 12), _step_text("Kolom", 22),
    _step_text("Nilai koreksi", 16), _step_text("Alasan", 44), _step_text("Oleh", 24),
    _step_time("Mulai"), _step_time("Selesai"))
PEMERIKSAAN_TABLE = Columns(
    "8 Pemeriksaan Kadin", _step_text("Kode unit", 12), _step_text("Triwulan", 10),
    _step_text("Keputusan", 16), _step_text("Catatan", 44), _step_text("Sidik", 70),
    _step_time("Mulai"), _step_time("Selesai"))
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
    text("Kode", 9), text("Indikator", 44), text("Satuan", 10), text("Arah", 9),
    text("Agregasi", 11),
    *(c for n in TRIWULAN for c in (
        number(target_h(n), 11), number(diajukan_h(n), 12), number(koreksi_h(n), 12),
        text(dikoreksi_oleh_h(n), 18), percent(capaian_h(n), 11))))
# 7 Kabid: rows 4..7 hold the sidik per quarter (label in A, value in C).
KABID_SIDIK_ROW = 4
KABID_SIDIK_COL = 3
KABID = Generated(
    "7 Kabid", 10, 11,
    text("Kode", 9), text("Indikator", 44), text("Unit", 10), text("Level", 11),
    text("Satuan", 10), text("Arah", 9), text("Agregasi", 11),
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


# Realisation to date against the annual target: progress, never a capaian.
PROGRES_SD_H = "Progres s.d. thd target tahunan (%)"
REKAP = Generated(
    "9 Rekap TW", 10, 11,
    _rekap_text("No", 5), _rekap_text("Kode", 9), _rekap_text("Sasaran", 26, True),
    _rekap_text("Indikator", 40, True), _rekap_text("Satuan", 10),
    _rekap_text("Unit", 14, True), number("Target", 10), number("Realisasi", 10),
    percent("Capaian (%)", 10), _rekap_text("Predikat", 12), number("Target s.d.", 10),
    number("Realisasi s.d.", 10), percent("Capaian s.d. (%)", 10),
    _rekap_text("Predikat s.d.", 12), percent(PROGRES_SD_H, 11),
    _rekap_text("Faktor pendukung", 22, True),
    _rekap_text("Faktor penghambat", 22, True), _rekap_text("Tindak lanjut", 22, True),
    marker=True, tanda_tangan="Target s.d.")
REKAP_TAHUNAN_LAYOUT = Generated(
    "9 Rekap Tahunan", 10, 11,
    _rekap_text("No", 5), _rekap_text("Kode", 9), _rekap_text("Sasaran", 26, True),
    _rekap_text("Indikator", 40, True), _rekap_text("Satuan", 10),
    _rekap_text("Unit", 14, True), number("Target", 10),
    *(number(realisasi_tw_h(n), 10) for n in TRIWULAN), number("Realisasi", 10),
    percent("Capaian (%)", 10), _rekap_text("Predikat", 12),
    number("Realisasi tahun lalu", 11), number("Perubahan thd tahun lalu", 11),
    number("Target akhir Renstra", 11), percent("Capaian thd Renstra (%)", 11),
    number("Target awal", 10),
    marker=True, tanda_tangan="Realisasi")
# After a PK Perubahan the annual report's "Target" column is headed "Target perubahan"
# and "Target awal" (the last column) is filled and printed; without one it is left
# out of the print area.
TARGET_PERUBAHAN = "Target perubahan"
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
GRAFIK = Columns("Grafik", Column("Grafik: Kode", 14),
                 percent("Grafik: Capaian (%)", 14), percent("Grafik: Target 100 %", 14))
GRAFIK_HEADERS = GRAFIK.headers
GRAFIK_GAP = 2  # empty columns between the report and the chart data
GRAFIK_JUDUL = "Capaian per indikator (%)"
GRAFIK_SERATUS = 100  # the line every bar is read against

# Step states on Status SOP.
BELUM, BERJALAN, SELESAI = "belum", "berjalan", "selesai"
STATUS_SOP_LAYOUT = Generated(
    "Status SOP", 8, 9,
    _gen_text("No", 5), _gen_text("Kegiatan", 44), _gen_text("Pelaksana", 22),
    _gen_text("Kelengkapan", 30), _gen_text("Kelengkapan kurang", 28),
    date("Mulai", 17), date("Selesai", 17), number("Durasi (menit)", 11, FMT_MENIT),
    number("Waktu baku (menit)", 11, FMT_MENIT), _gen_text("Melebihi waktu baku", 11),
    date("Batas waktu", 17), _gen_text("Terlambat", 10), _gen_text("Output", 30),
    _gen_text("Status", 12))
STATUS_SOP_HEADERS = STATUS_SOP_LAYOUT.headers

TEMUAN_LAYOUT = Generated(
    "Temuan", 4, 5,
    _gen_text("No", 5), _gen_text("Kode temuan", 26), _gen_text("Tingkat", 11),
    _gen_text("Lembar", 22), _gen_text("Sel", 8), _gen_text("Kode", 10),
    _gen_text("Pesan", 80), _gen_text("Tautan", 14))
TEMUAN_HEADERS = TEMUAN_LAYOUT.headers

RIWAYAT_LAYOUT = Generated(
    "Riwayat", 3, 4,
    _gen_text("No", 6), _gen_text("Waktu", 20), _gen_text("Pengguna", 16),
    _gen_text("Langkah", 10), _gen_text("Aksi", 22), _gen_text("Ringkasan", 60),
    _gen_text("Sidik", 20), _gen_text("Hash", 20))
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
    text("Kode Indikator", 16, fmt=FMT_TEKS), number("Realisasi TW", 14, FMT_UMUM),
    text("Kendala yg Dihadapi", 40), text("Solusi yg Telah Dilakukan", 30),
    text("Rencana Tindak Lanjut", 40), text("PIC Tindak Lanjut", 20),
    text("Batas Waktu TL", 16), text("Link Bukti Dukung Kinerja", 40),
    text("Link Bukti Dukung Rencana Tindak Lanjut Triwulan Sebelumnya", 40))
ESAKIP_CAPAIAN_HEADERS = ESAKIP_CAPAIAN_TABLE.headers
EKSPOR_KETERANGAN_TABLE = Columns(
    "Keterangan", text("Keterangan", 28), text("Nilai", 90))  # source, quarter, FINAL or not

# The flat table: a row per indicator x quarter and one per indicator for the year.
# docs/ekspor.md documents each column; a test keeps the two equal.
DATAR_TABLE = Columns(
    "Data Kinerja",
    number("Tahun", 7, FMT_BULAT), text("Periode", 9), number("Triwulan", 9, FMT_BULAT),
    text("Kode", 10, fmt=FMT_TEKS), text("Kode e-SAKIP", 14, fmt=FMT_TEKS),
    text("Sasaran", 36), text("Indikator", 44), text("Satuan", 10), text("Arah", 9),
    text("Agregasi", 11), text("Level", 11), text("Kode unit", 10), text("Unit", 36),
    text("Kode bidang", 11), text("Bidang", 36),
    number("Target", 12, FMT_UMUM), number("Realisasi diajukan", 12, FMT_UMUM),
    number("Realisasi", 12, FMT_UMUM), text("Dikoreksi oleh", 24),
    number("Capaian (%)", 12, FMT_UMUM), text("Predikat", 14),
    number("Target s.d.", 12, FMT_UMUM), number("Realisasi s.d.", 12, FMT_UMUM),
    number("Capaian s.d. (%)", 12, FMT_UMUM), text("Predikat s.d.", 14),
    number("Pagu anggaran", 16, FMT_UMUM), number("Realisasi anggaran", 16, FMT_UMUM),
    number("Realisasi tahun lalu", 12, FMT_UMUM), number("Target akhir Renstra", 12, FMT_UMUM),
    number("Capaian thd Renstra (%)", 12, FMT_UMUM),
    text("Status", 10), date("Diajukan pada", 17), text("Keputusan Kadin", 16),
    text("Disetujui oleh", 30), date("Diputuskan pada", 17), text("Sidik", 66),
    text("Keterangan", 30), text("Faktor pendukung", 30), text("Faktor penghambat", 30),
    text("Tindak lanjut", 30))
DATAR_HEADERS = DATAR_TABLE.headers
DATAR_TABEL = "DataKinerja"        # the Excel table a PivotTable or Power BI picks up
PERIODE_TAHUNAN = "Tahunan"
# Keputusan Kadin in the flat table, besides the two decisions of KEPUTUSAN.
KEPUTUSAN_KEDALUWARSA = "Kedaluwarsa"
KEPUTUSAN_BELUM = "Belum diperiksa"
# CSV conventions (`--desimal`): the separator between fields and the decimal mark.
CSV_DESIMAL = {"koma": (";", ","), "titik": (",", ".")}
