"""`kinerja-xl buat`: build a new workbook from tables or the built-in sample."""
from __future__ import annotations

from pathlib import Path

from ..hasil import Hasil
from ..io.base import WorkbookError
from .common import add_json, jalankan

PERINTAH = "buat"
HELP = "Buat buku kerja baru dari tabel Unit, PK, RA (CSV/XLSX) atau dari contoh bawaan."


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", nargs="?", default="LaporanKinerja.xlsm",
                   help="berkas .xlsm yang dibuat (bawaan: LaporanKinerja.xlsm)")
    p.add_argument("--tahun", type=int, metavar="Y", help="tahun kinerja")
    p.add_argument("--unit", metavar="F", help="tabel Unit")
    p.add_argument("--pk", metavar="F", help="tabel PK (Perjanjian Kinerja)")
    p.add_argument("--ra", metavar="F", help="tabel RA (Rencana Aksi)")
    p.add_argument("--pengaturan", metavar="F", help="tabel Pengaturan (kolom Kunci, Nilai)")
    p.add_argument("--contoh", action="store_true", help="pakai data contoh bawaan")
    p.add_argument("--dari", metavar="OLD.xlsm",
                   help="mulai tahun baru dari buku kerja tahun lalu")
    add_json(p)


def run(args) -> int:
    return jalankan(args, PERINTAH, lambda: buat(args))


def buat(args) -> Hasil:
    from ..build.builder import Sumber, build_file, load_referensi, referensi_summary
    if args.dari:
        from ..ops.tahun_baru import build_from_previous
        ref = build_from_previous(args.berkas, args.dari, args.tahun)
    else:
        if not args.contoh and not (args.unit and args.pk):
            raise WorkbookError("Sebutkan --unit dan --pk (dan --ra), atau --contoh untuk "
                                "data contoh bawaan.")
        src = Sumber(*(Path(x) if x else None for x in (args.unit, args.pk, args.ra,
                                                         args.pengaturan)), tahun=args.tahun)
        ref = load_referensi(src)
        build_file(args.berkas, src)
    s = referensi_summary(ref)
    return Hasil(PERINTAH, args.berkas, None, [s], ringkasan=[
        f"Buku kerja {args.berkas} dibuat: {s['unit']} unit ({s['unit_pelapor']} unit "
        f"pelapor), {s['indikator']} indikator, tahun {s['tahun']}"])
