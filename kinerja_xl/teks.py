"""Indonesian spellings of dates, NIPs and signatory titles on the reports."""
from __future__ import annotations

import datetime as dt
import re

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")


def tanggal(d: dt.date) -> str:
    """15 Januari 2027."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def nip(value: object) -> str:
    """An 18-digit NIP grouped 8-6-1-3 (19700101 199503 1 002); anything else as given."""
    text = re.sub(r"\s+", "", str(value or ""))
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if re.fullmatch(r"\d{18}", text):
        return f"{text[:8]} {text[8:14]} {text[14]} {text[15:]}"
    return str(value or "").strip()


def jabatan(jabatan_text: str, status: str | None) -> str:
    """'Plt. Kepala Dinas …' when the signatory acts for the post."""
    status = (status or "").strip()
    if status.rstrip(".").casefold() in ("plt", "plh"):
        prefix = status.rstrip(".").capitalize() + "."
        return f"{prefix} {jabatan_text}".strip()
    return jabatan_text


def parse_tanggal(value: object) -> dt.date | None:
    """A date from a cell: a date/datetime, '15/01/2027', '2027-01-15' or '15 Januari 2027'."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    m = re.fullmatch(r"(\d{1,2})\s+(\w+)\s+(\d{4})", text)
    if m:
        names = [b.casefold() for b in BULAN]
        if m.group(2).casefold() in names:
            return dt.date(int(m.group(3)), names.index(m.group(2).casefold()) + 1,
                           int(m.group(1)))
    return None


def terbaca(text: str) -> str:
    """Text any output can hold: a file name or argument the OS gave as bytes that are
    not UTF-8 (Python keeps them as lone surrogates) is shown with those bytes
    escaped, 'laporan\\xe9.csv', instead of failing where it is printed or stored."""
    text = str(text)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate not made by surrogateescape
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
