"""Build `vbaProject.bin` from VBA source text, per [MS-OVBA].

The project holds source only: `_VBA_PROJECT` says "version 0xFFFF" and no module
has a compiled PerformanceCache, so Excel compiles the source when it opens the
file, whatever its version or bitness.  Everything that Excel would otherwise make
up (project GUID, encryption seeds, cookies) is fixed, so the same sources always
give the same bytes.

Sections below follow the spec: 2.4.1 compression, 2.4.3 the "data encryption" of
the PROJECT stream's CMG/DPB/GC values, 2.3.1 PROJECT, 2.3.3 PROJECTwm, 2.3.4.1
_VBA_PROJECT, 2.3.4.2 dir.
"""
from __future__ import annotations

import re
import struct
import uuid

from .cfb import write_cfb

CODEPAGE = 1252
ENCODING = "cp1252"
LCID = 0x0409
PROJECT_NAME = "LaporanKinerja"
# A fixed project GUID: Excel only needs it to be well formed.
PROJECT_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "kinerja_xl/LaporanKinerja")).upper() + "}"

WORKBOOK_MODULE = "ThisWorkbook"
_BASE_WORKBOOK = "0{00020819-0000-0000-C000-000000000046}"
_BASE_WORKSHEET = "0{00020820-0000-0000-C000-000000000046}"
_BASE_CLASS = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"

REFERENCES = (
    ("stdole", "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
               "C:\\Windows\\System32\\stdole2.tlb#OLE Automation"),
    ("Office", "*\\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#"
               "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL"
               "#Microsoft Office 16.0 Object Library"),
)

# =============================================================================
# 2.4.1 Compression
# =============================================================================
_CHUNK = 4096
_MIN_MATCH = 3
# How many earlier positions with the same 3-byte prefix are tried per match: enough
# for source text to compress well, bounded so long runs of spaces stay fast.
_MAX_CANDIDATES = 64


def _copy_token_layout(difference: int) -> tuple[int, int]:
    """(bit count of the offset, maximum length) at `difference` bytes into a chunk
    (2.4.1.3.19.1 CopyToken Help)."""
    bit_count = max((difference - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _compress_chunk(chunk: bytes) -> bytes:
    """The token sequences of one decompressed chunk (at most 4096 bytes)."""
    out = bytearray()
    heads: dict[bytes, list[int]] = {}
    pos = 0
    n = len(chunk)
    while pos < n:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= n:
                break
            bit_count, max_len = _copy_token_layout(pos) if pos else (4, 0)
            best_len, best_off = 0, 0
            if pos and pos + _MIN_MATCH <= n:
                limit = min(max_len, n - pos)
                for cand in reversed(heads.get(chunk[pos:pos + 3], [])[-_MAX_CANDIDATES:]):
                    length = 0
                    # Overlapping copies are allowed: the source may run into the
                    # bytes being produced, exactly as the decompressor copies them.
                    while length < limit and chunk[cand + length] == chunk[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, pos - cand
                        if length == limit:
                            break
            if best_len >= _MIN_MATCH:
                token = ((best_off - 1) << (16 - bit_count)) | (best_len - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                step = best_len
            else:
                out.append(chunk[pos])
                step = 1
            for p in range(pos, pos + step):
                if p + 3 <= n:
                    heads.setdefault(chunk[p:p + 3], []).append(p)
            pos += step
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """A CompressedContainer (2.4.1.1.1) holding `data`."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), _CHUNK):
        chunk = data[start:start + _CHUNK]
        body = _compress_chunk(chunk)
        if len(body) <= _CHUNK:
            header = 0xB000 | (len(body) + 2 - 3)  # signature 0b011, flag 1
        else:
            # Incompressible: a raw chunk, always 4096 bytes (2.4.1.3.10 pads with
            # zeros; only the final chunk of a stream can be short).
            body = chunk + b"\0" * (_CHUNK - len(chunk))
            header = 0x3000 | (_CHUNK + 2 - 3)     # signature 0b011, flag 0
        out += struct.pack("<H", header) + body
    return bytes(out)


# =============================================================================
# 2.4.3 Data encryption (CMG, DPB, GC in the PROJECT stream)
# =============================================================================
def _encrypt(data: bytes, seed: int) -> str:
    """Obfuscate `data` as 2.4.3.2 describes, with a fixed seed for determinism."""
    version = 2
    proj_key = sum(PROJECT_ID.encode("ascii")) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ proj_key])
    unencrypted1, encrypted1, encrypted2 = proj_key, seed ^ proj_key, seed ^ version

    def put(byte: int) -> None:
        nonlocal unencrypted1, encrypted1, encrypted2
        enc = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(enc)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte

    for _ in range((seed & 6) // 2):
        put(0)  # "ignored" bytes: any value will do, zero keeps the output fixed
    for byte in struct.pack("<I", len(data)) + data:
        put(byte)
    return out.hex().upper()


def decrypt(hex_text: str) -> tuple[int, bytes]:
    """Inverse of `_encrypt`, used by the tests: (project key, data)."""
    raw = bytes.fromhex(hex_text)
    seed, version_enc, proj_key_enc = raw[0], raw[1], raw[2]
    if seed ^ version_enc != 2:
        raise ValueError("versi enkripsi bukan 2")
    proj_key = seed ^ proj_key_enc
    # The "ignored" bytes feed the chain like the others; they are dropped after.
    unencrypted1, encrypted1, encrypted2 = proj_key, proj_key_enc, version_enc
    plain = bytearray()
    for enc in raw[3:]:
        byte = enc ^ ((encrypted2 + unencrypted1) & 0xFF)
        plain.append(byte)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
    body = plain[(seed & 6) // 2:]
    length = struct.unpack_from("<I", body)[0]
    return proj_key, bytes(body[4:4 + length])


# =============================================================================
# Module sources
# =============================================================================
def _crlf(text: str) -> str:
    """VBA stores source lines ending in CRLF, with a final line break."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    return "\r\n".join(lines) + "\r\n"


_ATTR = re.compile(r'^Attribute\s+(VB_\w+)\s*=\s*(.*)$')


def module_name(source: str) -> str:
    """The VB_Name attribute of an exported module."""
    for line in source.splitlines():
        m = _ATTR.match(line)
        if m and m.group(1) == "VB_Name":
            return m.group(2).strip().strip('"')
    raise ValueError("modul VBA tanpa Attribute VB_Name")


def standard_module_source(text: str) -> str:
    """A .bas file is stored as it is, with CRLF line ends."""
    return _crlf(text)


def class_module_source(text: str) -> str:
    """What Excel stores for an imported .cls file.

    The export header (VERSION 1.0 CLASS / BEGIN … END) is dropped, and Excel adds
    VB_Base, VB_TemplateDerived and VB_Customizable to the leading attributes."""
    lines = _crlf(text).split("\r\n")[:-1]
    if lines and lines[0].startswith("VERSION "):
        end = lines.index("END")
        lines = lines[end + 1:]
    attrs: dict[str, str] = {}
    body_at = 0
    for body_at, line in enumerate(lines):
        m = _ATTR.match(line)
        if not m:
            break
        attrs[m.group(1)] = m.group(2)
    else:
        body_at = len(lines)
    fixed = {
        "VB_Name": attrs.pop("VB_Name"),
        "VB_Base": f'"{_BASE_CLASS}"',
        "VB_GlobalNameSpace": attrs.pop("VB_GlobalNameSpace", "False"),
        "VB_Creatable": attrs.pop("VB_Creatable", "False"),
        "VB_PredeclaredId": attrs.pop("VB_PredeclaredId", "False"),
        "VB_Exposed": attrs.pop("VB_Exposed", "False"),
        "VB_TemplateDerived": attrs.pop("VB_TemplateDerived", "False"),
        "VB_Customizable": attrs.pop("VB_Customizable", "False"),
    }
    attrs.pop("VB_Base", None)
    head = [f"Attribute {k} = {v}" for k, v in {**fixed, **attrs}.items()]
    return "\r\n".join(head + lines[body_at:]) + "\r\n"


def document_module_source(name: str, workbook: bool) -> str:
    """The (empty) code module behind the workbook or a worksheet."""
    base = _BASE_WORKBOOK if workbook else _BASE_WORKSHEET
    return _crlf("\n".join([
        f'Attribute VB_Name = "{name}"',
        f'Attribute VB_Base = "{base}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = True",
        "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = True",
    ]))


# =============================================================================
# Streams
# =============================================================================
_PROCEDURAL, _DOCUMENT, _CLASS = "Module", "Document", "Class"


def _mbcs(text: str) -> bytes:
    return text.encode(ENCODING)


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


# 2.3.1.15-2.3.1.17: not protected, no password, visible.
_NOT_PROTECTED = struct.pack("<I", 0)
_NO_PASSWORD = b"\x00"
_VISIBLE = b"\xff"


def _project_stream(entries: list[tuple[str, str]]) -> bytes:
    """2.3.1 PROJECT: the project's properties as text."""
    lines = [f'ID="{PROJECT_ID}"']
    for kind, name in entries:
        lines.append(f"{kind}={name}/&H00000000" if kind == _DOCUMENT else f"{kind}={name}")
    lines += [
        f'Name="{PROJECT_NAME}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        'CMG="%s"' % _encrypt(_NOT_PROTECTED, 0x8D),
        'DPB="%s"' % _encrypt(_NO_PASSWORD, 0x8D),
        'GC="%s"' % _encrypt(_VISIBLE, 0x8D),
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
        "[Workspace]",
    ]
    lines += [f"{name}=0, 0, 0, 0, C" for _, name in entries]
    return _mbcs("\r\n".join(lines) + "\r\n")


def _projectwm_stream(names: list[str]) -> bytes:
    """2.3.3 PROJECTwm: each module name in MBCS and in UTF-16."""
    out = b"".join(_mbcs(n) + b"\0" + _utf16(n) + b"\0\0" for n in names)
    return out + b"\0\0"


# Reserved2 = 0x00; Reserved3 = 0x0001 as in the quickstart workbook xlwings ships,
# which Excel opens: the spec leaves the value undefined.
_VBA_PROJECT_STREAM = struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0001)


def _rec(record_id: int, payload: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _text_pair(id_mbcs: int, id_unicode: int, text: str) -> bytes:
    return _rec(id_mbcs, _mbcs(text)) + _rec(id_unicode, _utf16(text))


def _dir_stream(entries: list[tuple[str, str]]) -> bytes:
    """2.3.4.2 dir (uncompressed): project information, references, modules."""
    out = bytearray()
    out += _rec(0x0001, struct.pack("<I", 1))            # PROJECTSYSKIND: 32-bit Windows
    out += _rec(0x0002, struct.pack("<I", LCID))         # PROJECTLCID
    out += _rec(0x0014, struct.pack("<I", LCID))         # PROJECTLCIDINVOKE
    out += _rec(0x0003, struct.pack("<H", CODEPAGE))     # PROJECTCODEPAGE
    out += _rec(0x0004, _mbcs(PROJECT_NAME))             # PROJECTNAME
    out += _text_pair(0x0005, 0x0040, "")                # PROJECTDOCSTRING
    out += _text_pair(0x0006, 0x003D, "")                # PROJECTHELPFILEPATH (x2)
    out += _rec(0x0007, struct.pack("<I", 0))            # PROJECTHELPCONTEXT
    out += _rec(0x0008, struct.pack("<I", 0))            # PROJECTLIBFLAGS
    # PROJECTVERSION has a fixed-size layout: Reserved=4, major, minor.
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)
    out += _text_pair(0x000C, 0x003C, "")                # PROJECTCONSTANTS

    for name, libid in REFERENCES:
        out += _text_pair(0x0016, 0x003E, name)          # REFERENCENAME
        lib = _mbcs(libid)
        body = struct.pack("<I", len(lib)) + lib + struct.pack("<IH", 0, 0)
        out += _rec(0x000D, body)                        # REFERENCEREGISTERED

    out += _rec(0x000F, struct.pack("<H", len(entries)))  # PROJECTMODULES count
    out += _rec(0x0013, struct.pack("<H", 0xFFFF))        # PROJECTCOOKIE
    for kind, name in entries:
        out += _text_pair(0x0019, 0x0047, name)          # MODULENAME (+ UNICODE)
        out += _text_pair(0x001A, 0x0032, name)          # MODULESTREAMNAME
        out += _text_pair(0x001C, 0x0048, "")            # MODULEDOCSTRING
        out += _rec(0x0031, struct.pack("<I", 0))        # MODULEOFFSET: source at 0
        out += _rec(0x001E, struct.pack("<I", 0))        # MODULEHELPCONTEXT
        out += _rec(0x002C, struct.pack("<H", 0xFFFF))   # MODULECOOKIE
        out += _rec(0x0021 if kind == _PROCEDURAL else 0x0022, b"")  # MODULETYPE
        out += _rec(0x002B, b"")                         # module terminator
    out += _rec(0x0010, b"")                             # dir terminator
    return bytes(out)


# =============================================================================
# The project
# =============================================================================
def build_vba_project(modules: list[tuple[str, str]], classes: list[tuple[str, str]],
                      document_modules: list[str]) -> bytes:
    """`vbaProject.bin` for the given sources.

    modules, classes: (name, text of the exported .bas / .cls file, Attribute lines
    included); the name must equal the file's VB_Name.  document_modules: the code
    names of the worksheets, in sheet order (each must equal the `codeName` of that
    sheet's `sheetPr`); the workbook's own module `ThisWorkbook` is always added
    first, and is accepted in the list too."""
    sources: list[tuple[str, str, str]] = [
        (_DOCUMENT, WORKBOOK_MODULE, document_module_source(WORKBOOK_MODULE, True))]
    sources += [(_DOCUMENT, n, document_module_source(n, False))
                for n in document_modules if n != WORKBOOK_MODULE]
    for kind, items, convert in ((_PROCEDURAL, modules, standard_module_source),
                                 (_CLASS, classes, class_module_source)):
        for name, text in items:
            if module_name(text) != name:
                raise ValueError(f"modul {name}: VB_Name di sumbernya {module_name(text)!r}")
            sources.append((kind, name, convert(text)))

    names = [name for _, name, _ in sources]
    if len({n.upper() for n in names}) != len(names):
        raise ValueError(f"nama modul VBA ganda: {names}")
    for name in names:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,30}", name):
            raise ValueError(f"nama modul VBA tidak sah: {name!r}")

    entries = [(kind, name) for kind, name, _ in sources]
    streams = {
        "PROJECT": _project_stream(entries),
        "PROJECTwm": _projectwm_stream(names),
        "VBA/_VBA_PROJECT": _VBA_PROJECT_STREAM,
        "VBA/dir": compress(_dir_stream(entries)),
    }
    for _, name, text in sources:
        streams[f"VBA/{name}"] = compress(_mbcs(text))
    return write_cfb(streams)
