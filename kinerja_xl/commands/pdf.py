"""`kinerja-xl pdf`: one report sheet to PDF, optionally signed (TTE)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kinerja_xl import layout
from kinerja_xl.hasil import Hasil
from kinerja_xl.io.base import WorkbookError

from .common import jalankan

PERINTAH = "pdf"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        PERINTAH, allow_abbrev=False,
        help="Ekspor satu lembar laporan ke PDF (tanpa Excel, memakai LibreOffice), "
             "bisa langsung ditandatangani elektronik.",
        description="Ekspor satu lembar (mis. '9 Rekap TW I') ke PDF A4 lanskap memakai "
                    "LibreOffice, tanpa mengubah buku kerja. Dengan --tte, PDF "
                    "ditandatangani elektronik (PAdES) memakai sertifikat PKCS#12. Sandi "
                    "sertifikat dibaca dari berkas (--sandi-file) atau diketik di "
                    "terminal, tidak pernah dari baris perintah.")
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm/.xlsx")
    p.add_argument("--lembar", required=True, metavar="NAMA",
                   help="nama lembar yang diekspor, mis. '9 Rekap TW I' atau '9 Rekap Tahunan'")
    p.add_argument("-o", "--keluaran", metavar="OUT.pdf",
                   help="berkas PDF yang dibuat (bawaan: nama lembar, mis. "
                        "'9_Rekap_TW_I.pdf', atau '9_Rekap_TW_I_TTE.pdf' bila ditandatangani)")
    p.add_argument("--tte", metavar="CERT.p12",
                   help="sertifikat PKCS#12 (.p12/.pfx) untuk tanda tangan elektronik")
    p.add_argument("--sandi-file", metavar="F",
                   help="berkas berisi sandi sertifikat (tanpa itu, sandi ditanyakan di terminal)")
    p.add_argument("--kotak", metavar="X1,Y1,X2,Y2",
                   help="letak kotak tanda tangan dalam poin dari pojok kiri bawah halaman "
                        "(bawaan: ruang kosong di atas nama penanda tangan pada halaman "
                        "terakhir; bila tidak ditemukan, pojok kanan bawah)")
    p.add_argument("--halaman", type=int, default=0, metavar="N",
                   help="halaman kotak tanda tangan, mulai 1 (bawaan: halaman terakhir)")
    p.add_argument("--batas-waktu", type=float, default=120, metavar="DETIK",
                   help="batas waktu ekspor LibreOffice (bawaan 120 detik)")
    p.add_argument("--json", action="store_true", help="keluaran berupa satu objek JSON")


def run(args: argparse.Namespace) -> int:
    return jalankan(args, PERINTAH, lambda: buat(args))


def buat(args) -> Hasil:
    from kinerja_xl import pdf
    from kinerja_xl.ops.inti.migrasi import periksa_berkas
    box = parse_box(args.kotak) if args.kotak else None
    if args.halaman < 0:
        raise WorkbookError("--halaman dimulai dari 1.")
    if not args.tte and args.sandi_file:
        raise WorkbookError("--sandi-file hanya berarti bersama --tte.")
    ttd = None
    if args.tte:
        ttd = pdf.Tandatangan(Path(args.tte), _password(args), kotak=box,
                              halaman=args.halaman - 1 if args.halaman else -1)
    out = (Path(args.keluaran) if args.keluaran
           else pdf.nama_pdf(args.lembar, ditandatangani=ttd is not None))

    def ekspor(path: Path) -> Path:
        periksa_berkas(args.berkas)
        return pdf.export_sheet_pdf(args.berkas, args.lembar, path, timeout=args.batas_waktu)
    penandatangan = pdf.buat_pdf(ekspor, out, ttd)
    baris = {"lembar": args.lembar, "pdf": str(out), "ditandatangani": ttd is not None,
             "penandatangan": penandatangan}
    ringkasan = [f"PDF lembar '{args.lembar}' dibuat: {out}"]
    if penandatangan:
        ringkasan.append(f"Ditandatangani secara elektronik oleh {penandatangan}")
    return Hasil(PERINTAH, str(args.berkas), triwulan_of(args.lembar), [baris],
                 ringkasan=ringkasan)


def _password(args) -> bytes:
    from kinerja_xl import tte
    if args.sandi_file:
        return tte.read_password_file(args.sandi_file)
    if sys.stdin is not None and sys.stdin.isatty():
        return tte.prompt_password(args.tte)
    raise WorkbookError(
        "Sandi sertifikat TTE diperlukan: berikan --sandi-file BERKAS, atau jalankan di "
        "terminal agar sandi dapat diketik. Sandi tidak diterima di baris perintah.")


def parse_box(text: str) -> tuple[float, float, float, float]:
    try:
        x1, y1, x2, y2 = (float(v) for v in text.replace(";", ",").split(","))
    except ValueError:
        raise WorkbookError(
            f"--kotak '{text}' tidak dapat dibaca: tulis empat angka X1,Y1,X2,Y2 dalam poin, "
            "mis. 560,60,800,140.") from None
    if x2 <= x1 or y2 <= y1:
        raise WorkbookError("--kotak: X2 harus lebih besar dari X1 dan Y2 lebih besar dari Y1.")
    return (x1, y1, x2, y2)


def triwulan_of(sheet: str) -> int | None:
    """'9 Rekap TW II' → 2; the annual report and other sheets → None."""
    for n in layout.TRIWULAN:
        if sheet == layout.rekap_tw(n):
            return n
    return None
