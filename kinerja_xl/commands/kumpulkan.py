"""`kinerja-xl kumpulkan`: import filled staff copies back into the workbook."""
from __future__ import annotations

import datetime as dt
import json
import sys

from ..io.base import WorkbookError
from .common import add_json, print_hasil

PERINTAH = "kumpulkan"
HELP = ("Kumpulkan salinan bahan yang sudah diisi staf (dari 'kinerja-xl bagikan'): periksa "
        "asal salinan, tampilkan perubahan per sel, lalu terapkan dengan --ya atau setelah "
        "dikonfirmasi di terminal.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    p.add_argument("salinan", metavar="DIR_OR_FILES", nargs="+",
                   help="folder berisi salinan .xlsx, atau berkas salinan")
    p.add_argument("--triwulan", type=int, choices=(1, 2, 3, 4), metavar="N",
                   help="triwulan yang dikumpulkan (bawaan: Triwulan aktif di Pengaturan)")
    p.add_argument("--ya", action="store_true", help="terapkan tanpa bertanya")
    add_json(p)


def _confirm(args) -> tuple[bool, str | None]:
    """Apply only with --ya or a yes typed at a terminal; never guess."""
    if args.ya:
        return True, None
    if args.json or not sys.stdin.isatty():
        return False, ("Perubahan TIDAK diterapkan: tidak ada terminal untuk konfirmasi dan "
                       "--ya tidak diberikan.")
    answer = input("Terapkan perubahan ini ke buku kerja? [y/T] ").strip().casefold()
    if answer in ("y", "ya", "yes"):
        return True, None
    return False, "Dibatalkan: perubahan tidak diterapkan."


def run(args) -> int:
    from ..io import open_workbook
    from ..ops.kumpulkan import kumpulkan

    now = dt.datetime.now().replace(microsecond=0)
    try:
        with open_workbook(args.berkas, write=True) as book:
            hasil = kumpulkan(book, args.salinan, False, args.triwulan, now)
            pending = any(row["perubahan"] for row in hasil.baris)
            if not args.json:
                print_hasil(hasil, False)
            note = None
            if pending:
                ok, note = _confirm(args)
                if ok:
                    hasil = kumpulkan(book, args.salinan, True, args.triwulan, now)
                    book.save()
    except WorkbookError as exc:
        print(exc.pesan, file=sys.stderr)
        return exc.exit_code
    if args.json:
        out = hasil.as_json()
        out["diterapkan"] = bool(hasil.diubah)
        print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    elif hasil.diubah:
        print(hasil.ringkasan[-1])
        print("Lembar diperbarui: " + ", ".join(hasil.diubah))
    if note:
        print(note, file=sys.stderr)
    return hasil.exit_code
