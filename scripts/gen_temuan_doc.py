"""Write docs/temuan.md from the finding catalogue in kinerja_xl/temuan.py.

    python scripts/gen_temuan_doc.py          # rewrite the file
    python scripts/gen_temuan_doc.py --check  # exit 1 if the file is out of date
"""
from __future__ import annotations

import sys
from pathlib import Path

from kinerja_xl.temuan import tabel_markdown

DOC = Path(__file__).resolve().parents[1] / "docs" / "temuan.md"


def main(argv: list[str]) -> int:
    text = tabel_markdown()
    if "--check" in argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print(f"{DOC} is out of date: run python scripts/gen_temuan_doc.py",
                  file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
