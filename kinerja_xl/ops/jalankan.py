"""The operations, written once against the workbook interface.

Every operation: read the snapshot, record decisions seen for the first time in
`Riwayat`, lock approved quarters, compute, write only what changed, and return a
`Hasil` (rows and findings as data, kinerja_xl/hasil.py).  The CLI and the ribbon are thin
shells over this.

Each operation reports its own findings; konsolidasi and rekap count the quarter's
validation findings (`Hasil.lain`) instead of repeating them: `validasi` lists them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from .. import layout as L
from .. import temuan as T
from ..hasil import Hasil, hitung_lain
from ..io.base import Workbook
from ..io.cells import cell_ref
from ..teks import terbaca
from ..tinggi_baris import kolom_tabel, tinggi_tabel
from . import keputusan, konsolidasi as kons, rekap as rk, validasi as val
from .baca import Snapshot, read_snapshot
from .blok import Plan
from .hitung import sidik, sidik_tahunan, sidik_triwulan, tahunan_sementara, \
    triwulan_terakhir_diajukan
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


# --- the operations ---------------------------------------------------------------------
def validasi(book: Workbook, triwulan: int | None = None, tahunan: bool = False) -> Hasil:
    from .. import makro  # the macro check and what it reads: validasi's own (a tenth
    # of a second to import, which konsolidasi and rekap need not pay)
    ctx = mulai(book)
    n = ctx.snap.ref.triwulan(triwulan)
    found = ctx.temuan + (val.findings_tahunan(ctx.snap) if tahunan
                          else val.findings_triwulan(ctx.snap, n)) + makro.periksa(book)
    found = val.sort_findings(_dedupe(found))
    plan = Plan()
    rows = val.temuan_rows(found)
    plan.block(L.TEMUAN, L.TEMUAN_LAYOUT.data_row, rows, len(L.TEMUAN_HEADERS),
               heights=tinggi_tabel(rows, kolom_tabel(L.TEMUAN_LAYOUT)))
    errors = sum(t.tingkat == "error" for t in found)
    what = "tahunan" if tahunan else L.tw(n)
    summary = f"Validasi {what}: {errors} error, {len(found) - errors} peringatan"
    written = selesai(ctx, plan, "4", "validasi", summary, sidik_triwulan(ctx.snap, n))
    return Hasil("validasi", book.path, None if tahunan else n, [], found, [summary], written)


def _dedupe(found: list[T.Temuan]) -> list[T.Temuan]:
    seen, out = set(), []
    for t in found:
        if _key(t) not in seen:
            seen.add(_key(t))
            out.append(t)
    return out


def _key(t: T.Temuan) -> tuple:
    return (t.kode_temuan, t.lembar, t.sel, t.kode, t.pesan)


def konsolidasi(book: Workbook, triwulan: int | None = None) -> Hasil:
    ctx = mulai(book)
    n = ctx.snap.ref.triwulan(triwulan)
    plan = kons.plan(ctx.snap, n)
    found, lain = _own_and_validation(ctx, val.findings_triwulan(ctx.snap, n))
    summary = f"Konsolidasi s.d. {L.tw(n)} (langkah 5 dan 7)"
    written = selesai(ctx, plan, "5,7", "konsolidasi", summary, sidik_triwulan(ctx.snap, n))
    rows = [{"bidang": b.kode, "triwulan": q, "sidik": sidik(ctx.snap, b, q)}
            for b in ctx.snap.ref.induk_units() for q in range(1, n + 1)]
    return Hasil("konsolidasi", book.path, n, rows, found, [summary], written, lain=lain)


def _own_and_validation(ctx: Konteks, validation: list[T.Temuan]):
    """This run's own findings in full — Riwayat, approvals, and the sheets, columns
    and rows it could not read (its output lacks them) — and the rest of the
    validation findings counted: they still decide the exit code."""
    own = val.sort_findings(_dedupe(ctx.temuan + ctx.snap.temuan))
    keys = {_key(t) for t in own}
    rest = [t for t in _dedupe(validation) if _key(t) not in keys]
    return own, hitung_lain("validasi", rest)


def status_triwulan(snap: Snapshot, n: int) -> str:
    """FINAL when the Kadin approved every top unit's data of quarter n as it is now."""
    final = keputusan.final(keputusan.pemeriksaan(snap, n))
    return L.STATUS_FINAL if final else L.STATUS_BELUM_FINAL


def status_tahunan(snap: Snapshot) -> str:
    """The annual report's status: provisional until every unit submitted TW IV."""
    return (L.status_sementara(triwulan_terakhir_diajukan(snap)) if tahunan_sementara(snap)
            else L.STATUS_TAHUNAN)


def rekap_triwulan(book: Workbook, triwulan: int | None = None,
                   today: dt.date | None = None) -> Hasil:
    ctx = mulai(book, today)
    n = ctx.snap.ref.triwulan(triwulan)
    status = status_triwulan(ctx.snap, n)

    plan, rows = rk.plan_triwulan(ctx.snap, n, ctx.riwayat.anchor, status, ctx.today)
    found, lain = _own_and_validation(ctx, val.findings_triwulan(ctx.snap, n))
    summary = f"Rekap {L.tw(n)} ({status})"
    written = selesai(ctx, plan, "9", "rekap", summary, sidik_triwulan(ctx.snap, n))
    return Hasil("rekap", book.path, n, rows, found, [summary], written, lain=lain)


def rekap_tahunan(book: Workbook, today: dt.date | None = None) -> Hasil:
    ctx = mulai(book, today)
    sementara = tahunan_sementara(ctx.snap)
    status = status_tahunan(ctx.snap)
    plan, rows = rk.plan_tahunan(ctx.snap, ctx.riwayat.anchor, ctx.today, status)
    found, lain = _own_and_validation(ctx, val.findings_tahunan(ctx.snap))
    summary = f"Rekap tahunan ({status})" if sementara else "Rekap tahunan"
    written = selesai(ctx, plan, "9", "rekap_tahunan", summary, sidik_tahunan(ctx.snap))
    return Hasil("rekap", book.path, None, rows, found, [summary], written, lain=lain,
                 tambahan={"status": status, "sementara": sementara})
