"""Extract Carlito's advance widths into `kinerja_xl/data/metrik_carlito.json`.

Carlito is metric-compatible with Calibri, the workbook's font: the same advance
widths and vertical metrics.  Row heights are computed from this table
(`kinerja_xl/tinggi_baris.py`) so Windows and Linux measure text alike.  The table
is made once, here, with fontTools (a development dependency only):

    python scripts/metrik_font.py [--font-dir /usr/share/fonts/truetype/crosextra]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kinerja_xl" / "data" / "metrik_carlito.json"
FONT_DIR = Path("/usr/share/fonts/truetype/crosextra")
FILES = {"biasa": "Carlito-Regular.ttf", "tebal": "Carlito-Bold.ttf"}

# Basic Latin and Latin-1 printable characters, and the punctuation Indonesian
# office text uses (dashes, curly quotes, ellipsis, bullet, per mille, euro).
CHARS = ([chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x100)]
         + list("–—‘’‚“”„…•‰€™−"))


def metrics(path: Path) -> dict:
    font = TTFont(str(path))
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = {}
    for ch in CHARS:
        glyph = cmap.get(ord(ch))
        if glyph is not None:
            widths[ch] = hmtx[glyph][0]
    hhea, os2 = font["hhea"], font["OS/2"]
    return {
        "unitsPerEm": font["head"].unitsPerEm,
        "ascender": hhea.ascent, "descender": hhea.descent, "lineGap": hhea.lineGap,
        "winAscent": os2.usWinAscent, "winDescent": os2.usWinDescent,
        # characters outside the table are measured as this (the widest capital)
        "bawaan": max(widths[c] for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        "lebar": widths,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font-dir", type=Path, default=FONT_DIR)
    args = parser.parse_args()
    table = {"font": "Carlito", "sumber": "fonts-crosextra-carlito",
             **{key: metrics(args.font_dir / name) for key, name in FILES.items()}}
    OUT.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(table['biasa']['lebar'])} karakter")


if __name__ == "__main__":
    main()
