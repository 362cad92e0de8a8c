"""`kinerja-xl perbarui-makro`: put this version's macros back into a workbook."""
from __future__ import annotations

from .common import add_json, run_on_file

PERINTAH = "perbarui-makro"
HELP = ("Pasang kembali proyek VBA, pita (ribbon) dan kunci xlwings.conf versi ini ke buku "
        "kerja, mis. setelah disimpan oleh LibreOffice atau untuk pindah ke versi xlwings "
        "baru; data semua lembar dan baris xlwings.conf milik operator tidak diubah.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    add_json(p)


def run(args) -> int:
    from .. import makro
    return run_on_file(args, PERINTAH, True, makro.perbarui)
