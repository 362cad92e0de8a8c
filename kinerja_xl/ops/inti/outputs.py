"""The one seam through which operations reach outputs beside the workbook.

The builder (`build/`), the PDF export (`pdf.py`), the signatures (`tte.py`) and the
macro check (`makro.py`) sit a layer above the operations, which never import them:
an operation that needs one takes an `Outputs`, and a shell (`commands/`,
`ribbon.py`) passes the one implementation, `kinerja_xl.outputs_adapter.OutputsAdapter`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

from ... import temuan as T
from ...io.base import Workbook
from ...model import Referensi, Unit


class Outputs(Protocol):
    def periksa_makro(self, book: Workbook) -> list[T.Temuan]:
        """`makro_berubah` when the workbook's macros are not the ones this version
        builds (`validasi`, `status`)."""
        ...

    def gambar_bahan(self, ref: Referensi, unit: Unit,
                     sandi: str | None) -> Callable[[Any], None]:
        """What draws a unit's staff sheet into a new workbook (`io.baru.Lembar.gambar`)
        as the builder draws it in the master (`bagikan`)."""
        ...

    def build_bytes(self, ref: Referensi) -> bytes:
        """A new workbook (`.xlsm`) built from reference data (`buat --dari`)."""
        ...

    def build_contoh(self, path: Path) -> None:
        """The built-in sample workbook, built into a new file `path` (`demo`)."""
        ...

    def contoh_path(self, name: str) -> Path:
        """A table of the built-in sample (`demo`)."""
        ...

    def export_pdfs(self, workbook: Path, sheets: Sequence[str], folder: Path) -> list[Path]:
        """Each sheet to a PDF of its own in `folder`, named as `kinerja-xl pdf` names it
        (`demo`); a `WorkbookError` when LibreOffice cannot."""
        ...

    def sign_uji(self, pdf: Path, alasan: str, akar: Path) -> Path:
        """`pdf` signed with a test certificate made now (not a BSrE one), its root
        written to `akar`; returns the signed PDF (`demo`)."""
        ...
