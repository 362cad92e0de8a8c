"""The one workbook interface the operations are written against.

Two adapters implement it: `xlsx_adapter.FileWorkbook` (headless, on the .xlsm file) and
`xlwings_adapter.ExcelWorkbook` (live Excel).  Operations never touch openpyxl or
xlwings objects; they read whole sheets as grids and write whole blocks.

Grid values: None (empty), str, float/int, bool, datetime.datetime (a number whose
format is a date), Persen (a float whose format is a percent), or an Excel error
as a str starting with '#' (e.g. '#DIV/0!').
Rows and columns are 1-based in every method; a grid is a list of rows starting at A1.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, Sequence

from ..nilai import Persen  # noqa: F401 (a grid value type, defined below the io layer)


class Formula(str):
    """A formula the tool itself writes on purpose (e.g. a HYPERLINK in `Temuan`).

    Every other str that starts with '=', '+', '-' or '@' is written as text.
    """


@dataclass(frozen=True)
class Link:
    """A link to a cell of this workbook, written as a HYPERLINK() formula."""
    sheet: str
    cell: str
    text: str

    def formula(self) -> Formula:
        sheet = self.sheet.replace("'", "''")
        text = self.text.replace('"', '""')
        return Formula(f"=HYPERLINK(\"#'{sheet}'!{self.cell}\",\"{text}\")")


Grid = list[list[Any]]
Cell = tuple[int, int]


def nilai_di(grid: Grid, row: int, col: int | None) -> Any:
    """The value at (row, col) of a grid (1-based), None outside it or without a column."""
    if col is None or row < 1 or col < 1:
        return None
    if row - 1 < len(grid) and col - 1 < len(grid[row - 1]):
        return grid[row - 1][col - 1]
    return None


class WorkbookError(Exception):
    """A problem with the file itself, with an Indonesian message for the user.

    `exit_code` 2: the command cannot run (unreadable, locked, hostile file).
    `temuan`: the findings (temuan.Temuan) that stopped the run, e.g. every bad cell of
    an input table, so `--json` can carry them in the exit-2 envelope.
    """

    def __init__(self, pesan: str, exit_code: int = 2, temuan: Sequence[Any] = ()):
        super().__init__(pesan)
        self.pesan = pesan
        self.exit_code = exit_code
        self.temuan = list(temuan)


class Workbook(Protocol):
    path: str | None

    def sheet_names(self) -> list[str]:
        """Every sheet, hidden ones included, in workbook order."""

    def read(self, sheet: str) -> Grid:
        """All values of the sheet from A1 to its last used cell, in one read."""

    def defined_names(self) -> list[tuple[str, str | None, str]]:
        """(name, sheet or None for a workbook name, refers_to without '=') of every
        defined name."""

    def write_region(self, sheet: str, top_row: int, rows: Sequence[Sequence[Any]],
                     left_col: int = 1, width: int | None = None) -> None:
        """Clear the sheet's cells from `top_row` down (columns left_col ..
        left_col+width-1, or every column when width is None), then write `rows`
        at (top_row, left_col).  Cells keep the style of their column."""

    def write_cells(self, sheet: str, cells: dict[Cell, Any]) -> None:
        """Set single input cells (impor, kumpulkan), keeping each cell's style."""

    def set_row_heights(self, sheet: str, heights: dict[int, float | None]) -> None:
        """Give rows a fixed height in points (their wrapped text measured by the
        tool); None gives a row back to the application's own automatic height.  A
        `tinggi_baris.TinggiTeks` (a row's own text in its own fonts) is a fixed
        height in a file; live Excel fits such a row itself."""

    def set_row_breaks(self, sheet: str, rows: Sequence[int]) -> None:
        """Put a manual page break before each of `rows` (replacing the sheet's manual
        row breaks; an empty list removes them)."""

    def move_chart(self, sheet: str, row: int, col: int = 1,
                   data_rows: int | None = None) -> None:
        """Move the sheet's charts so the first one's top left corner is at (row,
        col); their sizes stay.  `data_rows`: make their data ranges that many rows
        long (from the same first row)."""

    def lock_cells(self, sheet: str, cells: Sequence[Cell]) -> None:
        """Mark the cells locked (the sheet stays protected)."""

    def set_name(self, name: str, refers_to: str, sheet: str | None = None) -> None:
        """Create or replace a defined name (sheet-scoped when `sheet` is given)."""

    def user(self) -> str:
        """Who is running: Excel's user name inside Excel, the OS user headless."""

    def save(self) -> None:
        """Make the writes durable (atomic file replace; a no-op in live Excel)."""


class PackageWorkbook(Workbook, Protocol):
    """A workbook file whose package is rewritten part by part (`perbarui`: the VBA
    project, the ribbon part and the code names the VBA project's modules match).  The
    file adapter is one; live Excel cannot replace the project of the book it runs."""

    def package_part(self, name: str) -> bytes | None:
        """A member's bytes as they are in the file, or None when there is none."""

    def replace_part(self, name: str, data: bytes) -> None:
        """Give an existing member new bytes at the next save."""

    def code_names(self) -> tuple[str | None, list[str | None]]:
        """The workbook's VBA code name and each worksheet's, in sheet order."""

    def set_code_names(self, workbook: str, sheets: Sequence[str]) -> None:
        """Set the VBA code names (the document modules of the project must match)."""
