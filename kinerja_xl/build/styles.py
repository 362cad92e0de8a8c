"""Named looks of the workbook, so every sheet uses the same few styles."""
from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.differential import DifferentialStyle

from ..rules import SKALA_BAWAAN

THIN = Side(style="thin", color="808080")
KOP_RULE = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

TITLE_FONT = Font(name="Calibri", size=14, bold=True)
SUBTITLE_FONT = Font(name="Calibri", size=11, bold=True)
HEADER_FONT = Font(name="Calibri", size=10, bold=True)
BODY_FONT = Font(name="Calibri", size=10)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
GROUP_COLOR = "BDD7EE"
GROUP_FILL = PatternFill("solid", fgColor=GROUP_COLOR)
INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
PREFILLED_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTER_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)

# Predicate colours, high to low (fills for the preview and the reports), one per band
# of the default scale; a predicate a Dinas adds to its own scale is left white.
PREDIKAT_FILLS = dict(zip((nama for _, nama in SKALA_BAWAAN.bands),
                          ("C6EFCE", "E2F0D9", "FFEB9C", "FCE4D6", "FFC7CE"), strict=True))
PROBLEM_FILL = PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE")
HINT_FILL = PatternFill("solid", fgColor="FFEB9C", bgColor="FFEB9C")


def dxf_fill(color: str) -> PatternFill:
    """A solid fill for a conditional format: Excel paints a dxf's bgColor, LibreOffice
    its fgColor, so both carry the colour."""
    return PatternFill("solid", fgColor=color, bgColor=color)


def fill_dxf(color: str) -> DifferentialStyle:
    return DifferentialStyle(fill=dxf_fill(color))


def header_cell(cell) -> None:
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.border = BORDER
    cell.alignment = CENTER_WRAP
