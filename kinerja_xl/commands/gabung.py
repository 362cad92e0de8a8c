"""`kinerja-xl gabung`: the kabupaten view over many Dinas workbooks."""
from __future__ import annotations

import sys

from .common import add_json, jalankan

PERINTAH = "gabung"
HELP = ("Gabungkan indikator tingkat SKPD dari banyak buku kerja Dinas berdampingan (per "
        "triwulan dan tahunan) ke satu berkas .xlsx; buku kerja rusak dilewati dengan temuan.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("keluaran", metavar="OUT.xlsx", help="berkas gabungan yang ditulis")
    p.add_argument("buku", metavar="WORKBOOK", nargs="+", help="buku kerja Dinas (.xlsm)")
    add_json(p)


class Bar:
    """A plain text progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, stream=sys.stderr, width: int = 30):
        self.stream, self.width = stream, width
        self.on = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self.on or total == 0:
            return
        filled = self.width * done // total
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {name[:40]:<40}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def run(args) -> int:
    from ..ops.gabung import gabung
    return jalankan(args, PERINTAH, lambda: gabung(args.keluaran, args.buku, Bar()))
