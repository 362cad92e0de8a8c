"""Turn the .xlsx openpyxl writes into the macro-enabled .xlsm, deterministically.

The parts added here are the ones openpyxl keeps when it later loads the file with
`keep_vba=True` and saves it: `xl/vbaProject.bin` (with a Default content type for
`.bin`, which is what openpyxl writes itself) and the 2006 ribbon part
`customUI/customUI.xml` with its root relationship.

The zip is rewritten member by member with a fixed order, date, compression and
attributes, and the document dates in docProps/core.xml (openpyxl stamps "now" on
every save) are set from SOURCE_DATE_EPOCH, so the same inputs give the same file.
"""
from __future__ import annotations

import io
import posixpath
import re
import time
import zipfile
from pathlib import Path

from lxml import etree

from . import ribbon
from .vba import build_vba_project, module_name

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DCTERMS_NS = "http://purl.org/dc/terms/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CORE = "docProps/core.xml"
VBA_PART = "xl/vbaProject.bin"

XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
VBA_CONTENT_TYPE = "application/vnd.ms-office.vbaProject"
VBA_RELTYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
# Not of the rIdN form: openpyxl numbers the root relationships it writes itself
# rId1, rId2, … and carries this one over unchanged, so it must never collide.
CUSTOMUI_REL_ID = "rIdKinerjaRibbon"

ZIP_EPOCH_MIN = 315532800  # 1980-01-01T00:00:00Z, the earliest date a zip can hold
ZIP_EPOCH_MAX = 4354819199  # 2107-12-31T23:59:59Z, the latest
COMPRESS_LEVEL = 6
ZIP_FILE_MODE = 0o100644


# =============================================================================
# Package parts
# =============================================================================
def _xml(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(data, parser)


def _serialise(root: etree._Element) -> bytes:
    return ribbon.XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


def _content_types(data: bytes) -> bytes:
    """Workbook as macro-enabled; `.bin` parts as a VBA project; `.xml` as XML (the
    customUI part has no Override of its own, as openpyxl would not keep one)."""
    root = _xml(data)
    for override in root.iter(f"{{{CT_NS}}}Override"):
        if override.get("PartName") == "/" + WORKBOOK:
            override.set("ContentType", XLSM_MAIN)
    defaults = {d.get("Extension").lower(): d for d in root.iter(f"{{{CT_NS}}}Default")}
    for ext, ctype in (("bin", VBA_CONTENT_TYPE), ("xml", ribbon.CUSTOMUI_CONTENT_TYPE)):
        if ext in defaults:
            defaults[ext].set("ContentType", ctype)
        else:
            # Defaults come before Overrides in the schema's sequence.
            node = etree.Element(f"{{{CT_NS}}}Default", Extension=ext, ContentType=ctype)
            first_override = root.find(f"{{{CT_NS}}}Override")
            if first_override is None:
                root.append(node)
            else:
                first_override.addprevious(node)
    return _serialise(root)


def _add_relationship(data: bytes, rel_type: str, target: str, rel_id: str | None) -> bytes:
    """Add a relationship of `rel_type` (replacing any earlier one of that type)."""
    root = _xml(data)
    for rel in list(root):
        if rel.get("Type") == rel_type:
            root.remove(rel)
    if rel_id is None:
        used = {rel.get("Id") for rel in root}
        rel_id = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
    etree.SubElement(root, f"{{{REL_NS}}}Relationship", Id=rel_id, Type=rel_type,
                     Target=target)
    return _serialise(root)


def _w3cdtf(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def normalise_docprops(core_xml: bytes, source_date_epoch: int) -> bytes:
    """Set dcterms:created and dcterms:modified to `source_date_epoch` (UTC)."""
    root = _xml(core_xml)
    stamp = _w3cdtf(source_date_epoch)
    for tag in ("created", "modified"):
        node = root.find(f"{{{DCTERMS_NS}}}{tag}")
        if node is None:
            node = etree.SubElement(root, f"{{{DCTERMS_NS}}}{tag}")
        node.set(f"{{{XSI_NS}}}type", "dcterms:W3CDTF")
        node.text = stamp
    return _serialise(root)


# =============================================================================
# The zip
# =============================================================================
def _zip_date(source_date_epoch: int) -> tuple[int, int, int, int, int, int]:
    epoch = min(max(int(source_date_epoch), ZIP_EPOCH_MIN), ZIP_EPOCH_MAX)
    return time.gmtime(epoch)[:6]


def _member_order(names: list[str]) -> list[str]:
    """[Content_Types].xml and the root relationships first (as Excel writes them),
    then every other part in name order, so the order never depends on the writer."""
    head = [n for n in (CONTENT_TYPES, ROOT_RELS) if n in names]
    return head + sorted(n for n in names if n not in head)


def write_zip(parts: dict[str, bytes], source_date_epoch: int) -> bytes:
    """A zip of `parts` whose bytes depend only on the parts and the date."""
    date_time = _zip_date(source_date_epoch)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in _member_order(list(parts)):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            # ZipInfo records the host OS, and writestr fills in permissions when
            # none are set: pin both (Unix, a regular file rw-r--r--).
            info.create_system = 3
            info.external_attr = ZIP_FILE_MODE << 16
            zf.writestr(info, parts[name], compress_type=zipfile.ZIP_DEFLATED,
                        compresslevel=COMPRESS_LEVEL)
    return buf.getvalue()


def read_parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}


def make_macro_enabled(xlsx_bytes: bytes, vba_bin: bytes, customui: bytes,
                       source_date_epoch: int) -> bytes:
    """The .xlsm for the .xlsx openpyxl wrote: VBA project, ribbon, fixed dates."""
    parts = read_parts(xlsx_bytes)
    for required in (CONTENT_TYPES, ROOT_RELS, WORKBOOK, WORKBOOK_RELS):
        if required not in parts:
            raise ValueError(f"paket tidak lengkap: {required} tidak ada")
    parts[CONTENT_TYPES] = _content_types(parts[CONTENT_TYPES])
    parts[WORKBOOK_RELS] = _add_relationship(
        parts[WORKBOOK_RELS], VBA_RELTYPE, posixpath.relpath(VBA_PART, "xl"), None)
    parts[ROOT_RELS] = _add_relationship(
        parts[ROOT_RELS], ribbon.CUSTOMUI_RELTYPE, ribbon.CUSTOMUI_PART, CUSTOMUI_REL_ID)
    parts[VBA_PART] = vba_bin
    parts[ribbon.CUSTOMUI_PART] = customui
    if CORE in parts:
        parts[CORE] = normalise_docprops(parts[CORE], source_date_epoch)
    return write_zip(parts, source_date_epoch)


# =============================================================================
# VBA sources
# =============================================================================
_PACKAGE_VBA = Path(__file__).resolve().parents[1] / "vba"


def vba_dir() -> Path:
    """Our VBA sources: kinerja_xl/vba, their one copy, shipped as package data so an
    installed kinerja_xl builds the workbook too."""
    return _PACKAGE_VBA


def _read_text(path: Path) -> str:
    # VBA source is stored in the project's code page; reading it as such fails
    # loudly on a character the workbook could not hold.
    return path.read_bytes().decode("cp1252")


def _xlwings_installed() -> tuple[Path, str]:
    """The installed xlwings package's folder and version."""
    import importlib.metadata
    import importlib.util
    import sys

    module = sys.modules.get("xlwings")
    if module is not None:
        return Path(module.__file__).resolve().parent, module.__version__
    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.origin:
        raise ModuleNotFoundError("No module named 'xlwings'", name="xlwings")
    return Path(spec.origin).resolve().parent, importlib.metadata.version("xlwings")


def _xlwings_sources() -> list[tuple[str, str]]:
    """The modules `xlwings release` imports into a standalone workbook (xlwings.bas
    and the Dictionary class it needs on Mac), from the installed xlwings, so the VBA
    module matches the Python package's version.  Found without importing xlwings
    (which takes half a second, pandas and all): the macro check of every operation
    reads these files."""
    root, version = _xlwings_installed()
    bas = _read_text(root / "xlwings.bas")
    found = re.search(r"^'Version: (\S+)", bas, re.M)
    if not found or found.group(1) != version:
        raise RuntimeError(f"xlwings.bas bukan versi {version}")
    return [("xlwings.bas", bas), ("Dictionary.cls", _read_text(root / "addin" / "Dictionary.cls"))]


def _udf_sources() -> list[tuple[str, str]]:
    """The generated VBA wrappers of the UDFs, when that generator is present."""
    try:
        from .udf_wrappers import generate_udf_module
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.udf_wrappers":
            raise
        return []
    return [("KinerjaUDF.bas", generate_udf_module())]


def vba_files() -> list[tuple[str, str]]:
    """(file name, text) of every module the workbook's VBA project holds, in order:
    our own modules (workbook/vba/*.bas, *.cls), the generated UDF wrappers, then
    xlwings' standalone module and its Dictionary class."""
    folder = vba_dir()
    ours = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".bas", ".cls"))
    return [(p.name, _read_text(p)) for p in ours] + _udf_sources() + _xlwings_sources()


Sources = list[tuple[str, str]]


def vba_sources() -> tuple[Sources, Sources]:
    """(modules, classes) as `build_vba_project` takes them: (VB_Name, text) pairs
    from `vba_files`, split by the file's extension."""
    modules: Sources = []
    classes: Sources = []
    for file_name, text in vba_files():
        target = classes if file_name.lower().endswith(".cls") else modules
        target.append((module_name(text), text))
    return modules, classes


def vba_project_bin(sheet_code_names: list[str]) -> bytes:
    """vbaProject.bin for this workbook, given its worksheets' code names in order."""
    modules, classes = vba_sources()
    return build_vba_project(modules, classes, sheet_code_names)
