"""`kinerja-xl validasi`."""
from __future__ import annotations

from .common import add_json, add_triwulan, run_on_file

PERINTAH = "validasi"
HELP = ("Langkah 4: periksa realisasi terhadap target, tulis temuan ke lembar Temuan. "
        "Keluar 1 bila ada temuan tingkat error.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    group = p.add_mutually_exclusive_group(required=True)
    add_triwulan(group, required=False)
    group.add_argument("--tahunan", action="store_true",
                       help="seluruh tahun: temuan keempat triwulan dan capaian tahunan "
                            "(yang dihitung 'kinerja-xl rekap --tahunan')")
    add_json(p)


def run(args) -> int:
    from ..ops.validasi import validasi
    from ..outputs_adapter import OutputsAdapter
    return run_on_file(args, PERINTAH, True,
                       lambda book: validasi(book, args.triwulan, args.tahunan,
                                             outputs=OutputsAdapter()))
