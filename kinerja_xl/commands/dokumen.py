"""`kinerja-xl dokumen`: the Laporan Kinerja as a Word draft (.docx)."""
from __future__ import annotations

from .common import add_json, add_triwulan, run_on_file

PERINTAH = "dokumen"
HELP = ("Tulis draf dokumen Word (.docx): laporan kinerja triwulan (--triwulan N) atau "
        "LKjIP (--tahunan, kerangka PermenPAN-RB 53/2014), dengan angka yang sama dengan "
        "rekap. Buku kerja tidak diubah.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    group = p.add_mutually_exclusive_group(required=True)
    add_triwulan(group, required=False, help="laporan kinerja triwulan 1 sampai 4")
    group.add_argument("--tahunan", action="store_true", help="draf LKjIP tahunan")
    p.add_argument("-o", "--keluaran", required=True, metavar="OUT.docx",
                   help="berkas Word yang ditulis")
    add_json(p)


def run(args) -> int:
    from ..ops.dokumen import dokumen
    triwulan = None if args.tahunan else args.triwulan
    return run_on_file(args, PERINTAH, False,
                       lambda book: dokumen(book, args.keluaran, triwulan))
