"""Raw package parts of a workbook on disk (the VBA project, the ribbon part).

Read with the same safety checks as every other open (zip bombs, encrypted members,
size limits); the workbook interface deals in cells, this in whole parts.
"""
from __future__ import annotations

import os

from . import safety


def baca_bagian(path: str | os.PathLike, names: tuple[str, ...]) -> dict[str, bytes | None]:
    """Each named member's bytes, or None when the package has no such member."""
    path = os.fspath(path)
    zf = safety.open_package(path)
    with zf:
        members = {i.filename.lower(): i.filename for i in zf.infolist()}
        return {name: (safety.read_part(zf, members[name.lower()], path)
                       if name.lower() in members else None) for name in names}


def _part(folder: str, target: str) -> str:
    """A relationship's target as a member name (absolute targets start at the root)."""
    import posixpath
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def gambar_lembar(path: str | os.PathLike, sheet: str) -> bytes | None:
    """The first picture drawn on a sheet (the letterhead's logo the builder places on
    each report sheet), or None: found through the package's relationships
    (workbook → sheet → drawing → image), never by guessing a media name."""
    import posixpath

    from .ooxml import NS, R_NS, T_REL

    path = os.fspath(path)
    zf = safety.open_package(path)
    with zf:
        members = {i.filename.lower(): i.filename for i in zf.infolist()}

        def read(name: str) -> bytes | None:
            real = members.get(name.lower())
            return safety.read_part(zf, real, path) if real else None

        def tree(name: str):
            """A part parsed as every part of a package is (safety.read_xml), or None."""
            real = members.get(name.lower())
            return safety.read_xml(zf, real, path) if real else None

        def related(part: str, kind: str | None = None) -> dict[str, str]:
            """Relationship id → target part of `part` (of one kind when given)."""
            folder, name = posixpath.split(part)
            rels = tree(posixpath.join(folder, "_rels", name + ".rels"))
            if rels is None:
                return {}
            return {r.get("Id"): _part(folder, r.get("Target", ""))
                    for r in rels.iter(T_REL)
                    if r.get("TargetMode") != "External"
                    and (kind is None or r.get("Type", "").endswith("/" + kind))}

        workbook = tree("xl/workbook.xml")
        if workbook is None:
            return None
        rid = next((s.get(f"{{{R_NS}}}id") for s in workbook.iter(
            f"{{{NS}}}sheet") if s.get("name") == sheet), None)
        part = related("xl/workbook.xml").get(rid)
        for drawing in related(part, "drawing").values() if part else ():
            for image in related(drawing, "image").values():
                data = read(image)
                if data:
                    return data
    return None
