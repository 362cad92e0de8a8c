"""Per-indicator results of a quarter and of the year, from a snapshot."""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from typing import Any

from ... import layout as L
from ...model import Indikator, Unit
from ...rules import (KONVENSI_BAWAAN, Capaian, capaian, capaian_sd, capaian_tahunan,
                     capaian_triwulan, as_decimal, predikat, progres)
from .snapshot import Kuartal, Snapshot


@dataclass
class HasilTriwulan:
    """One indicator's result in quarter n.  The figures "s.d." (to date) and the
    predicates are worked out when first asked for: validation, which asks every
    quarter of the year for its capaian only, never pays for them."""
    ind: Indikator
    unit: Unit
    bidang: Unit
    n: int
    q: Kuartal
    target: Decimal | None
    realisasi: Decimal | None
    capaian: Capaian
    # (snapshot, quarterly targets, realisations, formula, convention): what the rest
    # is worked out from
    dasar: tuple = field(repr=False, compare=False)

    @cached_property
    def predikat(self) -> str | None:
        return _predikat(self.capaian.bulat, self.dasar[0].ref.skala)

    @cached_property
    def _sd(self) -> tuple[Decimal | None, Decimal | None, Capaian]:
        snap, targets, reals, rumus, konvensi = self.dasar
        return capaian_sd(targets, reals, self.n, self.ind.arah, self.ind.agregasi, rumus,
                          konvensi)

    @property
    def target_sd(self) -> Decimal | None:
        return self._sd[0]

    @property
    def realisasi_sd(self) -> Decimal | None:
        return self._sd[1]

    @property
    def capaian_sd(self) -> Capaian:
        return self._sd[2]

    @cached_property
    def predikat_sd(self) -> str | None:
        return _predikat(self.capaian_sd.bulat, self.dasar[0].ref.skala)

    @cached_property
    def progres_sd(self) -> Decimal | None:
        """Realisasi s.d. against the annual target (%)."""
        return progres(self.dasar[0].target_tahunan(self.ind, self.n), self.realisasi_sd)


_predikat = predikat


@dataclass
class HasilTahunan:
    ind: Indikator
    unit: Unit
    bidang: Unit
    target: Decimal | None
    realisasi_tw: list[Decimal | None]
    realisasi: Decimal | None
    capaian: Capaian
    predikat: str | None
    capaian_renstra: Capaian = field(default=None)  # type: ignore[assignment]
    target_awal: Decimal | None = None  # the PK's first target, after a PK Perubahan


def realisasi_tw(snap: Snapshot, kode: str) -> list[Decimal | None]:
    return [as_decimal(q.realisasi_akhir) for q in snap.data[kode]]


def memo(snap: Snapshot, name: str) -> dict:
    """A snapshot's memo of one computation.  A snapshot is not changed once read, and
    an operation asks for the same result several times (validation, the report, its
    sidik, Riwayat): each is computed once per snapshot."""
    key = "_memo_" + name
    found = vars(snap).get(key)
    if found is None:
        found = vars(snap)[key] = {}
    return found


def _sekali(memo: dict, ind: Indikator, key: Any, compute) -> Any:
    """memo[(ind, key)], computed once; the indicator itself is kept with its result
    (ids of objects no longer alive can come back)."""
    entry = memo.get((id(ind), key))
    if entry is None or entry[0] is not ind:
        entry = memo[(id(ind), key)] = (ind, compute())
    return entry[1]


def hasil_triwulan(snap: Snapshot, ind: Indikator, n: int) -> HasilTriwulan:
    return _sekali(memo(snap, "triwulan"), ind, n, lambda: _hasil_triwulan(snap, ind, n))


def hasil_tahunan(snap: Snapshot, ind: Indikator) -> HasilTahunan:
    return _sekali(memo(snap, "tahunan"), ind, None, lambda: _hasil_tahunan(snap, ind))


def _deret(snap: Snapshot, ind: Indikator) -> tuple:
    """What every result of an indicator starts from, worked out once per snapshot:
    its unit and top unit, convention, and quarterly targets and realisations."""
    def compute():
        ref = snap.ref
        unit = ref.units[ind.unit]
        return (unit, ref.bidang_of(unit), ref.konvensi(ind),
                [as_decimal(t) for t in ind.target_tw], realisasi_tw(snap, ind.kode))
    return _sekali(memo(snap, "deret"), ind, None, compute)


def _rumus(snap: Snapshot) -> str:
    m = memo(snap, "rumus")
    if "rumus" not in m:
        m["rumus"] = snap.ref.rumus_negatif
    return m["rumus"]


def _hasil_triwulan(snap: Snapshot, ind: Indikator, n: int) -> HasilTriwulan:
    unit, bidang, konvensi, targets, reals = _deret(snap, ind)
    rumus = _rumus(snap)
    cap = capaian_triwulan(targets[n - 1], reals[n - 1], ind.arah, rumus, konvensi)
    return HasilTriwulan(ind, unit, bidang, n, snap.kuartal(ind.kode, n),
                         targets[n - 1], reals[n - 1], cap,
                         (snap, targets, reals, rumus, konvensi))


def _hasil_tahunan(snap: Snapshot, ind: Indikator) -> HasilTahunan:
    ref = snap.ref
    unit, bidang, _, _, deret = _deret(snap, ind)
    reals = list(deret)
    rumus = _rumus(snap)
    realisasi, cap = capaian_tahunan(ind.target_tahunan, reals, ind.arah, ind.agregasi,
                                     rumus)
    renstra = capaian(ind.target_renstra, realisasi, ind.arah, rumus)
    awal = as_decimal(ind.target_awal) if ind.berubah else None
    return HasilTahunan(ind, unit, bidang, as_decimal(ind.target_tahunan), reals,
                        realisasi, cap, predikat(cap.bulat, ref.skala), renstra, awal)


def triwulan_terakhir_diajukan(snap: Snapshot) -> int:
    """The last quarter any reporting unit submitted (0 when none has)."""
    return max((n for statuses in snap.status.values()
                for n, status in zip(L.TRIWULAN, statuses, strict=True)
                if status == L.STATUS_DIAJUKAN), default=0)


def tahunan_sementara(snap: Snapshot) -> bool:
    """An annual report is provisional until every reporting unit submitted TW IV."""
    units = snap.ref.reporting_units()
    return not units or any(snap.status.get(u.kode, [L.STATUS_DRAF] * 4)[3]
                            != L.STATUS_DIAJUKAN for u in units)


def report_order(snap: Snapshot) -> list[tuple[str, list[Indikator]]]:
    """SKPD-level indicators first, then each top unit in Unit order."""
    ref = snap.ref
    groups: list[tuple[str, list[Indikator]]] = []
    skpd = [i for i in ref.indikator if i.level == L.LEVEL_SKPD]
    if skpd:
        groups.append(("Indikator Kinerja Utama Perangkat Daerah", skpd))
    for bidang in ref.induk_units():
        members = [i for i in ref.indikator_of_bidang(bidang) if i.level != L.LEVEL_SKPD]
        if members:
            groups.append((bidang.nama, members))
    return groups


# --- sidik ---------------------------------------------------------------------------
SIDIK_VERSI = "kinerja-xl sidik v1"


def canon(value: Any) -> str:
    """One spelling per number, so the same data always hashes the same."""
    if value is None:
        return ""
    kind = type(value)
    if kind is int or (kind is float and value):
        return _canon_sekali(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _canon_angka(value)
    return " ".join(str(value).split())


# The same few numbers recur (targets, realisations): each spelled once, kept as
# rules.as_decimal keeps its numbers (1 and 1.0 apart, a zero float not kept).
@functools.lru_cache(maxsize=65536, typed=True)
def _canon_sekali(value: int | float) -> str:
    return _canon_angka(value)


def _canon_angka(value: Any) -> str:
    d = as_decimal(value)
    if d is None:
        return ""
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "") else text


def sidik_text(snap: Snapshot, bidang: Unit, n: int) -> str:
    lines = [SIDIK_VERSI, f"bidang={bidang.kode}", f"tahun={snap.ref.tahun}", f"triwulan={n}"]
    for ind in _indikator_bidang(snap, bidang):
        q = snap.data[ind.kode][n - 1]
        teks = q.teks
        fields = [ind.kode, canon(ind.target_tw[n - 1]), "diajukan" if q.diajukan else "draf",
                  canon(q.realisasi_diajukan), canon(q.realisasi_akhir),
                  canon(q.anggaran_akhir), canon(teks.get("bukti")),
                  canon(teks.get("pendukung")), canon(teks.get("penghambat")),
                  canon(teks.get("tindak"))]
        konvensi = _deret(snap, ind)[2]
        if konvensi != KONVENSI_BAWAAN:
            # What the capaian means is approved too; absent under the default, so
            # a sidik approved before conventions existed stays valid.
            fields.append(f"konvensi={konvensi.target_triwulan}/{konvensi.target_nol}")
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


def _indikator_bidang(snap: Snapshot, bidang: Unit) -> list[Indikator]:
    """A top unit's indicators (asked for once per quarter's sidik), once per snapshot."""
    m = memo(snap, "indikator_bidang")
    if bidang.kode not in m:
        m[bidang.kode] = snap.ref.indikator_of_bidang(bidang)
    return m[bidang.kode]


def sidik(snap: Snapshot, bidang: Unit, n: int) -> str:
    cache = memo(snap, "sidik")
    key = (bidang.kode, n)
    if key not in cache:
        cache[key] = hashlib.sha256(sidik_text(snap, bidang, n).encode("utf-8")).hexdigest()
    return cache[key]


def sidik_laporan(parts: list[str]) -> str:
    """Fingerprint of a report: the sidik of every Bidang it covers, in order."""
    return hashlib.sha256("\n".join(parts).encode("ascii")).hexdigest()


def sidik_triwulan(snap: Snapshot, n: int) -> str:
    """Fingerprint of quarter n's data over every top unit: what a quarterly
    report covers and what the runs of a quarter are recorded under in Riwayat."""
    return sidik_laporan([sidik(snap, b, n) for b in snap.ref.induk_units()])


def sidik_tahunan(snap: Snapshot) -> str:
    """Fingerprint of the year's data: every quarter of every top unit."""
    return sidik_laporan([sidik(snap, b, q) for q in L.TRIWULAN
                          for b in snap.ref.induk_units()])


def number(value: Decimal | float | None) -> float | int | None:
    """A cell/JSON number: integral values as int so 100 is 100, not 100.0."""
    if value is None:
        return None
    f = float(value)
    return int(f) if f.is_integer() and abs(f) < 1e15 else f


def angka_sel(value: Any) -> float | int | None:
    """`number(as_decimal(value))`: a finite float is that number already (its repr,
    which as_decimal reads, turns back into the same float), without the Decimal."""
    if type(value) is float and value - value == 0:  # finite
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    return number(as_decimal(value))
