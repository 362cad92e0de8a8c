"""Copy the VBA sources (workbook/vba, the source of truth) into the package data
folder kinerja_xl/vba, so an installed kinerja_xl can build the workbook too.

Run after editing workbook/vba; a test fails while the two differ.
    python scripts/sync_vba.py
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "workbook" / "vba"
TARGET = ROOT / "kinerja_xl" / "vba"
SUFFIXES = (".bas", ".cls")


def main() -> int:
    TARGET.mkdir(exist_ok=True)
    wanted = {p.name for p in SOURCE.iterdir() if p.suffix.lower() in SUFFIXES}
    for stale in TARGET.iterdir():
        if stale.suffix.lower() in SUFFIXES and stale.name not in wanted:
            stale.unlink()
            print(f"dihapus: {stale.relative_to(ROOT)}")
    for name in sorted(wanted):
        src, dst = SOURCE / name, TARGET / name
        if not dst.exists() or dst.read_bytes() != src.read_bytes():
            shutil.copyfile(src, dst)
            print(f"disalin: {dst.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
