"""The nine steps of SOP 427.53/1/02.26/2022 "Pengumpulan Data Kinerja", encoded once."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Langkah:
    no: int
    kegiatan: str
    pelaksana: str
    kelengkapan: tuple[str, ...]
    waktu_baku_menit: int
    output: str
    oleh_alat: bool = False  # True: the tool's own step, timed from Riwayat


LANGKAH: tuple[Langkah, ...] = (
    Langkah(1, "Menugaskan Kabid/Sekretaris menyusun laporan data kinerja SKPD setiap triwulan",
            "Kadin", ("Perjanjian Kinerja", "Rencana Aksi"), 15, "Disposisi"),
    Langkah(2, "Mengarahkan staf mengumpulkan bahan laporan kinerja", "Kabid/Sekretaris",
            ("Disposisi", "PK dan RA"), 15, "Catatan pembagian tugas"),
    Langkah(3, "Menyerahkan bahan laporan kinerja", "Staf", ("Catatan pembagian tugas",), 15,
            "Draf data laporan kinerja"),
    Langkah(4, "Mengoreksi bahan laporan kinerja", "Kasi/Kasubbag", ("Data laporan kinerja",),
            60, "Data laporan kinerja"),
    Langkah(5, "Menyusun laporan data kinerja", "Kasi/Kasubbag",
            ("Draf data laporan kinerja",), 360, "Data laporan kinerja", oleh_alat=True),
    Langkah(6, "Mengoreksi laporan kinerja dari Kasi/Kasubbag", "Kabid/Sekretaris",
            ("Data laporan kinerja",), 60, "Hasil koreksi laporan kinerja"),
    Langkah(7, "Menyusun laporan kinerja Kabid/Sekretaris", "Kabid/Sekretaris",
            ("Draf data laporan kinerja",), 360, "Data laporan kinerja", oleh_alat=True),
    Langkah(8, "Memeriksa laporan kinerja", "Kadin", ("Hasil koreksi laporan kinerja",), 60,
            "Laporan kinerja disposisi"),
    Langkah(9, "Menyusun laporan kinerja triwulan dan tahunan",
            "Kabid/Sekretaris (dioperasikan Kasubbag)", ("Draf data laporan kinerja",), 360,
            "Dokumen laporan kinerja triwulan dan tahunan", oleh_alat=True),
)
