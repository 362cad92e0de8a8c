"""The file interface of the package: operations reach workbooks only through here.

`open_workbook` opens a workbook file through the headless adapter (the ribbon hands
operations a live `ExcelWorkbook` instead; both implement `base.Workbook`), and
`baru` writes a new plain `.xlsx` from a description of its sheets.
"""
from __future__ import annotations

import os

from .xlsx_adapter import FileWorkbook


def open_workbook(path: str | os.PathLike, write: bool = False) -> FileWorkbook:
    """Open a workbook file; `write=True` takes the write lock (released by close())."""
    return FileWorkbook(path, write=write)
