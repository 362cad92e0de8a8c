"""`kinerja-xl validasi`."""
from __future__ import annotations

from .common import add_json, add_triwulan, run_on_file

PERINTAH = "validasi"
HELP = ("Langkah 4: periksa realisasi terhadap target, tulis temuan ke lembar Temuan. "
        "Keluar 1 bila ada temuan tingkat error.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    add_triwulan(p)
    add_json(p)


def run(args) -> int:
    from ..ops import jalankan
    return run_on_file(args.berkas, True, lambda book: jalankan.validasi(book, args.triwulan),
                       args.json)
