"""`kinerja-xl verifikasi`: check the electronic signature(s) of a report PDF."""
from __future__ import annotations

import argparse

from kinerja_xl.hasil import Hasil

from .common import jalankan

PERINTAH = "verifikasi"

YA_TIDAK = {True: "ya", False: "TIDAK"}


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        PERINTAH, allow_abbrev=False,
        help="Periksa tanda tangan elektronik pada PDF laporan.",
        description="Memeriksa apakah PDF masih utuh sejak ditandatangani, apakah tanda "
                    "tangannya sah dan mencakup seluruh berkas, dan (dengan --akar) apakah "
                    "sertifikatnya berasal dari penerbit tepercaya. Pemeriksaan luring: "
                    "daftar pencabutan (CRL/OCSP) tidak diunduh. Kode keluar 0 bila semua "
                    "syarat terpenuhi, 1 bila tidak.")
    p.add_argument("berkas", metavar="OUT.pdf", help="PDF yang diperiksa")
    p.add_argument("--akar", action="append", metavar="CA.pem",
                   help="sertifikat akar tepercaya (PEM/DER); boleh diulang")
    p.add_argument("--json", action="store_true", help="keluaran berupa satu objek JSON")


def run(args: argparse.Namespace) -> int:
    return jalankan(args, PERINTAH, lambda: periksa(args))


def periksa(args: argparse.Namespace) -> Hasil:
    from kinerja_xl import tte
    hasil = tte.verify_pdf(args.berkas, args.akar)
    temuan = tte.temuan_verifikasi(hasil, bool(args.akar))
    return Hasil(PERINTAH, str(args.berkas), None, hasil["tanda_tangan"], temuan,
                 rincian=[report(hasil, bool(args.akar))])


def report(hasil: dict, with_roots: bool) -> str:
    lines = [f"Berkas: {hasil['berkas']} ({hasil['ukuran_berkas']} bita)",
             f"Jumlah tanda tangan: {hasil['jumlah_tanda_tangan']}"]
    for t in hasil["tanda_tangan"]:
        rentang = t["rentang_byte"]
        terpercaya = YA_TIDAK[t["terpercaya"]] if with_roots else \
            "tidak diperiksa (berikan --akar CA.pem)"
        lines += [
            "",
            f"Medan tanda tangan : {t['medan']}",
            f"Penanda tangan     : {t['penandatangan'] or '-'}",
            f"Waktu tanda tangan : {_waktu(t['waktu_tanda_tangan'])}",
            f"Utuh               : {YA_TIDAK[t['utuh']]}",
            f"Sah                : {YA_TIDAK[t['sah']]}",
            f"Tepercaya          : {terpercaya}",
            f"Cakupan            : {_cakupan(t)}",
            f"Rentang bita       : {rentang} ({t['byte_tertandatangani']} bita ditandatangani)",
            f"Kesimpulan         : {t['ringkasan']}",
        ]
    if not hasil["tanda_tangan"]:
        lines.append(hasil["ringkasan"])
    return "\n".join(lines)


def _cakupan(t: dict) -> str:
    from kinerja_xl.tte import COVERAGE_TEXT
    return COVERAGE_TEXT.get(t["cakupan"] or "", "tidak diketahui")


def _waktu(iso: str | None) -> str:
    if not iso:
        return "-"
    import datetime as dt
    from kinerja_xl.tte import tanggal_wib
    return tanggal_wib(dt.datetime.fromisoformat(iso))
