"""`kinerja-xl status`."""
from __future__ import annotations

from .common import add_json, add_triwulan, run_on_file

PERINTAH = "status"
HELP = ("Status SOP: sembilan langkah untuk triwulan aktif — kelengkapan, mulai/selesai, "
        "durasi terhadap waktu baku, batas waktu, output; tulis lembar Status SOP.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    add_triwulan(p, required=False,
                 help="triwulan 1 sampai 4 (bawaan: Triwulan aktif di Pengaturan)")
    add_json(p)


def run(args) -> int:
    from ..ops.status import status
    from ..outputs_adapter import OutputsAdapter
    return run_on_file(args, PERINTAH, True,
                       lambda book: status(book, args.triwulan, outputs=OutputsAdapter()))
