"""`kinerja-xl rekap`."""
from __future__ import annotations

from .common import add_json, run_on_file

PERINTAH = "rekap"
HELP = "Langkah 9: susun laporan kinerja triwulan (--triwulan N) atau tahunan (--tahunan)."


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--triwulan", type=int, choices=(1, 2, 3, 4), metavar="N",
                       help="triwulan 1 sampai 4")
    group.add_argument("--tahunan", action="store_true", help="laporan tahunan")
    add_json(p)


def run(args) -> int:
    from ..ops import jalankan
    if args.tahunan:
        return run_on_file(args, PERINTAH, True, jalankan.rekap_tahunan)
    return run_on_file(args, PERINTAH, True,
                       lambda book: jalankan.rekap_triwulan(book, args.triwulan))
