"""Read the module sources back out of a `vbaProject.bin` ([MS-OVBA]).

The counterpart of `vba.py`: the compound file is opened with olefile, the `dir`
stream tells where each module's compressed source starts (after any p-code a
program compiled into the stream), and the source is decompressed (§2.4.1).  Used to
tell whether a workbook still carries the macros this version builds: Excel keeps
the source text when it adds its compiled cache; another program that rewrites the
project may change it (LibreOffice drops `Attribute … VB_UserMemId` lines).
"""
from __future__ import annotations

import io
import struct

import olefile

_PROJECTVERSION = 0x0009   # its size field says 4 but 6 bytes follow
_PROJECTCODEPAGE = 0x0003
_MODULENAME = 0x0019
_MODULESTREAMNAME = 0x001A
_MODULEOFFSET = 0x0031
_MODULE_TERMINATOR = 0x002B


class VbaError(ValueError):
    """The project cannot be read (not a compound file, a broken stream)."""


def decompress(data: bytes) -> bytes:
    """[MS-OVBA] 2.4.1 decompression of a CompressedContainer."""
    if not data or data[0] != 0x01:
        raise VbaError("bukan wadah terkompresi VBA")
    out = bytearray()
    pos = 1
    while pos < len(data):
        header = struct.unpack_from("<H", data, pos)[0]
        size = (header & 0x0FFF) + 3
        compressed = header & 0x8000
        chunk_end = min(pos + size, len(data))
        pos += 2
        start = len(out)
        if not compressed:
            out += data[pos:pos + 4096]
            pos += 4096
            continue
        while pos < chunk_end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags & (1 << bit):
                    out.append(data[pos])
                    pos += 1
                    continue
                token = struct.unpack_from("<H", data, pos)[0]
                pos += 2
                done = len(out) - start
                bits = max((done - 1).bit_length(), 4)
                length_mask = 0xFFFF >> bits
                offset = (token >> (16 - bits)) + 1
                length = (token & length_mask) + 3
                if offset > len(out) - start:
                    raise VbaError("token salin di luar data")
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


def _records(data: bytes):
    pos = 0
    while pos + 6 <= len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        pos += 6
        if rid == _PROJECTVERSION:
            size = 6
        yield rid, data[pos:pos + size]
        pos += size


def read_modules(vba_bin: bytes) -> dict[str, str]:
    """Module name → source text (CRLF line ends, as stored), for every module."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(vba_bin))
    except (OSError, ValueError) as exc:
        raise VbaError(f"bukan berkas compound: {exc}") from None
    with ole:
        try:
            dir_data = decompress(ole.openstream("VBA/dir").read())
        except OSError as exc:
            raise VbaError(f"aliran VBA/dir tidak ada: {exc}") from None
        codepage = "cp1252"
        modules: dict[str, str] = {}
        name = stream = None
        offset = 0
        for rid, payload in _records(dir_data):
            if rid == _PROJECTCODEPAGE and len(payload) == 2:
                codepage = f"cp{struct.unpack('<H', payload)[0]}"
            elif rid == _MODULENAME:
                name = payload.decode(codepage, "replace")
            elif rid == _MODULESTREAMNAME:
                stream = payload.decode(codepage, "replace")
            elif rid == _MODULEOFFSET and len(payload) == 4:
                offset = struct.unpack("<I", payload)[0]
            elif rid == _MODULE_TERMINATOR and name:
                try:
                    raw = ole.openstream(f"VBA/{stream or name}").read()
                except OSError:
                    raise VbaError(f"aliran modul {name} tidak ada") from None
                modules[name] = decompress(raw[offset:]).decode(codepage, "replace")
                name = stream = None
                offset = 0
        return modules
