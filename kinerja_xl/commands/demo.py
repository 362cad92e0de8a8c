"""`kinerja-xl demo`: the whole SOP on the built-in sample."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..io.base import WorkbookError

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
    from ..ops.demo import run_demo, summary_lines
    try:
        result = run_demo(Path(args.keluaran), pdf=not args.tanpa_pdf)
    except WorkbookError as exc:
        print(exc.pesan, file=sys.stderr)
        return exc.exit_code
    if args.json:
        rows = [{"triwulan": n, **s} for n, s in result.per_triwulan.items()]
        print(json.dumps({"perintah": PERINTAH, "berkas": str(result.workbook), "triwulan": None,
                          "baris": rows, "temuan": [],
                          "pdf": [str(p) for p in result.pdfs]}, ensure_ascii=False))
    else:
        print("\n".join(summary_lines(result)))
    return 0
