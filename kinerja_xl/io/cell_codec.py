"""Cell codecs: Excel serial dates, numbers as Excel writes them, `_xHHHH_` escaping,
rich text, and the markup of new cells."""
from __future__ import annotations

import datetime as _dt
import math
import re

from lxml import etree

from ..teks import terbaca
from .ooxml import NS, T_R, T_T

_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SURROGATE = re.compile("[\ud800-\udfff]")


_EPOCH_1900 = _dt.datetime(1899, 12, 30)
_EPOCH_1904 = _dt.datetime(1904, 1, 1)
_MAX_SERIAL = 2958465  # 9999-12-31


def from_serial(x: float, date1904: bool) -> _dt.datetime | float:
    """Excel serial → datetime (1900 system with its phantom 29 Feb 1900)."""
    if not (0 <= x <= _MAX_SERIAL):
        return x
    if date1904:
        base = _EPOCH_1904
    elif x < 1:
        base = _EPOCH_1900  # a time of day alone: Excel's "zero date"
    elif x < 60:
        base = _EPOCH_1900 + _dt.timedelta(days=1)
    elif x < 61:
        return _dt.datetime(1900, 2, 28) + _dt.timedelta(days=x - 60)
    else:
        base = _EPOCH_1900
    days = math.floor(x)
    # Excel keeps milliseconds; rounding there undoes the float's last-bit noise.
    ms = round((x - days) * 86_400_000)
    return base + _dt.timedelta(days=days, milliseconds=ms)


def to_serial(value: _dt.datetime | _dt.date | _dt.time, date1904: bool) -> float | None:
    """datetime/date/time → Excel serial, or None when Excel cannot show it."""
    if isinstance(value, _dt.time):
        # a time of day alone is the fraction of a day
        return (value.hour * 3600 + value.minute * 60 + value.second
                + value.microsecond / 1_000_000) / 86400
    if not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    delta = value - (_EPOCH_1904 if date1904 else _EPOCH_1900)
    serial = delta.days + (delta.seconds * 1_000_000 + delta.microseconds) / 86_400_000_000
    if not date1904 and serial < 61:
        serial -= 1  # Excel counts a 29 Feb 1900 that never was
    if serial < 0 or serial > _MAX_SERIAL:
        return None
    return serial


def number_text(x: float) -> str:
    if float(x).is_integer() and abs(x) < 2 ** 53:
        return str(int(x))
    return repr(float(x))


def unescape(s: str) -> str:
    """Excel writes characters XML cannot hold as _xHHHH_."""
    if "_x" not in s:
        return s
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), s)


def escape(s: str) -> str:
    if SURROGATE.search(s):
        s = terbaca(s)  # bytes of a name in another encoding, shown escaped
    if "_x" in s:
        s = _ESCAPED.sub(lambda m: "_x005F" + m.group(0), s)
    if ILLEGAL.search(s):
        s = ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", s)
    return s


def rich_text(el: etree._Element) -> str:
    """Text of an <si> or <is>: its <t>, or the <t> of each run, without phonetics."""
    parts = []
    for child in el:
        tag = child.tag
        if tag == T_T:
            parts.append(child.text or "")
        elif tag == T_R:
            t = child.find(T_T)
            if t is not None and t.text:
                parts.append(t.text)
    return unescape("".join(parts))


_DATE_CODE_STRIP = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?!(h+|m+|s+)\])[^\]]*\]')


def is_percent_format(code: str) -> bool:
    """A number format that scales the value by 100: an unquoted `%` in its first
    section (`0%`, `0.00%`), not a literal suffix such as the staff sheets' `" %"`."""
    if not code:
        return False
    section = _PERCENT_STRIP.sub("", code).split(";")[0]
    return "%" in section


_PERCENT_STRIP = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')


def is_date_format(code: str) -> bool:
    """A custom number format shows a date/time when its first section has d/m/y/h/s."""
    code = _DATE_CODE_STRIP.sub("", code).lower().replace("general", "")
    section = code.split(";")[0]
    return bool(re.search(r"[dmyhs]", section))


def xml_text(s: str) -> str:
    # \r must be a character reference: a parser turns a literal CR LF into LF.
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


_CELL_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_ROW_OPEN = f'<row xmlns="{NS}">'


def parse_cells(markup: list[str]) -> list[etree._Element]:
    return list(etree.fromstring(_ROW_OPEN + "".join(markup) + "</row>", _CELL_PARSER))


def parse_rows(markup: list[list[str]]) -> list[list[etree._Element]]:
    """The cells of several rows (each a list of cell markup) parsed in one go."""
    if not any(markup):
        return [[] for _ in markup]
    root = etree.fromstring(f'<sheetData xmlns="{NS}"><row>'
                            + "</row><row>".join("".join(m) for m in markup)
                            + "</row></sheetData>", _CELL_PARSER)
    return [list(row) for row in root]
