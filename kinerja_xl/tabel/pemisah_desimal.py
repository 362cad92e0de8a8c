"""Text numbers in a table file: one decimal separator per file, never guessed.

A spreadsheet cell that holds a number is that number.  Text such as "28.125" is
either 28,125 or 28125: the file decides from its unambiguous values ("12,5" or
"1.234,5" → decimal comma; "21.0331" or "2,688,000" → decimal point), or the
operator with `--desimal koma|titik`.  Without evidence, or with evidence for both,
an ambiguous value is an error naming the cell.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import rules as R
from ..rules import KOMA, TITIK

PILIHAN = (KOMA, TITIK)


@dataclass(frozen=True)
class Bentuk:
    """What a text says about the separator: `bukti` KOMA/TITIK/None, and whether it
    reads differently under the two conventions."""
    tubuh: str
    negatif: bool
    bukti: str | None
    ambigu: bool


def bentuk(teks: str) -> Bentuk | None:
    """None when the text is not number-shaped at all (left for the usual checks).
    The shapes are `rules`' (the workbook's reader): a text that only one convention
    can read ("12,5", "1.234,5" → KOMA; "21.0331", "2,688,000" → TITIK) is evidence;
    one both can read with different values ("28.125", "400,000") is ambiguous."""
    tubuh, negatif = R.tubuh_angka(teks.replace(" ", ""))
    koma, titik = R.baca_dengan(tubuh, KOMA), R.baca_dengan(tubuh, TITIK)
    if koma is None and titik is None:
        return None
    if "," not in tubuh and "." not in tubuh:
        return Bentuk(tubuh, negatif, None, False)
    if koma is not None and titik is not None:
        return Bentuk(tubuh, negatif, None, True)       # 28.125, 400,000
    return Bentuk(tubuh, negatif, KOMA if koma is not None else TITIK, False)


def putuskan(bukti: set[str], opsi: str | None) -> str | None:
    """The convention of a file: the option, else the only one evidenced; None when
    there is no evidence or evidence for both."""
    if opsi:
        return opsi
    if len(bukti) == 1:
        return next(iter(bukti))
    return None


def nilai(b: Bentuk, konvensi: str | None) -> float | None:
    """The number under `konvensi` (None: only values without a separator), or None
    when the text cannot be read that way."""
    if b.bukti is None and not b.ambigu:
        konvensi = KOMA                 # plain digits read the same under both
    elif konvensi is None:
        return None
    x = R.baca_dengan(b.tubuh, konvensi)
    if x is None:
        return None
    return -float(x) if b.negatif else float(x)
