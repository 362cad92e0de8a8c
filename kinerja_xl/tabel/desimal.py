"""Text numbers in a table file: one decimal separator per file, never guessed.

A spreadsheet cell that holds a number is that number.  Text such as "28.125" is
either 28,125 or 28125: the file decides from its unambiguous values ("12,5" or
"1.234,5" → decimal comma; "21.0331" or "2,688,000" → decimal point), or the
operator with `--desimal koma|titik`.  Without evidence, or with evidence for both,
an ambiguous value is an error naming the cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

KOMA = "koma"
TITIK = "titik"
PILIHAN = (KOMA, TITIK)

_PERSEN = re.compile(r"\s*(?:%|persen)$", re.IGNORECASE)
_RUPIAH = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_STRIP = ("-", "–", "—", "−")
_DIGIT = re.compile(r"[0-9.,]+")


@dataclass(frozen=True)
class Bentuk:
    """What a text says about the separator: `bukti` KOMA/TITIK/None, and whether it
    reads differently under the two conventions."""
    tubuh: str
    negatif: bool
    bukti: str | None
    ambigu: bool


def _grup(bagian: list[str]) -> bool:
    """'1', '234', '567': valid thousands groups."""
    return (1 <= len(bagian[0]) <= 3 and bagian[0][0] != "0"
            and all(len(b) == 3 for b in bagian[1:]))


def bentuk(teks: str) -> Bentuk | None:
    """None when the text is not number-shaped at all (left for the usual checks)."""
    t = _RUPIAH.sub("", _PERSEN.sub("", teks.strip())).strip().replace(" ", "")
    negatif = False
    if t[:1] in _STRIP and len(t) > 1:
        negatif, t = True, t[1:]
    if not t or not _DIGIT.fullmatch(t) or not any(ch.isdigit() for ch in t):
        return None
    koma, titik = t.count(","), t.count(".")
    if koma == 0 and titik == 0:
        return Bentuk(t, negatif, None, False)
    if koma and titik:
        dec = "," if t.rfind(",") > t.rfind(".") else "."
        grp = "." if dec == "," else ","
        whole, _, frac = t.rpartition(dec)
        if t.count(dec) != 1 or not frac or not _grup(whole.split(grp)):
            return None
        return Bentuk(t, negatif, KOMA if dec == "," else TITIK, False)
    sep = "," if koma else "."
    parts = t.split(sep)
    if "" in parts:
        return None
    if len(parts) > 2:
        # 1.234.567 / 2,688,000: only thousands groups can repeat.
        if not _grup(parts):
            return None
        return Bentuk(t, negatif, KOMA if sep == "." else TITIK, False)
    if len(parts[1]) == 3 and _grup(parts):
        return Bentuk(t, negatif, None, True)       # 28.125, 400,000
    # 12,5 / 21.0331 / 0,250: only a decimal separator reads this way.
    return Bentuk(t, negatif, KOMA if sep == "," else TITIK, False)


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
    t = b.tubuh
    if b.bukti is None and not b.ambigu:
        angka = t
    elif konvensi is None:
        return None
    elif konvensi == KOMA:
        if b.bukti == TITIK:
            return None
        angka = t.replace(".", "").replace(",", ".")
    else:
        if b.bukti == KOMA:
            return None
        angka = t.replace(",", "")
    try:
        x = float(Decimal(angka))
    except InvalidOperation:
        return None
    return -x if b.negatif else x
