"""Native Excel formulas the workbook carries for people without Python.

They restate `rules.capaian` in Excel 2010 functions only, and a test recalculates
them in LibreOffice against the same vectors as the rules, so the two cannot drift.
"""
from __future__ import annotations

from .. import layout as L

# Functions any Excel since 2010 (and LibreOffice, WPS) knows; a test checks every
# formula in the workbook uses only these.
ALLOWED_FUNCTIONS = frozenset({
    "IF", "AND", "OR", "NOT", "ISNUMBER", "ISTEXT", "ISBLANK", "ROUND", "MAX", "MIN",
    "LEFT", "LEN", "TRIM", "HYPERLINK", "SUM", "COUNT", "COUNTA", "AVERAGE", "IFERROR",
})


def capaian_preview(target: str, realisasi: str, arah: str,
                    rumus: str = L.NAME_RUMUS_NEGATIF) -> str:
    """Capaian (%) of one quarter, rounded to 2 decimals; "" where the rules say
    undefined or 'tidak diukur'.  Arguments are cell references."""
    t, r = target, realisasi
    negatif = (f'IF({t}=0,IF({r}=0,100,0),'
               f'IF({rumus}="{L.RUMUS_TR}",IF({r}=0,"",ROUND({t}/{r}*100,2)),'
               f'ROUND(MAX(0,(2*{t}-{r})/{t}*100),2)))')
    positif = f'IF({t}=0,"",ROUND({r}/{t}*100,2))'
    return (f'=IF(OR(NOT(ISNUMBER({t})),NOT(ISNUMBER({r}))),"",'
            f'IF({arah}="{L.NEGATIF}",{negatif},{positif}))')
