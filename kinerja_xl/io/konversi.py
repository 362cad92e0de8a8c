"""A spreadsheet saved as `.ods` or `.xls` (by LibreOffice, WPS or an old Excel), read
through a converted `.xlsx`.

The file adapter reads OOXML only; a reader that skipped number formats would turn
`25%` typed into a cell into 0.25 without a word, so the other formats are converted
by LibreOffice (already the PDF engine) into a temporary `.xlsx` first.
"""
from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .. import soffice
from .base import WorkbookError

DIKONVERSI = (".ods", ".xls")


@contextmanager
def sebagai_xlsx(path: Path, timeout: float = 120) -> Iterator[Path]:
    """The path itself for OOXML; a temporary converted copy for .ods/.xls."""
    path = Path(path)
    if path.suffix.lower() not in DIKONVERSI:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="kinerja-konversi-") as tmp:
        tmp_dir = Path(tmp)
        src = tmp_dir / ("salinan" + path.suffix.lower())
        src.write_bytes(path.read_bytes())
        profile = tmp_dir / "profil"
        soffice.seed_profile(profile)
        out = tmp_dir / "keluaran"
        out.mkdir()
        err = soffice.run(src, out, profile, "xlsx", timeout, f"Membaca berkas '{path.name}'")
        produced = out / (src.stem + ".xlsx")
        if not produced.is_file() or produced.stat().st_size == 0:
            raise WorkbookError(f"Berkas '{path.name}' tidak dapat dibaca oleh LibreOffice "
                                f"({soffice.tail(err)}).")
        yield produced
