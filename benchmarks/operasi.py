"""Speed and memory of the headless operations on a large workbook.

10 Bidang × 5 units × 20 indicators (1 000 indicators), all four quarters filled.
Each operation is timed against an openpyxl load+save of the same file measured in
the same run (these machines are noisy: only the ratio means something), and peak
memory is measured in a fresh child process per operation.

    python benchmarks/operasi.py [--ulang 3]

Target: every ratio ≤ 1.5 and peak memory < 500 MB; below 1.0 is the goal beyond.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIDANG, UNITS, INDIKATOR = 10, 5, 20


def write_tables(folder: Path) -> tuple[Path, Path, Path, list[Path]]:
    units = [["Kode unit", "Nama unit", "Jenis", "Induk", "Kode singkat", "Nama pejabat", "NIP",
              "Jabatan"]]
    pk = [["Kode", "Level", "Unit", "Sasaran", "Indikator", "Satuan", "Arah", "Agregasi",
           "Target tahunan"]]
    ra = [["Kode", "Rencana aksi", "Target TW I", "Target TW II", "Target TW III", "Target TW IV"]]
    real = [[["Kode", "Realisasi", "Keterangan"]] for _ in range(4)]
    for b in range(BIDANG):
        bk = f"B{b:02d}"
        units.append([bk, f"Bidang {b}", "Bidang", "", bk, "", "", ""])
        for u in range(UNITS):
            uk = f"{bk}-{u}"
            units.append([uk, f"Seksi {b}.{u}", "Seksi", bk, f"S{b:02d}{u}", "", "", ""])
            for i in range(INDIKATOR):
                kode = f"K{b:02d}{u}{i:02d}"
                agg = ("Jumlah", "Nilai Akhir", "Rata-rata")[i % 3]
                arah = "Negatif" if i % 5 == 0 else "Positif"
                t = 10 + i
                annual = t * 4 if agg == "Jumlah" else t
                pk.append([kode, "Seksi", uk, "Sasaran", f"Indikator {kode}", "Unit", arah, agg,
                           annual])
                ra.append([kode, "Rencana", t, t, t, t])
                for q in range(4):
                    real[q].append([kode, str(t + (q + i) % 3).replace(".", ","), "Bukti"])
    paths = []
    for name, rows in (("unit", units), ("pk", pk), ("ra", ra)):
        p = folder / f"{name}.csv"
        with open(p, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
        paths.append(p)
    reals = []
    for q in range(4):
        p = folder / f"realisasi_tw{q + 1}.csv"
        with open(p, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(real[q])
        reals.append(p)
    return paths[0], paths[1], paths[2], reals


def cli(*args) -> None:
    subprocess.run([sys.executable, "-m", "kinerja_xl", *map(str, args)], check=True,
                   stdout=subprocess.DEVNULL)


CHILD = """
import resource, sys, time, json
name, path = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if name == "openpyxl":
    import openpyxl
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb.save(path)
else:
    from kinerja_xl.io import open_workbook
    from kinerja_xl.ops import jalankan
    with open_workbook(path, write=True) as book:
        if name == "konsolidasi":
            jalankan.konsolidasi(book, 4)
        elif name == "rekap_tw4":
            jalankan.rekap_triwulan(book, 4)
        else:
            jalankan.rekap_tahunan(book)
        book.save()
elapsed = time.perf_counter() - t
print(json.dumps({"s": elapsed, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(name: str, master: Path, work: Path) -> dict:
    shutil.copy(master, work)
    out = subprocess.run([sys.executable, "-c", CHILD, name, str(work)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ulang", type=int, default=3, help="repetitions (best of)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
        folder = Path(tmp)
        unit, pk, ra, reals = write_tables(folder)
        master = folder / "besar.xlsm"
        cli("buat", master, "--unit", unit, "--pk", pk, "--ra", ra)
        for q, path in enumerate(reals, start=1):
            cli("impor", master, "--realisasi", path, "--triwulan", q, "--ajukan")
        size = master.stat().st_size / 1e6
        print(f"Buku kerja: {BIDANG} bidang × {UNITS} unit × {INDIKATOR} indikator, {size:.1f} MB")
        results = {}
        for name in ("openpyxl", "konsolidasi", "rekap_tw4", "rekap_tahunan"):
            runs = [measure(name, master, folder / "kerja.xlsm") for _ in range(args.ulang)]
            results[name] = {"s": min(r["s"] for r in runs), "mb": max(r["mb"] for r in runs)}
        base = results["openpyxl"]["s"]
        print(f"{'operasi':<16}{'detik':>8}{'rasio':>8}{'puncak MB':>12}")
        for name, r in results.items():
            print(f"{name:<16}{r['s']:>8.2f}{r['s'] / base:>8.2f}{r['mb']:>12.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
