"""`kinerja-xl buat`: build a new workbook from tables or the built-in sample."""
from __future__ import annotations

from ..hasil import Hasil
from ..io.base import WorkbookError
from .common import add_json, add_tabel_options, jalankan, tabel_opsi

PERINTAH = "buat"
HELP = ("Buat buku kerja baru dari tabel Unit, PK, RA (CSV, XLSX, XLS atau ODS; "
        "BERKAS::LEMBAR memilih lembar) atau dari contoh bawaan.")


def add_parser(sub) -> None:
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", nargs="?", default="LaporanKinerja.xlsm",
                   help="berkas .xlsm yang dibuat (bawaan: LaporanKinerja.xlsm)")
    p.add_argument("--tahun", type=int, metavar="Y", help="tahun kinerja")
    p.add_argument("--unit", metavar="F", help="tabel Unit")
    p.add_argument("--pk", metavar="F", help="tabel PK (Perjanjian Kinerja), atau formulir "
                   "Evaluasi Renja (Permendagri 86/2017)")
    p.add_argument("--ra", metavar="F", help="tabel RA (Rencana Aksi)")
    p.add_argument("--pengaturan", metavar="F", help="tabel Pengaturan (kolom Kunci, Nilai)")
    p.add_argument("--contoh", action="store_true", help="pakai data contoh bawaan")
    p.add_argument("--dari", metavar="OLD.xlsm",
                   help="mulai tahun baru dari buku kerja tahun lalu")
    p.add_argument("--timpa", action="store_true",
                   help="buat ulang walau berkas sudah ada (salinan lama disimpan di cadangan/)")
    add_tabel_options(p)
    add_json(p)


def run(args) -> int:
    return jalankan(args, PERINTAH, lambda: buat(args))


def buat(args) -> Hasil:
    from ..build.builder import (Sumber, build_file, load_referensi, referensi_summary,
                                 tolak_timpa)
    if not args.timpa:
        tolak_timpa(args.berkas)
    backup, temuan, catatan = None, [], []
    if args.dari:
        from ..ops.tahun_baru import build_from_previous
        from ..outputs_adapter import OutputsAdapter
        ref, backup = build_from_previous(args.berkas, args.dari, args.tahun,
                                          outputs=OutputsAdapter())
    else:
        if not args.contoh and not args.pk:
            raise WorkbookError("Sebutkan --unit dan --pk (dan --ra), atau --contoh untuk "
                                "data contoh bawaan.")
        src = Sumber(*(x or None for x in (args.unit, args.pk, args.ra, args.pengaturan)),
                     tahun=args.tahun, **tabel_opsi(args))
        ref = load_referensi(src)
        backup = build_file(args.berkas, ref, timpa=args.timpa)
        temuan, catatan = ref.temuan_masukan, ref.catatan_masukan
    s = referensi_summary(ref)
    ringkasan = [f"Buku kerja {args.berkas} dibuat: {s['unit']} unit ({s['unit_pelapor']} "
                 f"unit pelapor), {s['indikator']} indikator, tahun {s['tahun']}"]
    if backup:
        ringkasan.append(f"Berkas lama disimpan sebagai {backup}")
    return Hasil(PERINTAH, args.berkas, None, [s], temuan=list(temuan), ringkasan=ringkasan,
                 rincian=list(catatan), tambahan={"cadangan": backup} if backup else {})
