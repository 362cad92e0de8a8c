"""Native Excel formulas the workbook carries for people without Python.

They restate `rules.capaian` in Excel 2010 functions only, and a test recalculates
them in LibreOffice against the same vectors as the rules, so the two cannot drift.
"""
from __future__ import annotations

from .. import layout as L
from ..io.base import Formula

# Functions any Excel since 2010 (and LibreOffice, WPS) knows; a test checks every
# formula in the workbook uses only these.
ALLOWED_FUNCTIONS = frozenset({
    "IF", "AND", "OR", "NOT", "ISNUMBER", "ISTEXT", "ISBLANK", "ROUND", "MAX", "MIN",
    "LEFT", "LEN", "TRIM", "HYPERLINK", "SUM", "COUNT", "COUNTA", "AVERAGE", "IFERROR",
    "CELL",
})


def nilai_tampil(ref: str, satuan: str | None = None) -> str:
    """`rules.nilai_tampil` in Excel: a number the cell shows with a percent format
    (`25%` typed: 0.25 shown "25%") is 25 — in a row whose Satuan (`satuan`, a cell
    reference; None: the row is known to be in %) is %.  CELL("format") names a
    percent format "P0", "P2", … in Excel and LibreOffice alike."""
    shown = f'LEFT(CELL("format",{ref}))="P"'
    if satuan is not None:
        shown = f'AND(TRIM({satuan})="%",{shown})'
    return f"IF({shown},{ref}*100,{ref})"


def capaian_preview(target: str, realisasi: str, arah: str,
                    rumus: str = L.NAME_RUMUS_NEGATIF, *, nol_tidak_diukur: bool = False
                    ) -> Formula:
    """Capaian (%) of one quarter, rounded to 2 decimals; "" where the rules say
    undefined or 'tidak diukur'.  Arguments are cell references.  A quarter without a
    target is "" under both `Target triwulan` conventions; `nol_tidak_diukur` (the
    indicator's `Target 0 berarti` is "tidak diukur") makes a target of 0 "" too."""
    t, r = target, realisasi
    if nol_tidak_diukur:
        inner = capaian_preview(t, r, arah, rumus)[1:]
        return Formula(f'=IF(AND(ISNUMBER({t}),{t}=0),"",{inner})')
    negatif = (f'IF({t}=0,IF({r}=0,100,0),'
               f'IF({rumus}="{L.RUMUS_TR}",IF({r}=0,"",ROUND({t}/{r}*100,2)),'
               f'ROUND(MAX(0,(2*{t}-{r})/{t}*100),2)))')
    positif = f'IF({t}=0,"",ROUND({r}/{t}*100,2))'
    return Formula(f'=IF(OR(NOT(ISNUMBER({t})),NOT(ISNUMBER({r}))),"",'
                   f'IF({arah}="{L.NEGATIF}",{negatif},{positif}))')
