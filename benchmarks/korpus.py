"""The reader's score on the real forms of tests/korpus/: files read exactly / files, and
numbers exact / numbers, as a user reads them (buat, impor of every quarter, ekspor;
periksa-tabel for a table of several years). A refused file counts as read exactly
only when it is refused with a step to take and every number periksa-tabel shows is
right.

    python benchmarks/korpus.py
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from korpus_skor import berkas_korpus, skor  # noqa: E402


def main() -> int:
    files = exact = cocok = jumlah = 0
    for path in berkas_korpus():
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            s = skor(path, Path(tmp))
        files += 1
        ok = s.cocok == s.jumlah > 0 and (s.ditolak is None or s.langkah is not None)
        exact += ok
        cocok += s.cocok
        jumlah += s.jumlah
        state = "tepat" if ok else "SELISIH"
        if s.ditolak is not None:
            state += f", ditolak dengan langkah {s.langkah!r}"
        print(f"{path.name}: {s.jenis}, {s.cocok}/{s.jumlah} angka, {state} "
              f"({time.perf_counter() - start:.1f} s)")
        for line in s.selisih[:5]:
            print("   ", line)
    print(f"Berkas terbaca tepat: {exact}/{files} = {exact / max(files, 1):.2f}")
    print(f"Angka tepat: {cocok}/{jumlah} = {cocok / max(jumlah, 1):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
