"""`kinerja-xl demo`: the whole SOP on the built-in sample."""
from __future__ import annotations

from pathlib import Path

from ..hasil import Hasil
from .common import jalankan

PERINTAH = "demo"
HELP = ("Jalankan seluruh SOP pada data contoh bawaan (dengan beberapa kesalahan isian yang "
        "disengaja) dan tinggalkan buku kerja terisi serta PDF laporan di folder keluaran.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("--keluaran", default="demo-keluaran", metavar="DIR",
                   help="folder hasil (bawaan: demo-keluaran)")
    p.add_argument("--tanpa-pdf", action="store_true", help="lewati ekspor PDF")
    p.add_argument("--json", action="store_true", help="keluaran berupa satu objek JSON")


def run(args) -> int:
    return jalankan(args, PERINTAH, lambda: demo(args))


def demo(args) -> Hasil:
    """The sample's findings are the point of the demo, not a failure: they are counted
    per quarter in the rows, and the exit code stays 0 (SPEC §4)."""
    from ..ops.demo import run_demo, summary_lines
    from ..outputs_adapter import OutputsAdapter
    result = run_demo(Path(args.keluaran), pdf=not args.tanpa_pdf, outputs=OutputsAdapter())
    rows = [{"triwulan": n, **s} for n, s in result.per_triwulan.items()]
    return Hasil(PERINTAH, str(result.workbook), None, rows, ringkasan=summary_lines(result),
                 tambahan={"pdf": [str(p) for p in result.pdfs]})
