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
  master (a change means the PK/RA changed since the copy was made);
- ``Sidik isian``: SHA-256 of the inputs as handed out (every quarter's input
  cells by Kode, the Status and "Diajukan pada" rows); a copy that still matches it
  was never filled and is "belum diisi" (copies written before this key existed
  are read without that check).
"""
from __future__ import annotations

import hashlib
from typing import Any, Iterable, Sequence

from .. import layout as L
from ..io.base import Grid, nilai_di
from ..model import Referensi, Unit
from .inti.hitung import canon

META_SHEET = "_kinerja"
FORMAT = "kinerja-xl salinan v1"
KUNCI = ("Format", "Id buku kerja", L.INSTANSI_KUNCI, L.TAHUN_KUNCI, L.UNIT_H,
         L.KODE_SINGKAT_H, L.TRIWULAN_H, "Checksum", "Dibagikan", "Sidik isian")
# What every copy must carry; "Sidik isian" came later and is optional when read.
KUNCI_WAJIB = KUNCI[:-1]
PREFILLED = (L.KODE_H, L.INDIKATOR_H, L.SATUAN_H, L.ARAH_H) + tuple(
    L.target_h(n) for n in L.TRIWULAN)


def id_buku(ref: Referensi) -> str:
    parts = [canon(ref.pengaturan.pemerintah or ""), canon(ref.pengaturan.instansi or ""),
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
        if at(L.KODE_H) is None or str(at(L.KODE_H)).strip() == "":
            continue
        rows.append([at(h) for h in PREFILLED])
    return rows


def sidik_isian(grid: Grid, cols: dict[str, int]) -> str:
    """SHA-256 of what staff may type in a copy: each Kode row's input cells of every
    quarter (rows in Kode order, so a moved row is not a change) and the quarters'
    Status and "Diajukan pada" cells."""
    heads = [h for q in L.TRIWULAN for h in L.bahan_input_headers(q)]
    lines = []
    for r in range(L.BAHAN_DATA_ROW, len(grid) + 1):
        kode = nilai_di(grid, r, cols.get(L.KODE_H))
        if kode is not None and str(kode).strip():
            lines.append("\t".join([canon(kode)] + [canon(nilai_di(grid, r, cols.get(h)))
                                                     for h in heads]))
    lines.sort()
    for row in (L.STATUS_ROW, L.DIAJUKAN_ROW):
        lines.append("\t".join(canon(nilai_di(grid, row, L.STATUS_FIRST_COL + q - 1))
                               for q in L.TRIWULAN))
    return hashlib.sha256(("\n".join([FORMAT] + lines) + "\n").encode("utf-8")).hexdigest()


def nama_salinan(unit: Unit, tahun: int, n: int) -> str:
    return f"Bahan_{unit.kode_singkat}_{tahun}_TW{n}.xlsx"
