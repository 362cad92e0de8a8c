"""The package part model: one XML part with its prolog, and a worksheet's rows."""
from __future__ import annotations

from bisect import bisect_left
from typing import Sequence

from lxml import etree

from . import safety
from .base import Grid
from .cells import col_number
from .ooxml import NS, T_ROW, T_SHEETDATA

# Row attributes that carry formatting: a row with one of these stays even when empty.
_ROW_NOISE = {"r", "spans", "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac}dyDescent"}


class Part:
    """One XML package part: original bytes, the parsed tree, and its prolog."""

    def __init__(self, name: str, data: bytes, root: etree._Element):
        self.name = name
        self.original = data
        self.root = root
        self.prolog = safety.prolog(data) or \
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

    def serialize(self) -> bytes:
        return self.prolog + etree.tostring(self.root, encoding="UTF-8", xml_declaration=False)


class SheetPart:
    """A worksheet's tree with an index of its rows, built when first needed."""

    def __init__(self, name: str, part: Part):
        self.name = name
        self.part = part
        root = part.root
        self.sheet_data = root.find(T_SHEETDATA)
        if self.sheet_data is None:
            self.sheet_data = etree.SubElement(root, T_SHEETDATA)
        self.rows: dict[int, etree._Element] = {}
        self.row_keys: list[int] = []
        self.cols: list[tuple[int, int, int]] = []
        self.formula_changed = False
        self.refs_checked = False  # every cell known to carry its reference
        # Rows whose new cells are kept as markup, (columns, markup) in column order,
        # until something needs them as elements (the row has no children meanwhile);
        # a sheet that is only written never parses them (FileWorkbook._elements).
        self.markup: dict[int, tuple[list[int], list[str]]] = {}
        self.grid: Grid | None = None
        self._col_style_cache: dict[int, int | None] = {}

    def col_style(self, col: int) -> int | None:
        if col not in self._col_style_cache:
            style = None
            for lo, hi, s in self.cols:
                if lo <= col <= hi:
                    style = s or None
                    break
            self._col_style_cache[col] = style
        return self._col_style_cache[col]

    def row(self, r: int, create: bool) -> etree._Element | None:
        el = self.rows.get(r)
        if el is None and create:
            el = etree.Element(T_ROW, r=str(r))
            i = bisect_left(self.row_keys, r)
            if i < len(self.row_keys):
                self.rows[self.row_keys[i]].addprevious(el)
            else:
                self.sheet_data.append(el)
            self.rows[r] = el
            self.row_keys.insert(i, r)
        return el

    def drop_row(self, r: int) -> None:
        self.markup.pop(r, None)
        el = self.rows.pop(r)
        self.row_keys.remove(r)
        self.sheet_data.remove(el)


def row_has_format(row: etree._Element) -> bool:
    return any(k not in _ROW_NOISE for k in row.attrib)


DIGITS = "0123456789"
MISSING_REF = etree.XPath("boolean(m:row[not(@r)] | m:row/m:c[not(@r)])", namespaces={"m": NS})


def cell_col(c: etree._Element) -> int:
    # rstrip runs in C: far cheaper than a regex per cell on big sheets
    return col_number(c.get("r").rstrip(DIGITS))



def insert_after(root: etree._Element, el: etree._Element, after: Sequence[str]) -> None:
    """Insert el after the last child named in `after` (schema order), else first."""
    names = {f"{{{NS}}}{a}" for a in after}
    anchor = None
    for child in root:
        if child.tag in names:
            anchor = child
    if anchor is not None:
        anchor.addnext(el)
    else:
        root.insert(0, el)

