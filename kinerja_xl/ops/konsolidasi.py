"""Steps 5 and 7: `5 Laporan <KODE>` per reporting unit and `7 Kabid <KODE>` per
top unit (a unit without an Induk), with the submitted and the corrected value side by side."""
from __future__ import annotations

from typing import Any

from .. import layout as L
from ..hasil import Hasil
from ..io.base import Workbook
from ..model import Indikator
from ..tinggi_baris import kolom_tabel, tinggi_tabel
from .inti.snapshot import Kuartal, Snapshot
from .inti.blok import Plan
from .inti.hitung import angka_sel, number, sidik, sidik_triwulan
from .inti.jalankan import mulai, selesai
from . import validasi as val
from ..rules import capaian_triwulan


def oleh_bawaan(snap: Snapshot, ind: Indikator, langkah: int) -> str:
    """Who made a correction that does not say: the unit's reviewer in step 4, the
    reviewer of its top unit in step 6 (the titles of the Unit table)."""
    unit = snap.ref.units[ind.unit]
    if langkah == 4:
        return snap.ref.pemeriksa_langkah4(unit)
    return snap.ref.pemeriksa_langkah6(unit)


def _oleh(snap: Snapshot, ind: Indikator, q: Kuartal, langkah: int | None = None) -> str | None:
    parts = [f"{k.oleh or oleh_bawaan(snap, ind, k.langkah)} (langkah {k.langkah}, {k.kolom})"
             for k in q.koreksi if langkah is None or k.langkah == langkah]
    return "; ".join(parts) or None


def _capaian_akhir(caps: dict, key: tuple, target, realisasi, arah: str, rumus: str,
                   konvensi) -> float | None:
    """Capaian of a quarter's value after corrections, once per indicator and quarter
    (the Laporan row of a quarter without a correction shows the same one)."""
    found = caps.get(key)
    if found is None or found[0] is not realisasi or found[1] is not target:
        found = caps[key] = (realisasi, target, capaian_triwulan(
            target, realisasi, arah, rumus, konvensi).as_float())
    return found[2]


def laporan_rows(snap: Snapshot, inds: list[Indikator], upto: int,
                 caps: dict | None = None) -> list[list[Any]]:
    """`caps`: capaian already worked out for the final values (kabid_rows shares it)."""
    caps = {} if caps is None else caps
    rows = []
    ref = snap.ref
    rumus = ref.rumus_negatif
    # Each value's place in the row, found once (what L.LAPORAN.row does per row).
    col = _kolom(L.LAPORAN)
    quarters = [(n, col(L.target_h(n)), col(L.diajukan_h(n)), col(L.koreksi_h(n)),
                 col(L.dikoreksi_oleh_h(n)), col(L.capaian_h(n)))
                for n in L.TRIWULAN[:upto]]  # later quarters stay empty
    first = [col(h) for h in (L.KODE_H, L.INDIKATOR_H, L.SATUAN_H, L.ARAH_H, L.AGREGASI_H)]
    width = len(L.LAPORAN)
    for ind in inds:
        row: list[Any] = [None] * width
        for i, v in zip(first, (ind.kode, ind.nama, ind.satuan, ind.arah, ind.agregasi)):
            row[i] = v
        konvensi = ref.konvensi(ind)
        data = snap.data[ind.kode]
        for n, h_target, h_diajukan, h_koreksi, h_oleh, h_capaian in quarters:
            q = data[n - 1]
            target = ind.target_tw[n - 1]
            submitted = q.realisasi_diajukan
            corrected = q.realisasi_langkah4
            value = corrected if corrected is not None else submitted
            row[h_target] = angka_sel(target)
            row[h_diajukan] = _submitted_cell(q)
            row[h_koreksi] = number(corrected)
            row[h_oleh] = ((q.oleh_langkah4 or oleh_bawaan(snap, ind, 4))
                           if corrected is not None else None)
            if value is q.realisasi_akhir:
                row[h_capaian] = _capaian_akhir(caps, (ind.kode, n), target, value, ind.arah,
                                                rumus, konvensi)
            else:
                row[h_capaian] = capaian_triwulan(target, value, ind.arah, rumus,
                                                  konvensi).as_float()
        rows.append(row)
    return rows


def _kolom(table: L.Columns):
    """A header's 0-based place in a row of `table` (KeyError for an unknown one)."""
    return lambda header: table.col(header) - 1


def _submitted_cell(q: Kuartal) -> Any:
    """What staff submitted: the number, or the text as typed when it is not one, so
    nothing a person entered disappears from the consolidation."""
    if not q.diajukan or q.realisasi is None:
        return None
    if q.realisasi.nilai is not None:
        return angka_sel(q.realisasi.nilai)
    return str(q.realisasi.raw)


def kabid_rows(snap: Snapshot, inds: list[Indikator], upto: int,
               caps: dict | None = None) -> list[list[Any]]:
    """`caps`: capaian already worked out for the final values (by laporan_rows)."""
    caps = {} if caps is None else caps
    ref = snap.ref
    rumus = ref.rumus_negatif
    col = _kolom(L.KABID)
    quarters = [(n, col(L.target_h(n)), col(L.diajukan_h(n)), col(L.akhir_h(n)),
                 col(L.koreksi_kabid_h(n)), col(L.capaian_h(n)))
                for n in L.TRIWULAN[:upto]]  # later quarters stay empty
    first = [col(h) for h in (L.KODE_H, L.INDIKATOR_H, L.UNIT_H, L.LEVEL_H, L.SATUAN_H,
                              L.ARAH_H, L.AGREGASI_H)]
    width = len(L.KABID)
    rows = []
    for ind in inds:
        unit = ref.units[ind.unit]
        row: list[Any] = [None] * width
        for i, v in zip(first, (ind.kode, ind.nama, unit.kode_singkat, ind.level, ind.satuan,
                                ind.arah, ind.agregasi)):
            row[i] = v
        konvensi = ref.konvensi(ind)
        data = snap.data[ind.kode]
        for n, h_target, h_diajukan, h_akhir, h_oleh, h_capaian in quarters:
            q = data[n - 1]
            target = ind.target_tw[n - 1]
            row[h_target] = angka_sel(target)
            row[h_diajukan] = _submitted_cell(q)
            row[h_akhir] = angka_sel(q.realisasi_akhir)
            row[h_oleh] = _oleh(snap, ind, q) if q.koreksi else None
            row[h_capaian] = _capaian_akhir(caps, (ind.kode, n), target, q.realisasi_akhir,
                                            ind.arah, rumus, konvensi)
        rows.append(row)
    return rows


def plan(snap: Snapshot, upto: int) -> Plan:
    p = Plan()
    ref = snap.ref
    caps: dict = {}
    for unit in ref.reporting_units():
        rows = laporan_rows(snap, ref.indikator_of_unit(unit), upto, caps)
        p.block(L.laporan(unit.kode_singkat), L.LAPORAN.data_row, rows, len(L.LAPORAN),
                heights=tinggi_tabel(rows, kolom_tabel(L.LAPORAN)))
    for bidang in ref.induk_units():
        sheet = L.kabid(bidang.kode_singkat)
        rows = kabid_rows(snap, ref.indikator_of_bidang(bidang), upto, caps)
        p.block(sheet, L.KABID.data_row, rows, len(L.KABID),
                heights=tinggi_tabel(rows, kolom_tabel(L.KABID)))
        cells = {}
        for n in L.TRIWULAN:
            cells[(L.KABID_SIDIK_ROW + n - 1, L.KABID_SIDIK_COL)] = (
                sidik(snap, bidang, n) if n <= upto else None)
        p.fixed(sheet, cells)
    return p


# --- the operation ---------------------------------------------------------------------
def konsolidasi(book: Workbook, triwulan: int | None = None) -> Hasil:
    ctx = mulai(book)
    n = ctx.snap.ref.triwulan(triwulan)
    rencana = plan(ctx.snap, n)
    found, lain = val.own_and_validation(ctx, val.findings_triwulan(ctx.snap, n))
    summary = f"Konsolidasi s.d. {L.tw(n)} (langkah 5 dan 7)"
    written = selesai(ctx, rencana, "5,7", "konsolidasi", summary, sidik_triwulan(ctx.snap, n))
    rows = [{"bidang": b.kode, "triwulan": q, "sidik": sidik(ctx.snap, b, q)}
            for b in ctx.snap.ref.induk_units() for q in range(1, n + 1)]
    return Hasil("konsolidasi", book.path, n, rows, found, [summary], written, lain=lain)
