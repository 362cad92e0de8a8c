"""`kinerja-xl rekap`."""
from __future__ import annotations

from .common import add_json, add_triwulan, run_on_file

PERINTAH = "rekap"
HELP = "Langkah 9: susun laporan kinerja triwulan (--triwulan N) atau tahunan (--tahunan)."


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    group = p.add_mutually_exclusive_group(required=True)
    add_triwulan(group, required=False)
    group.add_argument("--tahunan", action="store_true", help="laporan tahunan")
    add_json(p)


def run(args) -> int:
    from ..ops.rekap import rekap_tahunan, rekap_triwulan
    if args.tahunan:
        return run_on_file(args, PERINTAH, True, rekap_tahunan)
    return run_on_file(args, PERINTAH, True,
                       lambda book: rekap_triwulan(book, args.triwulan))
