"""A small, deterministic writer for Compound File Binary files ([MS-CFB]).

`vbaProject.bin` is such a file.  Of the PyPI packages for the format, `cfb` only
reads it and `ms-ovba` (0.0.1) writes through fixed-name temporary files in the
working directory, so the workbook build has its own writer: version
3 (512-byte sectors), streams under 4096 bytes in the mini stream, every timestamp
and CLSID zero, and the same input always giving the same bytes.

Layout of the file, in sector order: FAT, directory, mini FAT, mini stream, then the
large streams.  Only what fits in the header's 109 DIFAT slots is supported (about
7 MB), which is far more than a VBA project needs.
"""
from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
ENTRY_SIZE = 128
HEADER_DIFAT = 109

FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF

_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1
_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass
class _Node:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, "_Node"] = field(default_factory=dict)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = _BLACK
    start: int = ENDOFCHAIN
    size: int = 0


def _sort_key(name: str) -> tuple[int, str]:
    """[MS-CFB] 2.6.4: shorter names first, then by upper-case code points."""
    return (len(name), name.upper())


def _check_name(name: str) -> None:
    if not name or len(name) > 31 or any(c in name for c in "/\\:!"):
        raise ValueError(f"nama entri CFB tidak sah: {name!r}")


def _build_tree(streams: Mapping[str, bytes]) -> _Node:
    root = _Node("Root Entry", _ROOT)
    for path, data in streams.items():
        parts = path.split("/")
        node = root
        for part in parts[:-1]:
            _check_name(part)
            same = [k for k in node.children if k.upper() == part.upper()]
            node = node.children[same[0]] if same else node.children.setdefault(
                part, _Node(part, _STORAGE))
            if node.kind != _STORAGE:
                raise ValueError(f"{path}: {part} sudah berupa stream")
        _check_name(parts[-1])
        # Names compare without case in a compound file.
        if any(k.upper() == parts[-1].upper() for k in node.children):
            raise ValueError(f"entri ganda: {path}")
        node.children[parts[-1]] = _Node(parts[-1], _STREAM, data=bytes(data))
    return root


def _number(node: _Node, order: list[_Node]) -> None:
    """Give entries ids depth-first in sorted order, so the ids never depend on
    the order the caller listed the streams in."""
    for name in sorted(node.children, key=_sort_key):
        child = node.children[name]
        child.sid = len(order)
        order.append(child)
        _number(child, order)


def _link_siblings(node: _Node) -> None:
    """Arrange each storage's children as a balanced binary search tree.

    Built from the sorted list by taking the middle as root, every path from the
    root to a leaf has length h or h+1; colouring the nodes below the last full level
    red and all others black gives a valid red-black tree (equal black height, no red
    node with a red child)."""
    kids = sorted(node.children.values(), key=lambda n: _sort_key(n.name))
    full_levels = (len(kids) + 1).bit_length() - 1

    def place(lo: int, hi: int, depth: int) -> int:
        if lo >= hi:
            return NOSTREAM
        mid = (lo + hi) // 2
        n = kids[mid]
        n.color = _RED if depth >= full_levels else _BLACK
        n.left = place(lo, mid, depth + 1)
        n.right = place(mid + 1, hi, depth + 1)
        return n.sid

    node.child = place(0, len(kids), 0)
    for kid in kids:
        _link_siblings(kid)


def _sectors(nbytes: int, unit: int) -> int:
    return -(-nbytes // unit)


def _chain(fat: list[int], start: int, count: int) -> None:
    for i in range(count):
        fat[start + i] = start + i + 1 if i + 1 < count else ENDOFCHAIN


def _pad(data: bytes, unit: int) -> bytes:
    return data + b"\0" * (-len(data) % unit)


def _entry(node: _Node) -> bytes:
    name = node.name.encode("utf-16-le") + b"\0\0"
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name, len(name), node.kind, node.color, node.left, node.right, node.child,
        b"\0" * 16, 0, 0, 0, node.start, node.size)


def _empty_entry() -> bytes:
    return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM,
                       NOSTREAM, b"\0" * 16, 0, 0, 0, 0, 0)


def write_cfb(streams: Mapping[str, bytes]) -> bytes:
    """Return a compound file holding `streams`, keyed by path ("VBA/dir").

    Storages are implied by the paths.  Names are at most 31 characters."""
    root = _build_tree(streams)
    order = [root]
    _number(root, order)
    _link_siblings(root)
    root.color = _BLACK

    small = [n for n in order if n.kind == _STREAM and 0 < len(n.data) < MINI_CUTOFF]
    large = [n for n in order if n.kind == _STREAM and len(n.data) >= MINI_CUTOFF]

    # Mini stream: small streams back to back, each padded to 64 bytes.
    minifat: list[int] = []
    mini = bytearray()
    for n in small:
        count = _sectors(len(n.data), MINI_SECTOR)
        n.start, n.size = len(minifat), len(n.data)
        minifat.extend([0] * count)
        _chain(minifat, n.start, count)
        mini += _pad(n.data, MINI_SECTOR)
    for n in order:
        if n.kind == _STREAM and not n.data:
            n.start, n.size = ENDOFCHAIN, 0

    n_dir = _sectors(len(order) * ENTRY_SIZE, SECTOR)
    n_minifat = _sectors(len(minifat) * 4, SECTOR)
    n_mini = _sectors(len(mini), SECTOR)
    n_large = sum(_sectors(len(n.data), SECTOR) for n in large)
    payload = n_dir + n_minifat + n_mini + n_large

    # The FAT also maps its own sectors: grow it until it covers everything.
    n_fat = 1
    while n_fat * (SECTOR // 4) < n_fat + payload:
        n_fat += 1
    if n_fat > HEADER_DIFAT:
        raise ValueError("berkas CFB terlalu besar untuk penulis ini")

    fat = [FREESECT] * (n_fat * (SECTOR // 4))
    for i in range(n_fat):
        fat[i] = FATSECT
    pos = n_fat
    dir_start = pos
    _chain(fat, pos, n_dir)
    pos += n_dir
    minifat_start = pos if n_minifat else ENDOFCHAIN
    _chain(fat, pos, n_minifat)
    pos += n_minifat
    root.start = pos if n_mini else ENDOFCHAIN
    root.size = len(mini)
    _chain(fat, pos, n_mini)
    pos += n_mini
    for n in large:
        count = _sectors(len(n.data), SECTOR)
        n.start, n.size = pos, len(n.data)
        _chain(fat, pos, count)
        pos += count

    directory = b"".join(_entry(n) for n in order)
    directory += _empty_entry() * (n_dir * SECTOR // ENTRY_SIZE - len(order))
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat)
    minifat_bytes += struct.pack("<I", FREESECT) * (n_minifat * SECTOR // 4 - len(minifat))
    difat = list(range(n_fat)) + [FREESECT] * (HEADER_DIFAT - n_fat)

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        _SIGNATURE, b"\0" * 16, 0x003E, 0x0003, 0xFFFE, 9, 6, b"\0" * 6,
        0,  # number of directory sectors: always 0 in version 3
        n_fat, dir_start, 0, MINI_CUTOFF, minifat_start, n_minifat,
        ENDOFCHAIN, 0, *difat)
    body = [struct.pack(f"<{len(fat)}I", *fat), directory, minifat_bytes, _pad(bytes(mini), SECTOR)]
    body += [_pad(n.data, SECTOR) for n in large]
    out = _pad(header, SECTOR) + b"".join(body)
    assert len(out) == SECTOR * (1 + n_fat + payload)
    return out
