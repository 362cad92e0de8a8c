"""`kinerja-xl periksa-tabel`: what a table reader understood of a file; changes nothing."""
from __future__ import annotations

from pathlib import Path

from ..hasil import Hasil
from .common import add_json, add_tabel_options, add_triwulan, jalankan, tabel_opsi

PERINTAH = "periksa-tabel"
HELP = ("Tampilkan bagaimana sebuah tabel atau formulir dibaca (format, lembar, baris judul, "
        "peran tiap kolom, baris yang dibaca dan dilewati, pemisah desimal, baris pertama "
        "seperti akan ditulis) tanpa mengubah apa pun; --simpan-peta menyimpan bacaan itu "
        "untuk dipakai lagi dengan --peta.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="tabel (CSV, XLSX, XLS, ODS, HTML; "
                   "BERKAS::LEMBAR memilih lembar)")
    p.add_argument("--sebagai", choices=("pk", "ra", "unit", "realisasi"),
                   help="baca sebagai tabel jenis ini (tanpa ini: jenis yang paling cocok)")
    add_triwulan(p, required=False)
    p.add_argument("--tahun", type=int, metavar="Y",
                   help="tahun yang dibaca bila judul kolom memuat tahun (Target 2026)")
    p.add_argument("--semua", action="store_true", help="tampilkan semua baris, bukan lima "
                   "yang pertama")
    p.add_argument("--simpan-peta", metavar="PETA.toml",
                   help="simpan bacaan ini sebagai peta yang dapat diubah dan dipakai lagi")
    add_tabel_options(p)
    add_json(p)


def run(args) -> int:
    return jalankan(args, PERINTAH, lambda: periksa_tabel(args))


def periksa_tabel(args) -> Hasil:
    from ..tabel.periksa import periksa
    from ..tabel import peta as P
    bacaan = periksa(args.berkas, args.sebagai, args.triwulan, args.tahun, **tabel_opsi(args))
    ringkasan = ["Tidak ada yang diubah."]
    tambahan = bacaan.as_json()
    if args.simpan_peta:
        P.tulis(bacaan.peta(), Path(args.simpan_peta))
        ringkasan.append(f"Peta disimpan di {args.simpan_peta}; pakai dengan --peta "
                         f"{args.simpan_peta} pada buat, impor atau periksa-tabel.")
        tambahan["peta"] = str(args.simpan_peta)
    return Hasil(PERINTAH, str(args.berkas), args.triwulan, [], temuan=bacaan.temuan,
                 ringkasan=ringkasan, rincian=bacaan.teks(args.semua), tambahan=tambahan)
