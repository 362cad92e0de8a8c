"""The raw ZIP writer: a new package where changed members are re-compressed and
every other member is copied byte for byte, with its original header fields."""
from __future__ import annotations

import struct
import zlib
from typing import IO

from .base import WorkbookError

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_COPY_CHUNK = 1 << 20


def _dos_time(dt: tuple) -> tuple[int, int]:
    y, mo, d, h, mi, s = dt
    if y < 1980:
        y, mo, d, h, mi, s = 1980, 1, 1, 0, 0, 0
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


def _name_bytes(info) -> tuple[bytes, int]:
    flags = info.flag_bits
    if flags & 0x800:
        return info.orig_filename.encode("utf-8"), flags
    try:
        return info.orig_filename.encode("cp437"), flags
    except UnicodeEncodeError:
        return info.orig_filename.encode("utf-8"), flags | 0x800


def _strip_zip64(extra: bytes) -> bytes:
    out, i = b"", 0
    while i + 4 <= len(extra):
        hid, size = struct.unpack("<HH", extra[i:i + 4])
        if hid != 0x0001:
            out += extra[i:i + 4 + size]
        i += 4 + size
    return out


def _raw_length(src, info) -> int:
    """Length of the member's local record: header, data and data descriptor."""
    src.seek(info.header_offset)
    head = src.read(30)
    if len(head) != 30 or head[:4] != b"PK\x03\x04":
        raise WorkbookError(f"Paket zip rusak: header lokal {info.filename} tidak sah.")
    n, e = struct.unpack("<HH", head[26:30])
    length = 30 + n + e + info.compress_size
    if info.flag_bits & 0x08:
        src.seek(info.header_offset + length)
        length += 16 if src.read(4) == b"PK\x07\x08" else 12
    return length


def _copy_raw(src, out: IO[bytes], info) -> None:
    left = _raw_length(src, info)
    src.seek(info.header_offset)
    while left:
        chunk = src.read(min(left, _COPY_CHUNK))
        if not chunk:
            raise WorkbookError(f"Paket zip terpotong di bagian {info.filename}.")
        out.write(chunk)
        left -= len(chunk)


def _write_fresh(out: IO[bytes], info, data: bytes) -> tuple[int, int, int, int]:
    """Write a changed member with a new local header; (flags, method, crc, csize)."""
    method = info.compress_type if info.compress_type in (0, 8) else 8
    if method == 8:
        co = zlib.compressobj(6, zlib.DEFLATED, -15)
        payload = co.compress(data) + co.flush()
    else:
        payload = data
    crc = zlib.crc32(data) & 0xFFFFFFFF
    name, flags = _name_bytes(info)
    flags &= 0x800  # no data descriptor, no encryption
    t, d = _dos_time(info.date_time)
    out.write(_LOCAL.pack(b"PK\x03\x04", 20, 0, flags, method, t, d, crc, len(payload),
                          len(data), len(name), 0))
    out.write(name)
    out.write(payload)
    return flags, method, crc, len(payload)


def write_package(src_path: str, infos: list, changes: dict[str, bytes], removed: set[str],
                   comment: bytes, out: IO[bytes]) -> None:
    """A new zip: changed members re-compressed, every other member copied raw."""
    central = []
    with open(src_path, "rb") as src:
        for info in infos:
            if info.filename in removed:
                continue
            offset = out.tell()
            if offset > 0xFFFFFFFF:
                raise WorkbookError("Paket zip terlalu besar (lebih dari 4 GB).")
            name, flags = _name_bytes(info)
            t, d = _dos_time(info.date_time)
            if info.filename in changes:
                data = changes[info.filename]
                flags, method, crc, csize = _write_fresh(out, info, data)
                usize, extra, version = len(data), b"", 20
            else:
                _copy_raw(src, out, info)
                method, crc, csize, usize = (info.compress_type, info.CRC, info.compress_size,
                                             info.file_size)
                extra, version = _strip_zip64(info.extra), info.extract_version
            central.append(
                _CENTRAL.pack(b"PK\x01\x02", info.create_version, info.create_system, version,
                              0, flags, method, t, d, crc, csize, usize, len(name), len(extra),
                              len(info.comment), 0, info.internal_attr, info.external_attr,
                              offset) + name + extra + info.comment)
    start = out.tell()
    for rec in central:
        out.write(rec)
    size = out.tell() - start
    if len(central) > 0xFFFF or start > 0xFFFFFFFF:
        raise WorkbookError("Paket zip terlalu besar.")
    out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), size, start,
                        len(comment)) + comment)
