"""SpreadsheetML names: namespaces, the tags the adapter walks, Excel's fixed limits."""
from __future__ import annotations

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_NS = "http://www.w3.org/XML/1998/namespace"

T_ROW, T_C, T_V, T_F, T_IS, T_T, T_R, T_RPH = (
    f"{{{NS}}}{t}" for t in ("row", "c", "v", "f", "is", "t", "r", "rPh"))
T_SHEETDATA, T_DIMENSION, T_COLS, T_COL = (
    f"{{{NS}}}{t}" for t in ("sheetData", "dimension", "cols", "col"))
T_REL = f"{{{PKG_REL_NS}}}Relationship"
XML_SPACE = f"{{{XML_NS}}}space"

MAX_COL = 16384
MAX_TEXT = 32767  # Excel's limit for one cell; longer text makes Excel repair the file

# Number formats Excel builds in that show dates or times (ids 27-36 and 50-58 are
# the East Asian date formats).
# Built-in 9 is "0%", 10 is "0.00%".
BUILTIN_PERCENT_FMTS = frozenset((9, 10))
BUILTIN_DATE_FMTS = frozenset(list(range(14, 23)) + list(range(27, 37)) +
                              list(range(45, 48)) + list(range(50, 59)))
