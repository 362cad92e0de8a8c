"""PK Perubahan: a revised Perjanjian Kinerja (and Rencana Aksi) recorded mid-year.

After the APBD Perubahan a Dinas signs a revised PK.  `pk_perubahan` puts its targets
into the workbook and keeps the ones it replaces in `Riwayat`.

What may change: Target tahunan and Pagu anggaran (PK), Rencana aksi and the quarterly
targets (RA).  Every other PK column must stay as it is, and the codes must be the
same: a PK Perubahan neither adds nor removes an indicator, because the staff sheets,
the reports and the approved data of every quarter hang on the list of indicators
(an indicator whose Bidang has an approved quarter is part of that approval).  A
column the revised tables leave out (Pagu anggaran, Rencana aksi, a quarter's target,
…) stays as it is; without `--ra` the RA stays as it is.

Quarters the Kadin approved keep the targets they were approved with, so their
capaian, predikat, findings and sidik — and with it the approval — do not change:
- approved before the date of the PK Perubahan: the revised RA's different target for
  such a quarter is not used (finding `target_triwulan_tetap`, a warning);
- approved on or after that date, yet against the old target: recording the revision
  would rewrite an approved report (or claim a target was in force that the quarter was
  not measured against), so it is refused; the Kadin first returns the quarter
  (Dikembalikan), or the revised RA keeps that quarter's approved target.
Quarters not approved take the revised targets; the annual capaian is measured
against the revised annual target.  A quarter counts as approved when its Bidang's
latest decision is Disetujui and Riwayat holds the row that locked it; its approval
time is the decision row's Selesai (else Mulai), else when Riwayat recorded it.

Refused as well (exit 2, the workbook unchanged): any Bidang's TW IV approved (the
year is closed); a date outside the workbook's year, in the future, or before the
previous PK Perubahan; an empty reason; a broken Riwayat chain; a revision that
changes nothing.

Recorded: one `Riwayat` record (aksi `pk_perubahan`, chained like every row): for
people, the date, the reason, what changed and the quarters found approved; as data
(`riwayat.tulis_rekaman`, `riwayat.data_pk`) the quarters found approved per Bidang
and the full table of targets it replaces, so every earlier version of the targets
can be rebuilt (`riwayat.target_sebelum`, which reads the prose of records written
before they carried data too); a record longer than a cell continues in further rows
of the same sidik.  An approved quarter's progress to date (`progres_sd`) stays
measured against the annual target it was approved with, read back from these records
(`ops/inti/snapshot.py`).  On the PK sheet, "Target
tahunan awal" keeps the target as first signed (through later revisions too) and
"Tanggal perubahan" the date of the latest revision.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import layout as L
from .. import temuan as T
from ..hasil import Hasil
from ..io.base import Grid, Workbook, WorkbookError
from ..model import Indikator, Problems, indikator_from_rows
from ..rules import format_angka
from ..teks import terbaca
from ..rows import Row, header_map, table_error, temuan_berkas
from .inti import jalankan, keputusan
from .inti.hitung import canon, number
from .inti.riwayat import AKSI_PK, KOLOM_SEBELUM, Baris, data_pk, tanda, tulis_rekaman
from .status import waktu

PERINTAH = "pk-perubahan"
AKSI = AKSI_PK
LANGKAH = "PK"
# PK columns a revision must leave as they are, with the Indikator field each fills.
TETAP = {L.LEVEL_H: "level", L.UNIT_H: "unit", L.SASARAN_H: "sasaran", L.INDIKATOR_H: "nama",
         L.SATUAN_H: "satuan", L.ARAH_H: "arah", L.AGREGASI_H: "agregasi",
         L.REALISASI_TAHUN_LALU_H: "realisasi_tahun_lalu",
         L.TARGET_AKHIR_RENSTRA_H: "target_renstra",
         L.TARGET_TRIWULAN_KUNCI: "target_triwulan", L.TARGET_NOL_KUNCI: "target_nol"}


@dataclass
class Persetujuan:
    """A Bidang's approved quarter and when it was approved."""
    bidang: Any
    triwulan: int
    waktu: dt.datetime | None


@dataclass
class Rencana:
    """What the revision does to one indicator."""
    lama: Indikator
    target_tahunan: float | None
    pagu: float | None
    rencana_aksi: str | None
    target_tw: list[float | None]                 # in force after the revision
    pk_row: Row
    ra_row: Row | None
    perubahan: list[tuple[str, Any, Any]] = field(default_factory=list)


def _tampil(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "-"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_angka(value)
    return canon(value)


# --- reading the revised tables ----------------------------------------------------------
def _rows_by_kode(rows: list[Row]) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for row in rows:
        kode = canon(row.get(L.KODE_H))
        if kode and kode not in out:
            out[kode] = row
    return out


@dataclass
class Bacaan:
    """The revised tables as read: a plan per indicator, and what reading them noted."""
    rencana: dict[str, Rencana]
    temuan: list[T.Temuan]
    catatan: list[str]


def baca_perubahan(ref, pk: str | Path, ra: str | Path | None,
                   kolom: dict[str, str] | None = None, desimal: str | None = None) -> Bacaan:
    """The revised tables (read as `buat` reads its tables: tabel.baca_tabel), checked
    against the PK in force; every problem at once."""
    from ..tabel import alias as A
    from ..tabel import baca_tabel

    pk_tabel = baca_tabel(pk, A.PK, kolom, desimal, kolom_ketat=ra is None)
    ra_tabel = (baca_tabel(ra, A.RA, kolom, desimal, kolom_ketat=False) if ra is not None
                else None)
    if ra_tabel is not None:
        from ..tabel import tolak_kolom_tak_dipakai
        tolak_kolom_tak_dipakai(kolom, pk_tabel.kolom_dipakai | ra_tabel.kolom_dipakai,
                                "tabel PK maupun RA")
    pk_rows = pk_tabel.rows
    ra_rows = ra_tabel.rows if ra_tabel is not None else []
    baru = {i.kode: i for i in indikator_from_rows(pk_rows, ra_rows, ref.units)}
    pk_of, ra_of = _rows_by_kode(pk_rows), _rows_by_kode(ra_rows)
    lama = {i.kode: i for i in ref.indikator}
    problems = Problems()
    for kode in [k for k in lama if k not in baru]:
        problems.items.append(temuan_berkas(pk_tabel.berkas, pk_tabel.lembar, None,
                                            "pk_perubahan_indikator_hilang", kode=kode))
    for kode in [k for k in baru if k not in lama]:
        problems.add(pk_of[kode], L.KODE_H, "pk_perubahan_indikator_baru", kode=kode)
    plans: dict[str, Rencana] = {}
    for kode, old in lama.items():
        new = baru.get(kode)
        if new is None:
            continue
        row = pk_of[kode]
        for header, attr in TETAP.items():
            if header in row.columns and canon(getattr(old, attr)) != canon(getattr(new, attr)):
                problems.add(row, header, "pk_perubahan_kolom_tetap", kode=kode, kolom=header,
                             lama=_tampil(getattr(old, attr)),
                             baru=_tampil(getattr(new, attr)))
        ra_row = ra_of.get(kode)
        if ra_tabel is not None and ra_row is None and (
                old.rencana_aksi is not None or any(t is not None for t in old.target_tw)):
            problems.items.append(temuan_berkas(ra_tabel.berkas, ra_tabel.lembar, None,
                                                "pk_perubahan_ra_hilang", kode=kode))
        given = ra_row.columns if ra_row is not None else {}
        plans[kode] = Rencana(
            lama=old, target_tahunan=new.target_tahunan,
            pagu=new.pagu if L.PAGU_ANGGARAN_H in row.columns else old.pagu,
            rencana_aksi=new.rencana_aksi if L.RENCANA_AKSI_H in given else old.rencana_aksi,
            target_tw=[new.target_tw[n - 1] if L.target_h(n) in given else old.target_tw[n - 1]
                       for n in L.TRIWULAN],
            pk_row=row, ra_row=ra_row)
    problems.raise_if_any("PK Perubahan ditolak, tabel bermasalah:")
    tabel = [t for t in (pk_tabel, ra_tabel) if t is not None]
    return Bacaan(plans, [x for t in tabel for x in t.temuan],
                  [x for t in tabel for x in t.catatan])


# --- approvals -----------------------------------------------------------------------
def persetujuan(ctx: jalankan.Konteks) -> dict[tuple[str, int], Persetujuan]:
    """Approved quarters per (Bidang code, quarter), with their approval time."""
    rows = {r.row: r for r in ctx.snap.step_rows.get(L.PEMERIKSAAN_KADIN, [])}
    out = {}
    for n in L.TRIWULAN:
        for p in keputusan.pemeriksaan(ctx.snap, n):
            if p.keputusan != L.DISETUJUI:
                continue
            kunci = ctx.riwayat.cari(keputusan.tanda_kunci(p.bidang, n, p.sidik_disetujui),
                                     "kunci")
            if kunci is None:
                continue
            out[(p.bidang.kode, n)] = Persetujuan(p.bidang, n,
                                                  _waktu_setuju(ctx, rows.get(p.baris), p, kunci))
    return out


def _waktu_setuju(ctx, row: Row | None, p, kunci: Baris) -> dt.datetime | None:
    for header in ("Selesai", "Mulai"):
        try:
            when = waktu(row.get(header)) if row is not None else None
        except ValueError:
            when = None
        if when is not None:
            return when
    from .inti.riwayat import waktu_baris
    recorded = ctx.riwayat.cari(p.tanda, L.DISETUJUI.casefold()) if p.tanda else None
    return waktu_baris(recorded or kunci)


def _tgl(value: dt.date | dt.datetime | None) -> str:
    return "-" if value is None else value.strftime("%d/%m/%Y")


# --- checks ------------------------------------------------------------------------------
def _periksa_tanggal(ctx: jalankan.Konteks, tanggal: dt.date) -> None:
    ref = ctx.snap.ref
    if tanggal.year != ref.tahun:
        raise WorkbookError(f"Tanggal perubahan {_tgl(tanggal)} bukan tahun {ref.tahun}, "
                            f"tahun buku kerja {ctx.book.path}.")
    if tanggal > ctx.today:
        raise WorkbookError(f"Tanggal perubahan {_tgl(tanggal)} belum terjadi (hari ini "
                            f"{_tgl(ctx.today)}); catat PK Perubahan sesudah ditandatangani.")
    last = None
    for ind in ref.indikator:
        try:
            when = waktu(ind.tanggal_perubahan)
        except ValueError:
            when = None
        if when is not None and (last is None or when.date() > last):
            last = when.date()
    if last is not None and tanggal < last:
        raise WorkbookError(f"Tanggal perubahan {_tgl(tanggal)} sebelum PK Perubahan "
                            f"terakhir ({_tgl(last)}, lembar '{L.PK}' kolom "
                            f"{L.TANGGAL_PERUBAHAN_H}); perubahan dicatat berurutan.")


def _tw_iv(approved: dict[tuple[str, int], Persetujuan]) -> None:
    closed = [a for (_, n), a in approved.items() if n == 4]
    if closed:
        names = ", ".join(f"{a.bidang.nama} ({_tgl(a.waktu)})" for a in closed)
        raise WorkbookError(f"PK Perubahan ditolak: TW IV sudah disetujui Kepala Dinas "
                            f"untuk {names}. Sesudah TW IV disetujui capaian tahunan sudah "
                            "ditetapkan, sehingga targetnya tidak dapat diubah lagi.")


def _terapkan_triwulan(ctx, plans: dict[str, Rencana], tanggal: dt.date,
                       approved: dict[tuple[str, int], Persetujuan]) -> list[T.Temuan]:
    """Keep approved quarters' targets; refuse what would rewrite an approval made
    while the revised PK was already in force."""
    ref = ctx.snap.ref
    found: list[T.Temuan] = []
    refused: list[T.Temuan] = []
    for kode, plan in plans.items():
        bidang = ref.bidang_of(ref.units[plan.lama.unit])
        for n in L.TRIWULAN:
            old, new = plan.lama.target_tw[n - 1], plan.target_tw[n - 1]
            a = approved.get((bidang.kode, n))
            if a is None or canon(old) == canon(new):
                continue
            plan.target_tw[n - 1] = old
            if a.waktu is not None and a.waktu.date() < tanggal:
                found.append(T.buat("target_triwulan_tetap", lembar=L.RA,
                                    sel=keputusan.ra_cell(ctx.snap, kode, n), kode=kode,
                                    triwulan=n, baru=new, lama=old))
            else:
                isi = dict(kode=kode, triwulan=n, lama=_tampil(old), baru=_tampil(new),
                           unit=bidang.nama, waktu=_tgl(a.waktu), tanggal=_tgl(tanggal))
                kind = "pk_perubahan_target_disetujui"
                refused.append(plan.ra_row.temuan(L.target_h(n), kind, **isi)
                               if plan.ra_row is not None else
                               T.buat(kind, lembar=L.RA,
                                      sel=keputusan.ra_cell(ctx.snap, kode, n), **isi))
    if refused:
        raise table_error("PK Perubahan ditolak: perubahan ini akan mengubah laporan "
                          "triwulan yang sudah disetujui.", refused)
    return found


# What a PK Perubahan changes on the RA sheet (the rest is on PK).
_LEMBAR_RA = frozenset((L.RENCANA_AKSI_H, *(L.target_h(n) for n in L.TRIWULAN)))


def _perubahan(plan: Rencana) -> list[tuple[str, Any, Any]]:
    old = plan.lama
    pairs = [(L.TARGET_TAHUNAN_H, old.target_tahunan, plan.target_tahunan),
             (L.PAGU_ANGGARAN_H, old.pagu, plan.pagu),
             (L.RENCANA_AKSI_H, old.rencana_aksi, plan.rencana_aksi)]
    pairs += [(L.target_h(n), old.target_tw[n - 1], plan.target_tw[n - 1]) for n in L.TRIWULAN]
    return [(what, a, b) for what, a, b in pairs if canon(a) != canon(b)]


# --- the Riwayat record ----------------------------------------------------------------
def _target(ind: Indikator) -> dict[str, str]:
    values = [canon(ind.target_tahunan), *(canon(t) for t in ind.target_tw), canon(ind.pagu)]
    return dict(zip(KOLOM_SEBELUM[1:], values, strict=True))


def _tetap(approved: dict[tuple[str, int], "Persetujuan"]) -> dict[str, list[int]]:
    per_bidang: dict[str, list[int]] = {}
    for (bidang, n) in sorted(approved):
        per_bidang.setdefault(bidang, []).append(n)
    return per_bidang


def _rekaman(tanggal: dt.date, alasan: str, plans: dict[str, Rencana],
             approved: dict[tuple[str, int], "Persetujuan"]) -> list[str]:
    """The Riwayat rows' Ringkasan: what people read, then the data read back."""
    changes = "; ".join(f"{kode} {what} {_tampil(a)} → {_tampil(b)}"
                        for kode, plan in plans.items() for what, a, b in plan.perubahan
                        if what != L.RENCANA_AKSI_H)
    texts = [kode for kode, plan in plans.items()
             if any(what == L.RENCANA_AKSI_H for what, _, _ in plan.perubahan)]
    if texts:
        changes += ("; " if changes else "") + "Rencana aksi diubah: " + ", ".join(texts)
    tetap = _tetap(approved)
    kept = "; ".join(f"{b} {', '.join(L.tw(n) for n in ns)}" for b, ns in tetap.items())
    teks = (f"PK Perubahan tanggal {_tgl(tanggal)}: {alasan}. Diubah: {changes}. "
            f"Triwulan yang sudah disetujui tetap memakai target lama: {kept or '-'}. "
            f"Target sebelum perubahan ({len(plans)} indikator) disimpan sebagai data "
            "di bawah.")
    data = data_pk(tanggal, alasan, tetap,
                   {kode: _target(plan.lama) for kode, plan in plans.items()})
    return tulis_rekaman(teks, data)


# --- writing ---------------------------------------------------------------------------
def _kolom(grid: Grid, header_row: int, headers: tuple[str, ...],
           header_cells: dict[tuple[int, int], Any]) -> dict[str, int]:
    """Columns by header; a header missing (a workbook built before it existed) gets
    the next free column, its header cell written too."""
    line = grid[header_row - 1] if len(grid) >= header_row else []
    cols = header_map(line, headers)
    free = max([c for c in cols.values()] + [len(line)]) + 1
    for h in headers:
        if h not in cols:
            cols[h] = free
            header_cells[(header_row, free)] = h
            free += 1
    return cols


def _baris_kode(grid: Grid, col: int, first: int) -> dict[str, int]:
    out = {}
    for r in range(first, len(grid) + 1):
        line = grid[r - 1]
        kode = canon(line[col - 1]) if len(line) >= col else ""
        if kode and kode not in out:
            out[kode] = r
    return out


def _angka(value: float | None) -> Any:
    return None if value is None else number(value)


def _tulis(ctx: jalankan.Konteks, plans: dict[str, Rencana], tanggal: dt.date) -> list[str]:
    book, snap = ctx.book, ctx.snap
    written = []
    # PK: every row, since the PK as a whole was revised on that date.
    grid = snap.grids[L.PK]
    cells: dict[tuple[int, int], Any] = {}
    cols = _kolom(grid, L.REF_HEADER_ROW, (L.KODE_H, L.TARGET_TAHUNAN_H, L.PAGU_ANGGARAN_H,
                                           L.TARGET_AWAL_H, L.TANGGAL_PERUBAHAN_H), cells)
    rows = _baris_kode(grid, cols[L.KODE_H], L.REF_DATA_ROW)
    stamp = dt.datetime.combine(tanggal, dt.time())
    for kode, plan in plans.items():
        r = rows[kode]
        awal = plan.lama.target_awal if plan.lama.berubah else plan.lama.target_tahunan
        cells.update({(r, cols[L.TARGET_TAHUNAN_H]): _angka(plan.target_tahunan),
                      (r, cols[L.PAGU_ANGGARAN_H]): _angka(plan.pagu),
                      (r, cols[L.TARGET_AWAL_H]): _angka(awal),
                      (r, cols[L.TANGGAL_PERUBAHAN_H]): stamp})
    book.write_cells(L.PK, cells)
    written.append(L.PK)
    # RA: the changed rows; an indicator that had no RA row gets one at the end.
    grid = snap.grids[L.RA]
    cells = {}
    cols = _kolom(grid, L.REF_HEADER_ROW, L.RA_HEADERS, cells)
    rows = _baris_kode(grid, cols[L.KODE_H], L.REF_DATA_ROW)
    end = max([L.REF_DATA_ROW - 1, *rows.values()]) + 1
    for kode, plan in plans.items():
        if not any(what in _LEMBAR_RA for what, _, _ in plan.perubahan):
            continue
        r = rows.get(kode)
        if r is None:
            r, end = end, end + 1
            cells[(r, cols[L.KODE_H])] = kode
        cells[(r, cols[L.RENCANA_AKSI_H])] = plan.rencana_aksi
        for n in L.TRIWULAN:
            cells[(r, cols[L.target_h(n)])] = _angka(plan.target_tw[n - 1])
    if cells:
        book.write_cells(L.RA, cells)
        written.append(L.RA)
    # Staff sheets: the prefilled targets of the quarters that changed.
    per_sheet: dict[str, dict[tuple[int, int], Any]] = {}
    for kode, plan in plans.items():
        where = snap.lokasi.get(kode)
        if where is None:
            continue
        sheet, r = where
        for n in L.TRIWULAN:
            col = snap.kolom.get(sheet, {}).get(L.target_h(n))
            if col and canon(plan.lama.target_tw[n - 1]) != canon(plan.target_tw[n - 1]):
                per_sheet.setdefault(sheet, {})[(r, col)] = _angka(plan.target_tw[n - 1])
    for sheet, sheet_cells in per_sheet.items():
        book.write_cells(sheet, sheet_cells)
        written.append(sheet)
    return written


# --- the operation -----------------------------------------------------------------------
def pk_perubahan(book: Workbook, pk: str | Path, ra: str | Path | None, tanggal: dt.date,
                 alasan: str, today: dt.date | None = None,
                 kolom: dict[str, str] | None = None, desimal: str | None = None) -> Hasil:
    alasan = " ".join(terbaca(alasan or "").split())
    if not alasan:
        raise WorkbookError("Alasan perubahan (--alasan) wajib diisi, misalnya "
                            "'Penyesuaian APBD Perubahan'.")
    ctx = jalankan.mulai(book, today)
    rusak = [t for t in ctx.temuan if t.kode_temuan == "riwayat_rusak"]
    if rusak:
        raise WorkbookError(f"{book.path}: {rusak[0].pesan} PK Perubahan tidak dicatat pada "
                            "rantai Riwayat yang rusak.", temuan=rusak)
    bacaan = baca_perubahan(ctx.snap.ref, pk, ra, kolom, desimal)
    plans = bacaan.rencana
    fp = tanda(AKSI, tanggal.isoformat(), alasan, *(
        f"{_baris_target_baru(p)};{canon(p.rencana_aksi)}" for p in plans.values()))
    done = ctx.riwayat.cari(fp, AKSI)
    if done is not None:
        ctx.riwayat.flush()
        pesan = (f"PK Perubahan tanggal {_tgl(tanggal)} ini sudah dicatat (Riwayat no. "
                 f"{done.no}, {done.waktu}); tidak ada yang diubah.")
        return Hasil(PERINTAH, book.path, None, [], list(bacaan.temuan), [pesan], [],
                     rincian=list(bacaan.catatan))
    _periksa_tanggal(ctx, tanggal)
    approved = persetujuan(ctx)
    _tw_iv(approved)
    found = list(bacaan.temuan) + _terapkan_triwulan(ctx, plans, tanggal, approved)
    for plan in plans.values():
        plan.perubahan = _perubahan(plan)
    changed = {k: p for k, p in plans.items() if p.perubahan}
    if not changed:
        raise WorkbookError(f"PK perubahan sama dengan PK yang berlaku di {book.path}: tidak "
                            "ada target, pagu atau rencana aksi yang berubah, tidak ada yang "
                            "dicatat.", temuan=found)
    written = _tulis(ctx, plans, tanggal)
    for part in _rekaman(tanggal, alasan, plans, approved):
        ctx.riwayat.append(LANGKAH, AKSI, part, fp)
    ctx.riwayat.flush()
    written.append(L.RIWAYAT)
    return Hasil(PERINTAH, book.path, None, [_baris_hasil(p) for p in changed.values()],
                 found, _ringkasan(ctx, tanggal, changed, approved), sorted(set(written)),
                 rincian=list(bacaan.catatan),
                 tambahan={"tanggal": tanggal.isoformat(), "alasan": alasan})


def _baris_target_baru(plan: Rencana) -> str:
    return ";".join([plan.lama.kode, canon(plan.target_tahunan),
                     *(canon(t) for t in plan.target_tw), canon(plan.pagu)])


def _baris_hasil(plan: Rencana) -> dict[str, Any]:
    old = plan.lama
    return {"kode": old.kode, "indikator": old.nama, "target_lama": _angka(old.target_tahunan),
            "target": _angka(plan.target_tahunan),
            "target_tw_lama": [_angka(t) for t in old.target_tw],
            "target_tw": [_angka(t) for t in plan.target_tw],
            "pagu_lama": _angka(old.pagu), "pagu": _angka(plan.pagu),
            "diubah": [what for what, _, _ in plan.perubahan]}


def _ringkasan(ctx, tanggal: dt.date, changed: dict[str, Rencana],
               approved: dict[tuple[str, int], Persetujuan]) -> list[str]:
    lines = [f"PK Perubahan tanggal {_tgl(tanggal)} dicatat: {len(changed)} indikator berubah; "
             f"target lama disimpan di lembar {L.RIWAYAT}."]
    for kode, plan in changed.items():
        parts = ", ".join(f"{what} {_tampil(a)} → {_tampil(b)}" for what, a, b in plan.perubahan
                          if what != L.RENCANA_AKSI_H)
        if any(what == L.RENCANA_AKSI_H for what, _, _ in plan.perubahan):
            parts += (", " if parts else "") + L.RENCANA_AKSI_H
        lines.append(f"{kode}: {parts}")
    if approved:
        tetap = sorted({n for _, n in approved})
        lines.append("Triwulan yang sudah disetujui tetap diukur dengan target saat disetujui: "
                     + ", ".join(L.tw(n) for n in tetap) + ".")
    lines.append("Jalankan konsolidasi dan rekap lagi agar lembar laporan memakai target baru.")
    return lines
