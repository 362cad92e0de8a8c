"""`kinerja-xl kumpulkan`: import filled staff copies back into the workbook."""
from __future__ import annotations

import sys

from ..hasil import Hasil, pokok
from .common import add_json, add_triwulan, jalankan, tulis_baris

PERINTAH = "kumpulkan"
HELP = ("Kumpulkan salinan bahan yang sudah diisi staf (dari 'kinerja-xl bagikan'): periksa "
        "asal salinan, tampilkan perubahan per sel, lalu terapkan dengan --ya atau setelah "
        "dikonfirmasi di terminal.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    p.add_argument("salinan", metavar="DIR_OR_FILES", nargs="+",
                   help="folder berisi salinan .xlsx, atau berkas salinan")
    add_triwulan(p, required=False,
                 help="triwulan yang dikumpulkan (bawaan: Triwulan aktif di Pengaturan)")
    p.add_argument("--ya", action="store_true", help="terapkan tanpa bertanya")
    add_json(p)


def run(args) -> int:
    return jalankan(args, PERINTAH, lambda: kumpulkan(args))


def kumpulkan(args) -> Hasil:
    from ..io import open_workbook
    from ..ops.kumpulkan import kumpulkan_dengan_konfirmasi

    shown: list[bool] = []

    def konfirmasi(pratinjau: Hasil):
        """Apply only with --ya or a yes typed at a terminal; never guess."""
        if args.ya:
            return True
        if args.json or sys.stdin is None or not sys.stdin.isatty():
            return ("Perubahan TIDAK diterapkan: tidak ada terminal untuk konfirmasi dan "
                    "--ya tidak diberikan.")
        tulis_baris("\n".join(pokok(pratinjau)))
        shown.append(True)
        answer = input("Terapkan perubahan ini ke buku kerja? [y/T] ").strip().casefold()
        return answer in ("y", "ya", "yes")

    with open_workbook(args.berkas, write=True) as book:
        hasil = kumpulkan_dengan_konfirmasi(book, args.salinan, konfirmasi, args.triwulan)
        if hasil.diubah:
            book.save()
    if shown:
        hasil.rincian = []  # the cell-by-cell changes were shown before the question
    return hasil
