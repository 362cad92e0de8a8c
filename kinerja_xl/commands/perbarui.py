"""`kinerja-xl perbarui` (alias `perbarui-makro`): bring a workbook up to this version:
its sheets' contract (ops/inti/migrasi.py) and its macros (makro.py)."""
from __future__ import annotations

from .common import add_json, run_on_file

PERINTAH = "perbarui"
ALIAS = ("perbarui-makro",)
HELP = ("Perbarui buku kerja ke versi program ini: susunan lembar dan judul kolom (tanpa "
        "mengubah satu nilai pun; dicatat di Riwayat), lalu proyek VBA, pita (ribbon) dan "
        "kunci xlwings.conf, mis. setelah disimpan oleh LibreOffice atau untuk pindah ke "
        "versi xlwings baru; baris xlwings.conf milik operator tidak diubah. Nama lama "
        "'perbarui-makro' tetap berlaku.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, aliases=list(ALIAS), help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    p.add_argument("--paksa", action="store_true",
                   help="perbarui juga berkas yang tidak dikenali sebagai buku kerja "
                        "kinerja-xl (proyek VBA dan pitanya diganti)")
    add_json(p)


def run(args) -> int:
    from .. import makro
    return run_on_file(args, PERINTAH, True, lambda book: makro.perbarui(book, args.paksa))
