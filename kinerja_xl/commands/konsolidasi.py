"""`kinerja-xl konsolidasi`."""
from __future__ import annotations

from .common import add_json, add_triwulan, run_on_file

PERINTAH = "konsolidasi"
HELP = ("Langkah 5 dan 7: terapkan koreksi langkah 4 lalu 6, isi lembar 5 Laporan dan "
        "7 Kabid beserta sidik tiap triwulan.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    add_triwulan(p)
    add_json(p)


def run(args) -> int:
    from ..ops.konsolidasi import konsolidasi
    return run_on_file(args, PERINTAH, True,
                       lambda book: konsolidasi(book, args.triwulan))
