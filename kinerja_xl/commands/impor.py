"""`kinerja-xl impor`."""
from __future__ import annotations

from .common import add_json, add_triwulan, run_on_file

PERINTAH = "impor"
HELP = ("Isi sel realisasi lembar staf dari tabel CSV/XLSX seolah diketik (kolom Kode dan "
        "Realisasi wajib; opsional Realisasi anggaran, Keterangan, Faktor pendukung, "
        "Faktor penghambat, Tindak lanjut).")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    p.add_argument("--realisasi", required=True, metavar="F", help="tabel CSV/XLSX realisasi")
    add_triwulan(p)
    p.add_argument("--ajukan", action="store_true",
                   help="set juga Status triwulan unit-unit itu menjadi Diajukan")
    add_json(p)


def run(args) -> int:
    from ..ops.impor import impor
    return run_on_file(args, PERINTAH, True,
                       lambda book: impor(book, args.realisasi, args.triwulan, args.ajukan))
