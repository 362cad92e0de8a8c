"""Decisions people record in step sheets, read and judged against the data.

The Kadin approves a specific sidik: an approval of a sidik that no longer matches
the data is not an approval.  When an approval is valid, the approved values are kept
compactly as the data of the `Riwayat` record that locks the quarter
(`nilai_disetujui`, written by `riwayat.tulis_rekaman`), so a later change can be named
cell by cell (`beda_disetujui`), not only as "the sidik differs".  A lock recorded as
prose before records carried data ("Nilai disetujui: kode;target;… | …") is read too.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ... import layout as L
from ... import temuan as T
from ...io.cells import cell_ref
from ...model import Unit
from ...rows import header_map
from .snapshot import Snapshot
from .hitung import canon, sidik
from .riwayat import Rekaman, Riwayat, tanda

AKSI_DITOLAK = "persetujuan_ditolak"  # Riwayat aksi of an approval of a stale sidik


@dataclass
class Pemeriksaan:
    bidang: Unit
    triwulan: int
    keputusan: str | None        # "Disetujui" / "Dikembalikan" / None (not yet examined)
    sidik_disetujui: str | None  # the sidik written in the decision row (either decision)
    sidik_sekarang: str
    baris: int | None
    tanda: str | None = None     # the decision's fingerprint in Riwayat

    @property
    def disetujui(self) -> bool:
        """Approved, and the approval is of the data as it is now."""
        return self.keputusan == L.DISETUJUI and self.sidik_disetujui == self.sidik_sekarang

    @property
    def kedaluwarsa(self) -> bool:
        return self.keputusan == L.DISETUJUI and self.sidik_disetujui != self.sidik_sekarang

    @property
    def keadaan_singkat(self) -> str:
        """Where the Kadin's examination stands, in the report's status line."""
        if self.disetujui:
            return "disetujui"
        if self.kedaluwarsa:
            return "persetujuan kedaluwarsa"
        if self.keputusan == L.DIKEMBALIKAN:
            return "dikembalikan"
        return "belum diperiksa"

    @property
    def keadaan(self) -> str:
        """The same, as the exports and drafts say it (an expired approval explained)."""
        if self.kedaluwarsa:
            return f"{self.keadaan_singkat} (data berubah setelah disetujui)"
        return self.keadaan_singkat


def keputusan_of(value: Any) -> str | None:
    """'Disetujui' / 'Dikembalikan' however it was typed; None for anything else."""
    if value is None:
        return None
    text = str(value).strip().casefold()
    return next((k for k in L.KEPUTUSAN if k.casefold() == text), None)


def sidik_baris(value: Any) -> str | None:
    text = str(value).strip().lower() if value is not None else ""
    return text or None


def tanda_keputusan(kode_unit: str, n: int, keputusan: str, sid: str | None,
                    baris: int) -> str:
    """One decision row's fingerprint: the same row is recorded in Riwayat once."""
    return tanda(kode_unit, n, keputusan.casefold(), sid or "", baris)


def tanda_kunci(bidang: Unit, n: int, sid: str | None) -> str:
    """Fingerprint of the Riwayat row that locks a Bidang's quarter at this sidik."""
    return tanda(bidang.kode, n, sid)


def catat(snap: Snapshot, riwayat: Riwayat, row) -> None:
    """Record a Kadin's decision row the first time it is seen.  An approval of a sidik
    that is not the data's current one is recorded as rejected, with the reason,
    because it is not an approval."""
    n = L.baca_tw(row.get(L.TRIWULAN_H))
    kode = str(row.get(L.KODE_UNIT_H) or "").strip()
    putusan = keputusan_of(row.get(L.KEPUTUSAN_H))
    if n is None or not kode or putusan is None:
        return
    sid = sidik_baris(row.get(L.SIDIK_H))
    fp = tanda_keputusan(kode, n, putusan, sid, row.row)
    aksi = putusan.casefold()
    if riwayat.seen(aksi, fp) or riwayat.seen(AKSI_DITOLAK, fp):
        return
    text = f"{kode} {L.tw(n)} {aksi}; sidik {sid or '-'}; {row.get(L.CATATAN_H, '')}"
    bidang = snap.ref.units.get(kode)
    if putusan == L.DISETUJUI and bidang is not None:
        now = sidik(snap, bidang, n)
        if sid != now:
            aksi = AKSI_DITOLAK
            text = (text.strip().rstrip(";") + f" — DITOLAK: sidik tidak cocok dengan data "
                    f"sekarang ({now}), jadi bukan persetujuan")
    riwayat.append("8", aksi, text.strip(), fp)


def pemeriksaan(snap: Snapshot, n: int) -> list[Pemeriksaan]:
    """The latest decision per top unit for quarter n (a later row wins)."""
    latest: dict[str, tuple] = {}
    for row in snap.step_rows.get(L.PEMERIKSAAN_KADIN, []):
        kode = row.get(L.KODE_UNIT_H)
        if L.baca_tw(row.get(L.TRIWULAN_H)) != n or kode is None:
            continue
        keputusan = keputusan_of(row.get(L.KEPUTUSAN_H))
        if keputusan is None:
            continue
        kode = str(kode).strip()
        sid = sidik_baris(row.get(L.SIDIK_H))
        latest[kode] = (keputusan, sid, row.row, tanda_keputusan(kode, n, keputusan, sid, row.row))
    result = []
    for bidang in snap.ref.induk_units():
        keputusan, sid, baris, fp = latest.get(bidang.kode, (None, None, None, None))
        result.append(Pemeriksaan(bidang, n, keputusan, sid, sidik(snap, bidang, n), baris, fp))
    return result


def final(periksa: list[Pemeriksaan]) -> bool:
    return bool(periksa) and all(p.disetujui for p in periksa)


# --- approved values, kept so a later change can be named cell by cell ----------------
_PROSA = "Nilai disetujui: "  # the prose of locks recorded before records carried data
# Fields in the order of the sidik's canonical line (ops/inti/hitung.py sidik_text).
# These are the field names of the lock record in Riwayat, not headers: records keep
# them, so they stay as written when a header of the contract is renamed.
KOLOM = ("Kode", "Target", "Status", "Realisasi", "Realisasi akhir", "Realisasi anggaran",
         "Keterangan", "Faktor pendukung", "Faktor penghambat", "Tindak lanjut")
_TEKS = ("bukti", "pendukung", "penghambat", "tindak")


def _ringkas_teks(text: str | None) -> str:
    """Texts are kept as a short hash: enough to see a change, and the cell stays short."""
    text = canon(text)
    return "#" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8] if text else ""


def _fields(snap: Snapshot, kode: str, target: Any, n: int) -> list[str]:
    q = snap.kuartal(kode, n)
    return ([kode, canon(target), "d" if q.diajukan else "-", canon(q.realisasi_diajukan),
             canon(q.realisasi_akhir), canon(q.anggaran_akhir)]
            + [_ringkas_teks(q.teks.get(k)) for k in _TEKS])


def nilai_disetujui(snap: Snapshot, bidang: Unit, n: int) -> dict[str, Any]:
    """The data of the lock record: the approved values of each indicator in the order
    of `kolom` (target, status, submitted, final, budget, texts as short hashes)."""
    return {"unit": bidang.kode, "triwulan": n, "kolom": list(KOLOM[1:]), "nilai_disetujui": {
        i.kode: _fields(snap, i.kode, i.target_tw[n - 1], n)[1:]
        for i in snap.ref.indikator_of_bidang(bidang)}}


def _parse(kunci: Rekaman) -> dict[str, list[str]]:
    if kunci.data is not None:
        kolom = kunci.data.get("kolom", [])
        return {kode: [kode] + [str(dict(zip(kolom, v)).get(h, "?")) for h in KOLOM[1:]]
                for kode, v in kunci.data.get("nilai_disetujui", {}).items()}
    if _PROSA not in kunci.teks:
        return {}
    out = {}
    for entry in kunci.teks.split(_PROSA, 1)[1].split(" | "):
        fields = entry.split(";")
        if len(fields) == len(KOLOM):
            out[fields[0]] = fields
    return out


def beda_disetujui(snap: Snapshot, bidang: Unit, n: int, kunci: Rekaman) -> list[T.Temuan]:
    """One error per approved value that changed, naming the cell that holds it now."""
    approved = _parse(kunci)
    if not approved:
        return []
    found = []
    for ind in snap.ref.indikator_of_bidang(bidang):
        now = _fields(snap, ind.kode, ind.target_tw[n - 1], n)
        then = approved.get(ind.kode, [ind.kode] + ["?"] * (len(KOLOM) - 1))
        for i in range(1, len(KOLOM)):
            if now[i] == then[i] or (i == 4 and _only_follows_submitted(snap, ind.kode, n,
                                                                          now, then)):
                continue
            lembar, sel = _where(snap, ind.kode, n, KOLOM[i])
            found.append(T.buat("nilai_disetujui_berubah", lembar=lembar, sel=sel,
                                kode=ind.kode, kolom=KOLOM[i], triwulan=n,
                                kepala=snap.ref.kepala,
                                lama=_show(then[i]), baru=_show_now(snap, ind.kode, n, i,
                                                                    now[i])))
    return found


def _only_follows_submitted(snap: Snapshot, kode: str, n: int, now: list[str],
                            then: list[str]) -> bool:
    """The final value moved only because the submitted one did (no correction):
    the submitted cell is already named, so naming it twice adds nothing."""
    q = snap.kuartal(kode, n)
    corrected = any(k.kolom == L.REALISASI_H for k in q.koreksi)
    return not corrected and now[3] != then[3] and now[4] == now[3]


def _show(value: str) -> Any:
    if value == "":
        return None
    if value.startswith("#"):
        return "(teks yang disetujui)"
    if value in ("d", "-"):
        return L.STATUS_DIAJUKAN if value == "d" else L.STATUS_DRAF
    try:
        return Decimal(value)
    except InvalidOperation:
        return value


def _show_now(snap: Snapshot, kode: str, n: int, i: int, value: str) -> Any:
    if value.startswith("#"):
        text = snap.kuartal(kode, n).teks.get(_TEKS[i - 6]) or ""
        return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"
    return _show(value)


# A field of the lock record (`KOLOM`) → the staff column, and the correction column
# (`layout.KOREKSI_KOLOM`) that sets it.
_STAFF_HEADER = {"Realisasi": L.realisasi_h, "Realisasi akhir": L.realisasi_h,
                 "Realisasi anggaran": L.anggaran_h, "Keterangan": L.bukti_h,
                 "Faktor pendukung": L.pendukung_h, "Faktor penghambat": L.penghambat_h,
                 "Tindak lanjut": L.tindak_h}
_KOREKSI = {"Realisasi akhir": L.REALISASI_H, "Realisasi anggaran": L.REALISASI_ANGGARAN_H,
            "Keterangan": L.KETERANGAN_H, "Faktor pendukung": L.FAKTOR_PENDUKUNG_H,
            "Faktor penghambat": L.FAKTOR_PENGHAMBAT_H, "Tindak lanjut": L.TINDAK_LANJUT_H}


def _where(snap: Snapshot, kode: str, n: int, kolom: str) -> tuple[str | None, str | None]:
    """The cell a person would look at: the correction row that set the value when there
    is one, else the staff cell (or the Status cell, or the RA target)."""
    if kolom == "Target":
        return L.RA, ra_cell(snap, kode, n)
    sheet, row = snap.lokasi.get(kode, (None, None))
    if kolom == "Status":
        return sheet, cell_ref(L.STATUS_ROW, L.STATUS_FIRST_COL + n - 1)
    if kolom in _KOREKSI:
        for k in reversed(snap.kuartal(kode, n).koreksi):
            if k.kolom == _KOREKSI[kolom]:
                col = L.KOREKSI_TABLE.col(L.NILAI_KOREKSI_H)
                return k.lembar, cell_ref(k.baris, col)
    col = snap.kolom.get(sheet, {}).get(_STAFF_HEADER[kolom](n)) if sheet else None
    return sheet, (cell_ref(row, col) if col else None)


def ra_cell(snap: Snapshot, kode: str, n: int) -> str | None:
    """The RA sheet cell holding quarter n's target of an indicator."""
    grid = snap.grids.get(L.RA) or []
    if len(grid) < L.REF_HEADER_ROW:
        return None
    cols = header_map(grid[L.REF_HEADER_ROW - 1], L.RA_HEADERS)
    if L.KODE_H not in cols or L.target_h(n) not in cols:
        return None
    for r in range(L.REF_DATA_ROW, len(grid) + 1):
        line = grid[r - 1]
        if len(line) >= cols[L.KODE_H] and str(line[cols[L.KODE_H] - 1] or "").strip() == kode:
            return cell_ref(r, cols[L.target_h(n)])
    return None
