"""Speed and memory of the headless operations on a large workbook.

10 Bidang × 5 units × 20 indicators (1 000 indicators), all four quarters filled.
Each operation is timed against openpyxl on the same file measured in the same run
(these machines are noisy: only the ratio means something), and peak memory is
measured in a fresh child process per run (imports included on both sides, as a
user's run has them, from compiled bytecode as an installed package has it):

- konsolidasi, rekap TW IV and rekap tahunan against an openpyxl load+save of the
  large workbook;
- validasi on the demo workbook (workbook/LaporanKinerja.xlsm) against an openpyxl
  load alone of it.

    python benchmarks/operasi.py [--ulang 3]

Targets: the worst of konsolidasi / rekap TW / rekap tahunan ≤ 0.25 and peak memory
< 250 MB; validasi ≤ 0.5.  The script prints the ratios; it never fails on them.
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
DEMO = Path(__file__).resolve().parent.parent / "workbook" / "LaporanKinerja.xlsm"
BESAR = ("konsolidasi", "rekap_tw4", "rekap_tahunan")
TARGET_BESAR, TARGET_VALIDASI, TARGET_MB = 0.25, 0.5, 250


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
t, cpu = time.perf_counter(), time.process_time()
if name.startswith("openpyxl"):
    import openpyxl
    wb = openpyxl.load_workbook(path, keep_vba=True)
    if name == "openpyxl":
        wb.save(path)
else:
    from kinerja_xl.io import open_workbook
    from kinerja_xl.ops.konsolidasi import konsolidasi
    from kinerja_xl.ops.rekap import rekap_tahunan, rekap_triwulan
    from kinerja_xl.ops.validasi import validasi
    from kinerja_xl.outputs_adapter import OutputsAdapter
    with open_workbook(path, write=True) as book:
        if name == "konsolidasi":
            konsolidasi(book, 4)
        elif name == "rekap_tw4":
            rekap_triwulan(book, 4)
        elif name == "validasi":
            validasi(book, outputs=OutputsAdapter())
        else:
            rekap_tahunan(book)
        book.save()
print(json.dumps({"s": time.perf_counter() - t, "cpu": time.process_time() - cpu,
                  "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


# Compiled bytecode as an installed package has it: openpyxl's comes with its install,
# while an environment that forbids writing it would time the compilation of every
# kinerja_xl module in every run (a round of unmeasured runs first writes it).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(name: str, master: Path, work: Path) -> dict:
    shutil.copy(master, work)
    out = subprocess.run([sys.executable, "-c", CHILD, name, str(work)], check=True,
                         capture_output=True, text=True, env=ENV).stdout
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
        work = folder / "kerja.xlsm"
        # (what, workbook, the openpyxl run it is compared with)
        plan = [("openpyxl", master, None), *((n, master, "openpyxl") for n in BESAR),
                ("openpyxl_baca", DEMO, None), ("validasi", DEMO, "openpyxl_baca")]
        for name, book, _ in plan:
            measure(name, book, work)  # unmeasured: bytecode written, files cached
        runs: dict[str, list[dict]] = {name: [] for name, _, _ in plan}
        for _ in range(args.ulang):  # interleaved: a busy spell hits every run alike
            for name, book, _ in plan:
                runs[name].append(measure(name, book, work))
        results = {name: {k: (max if k == "mb" else min)(r[k] for r in rs)
                          for k in ("s", "cpu", "mb")} for name, rs in runs.items()}
        print(f"{'operasi':<16}{'detik CPU':>10}{'rasio':>8}{'detik':>8}{'rasio':>8}"
              f"{'puncak MB':>12}")
        for name, _, base in plan:
            r, b = results[name], results[base or name]
            print(f"{name:<16}{r['cpu']:>10.2f}{r['cpu'] / b['cpu']:>8.2f}{r['s']:>8.2f}"
                  f"{r['s'] / b['s']:>8.2f}{r['mb']:>12.0f}")
        # The ratios of CPU time: what the run itself costs, whatever else the machine
        # is doing at the time (the wall-clock ratios are printed beside them).
        worst = max(results[n]["cpu"] for n in BESAR) / results["openpyxl"]["cpu"]
        mb = max(results[n]["mb"] for n in BESAR)
        val = results["validasi"]["cpu"] / results["openpyxl_baca"]["cpu"]
        print(f"terburuk konsolidasi/rekap: rasio {worst:.2f} (sasaran ≤ {TARGET_BESAR}), "
              f"puncak {mb:.0f} MB (sasaran < {TARGET_MB})")
        print(f"validasi buku contoh: rasio {val:.2f} terhadap openpyxl memuat saja "
              f"(sasaran ≤ {TARGET_VALIDASI})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
