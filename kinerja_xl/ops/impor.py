"""`impor`: fill staff input cells from a table, as if the staff had typed them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .. import layout as L
from .. import temuan as T
from ..io.base import Workbook, nilai_di
from ..model import nilai_tampil
from ..rules import nilai_simpan, parse_angka
from ..rows import Row
from .inti.jalankan import Hasil, fingerprint, mulai, selesai
from .inti.blok import Plan



def typed_value(raw: Any) -> Any:
    """A number where the text reads as one ("12,5", "75%"), else the text as typed,
    so a bad value reaches the sheet and its finding instead of vanishing."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    angka = parse_angka(raw)
    if angka.masalah is None and angka.nilai is not None:
        return angka.nilai
    return raw.strip() if isinstance(raw, str) else raw


def trimmed(raw: Any) -> Any:
    """An input text without surrounding spaces; blank text is an empty cell."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    return raw.strip() if isinstance(raw, str) else raw


def baca_realisasi(table: str | Path, triwulan: int, kolom: dict[str, str] | None = None,
                   desimal: str | None = None):
    """The realisation table: an Evaluasi Renja form (quarter `triwulan`'s K and Rp.),
    a long table with a quarter column (its rows of `triwulan`), or any table with a
    code and a realisation column."""
    from ..tabel import alias as A
    from ..tabel import baca_tabel, tolak_kolom_tak_dipakai
    from ..tabel.peran import baca_label
    from ..tabel.renja import baca_renja, cocok_renja

    form = cocok_renja(table, kolom, triwulan)
    if form is not None:
        tolak_kolom_tak_dipakai(kolom, form.kolom_dipakai, f"formulir {form.path.name}")
        for ours, role in ((L.REALISASI_H, "k"), (L.REALISASI_ANGGARAN_H, "rp")):
            c = form.kolom.get(f"tw{triwulan}_{role}")
            lab = form.label.get(c) if c else None
            if lab is not None and lab.triwulan not in (None, triwulan):
                _triwulan_lain(form.path.name, lab.teks, lab.triwulan, triwulan)
        return baca_renja(form, desimal).realisasi(triwulan)
    # The quarter asked for is the one read; other quarters' columns are listed as not used.
    tabel = baca_tabel(table, A.REALISASI, kolom, desimal,
                       alias_tambahan=A.alias_triwulan(triwulan))
    for ours in (L.REALISASI_H, L.REALISASI_ANGGARAN_H):
        c = tabel.judul.kolom.get(ours) if tabel.judul is not None else None
        name = tabel.judul.nama_asli.get(c, "") if c else ""
        q = baca_label([name], None).triwulan if name else None
        if q is not None and q != triwulan:
            _triwulan_lain(tabel.berkas, name, q, triwulan)
    if tabel.judul is not None and A.TRIWULAN in tabel.judul.kolom:
        from ..tabel.panjang import pilih_triwulan
        pilih_triwulan(tabel, triwulan)
    return tabel


def impor(book: Workbook, table: str | Path, triwulan: int, ajukan: bool = False,
          now: dt.datetime | None = None, kolom: dict[str, str] | None = None,
          desimal: str | None = None) -> Hasil:
    tabel = baca_realisasi(table, triwulan, kolom, desimal)
    rows = tabel.rows
    ctx = mulai(book)
    snap = ctx.snap
    n = triwulan
    found: list[T.Temuan] = list(tabel.temuan)
    # A table from the e-SAKIP application carries its codes; PK keeps them beside ours.
    esakip = {i.kode_esakip: i.kode for i in snap.ref.indikator if i.kode_esakip}
    satuan = {i.kode: i.satuan for i in snap.ref.indikator}
    cells: dict[str, dict[tuple[int, int], Any]] = {}
    units: set[str] = set()
    seen: dict[str, Row] = {}
    locked = locked_units(ctx, n)
    _tolak_ganda(tabel, esakip)
    for row in rows:
        asli, kode = _kode(row, esakip)
        seen[kode] = row
        where = snap.lokasi.get(kode)
        if where is None:
            found.append(row.temuan(L.KODE_H, "kode_tidak_dikenal", kode=asli))
            continue
        sheet, r = where
        unit = next(i.unit for i in snap.ref.indikator if i.kode == kode)
        if unit in locked:
            continue
        units.add(unit)
        cols = snap.kolom[sheet]
        for header, target in L.IMPOR_COLUMNS.items():
            if header not in row.columns:
                continue
            raw = row.values.get(header)
            if header == L.REALISASI_H:
                raw = nilai_tampil(raw, satuan.get(kode))
            value = typed_value(raw) if header.startswith(L.REALISASI_H) else trimmed(raw)
            at = (r, cols[target(n)])
            if header == L.REALISASI_H:
                # A cell that shows a percent format (25% typed there) takes 30 as 0.3.
                value = nilai_simpan(value, nilai_di(snap.grids.get(sheet, []), *at),
                                     satuan.get(kode))
            cells.setdefault(sheet, {})[at] = value
    if ajukan:
        stamp = (now or dt.datetime.now()).replace(microsecond=0)
        for unit_kode in sorted(units):
            unit = snap.ref.units[unit_kode]
            sheet = L.bahan(unit.kode_singkat)
            col = L.STATUS_FIRST_COL + n - 1
            if snap.status[unit_kode][n - 1] != L.STATUS_DIAJUKAN:
                cells.setdefault(sheet, {})[(L.STATUS_ROW, col)] = L.STATUS_DIAJUKAN
                cells[sheet][(L.DIAJUKAN_ROW, col)] = stamp
    plan = Plan()
    for sheet, values in cells.items():
        plan.fixed(sheet, values)
    for unit_kode in sorted(locked):
        found.append(T.buat("data_berubah_setelah_disetujui", lembar=L.bahan(
            snap.ref.units[unit_kode].kode_singkat), unit=snap.ref.units[unit_kode].nama,
            triwulan=n, sidik_disetujui="(dikunci)", sidik_sekarang="(impor ditolak)",
            kepala=snap.ref.kepala))
    summary = f"Impor {tabel.berkas} {L.tw(n)}: {len(seen)} baris"
    fp = fingerprint(tabel.berkas, n, sorted((s, sorted(v.items(), key=str))
                                                  for s, v in cells.items()))
    written = selesai(ctx, plan, "3", "impor", summary, fp)
    return Hasil("impor", book.path, n, [{"kode": k} for k in seen], ctx.temuan + found,
                 tabel.catatan + [summary], written)


def _triwulan_lain(berkas: str, judul: str, ada: int, diminta: int) -> None:
    """The column taken as this quarter's realisation is headed with another quarter."""
    from ..rows import TableError
    raise TableError(f"Berkas {berkas}: kolom '{judul}' menyebut {L.tw(ada)}, padahal yang "
                     f"diimpor {L.tw(diminta)}. Pilih --triwulan {ada}, atau petakan kolom "
                     f"{L.tw(diminta)} dengan --kolom.")


def _kode(row: Row, esakip: dict[str, str]) -> tuple[str, str]:
    """(the code as the table has it, the PK code it stands for: an e-SAKIP code is
    matched to the PK's `Kode e-SAKIP`)."""
    asli = row.get(L.KODE_H)
    asli = str(int(asli) if isinstance(asli, float) and asli.is_integer() else asli or "")
    return asli.strip(), esakip.get(asli.strip(), asli.strip())


def _tolak_ganda(tabel, esakip: dict[str, str]) -> None:
    """One code on two rows of the table (a monthly or semester export, a copy-paste):
    which is the quarter's? Never the first by luck: nothing is written."""
    from ..rows import table_error
    first: dict[str, Row] = {}
    found = []
    for row in tabel.rows:
        _, kode = _kode(row, esakip)
        if kode in first:
            found.append(row.temuan(L.KODE_H, "kode_ganda", kode=kode))
        else:
            first[kode] = row
    if found:
        raise table_error(
            f"Tabel {tabel.berkas} tidak dipakai: kode yang sama ada di lebih dari satu baris, "
            "sehingga tidak jelas mana realisasi triwulan ini (tabel per bulan atau semester? "
            "lihat bacaannya dengan kinerja-xl periksa-tabel). Buku kerja tidak diubah.", found)


def locked_units(ctx, n: int) -> set[str]:
    """Units whose quarter n the Kadin approved: their data is not overwritten."""
    from .inti.keputusan import pemeriksaan
    locked = set()
    for p in pemeriksaan(ctx.snap, n):
        if p.disetujui:
            locked |= {u.kode for u in ctx.snap.ref.reporting_units()
                       if ctx.snap.ref.bidang_of(u).kode == p.bidang.kode}
    return locked
