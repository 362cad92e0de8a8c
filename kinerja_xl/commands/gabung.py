"""`kinerja-xl gabung`: the kabupaten view over many Dinas workbooks."""
from __future__ import annotations

import sys
import time

from .common import add_json, jalankan

PERINTAH = "gabung"
HELP = ("Gabungkan indikator tingkat SKPD dari banyak buku kerja Dinas (berkas atau folder) "
        "berdampingan (per "
        "triwulan dan tahunan) ke satu berkas .xlsx; buku kerja rusak dilewati dengan temuan.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("keluaran", metavar="OUT.xlsx", help="berkas gabungan yang ditulis")
    p.add_argument("buku", metavar="WORKBOOK", nargs="+",
                   help="buku kerja Dinas (.xlsm), atau folder yang dicari sampai ke "
                        "subfoldernya (.xlsm dan .xlsx; berkas kunci ~$… dan folder "
                        "cadangan/ dilewati)")
    add_json(p)


def sisa_waktu(detik: float) -> str:
    """'1 j 02 mnt', '3 mnt 05 dtk', '42 dtk'."""
    detik = max(0, round(detik))
    jam, sisa = divmod(detik, 3600)
    menit, dtk = divmod(sisa, 60)
    if jam:
        return f"{jam} j {menit:02d} mnt"
    if menit:
        return f"{menit} mnt {dtk:02d} dtk"
    return f"{dtk} dtk"


class Bar:
    """A plain text progress bar on stderr, only when stderr is a terminal, with the
    time left estimated from the average time per workbook so far."""

    def __init__(self, stream=None, width: int = 30, clock=time.monotonic):
        self.stream = sys.stderr if stream is None else stream
        self.width, self.clock = width, clock
        self.on = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.start: float | None = None

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self.on or total == 0:
            return
        now = self.clock()
        if self.start is None:
            self.start = now
        elapsed = now - self.start
        if done == total:
            waktu = f"selesai dalam {sisa_waktu(elapsed)}"
        elif done == 0:
            waktu = "sisa waktu dihitung…"
        else:
            waktu = f"sisa ± {sisa_waktu(elapsed / done * (total - done))}"
        filled = self.width * done // total
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {waktu:<22} {name[:32]:<32}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def run(args) -> int:
    from ..ops.gabung import gabung
    return jalankan(args, PERINTAH, lambda: gabung(args.keluaran, args.buku, Bar()))
