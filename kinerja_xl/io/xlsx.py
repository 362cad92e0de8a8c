"""The old name of the file adapter's module, kept only so tests written against it
still import; the package itself opens workbooks with `kinerja_xl.io.open_workbook`
(tests/test_seams.py keeps it that way)."""
from __future__ import annotations

from . import open_workbook
from .xlsx_adapter import FileWorkbook

__all__ = ["FileWorkbook", "open_workbook"]
