"""Decisions people record in step sheets, read and judged against the data.

The Kadin approves a specific sidik: an approval of a sidik that no longer matches
the data is not an approval.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import layout as L
from .. import temuan as T
from ..model import Unit
from .baca import Snapshot, triwulan_of
from .hitung import sidik


@dataclass
class Pemeriksaan:
    bidang: Unit
    triwulan: int
    keputusan: str | None        # "Disetujui" / "Dikembalikan" / None (not yet examined)
    sidik_disetujui: str | None
    sidik_sekarang: str
    baris: int | None

    @property
    def disetujui(self) -> bool:
        """Approved, and the approval is of the data as it is now."""
        return self.keputusan == "Disetujui" and self.sidik_disetujui == self.sidik_sekarang

    @property
    def kedaluwarsa(self) -> bool:
        return self.keputusan == "Disetujui" and self.sidik_disetujui != self.sidik_sekarang


def pemeriksaan(snap: Snapshot, n: int) -> list[Pemeriksaan]:
    """The latest decision per Sekretariat/Bidang for quarter n (a later row wins)."""
    latest: dict[str, tuple] = {}
    for row in snap.step_rows.get(L.PEMERIKSAAN_KADIN, []):
        kode = row.get("Kode unit")
        if triwulan_of(row.get("Triwulan")) != n or kode is None:
            continue
        keputusan = _keputusan(row.get("Keputusan"))
        if keputusan is None:
            continue
        sid = row.get("Sidik")
        latest[str(kode).strip()] = (keputusan, str(sid).strip().lower() if sid else None, row.row)
    result = []
    for bidang in snap.ref.induk_units():
        keputusan, sid, baris = latest.get(bidang.kode, (None, None, None))
        result.append(Pemeriksaan(bidang, n, keputusan, sid, sidik(snap, bidang, n), baris))
    return result


def _keputusan(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip().casefold()
    return next((k for k in L.KEPUTUSAN if k.casefold() == text), None)


def findings(periksa: list[Pemeriksaan]) -> list[T.Temuan]:
    found = []
    for p in periksa:
        at = dict(lembar=L.PEMERIKSAAN_KADIN, sel=f"E{p.baris}" if p.baris else None,
                  unit=p.bidang.nama, triwulan=p.triwulan)
        if p.kedaluwarsa:
            found.append(T.buat("persetujuan_kedaluwarsa", sidik_disetujui=p.sidik_disetujui,
                                sidik_sekarang=p.sidik_sekarang, **at))
        elif p.keputusan == "Dikembalikan":
            found.append(T.buat("laporan_dikembalikan", **at))
    return found


def final(periksa: list[Pemeriksaan]) -> bool:
    return bool(periksa) and all(p.disetujui for p in periksa)
