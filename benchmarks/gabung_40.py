"""Benchmark: `gabung` over 40 Dinas workbooks against only loading those files.

    .venv/bin/python benchmarks/gabung_40.py [--jumlah 40] [--folder DIR]

Builds N workbooks from varied tables (Instansi, targets, a varying share of the
sample indicators), fills two quarters of each, then in the same run times
(1) loading: open every file and read every sheet, and (2) gabung into one .xlsx;
and prints both times, their ratio and the peak memory of each (tracemalloc, so
both phases pay the same tracing overhead).
"""
from __future__ import annotations

import argparse
import csv
import gc
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from kinerja_xl import layout as L
from kinerja_xl.build.builder import Sumber, build_bytes, load_referensi
from kinerja_xl.io import open_workbook
from kinerja_xl.ops.gabung import gabung
from kinerja_xl.ops.impor import impor


def _ref(i: int):
    """The sample tables, varied per Dinas: name, targets and which indicators."""
    rnd = random.Random(i)
    ref = load_referensi(Sumber())
    ref.pengaturan["Instansi"] = f"Dinas Contoh {i + 1:02d}"
    keep = [ind for ind in ref.indikator
            if ind.level == "SKPD" or rnd.random() < 0.5 + 0.5 * (i % 2)]
    for ind in keep:
        factor = 0.8 + 0.4 * rnd.random()
        ind.target_tw = [None if t is None else round(t * factor, 2) for t in ind.target_tw]
        if ind.target_tahunan is not None:
            ind.target_tahunan = round(ind.target_tahunan * factor, 2)
    ref.indikator = keep
    return ref


def buat(folder: Path, jumlah: int) -> list[Path]:
    paths = []
    for i in range(jumlah):
        ref = _ref(i)
        path = folder / f"Dinas{i + 1:02d}.xlsm"
        path.write_bytes(build_bytes(ref))
        rnd = random.Random(1000 + i)
        for n in (1, 2):
            table = folder / f"r{i}_{n}.csv"
            with open(table, "w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(["Kode", "Realisasi", "Keterangan"])
                for ind in ref.indikator:
                    t = ind.target_tw[n - 1] or ind.target_tahunan or 1
                    w.writerow([ind.kode, round(t * (0.6 + 0.6 * rnd.random()), 2), "bukti"])
            with open_workbook(path, write=True) as book:
                impor(book, table, n, ajukan=True)
                book.save()
        paths.append(path)
        print(f"\rmembuat buku kerja {i + 1}/{jumlah}", end="", file=sys.stderr)
    print(file=sys.stderr)
    return paths


def muat(paths: list[Path]) -> int:
    cells = 0
    for path in paths:
        with open_workbook(path, write=False) as book:
            for name in book.sheet_names():
                cells += sum(len(r) for r in book.read(name))
    return cells


def ukur(fn):
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, elapsed, peak


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jumlah", type=int, default=40)
    p.add_argument("--folder", type=Path, help="folder kerja (bawaan: folder sementara)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        paths = buat(folder, args.jumlah)
        size = sum(p.stat().st_size for p in paths)
        cells, t_load, m_load = ukur(lambda: muat(paths))
        hasil, t_gab, m_gab = ukur(lambda: gabung(folder / "Kabupaten.xlsx", paths))
        assert not hasil.temuan, [t.pesan for t in hasil.temuan]
        print(f"{len(paths)} buku kerja, {size / 1e6:.1f} MB, {cells} sel terbaca, "
              f"{len(hasil.baris)} indikator SKPD digabung ({len(L.TRIWULAN)} triwulan + tahunan)")
        print(f"muat saja : {t_load:7.2f} s   puncak memori {m_load / 1e6:7.1f} MB")
        print(f"gabung    : {t_gab:7.2f} s   puncak memori {m_gab / 1e6:7.1f} MB")
        print(f"rasio gabung/muat: waktu {t_gab / t_load:.2f}×, memori {m_gab / m_load:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
