"""Steps 5 and 7: `5 Laporan <KODE>` per reporting unit and `7 Kabid <KODE>` per
top unit (a unit without an Induk), with the submitted and the corrected value side by side."""
from __future__ import annotations

from typing import Any

from .. import layout as L
from ..hasil import Hasil
from ..io.base import Workbook
from ..model import Indikator
from ..tinggi_baris import kolom_tabel, tinggi_tabel
from .snapshot import Kuartal, Snapshot
from .blok import Plan
from .hitung import number, sidik, sidik_triwulan
from .jalankan import mulai, selesai
from . import validasi as val
from ..rules import capaian_triwulan, desimal


def _cap(snap: Snapshot, ind: Indikator, target, realisasi) -> float | None:
    ref = snap.ref
    return capaian_triwulan(target, realisasi, ind.arah, ref.rumus_negatif,
                            ref.konvensi(ind)).as_float()


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


def laporan_rows(snap: Snapshot, inds: list[Indikator], upto: int) -> list[list[Any]]:
    rows = []
    for ind in inds:
        row: dict[str, Any] = {L.KODE_H: ind.kode, L.INDIKATOR_H: ind.nama, L.SATUAN_H: ind.satuan,
                               L.ARAH_H: ind.arah, L.AGREGASI_H: ind.agregasi}
        for n in L.TRIWULAN[:upto]:  # later quarters stay empty
            q = snap.kuartal(ind.kode, n)
            target = ind.target_tw[n - 1]
            submitted = q.realisasi_diajukan
            corrected = q.realisasi_langkah4
            value = corrected if corrected is not None else submitted
            row.update({
                L.target_h(n): number(desimal(target)),
                L.diajukan_h(n): _submitted_cell(q),
                L.koreksi_h(n): number(corrected),
                L.dikoreksi_oleh_h(n): ((q.oleh_langkah4 or oleh_bawaan(snap, ind, 4))
                                        if corrected is not None else None),
                L.capaian_h(n): _cap(snap, ind, target, value)})
        rows.append(L.LAPORAN.row(row))
    return rows


def _submitted_cell(q: Kuartal) -> Any:
    """What staff submitted: the number, or the text as typed when it is not one, so
    nothing a person entered disappears from the consolidation."""
    if not q.diajukan or q.realisasi is None:
        return None
    if q.realisasi.nilai is not None:
        return number(desimal(q.realisasi.nilai))
    return str(q.realisasi.raw)


def kabid_rows(snap: Snapshot, inds: list[Indikator], upto: int) -> list[list[Any]]:
    ref = snap.ref
    rows = []
    for ind in inds:
        unit = ref.units[ind.unit]
        row: dict[str, Any] = {L.KODE_H: ind.kode, L.INDIKATOR_H: ind.nama,
                               L.UNIT_H: unit.kode_singkat, L.LEVEL_H: ind.level,
                               L.SATUAN_H: ind.satuan, L.ARAH_H: ind.arah,
                               L.AGREGASI_H: ind.agregasi}
        for n in L.TRIWULAN[:upto]:  # later quarters stay empty
            q = snap.kuartal(ind.kode, n)
            target = ind.target_tw[n - 1]
            row.update({
                L.target_h(n): number(desimal(target)),
                L.diajukan_h(n): _submitted_cell(q),
                L.akhir_h(n): number(desimal(q.realisasi_akhir)),
                L.koreksi_kabid_h(n): _oleh(snap, ind, q),
                L.capaian_h(n): _cap(snap, ind, target, q.realisasi_akhir)})
        rows.append(L.KABID.row(row))
    return rows


def plan(snap: Snapshot, upto: int) -> Plan:
    p = Plan()
    ref = snap.ref
    for unit in ref.reporting_units():
        rows = laporan_rows(snap, ref.indikator_of_unit(unit), upto)
        p.block(L.laporan(unit.kode_singkat), L.LAPORAN.data_row, rows, len(L.LAPORAN),
                heights=tinggi_tabel(rows, kolom_tabel(L.LAPORAN)))
    for bidang in ref.induk_units():
        sheet = L.kabid(bidang.kode_singkat)
        rows = kabid_rows(snap, ref.indikator_of_bidang(bidang), upto)
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
