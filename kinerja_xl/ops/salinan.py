"""The staff-copy contract: what `bagikan` writes into a copy and `kumpulkan` checks.

A copy holds a very hidden sheet `_kinerja` with one `Kunci`/`Nilai` row per key
of `KUNCI`:

- ``Id buku kerja``: derived, not stored in the master (it has no id of its own):
  the first 16 hex digits of SHA-256 over "Pemerintah\\nInstansi\\nTahun" from
  `Pengaturan`.  It stays the same while the PK is edited during the year, so a
  copy from before such an edit is refused for its changed prefilled cells (a
  clearer reason) rather than as a stranger.
- ``Unit``, ``Kode singkat``, ``Tahun``, ``Triwulan``;
- ``Checksum``: SHA-256 of the canonical text of the prefilled cells (Kode,
  Indikator, Satuan, Arah, Target TW I–IV of every row, in order); `kumpulkan`
  recomputes it from the copy (a change means the copy was altered) and from the
  master (a change means the PK/RA changed since the copy was made).
"""
from __future__ import annotations

import hashlib
from typing import Any, Iterable, Sequence

from .. import layout as L
from ..io.base import Grid
from ..model import Referensi, Unit
from .hitung import canon

META_SHEET = "_kinerja"
FORMAT = "kinerja-xl salinan v1"
KUNCI = ("Format", "Id buku kerja", "Instansi", "Tahun", "Unit", "Kode singkat",
         "Triwulan", "Checksum", "Dibagikan")
PREFILLED = ("Kode", "Indikator", "Satuan", "Arah") + tuple(L.target_h(n) for n in L.TRIWULAN)


def id_buku(ref: Referensi) -> str:
    parts = [canon(ref.setting("Pemerintah", "")), canon(ref.setting("Instansi", "")),
             str(ref.tahun)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def checksum(rows: Iterable[Sequence[Any]]) -> str:
    """SHA-256 of the prefilled cells, one tab-separated line per indicator row."""
    lines = [FORMAT] + ["\t".join(canon(v) for v in row) for row in rows]
    return hashlib.sha256(("\n".join(lines) + "\n").encode("utf-8")).hexdigest()


def prefilled_of_ref(ref: Referensi, unit: Unit) -> list[list[Any]]:
    return [[i.kode, i.nama, i.satuan, i.arah, *i.target_tw] for i in ref.indikator_of_unit(unit)]


def prefilled_of_grid(grid: Grid, cols: dict[str, int]) -> list[list[Any]]:
    """The prefilled cells of every row that has a Kode, as the copy holds them."""
    rows = []
    for r in range(L.BAHAN_DATA_ROW - 1, len(grid)):
        line = grid[r]
        at = lambda h: line[cols[h] - 1] if h in cols and cols[h] - 1 < len(line) else None  # noqa: E731
        if at("Kode") is None or str(at("Kode")).strip() == "":
            continue
        rows.append([at(h) for h in PREFILLED])
    return rows


def nama_salinan(unit: Unit, tahun: int, n: int) -> str:
    return f"Bahan_{unit.kode_singkat}_{tahun}_TW{n}.xlsx"
