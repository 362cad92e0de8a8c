"""The implementation of `ops.inti.outputs.Outputs` that the shells pass to operations:
the builder, LibreOffice's PDFs, pyHanko's signatures and the macro check, each
imported when it is first used (an operation that needs none does not pay for it)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Sequence

from . import temuan as T
from .io.base import Workbook
from .model import Referensi, Unit


class OutputsAdapter:
    def periksa_makro(self, book: Workbook) -> list[T.Temuan]:
        from . import makro  # a tenth of a second to import, which konsolidasi and
        # rekap need not pay
        return makro.periksa(book)

    def gambar_bahan(self, ref: Referensi, unit: Unit,
                     sandi: str | None) -> Callable[[Any], None]:
        from .build import sheets
        return lambda wb: sheets.bahan(wb, ref, unit, sandi)

    def build_bytes(self, ref: Referensi) -> bytes:
        from .build.builder import build_bytes
        return build_bytes(ref)

    def build_contoh(self, path: Path) -> None:
        from .build.builder import Sumber, build_file
        build_file(path, Sumber())

    def contoh_path(self, name: str) -> Path:
        from .build.builder import contoh_path
        return contoh_path(name)

    def export_pdfs(self, workbook: Path, sheets: Sequence[str], folder: Path) -> list[Path]:
        from . import pdf
        return pdf.export_sheets_pdf(workbook, [(name, folder / pdf.nama_pdf(name))
                                                for name in sheets])

    def sign_uji(self, pdf: Path, alasan: str, akar: Path) -> Path:
        from . import tte
        with tempfile.TemporaryDirectory(prefix="kinerja-uji-") as tmp:
            p12, sandi, root = tte.buat_sertifikat_uji(Path(tmp))
            signed = tte.sign_pdf(pdf, tte.nama_tte(pdf), p12, sandi, alasan=alasan)
            shutil.copyfile(root, akar)
        return signed
