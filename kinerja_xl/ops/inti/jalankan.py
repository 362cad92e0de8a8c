"""The run every operation shares, written once against the workbook interface.

Every operation: `mulai` reads the snapshot, records decisions seen for the first time
in `Riwayat` and locks approved quarters; the operation computes; `selesai` writes only
what changed; the operation returns a `Hasil` (rows and findings as data,
kinerja_xl/hasil.py).  The CLI and the ribbon are thin shells over the operations.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from ... import layout as L
from ... import temuan as T
from ...hasil import Hasil
from ...io.base import Workbook
from ...io.cells import cell_ref
from ...teks import terbaca
from . import keputusan
from .snapshot import Snapshot, read_snapshot
from .blok import Plan
from .hitung import sidik, tahunan_sementara, triwulan_terakhir_diajukan
from .riwayat import Riwayat, tulis_rekaman


@dataclass
class Konteks:
    book: Workbook
    snap: Snapshot
    riwayat: Riwayat
    temuan: list[T.Temuan]
    today: dt.date


def mulai(book: Workbook, today: dt.date | None = None) -> Konteks:
    snap = read_snapshot(book)
    riwayat = Riwayat(book)
    found = riwayat.verify()
    ctx = Konteks(book, snap, riwayat, found, today or dt.date.today())
    _record_decisions(ctx)
    _approvals(ctx)
    return ctx


def fingerprint(*parts: Any) -> str:
    """SHA-256 of the parts: what Riwayat remembers to record an event only once."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(terbaca(text).encode("utf-8")).hexdigest()


def _record_decisions(ctx: Konteks) -> None:
    """A decision seen for the first time goes into Riwayat, in sheet order."""
    snap, riw = ctx.snap, ctx.riwayat
    for row in snap.step_rows.get(L.DISPOSISI, []):
        fp = fingerprint(*(row.values.get(h) for h in L.DISPOSISI_HEADERS))
        if not riw.seen("disposisi", fp):
            riw.append("1", "disposisi", f"Disposisi TW {row.get(L.TRIWULAN_H)} kepada "
                       f"{row.get(L.KEPADA_H, '-')}: {row.get(L.ISI_DISPOSISI_H, '')}", fp)
    for row in snap.step_rows.get(L.PEMBAGIAN_TUGAS, []):
        fp = fingerprint(*(row.values.get(h) for h in L.PEMBAGIAN_HEADERS))
        if not riw.seen("pembagian_tugas", fp):
            riw.append("2", "pembagian_tugas", f"TW {row.get(L.TRIWULAN_H)} {row.get(L.KODE_H)}: "
                       f"{row.get(L.STAF_PENANGGUNG_JAWAB_H, '-')}", fp)
    for k in snap.koreksi:
        fp = fingerprint(k.langkah, k.triwulan, k.kode, k.kolom, k.nilai, k.alasan, k.oleh)
        if not riw.seen("koreksi", fp):
            riw.append(str(k.langkah), "koreksi", f"TW {k.triwulan} {k.kode} {k.kolom} → "
                       f"{k.nilai} oleh {k.oleh or '-'}: {k.alasan or ''}", fp)
    for row in snap.step_rows.get(L.PEMERIKSAAN_KADIN, []):
        keputusan.catat(snap, riw, row)


def _approvals(ctx: Konteks) -> None:
    """Lock what the Kadin approved; flag data changed after approval, cell by cell.
    The one place the approval findings are made (persetujuan_kedaluwarsa,
    data_berubah_setelah_disetujui, nilai_disetujui_berubah, laporan_dikembalikan)."""
    for n in L.TRIWULAN:
        for p in keputusan.pemeriksaan(ctx.snap, n):
            at = dict(lembar=L.PEMERIKSAAN_KADIN, unit=p.bidang.nama, triwulan=n)
            if p.disetujui:
                _lock(ctx, p.bidang, n)
            elif p.kedaluwarsa:
                fp = keputusan.tanda_kunci(p.bidang, n, p.sidik_disetujui)
                kunci = ctx.riwayat.cari(fp, "kunci")
                kind = "data_berubah_setelah_disetujui" if kunci else "persetujuan_kedaluwarsa"
                kepala = {"kepala": ctx.snap.ref.kepala} if kunci else {}
                ctx.temuan.append(T.buat(kind, sel=_sel_pemeriksaan(p.baris, "Sidik"),
                                         **kepala, sidik_disetujui=p.sidik_disetujui,
                                         sidik_sekarang=p.sidik_sekarang, **at))
                if kunci:
                    ctx.temuan += keputusan.beda_disetujui(
                        ctx.snap, p.bidang, n, ctx.riwayat.rekaman(fp, "kunci"))
            elif p.keputusan == L.DIKEMBALIKAN:
                ctx.temuan.append(T.buat("laporan_dikembalikan", kepala=ctx.snap.ref.kepala,
                                         sel=_sel_pemeriksaan(p.baris, "Keputusan"), **at))


def _sel_pemeriksaan(baris: int | None, header: str) -> str | None:
    """The cell of a decision row in 8 Pemeriksaan Kadin holding `header`."""
    if baris is None:
        return None
    return cell_ref(baris, L.PEMERIKSAAN_TABLE.col(header))


def _lock(ctx: Konteks, bidang, n: int) -> None:
    """Lock the quarter's input cells; the first time, keep the approved values in the
    Riwayat row so a later change can be named cell by cell."""
    snap = ctx.snap
    for unit in snap.ref.reporting_units():
        if snap.ref.bidang_of(unit).kode != bidang.kode:
            continue
        sheet = L.bahan(unit.kode_singkat)
        cols = snap.kolom.get(sheet)
        if not cols:
            continue
        cells = [(L.STATUS_ROW, L.STATUS_FIRST_COL + n - 1),
                 (L.DIAJUKAN_ROW, L.STATUS_FIRST_COL + n - 1)]
        for ind in snap.ref.indikator_of_unit(unit):
            where = snap.lokasi.get(ind.kode)
            if where:
                cells += [(where[1], cols[h]) for h in L.bahan_input_headers(n) if h in cols]
        ctx.book.lock_cells(sheet, cells)
    fp = keputusan.tanda_kunci(bidang, n, sidik(snap, bidang, n))
    if not ctx.riwayat.seen("kunci", fp):
        data = keputusan.nilai_disetujui(snap, bidang, n)
        teks = (f"Isian {bidang.nama} {L.tw(n)} dikunci setelah disetujui; nilai yang "
                f"disetujui ({len(data['nilai_disetujui'])} indikator) disimpan sebagai data "
                "di bawah.")
        for part in tulis_rekaman(teks, data):
            ctx.riwayat.append("8", "kunci", part, fp)


def selesai(ctx: Konteks, plan: Plan, langkah: str, aksi: str, ringkasan: str,
            sid: str) -> list[str]:
    """Write what changed; add a Riwayat row only when something changed or was seen."""
    changed = plan.changes(ctx.book, ctx.snap.grids)
    if changed or ctx.riwayat.new:
        ctx.riwayat.append(langkah, aksi, ringkasan, sid)
    written = plan.apply(ctx.book, ctx.snap.grids, changed)
    ctx.riwayat.flush()
    return written


def status_triwulan(snap: Snapshot, n: int) -> str:
    """FINAL when the Kadin approved every top unit's data of quarter n as it is now."""
    final = keputusan.final(keputusan.pemeriksaan(snap, n))
    return L.STATUS_FINAL if final else L.STATUS_BELUM_FINAL


def status_tahunan(snap: Snapshot) -> str:
    """The annual report's status: provisional until every unit submitted TW IV."""
    return (L.status_sementara(triwulan_terakhir_diajukan(snap)) if tahunan_sementara(snap)
            else L.STATUS_TAHUNAN)
