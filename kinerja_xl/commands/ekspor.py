"""`kinerja-xl ekspor`: the workbook's figures as files other systems take."""
from __future__ import annotations

from .common import add_json, add_triwulan, run_on_file

PERINTAH = "ekspor"
HELP = ("Ekspor angka buku kerja ke berkas untuk sistem lain: templat impor capaian "
        "e-SAKIP satu triwulan (--format esakip-capaian) atau tabel datar untuk pandas, "
        "Power BI dan PivotTable (--format datar). Buku kerja tidak diubah.")


def add_parser(sub) -> None:
    from ..layout import CSV_DESIMAL
    from ..ops.ekspor import FORMAT
    p = sub.add_parser(PERINTAH, help=HELP, description=HELP)
    p.add_argument("berkas", metavar="FILE", help="buku kerja .xlsm")
    p.add_argument("--format", required=True, choices=FORMAT, dest="format_ekspor",
                   help="esakip-capaian (OUT.xlsx) atau datar (OUT.csv atau OUT.xlsx)")
    p.add_argument("-o", "--keluaran", required=True, metavar="OUT", help="berkas yang ditulis")
    add_triwulan(p, required=False, help="triwulan 1 sampai 4 (wajib untuk esakip-capaian)")
    p.add_argument("--belum-final", action="store_true",
                   help="ekspor juga triwulan yang belum disetujui Kepala Dinas (berkas "
                        "ditandai BELUM FINAL)")
    p.add_argument("--desimal", choices=tuple(CSV_DESIMAL), default="koma",
                   help="CSV: koma = pemisah ';' dan desimal koma (Excel Indonesia, bawaan); "
                        "titik = pemisah ',' dan desimal titik (pandas, Power BI)")
    add_json(p)


def run(args) -> int:
    from ..ops.ekspor import ekspor
    return run_on_file(args, PERINTAH, False,
                       lambda book: ekspor(book, args.format_ekspor, args.keluaran,
                                           args.triwulan, args.belum_final, args.desimal))
