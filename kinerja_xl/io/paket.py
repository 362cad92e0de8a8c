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
