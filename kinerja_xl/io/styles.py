"""The styles manager: cellXfs of styles.xml, for date detection and for the
styles a written date or a locked cell needs."""
from __future__ import annotations

import datetime as _dt
from typing import Any

from lxml import etree

from .. import layout
from .base import WorkbookError
from .cell_codec import is_date_format, is_percent_format
from .ooxml import BUILTIN_DATE_FMTS, BUILTIN_PERCENT_FMTS, NS
from .parts import Part


class StyleTable:
    """cellXfs of styles.xml: date detection, and clones for dates and locking."""

    def __init__(self, part: Part | None):
        self.part = part
        self.touched = False
        self.xfs: list[etree._Element] = []
        self.fmts: dict[int, str] = {}
        self._date: dict[int, bool] = {}
        self._percent: dict[int, bool] = {}
        self._keys: dict[bytes, int] | None = None
        if part is None:
            return
        root = part.root
        numfmts = root.find(f"{{{NS}}}numFmts")
        if numfmts is not None:
            for nf in numfmts.iterchildren(f"{{{NS}}}numFmt"):
                try:
                    self.fmts[int(nf.get("numFmtId"))] = nf.get("formatCode", "")
                except (TypeError, ValueError):
                    continue
        self.cell_xfs = root.find(f"{{{NS}}}cellXfs")
        if self.cell_xfs is not None:
            self.xfs = list(self.cell_xfs.iterchildren(f"{{{NS}}}xf"))

    def is_date(self, s: int) -> bool:
        return self._format_is(s, self._date, BUILTIN_DATE_FMTS, is_date_format)

    def is_percent(self, s: int) -> bool:
        return self._format_is(s, self._percent, BUILTIN_PERCENT_FMTS, is_percent_format)

    def _format_is(self, s: int, cache: dict[int, bool], builtin: frozenset,
                   custom) -> bool:
        """Whether style s's number format is of a kind: a built-in id of that kind or
        a custom code that `custom` recognises (cached per style)."""
        found = cache.get(s)
        if found is None:
            found = False
            if 0 <= s < len(self.xfs):
                try:
                    fid = int(self.xfs[s].get("numFmtId", 0))
                except ValueError:
                    fid = 0
                found = fid in builtin or (fid in self.fmts and custom(self.fmts[fid]))
            cache[s] = found
        return found

    def _need_part(self) -> None:
        if self.part is None or self.cell_xfs is None:
            raise WorkbookError("Buku kerja tidak memiliki tabel gaya (styles.xml) yang lengkap.")

    def _find_or_add(self, xf: etree._Element) -> int:
        if self._keys is None:
            self._keys = {}
            for i, x in enumerate(self.xfs):
                self._keys.setdefault(etree.tostring(x), i)
        key = etree.tostring(xf)
        if key in self._keys:
            return self._keys[key]
        self.cell_xfs.append(xf)
        self.xfs.append(xf)
        self.cell_xfs.set("count", str(len(self.xfs)))
        self._keys[key] = len(self.xfs) - 1
        self.touched = True
        return len(self.xfs) - 1

    def _clone(self, s: int) -> etree._Element:
        self._need_part()
        src = self.xfs[s] if 0 <= s < len(self.xfs) else self.xfs[0]
        el = etree.fromstring(etree.tostring(src))
        el.tail = None
        return el

    def date_style(self, s: int | None, value: Any) -> int | None:
        """A style that shows `value` as a date: s itself when it does already."""
        if s is not None and self.is_date(s):
            return s
        if self.part is None:
            return s
        has_time = isinstance(value, _dt.time) or (
            isinstance(value, _dt.datetime) and value.time() != _dt.time(0))
        code = layout.FMT_WAKTU if has_time else layout.FMT_TANGGAL
        xf = self._clone(s or 0)
        xf.set("numFmtId", str(self._numfmt_id(code)))
        xf.set("applyNumberFormat", "1")
        return self._find_or_add(xf)

    def _numfmt_id(self, code: str) -> int:
        for fid, c in self.fmts.items():
            if c == code:
                return fid
        fid = max([163] + list(self.fmts)) + 1
        root = self.part.root
        numfmts = root.find(f"{{{NS}}}numFmts")
        if numfmts is None:
            numfmts = etree.Element(f"{{{NS}}}numFmts")
            root.insert(0, numfmts)
        etree.SubElement(numfmts, f"{{{NS}}}numFmt", numFmtId=str(fid), formatCode=code)
        numfmts.set("count", str(len(numfmts)))
        self.fmts[fid] = code
        self.touched = True
        return fid

    def locked_style(self, s: int) -> int:
        """A style like s but locked (s itself if it is locked already)."""
        self._need_part()
        src = self.xfs[s] if 0 <= s < len(self.xfs) else self.xfs[0]
        prot = src.find(f"{{{NS}}}protection")
        if prot is None or prot.get("locked", "1") not in ("0", "false"):
            return s  # Excel's default is locked
        xf = self._clone(s)
        p = xf.find(f"{{{NS}}}protection")
        p.set("locked", "1")
        xf.set("applyProtection", "1")
        return self._find_or_add(xf)

