"""The workbook contract: sheet names, header strings and where things sit.

The builder, both adapters and every operation read this module, so each header
string lives here and nowhere else.  Headers are matched by name, not position.
"""
from __future__ import annotations

from dataclasses import dataclass, field

TRIWULAN = (1, 2, 3, 4)
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


def tw(n: int) -> str:
    """'TW I' … 'TW IV'."""
    return f"TW {ROMAWI[n]}"


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

# --- reference tables --------------------------------------------------------
UNIT_HEADERS = ("Kode unit", "Nama unit", "Jenis", "Induk", "Kode singkat",
                "Nama pejabat", "NIP", "Jabatan")
UNIT_REQUIRED = ("Kode unit", "Nama unit", "Jenis", "Kode singkat")
JENIS_UNIT = ("Sekretariat", "Bidang", "Subbagian", "Seksi")
JENIS_INDUK = ("Sekretariat", "Bidang")
LEVEL_PK = ("SKPD",) + JENIS_UNIT

PK_HEADERS = ("Kode", "Level", "Unit", "Sasaran", "Indikator", "Satuan", "Arah",
              "Agregasi", "Target tahunan", "Pagu anggaran", "Realisasi tahun lalu",
              "Target akhir Renstra")
PK_REQUIRED = ("Kode", "Level", "Unit", "Indikator", "Satuan", "Arah", "Agregasi",
               "Target tahunan")
ARAH = ("Positif", "Negatif")
AGREGASI = ("Jumlah", "Nilai Akhir", "Rata-rata")

RA_HEADERS = ("Kode", "Rencana aksi") + tuple(f"Target {tw(n)}" for n in TRIWULAN)
RA_REQUIRED = ("Kode",)

# Reference sheets: a title row, then the header row, then data.
REF_HEADER_ROW = 3
REF_DATA_ROW = 4

# --- Pengaturan -------------------------------------------------------------
PENGATURAN_HEADERS = ("Kunci", "Nilai", "Keterangan")


@dataclass(frozen=True)
class Setting:
    kunci: str
    bawaan: object
    keterangan: str


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
    Setting("Rumus indikator negatif", "2T-R", "2T-R atau T/R"),
    Setting("Ambang capaian rendah", 51, "Capaian di bawah ini wajib faktor penghambat dan tindak lanjut"),
    Setting("Ambang capaian tinggi", 150, "Capaian di atas ini wajib keterangan"),
    Setting("Sandi proteksi", None, "Kosong = proteksi tanpa sandi"),
)
SETTING_KEYS = tuple(s.kunci for s in SETTINGS)
STATUS_PENANDATANGAN = ("Definitif", "Plt.", "Plh.")
RUMUS_NEGATIF = ("2T-R", "T/R")

# Predicate scale, a small table beside the key/value rows.
SKALA_HEADERS = ("Batas bawah (%)", "Predikat")
SKALA_BAWAAN = ((91, "Sangat Tinggi"), (76, "Tinggi"), (66, "Sedang"),
                (51, "Rendah"), (None, "Sangat Rendah"))
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

BAHAN_FIXED = ("Kode", "Indikator", "Satuan", "Arah")


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


def bahan_quarter_headers(n: int) -> tuple[str, ...]:
    return (target_h(n), realisasi_h(n), anggaran_h(n), capaian_h(n), bukti_h(n),
            pendukung_h(n), penghambat_h(n), tindak_h(n))


BAHAN_HEADERS = BAHAN_FIXED + tuple(h for n in TRIWULAN for h in bahan_quarter_headers(n))


def bahan_input_headers(n: int) -> tuple[str, ...]:
    """The cells staff type into for quarter n (unlocked on the sheet)."""
    return (realisasi_h(n), anggaran_h(n), bukti_h(n), pendukung_h(n),
            penghambat_h(n), tindak_h(n))


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
DISPOSISI_HEADERS = ("Triwulan", "Kepada", "Isi disposisi", "Batas waktu", "Mulai", "Selesai")
PEMBAGIAN_HEADERS = ("Triwulan", "Kode", "Staf penanggung jawab", "Batas waktu", "Mulai",
                     "Selesai")
KOREKSI_HEADERS = ("Triwulan", "Kode", "Kolom", "Nilai koreksi", "Alasan", "Oleh", "Mulai",
                   "Selesai")
PEMERIKSAAN_HEADERS = ("Kode unit", "Triwulan", "Keputusan", "Catatan", "Sidik", "Mulai",
                       "Selesai")
KEPUTUSAN = ("Disetujui", "Dikembalikan")
STEP_INPUT_ROWS = 200  # rows with dropdowns and formats prepared by the builder


# --- generated sheets -------------------------------------------------------
@dataclass(frozen=True)
class Generated:
    """A sheet the operations own from `data_row` down (and `header` at `header_row`)."""
    header_row: int
    data_row: int
    headers: tuple[str, ...]
    widths: tuple[float, ...] = field(default=())


def _laporan_headers() -> tuple[str, ...]:
    fixed = ("Kode", "Indikator", "Satuan", "Arah", "Agregasi")
    per = tuple(h for n in TRIWULAN for h in (
        target_h(n), f"Realisasi diajukan {tw(n)}", f"Realisasi koreksi {tw(n)}",
        f"Dikoreksi oleh {tw(n)}", capaian_h(n)))
    return fixed + per


def _kabid_headers() -> tuple[str, ...]:
    fixed = ("Kode", "Indikator", "Unit", "Level", "Satuan", "Arah", "Agregasi")
    per = tuple(h for n in TRIWULAN for h in (
        target_h(n), f"Realisasi diajukan {tw(n)}", f"Realisasi akhir {tw(n)}",
        f"Koreksi {tw(n)}", capaian_h(n)))
    return fixed + per


LAPORAN = Generated(header_row=5, data_row=6, headers=_laporan_headers())
# 7 Kabid: rows 4..7 hold the sidik per quarter (label in A, value in B).
KABID_SIDIK_ROW = 4
KABID = Generated(header_row=10, data_row=11, headers=_kabid_headers())

REKAP_TW_HEADERS = ("No", "Kode", "Sasaran", "Indikator", "Satuan", "Unit", "Target",
                    "Realisasi", "Capaian (%)", "Predikat", "Target s.d.", "Realisasi s.d.",
                    "Capaian s.d. (%)", "Predikat s.d.", "Faktor pendukung",
                    "Faktor penghambat", "Tindak lanjut")
REKAP_TAHUNAN_HEADERS = ("No", "Kode", "Sasaran", "Indikator", "Satuan", "Unit",
                         "Target", "Realisasi TW I", "Realisasi TW II", "Realisasi TW III",
                         "Realisasi TW IV", "Realisasi", "Capaian (%)", "Predikat",
                         "Realisasi tahun lalu", "Perubahan thd tahun lalu",
                         "Target akhir Renstra", "Capaian thd Renstra (%)")
# Rows 1..5 letterhead, 7..8 title, 10 header; data from 11.  The letterhead and
# title are written by the operation too (they follow Pengaturan).
REKAP_KOP_ROWS = 5
REKAP_TITLE_ROW = 7
REKAP = Generated(header_row=10, data_row=11, headers=REKAP_TW_HEADERS)
REKAP_TAHUNAN_LAYOUT = Generated(header_row=10, data_row=11, headers=REKAP_TAHUNAN_HEADERS)
# Chart data: a compact block right of the report, outside the print area.
GRAFIK_HEADERS = ("Grafik: Kode", "Grafik: Capaian (%)")
GRAFIK_GAP = 2  # empty columns between the report and the chart data

STATUS_SOP_HEADERS = ("No", "Kegiatan", "Pelaksana", "Kelengkapan", "Kelengkapan kurang",
                      "Mulai", "Selesai", "Durasi (menit)", "Waktu baku (menit)",
                      "Melebihi waktu baku", "Batas waktu", "Terlambat", "Output", "Status")
STATUS_SOP_LAYOUT = Generated(header_row=8, data_row=9, headers=STATUS_SOP_HEADERS)

TEMUAN_HEADERS = ("No", "Kode temuan", "Tingkat", "Lembar", "Sel", "Kode", "Pesan", "Tautan")
TEMUAN_LAYOUT = Generated(header_row=4, data_row=5, headers=TEMUAN_HEADERS)

RIWAYAT_HEADERS = ("No", "Waktu", "Pengguna", "Langkah", "Aksi", "Ringkasan", "Sidik",
                   "Hash")
RIWAYAT_LAYOUT = Generated(header_row=3, data_row=4, headers=RIWAYAT_HEADERS)

# Defined names the operations own.
PRINT_AREA = "_xlnm.Print_Area"
PRINT_TITLES = "_xlnm.Print_Titles"
NAME_RUMUS_NEGATIF = "RumusNegatif"

# Number formats.  The locale tag makes LibreOffice show a decimal comma; Excel takes
# separators from Windows (the PDF export sets them for the run).
FMT_DESIMAL = "[$-421]#,##0.00"
FMT_ANGKA = "[$-421]#,##0.##"
FMT_WAKTU = "dd/mm/yyyy hh:mm"
FMT_TANGGAL = "dd/mm/yyyy"
