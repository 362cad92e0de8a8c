"""`kinerja-xl impor`."""
from __future__ import annotations

from .common import add_json, add_tabel_options, add_triwulan, jalankan, on_file, tabel_opsi

PERINTAH = "impor"
HELP = ("Isi sel realisasi lembar staf dari tabel (CSV, XLSX, XLS, ODS; BERKAS::LEMBAR "
        "memilih lembar) seolah diketik (kolom Kode dan Realisasi wajib; opsional Realisasi "
        "anggaran, Keterangan, Faktor pendukung, Faktor penghambat, Tindak lanjut). Templat "
        "impor e-SAKIP dan formulir Evaluasi Renja dibaca apa adanya.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    p.add_argument("--realisasi", required=True, metavar="F", help="tabel realisasi")
    add_triwulan(p)
    p.add_argument("--ajukan", action="store_true",
                   help="set juga Status triwulan unit-unit itu menjadi Diajukan")
    add_tabel_options(p)
    add_json(p)


def run(args) -> int:
    from ..ops.impor import impor

    def kerja():
        opsi = tabel_opsi(args)
        return on_file(args.berkas, True, lambda book: impor(
            book, args.realisasi, args.triwulan, args.ajukan, **opsi))
    return jalankan(args, PERINTAH, kerja)
