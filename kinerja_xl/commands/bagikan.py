"""`kinerja-xl bagikan`: one small copy of the staff sheet per reporting unit."""
from __future__ import annotations

from .common import add_json, add_triwulan, run_on_file

PERINTAH = "bagikan"
HELP = ("Tulis satu berkas .xlsx kecil per unit pelapor (hanya lembar bahannya, terproteksi, "
        "tanpa makro) untuk diisi staf, lalu dikumpulkan dengan 'kinerja-xl kumpulkan'.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    add_triwulan(p)
    p.add_argument("-o", "--keluaran", required=True, metavar="DIR",
                   help="folder tujuan salinan")
    p.add_argument("--timpa", action="store_true",
                   help="timpa salinan yang sudah ada di folder (bawaan: dilewati)")
    add_json(p)


def run(args) -> int:
    from ..ops.bagikan import bagikan
    from ..outputs_adapter import OutputsAdapter
    # The master is only read: it is opened without the write lock.
    return run_on_file(args, PERINTAH, False,
                       lambda book: bagikan(book, args.triwulan, args.keluaran, args.timpa,
                                            outputs=OutputsAdapter()))
