"""`kinerja-xl verifikasi`: check the electronic signature(s) of a report PDF."""
from __future__ import annotations

import argparse

from kinerja_xl.hasil import Hasil
from kinerja_xl.temuan import Temuan

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
    temuan = [t if isinstance(t, Temuan) else Temuan(**t)
              for t in findings(hasil, bool(args.akar))]
    return Hasil(PERINTAH, str(args.berkas), None, hasil["tanda_tangan"], temuan,
                 rincian=[report(hasil, bool(args.akar))])


def _finding(kode_temuan: str, medan: str | None, pesan: str) -> dict:
    return {"kode_temuan": kode_temuan, "tingkat": "error", "lembar": None, "sel": None,
            "kode": medan, "pesan": pesan}


def findings(hasil: dict, with_roots: bool) -> list[dict]:
    """One finding per failed requirement; none means the PDF passes."""
    from kinerja_xl.tte import followed_by_allowed_revisions
    if not hasil["tanda_tangan"]:
        return [_finding("TTE_TIDAK_ADA", None, "PDF ini tidak bertanda tangan elektronik.")]
    out = []
    last = len(hasil["tanda_tangan"]) - 1
    for n, t in enumerate(hasil["tanda_tangan"]):
        m = t["medan"]
        # An earlier signature is followed by the later ones: allowed additions
        # are fine; the last signature must cover the entire file.
        covered = t["seluruh_berkas"] or (n < last and followed_by_allowed_revisions(t))
        if not t["utuh"]:
            out.append(_finding("TTE_TIDAK_UTUH", m, f"Tanda tangan {m}: isi PDF telah "
                                                     "berubah sesudah ditandatangani."))
        elif not t["sah"]:
            out.append(_finding("TTE_TIDAK_SAH", m, f"Tanda tangan {m} tidak sah."))
        if t["utuh"] and not covered:
            out.append(_finding("TTE_CAKUPAN", m, f"Tanda tangan {m} tidak mencakup seluruh "
                                                  "berkas: ada tambahan sesudah ditandatangani."))
        if with_roots and not t["terpercaya"]:
            out.append(_finding("TTE_TIDAK_TEPERCAYA", m, f"Sertifikat penanda tangan {m} tidak "
                                                          "berasal dari sertifikat akar yang diberikan."))
    return out


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
