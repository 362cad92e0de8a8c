"""`kinerja-xl pk-perubahan`."""
from __future__ import annotations

import datetime as dt

from .common import add_json, add_tabel_options, jalankan, on_file, tabel_opsi

PERINTAH = "pk-perubahan"
HELP = ("Catat PK Perubahan (mis. sesudah APBD Perubahan): target tahunan, pagu, rencana "
        "aksi dan target triwulan baru; target lama disimpan di Riwayat, triwulan yang "
        "sudah disetujui tetap diukur dengan target saat disetujui.")


def tanggal(text: str) -> dt.date:
    """--tanggal as YYYY-MM-DD (argparse names this function in its message)."""
    return dt.date.fromisoformat(text.strip())


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    p.add_argument("--pk", required=True, metavar="F",
                   help="tabel PK perubahan (CSV, XLSX, XLS atau ODS; BERKAS::LEMBAR "
                        "memilih lembar; judul kolom seperti lembar PK)")
    p.add_argument("--ra", metavar="F",
                   help="tabel RA perubahan (tanpa ini RA tidak berubah)")
    p.add_argument("--tanggal", required=True, type=tanggal, metavar="YYYY-MM-DD",
                   help="tanggal penandatanganan PK Perubahan")
    p.add_argument("--alasan", required=True, metavar="TEKS",
                   help="alasan perubahan, mis. 'Penyesuaian APBD Perubahan 2026'")
    add_tabel_options(p)
    add_json(p)


def run(args) -> int:
    from ..ops.pk_perubahan import pk_perubahan

    def kerja():
        opsi = tabel_opsi(args)
        return on_file(args.berkas, True, lambda book: pk_perubahan(
            book, args.pk, args.ra, args.tanggal, args.alasan, **opsi))
    return jalankan(args, PERINTAH, kerja)
