"""`bagikan`: one small `.xlsx` per reporting unit, for staff without the master.

A copy holds only that unit's staff sheet, drawn by the same builder function as
in the master (look, protection, dropdowns, colour hints and the native capaian
preview), with the master's current inputs of that unit, and a very hidden sheet
`_kinerja` that says where the copy belongs (see `salinan`, the contract `kumpulkan`
checks).

No macros: the copy is a plain `.xlsx`, which any Excel, WPS or LibreOffice opens.
LibreOffice dying after a typed copy was saved was traced to Debian's
`libreoffice-calc-nogui`, not to any part of the copy (docs/arsitektur.md, "LibreOffice
that dies after a typed copy is saved"); the copy keeps its lists, colours and protection.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .. import layout as L
from ..io.base import Cell, Grid, Workbook, WorkbookError
from ..io.baru import BukuBaru, Lembar, tulis_baru
from ..model import Unit
from ..rules import nilai_tampil
from .inti.snapshot import Snapshot, read_snapshot
from .inti.jalankan import Hasil
from .inti.outputs import Outputs
from .salinan import (FORMAT, KUNCI, META_SHEET, checksum, id_buku, nama_salinan,
                      prefilled_of_ref, sidik_isian)


# --- describing one copy ----------------------------------------------------------------
def describe_copy(snap: Snapshot, unit: Unit, n: int, stamp: dt.datetime,
                  outputs: Outputs) -> BukuBaru:
    ref = snap.ref
    password = ref.pengaturan.sandi_proteksi
    cells = _current(snap, unit, n)
    cells[(3, 1)] = (f"Salinan untuk Triwulan {L.ROMAWI[n]}: isi kolom {L.tw(n)}, lalu pilih "
                     f"Status {L.tw(n)} Diajukan bila sudah lengkap dan kembalikan berkas ini. "
                     f"Selama Draf, isian belum dihitung diajukan.")
    staff = Lembar(L.bahan(unit.kode_singkat), sel=cells,
                   gambar=outputs.gambar_bahan(ref, unit, password))
    values = (FORMAT, id_buku(ref), ref.pengaturan.instansi or "", ref.tahun, unit.kode,
              unit.kode_singkat, n, checksum(prefilled_of_ref(ref, unit)),
              stamp.strftime("%Y-%m-%d %H:%M:%S"), _sidik_isian(ref, unit, cells))
    # Very hidden: Excel's "Unhide" does not list it, so nobody edits it by accident.
    meta = Lembar(META_SHEET, baris=[("Kunci", "Nilai"), *zip(KUNCI, values, strict=True)],
                  lindungi=True, keadaan="veryHidden")
    # The preview formulas name RumusNegatif; the copy has no Pengaturan, so the
    # name holds the master's setting as a constant.
    return BukuBaru([staff, meta], nama={L.NAME_RUMUS_NEGATIF: f'"{ref.rumus_negatif}"'},
                    judul=f"Bahan {unit.nama} {ref.tahun} {L.tw(n)}", dibuat=stamp)


_STAFF_COLS = {h: i + 1 for i, h in enumerate(L.BAHAN_HEADERS)}


def _sidik_isian(ref, unit: Unit, cells: dict[Cell, Any]) -> str:
    """The inputs as this copy hands them out, with the codes the builder writes."""
    kode = {(L.BAHAN_DATA_ROW + i, _STAFF_COLS[L.KODE_H]): ind.kode
            for i, ind in enumerate(ref.indikator_of_unit(unit))}
    return sidik_isian(_grid({**cells, **kode}), _STAFF_COLS)


def _grid(cells: dict[Cell, Any]) -> Grid:
    rows = max((r for r, _ in cells), default=0)
    width = max((c for _, c in cells), default=0)
    grid: Grid = [[None] * width for _ in range(rows)]
    for (r, c), v in cells.items():
        grid[r - 1][c - 1] = v
    return grid


def _current(snap: Snapshot, unit: Unit, n: int) -> dict[Cell, Any]:
    """The master's current inputs, so staff see what is already there."""
    cells: dict[Cell, Any] = {}
    sheet = L.bahan(unit.kode_singkat)
    master = snap.grids.get(sheet) or []
    src_cols = snap.kolom.get(sheet, {})
    dst_cols = _STAFF_COLS
    for q in L.TRIWULAN:
        c = L.STATUS_FIRST_COL + q - 1
        status = snap.status.get(unit.kode, [L.STATUS_DRAF] * 4)[q - 1]
        # Submitting is the staff's own choice: quarter n is handed out as Draf
        # unless it was already submitted.
        if q == n and status != L.STATUS_DIAJUKAN:
            status = L.STATUS_DRAF
        cells[(L.STATUS_ROW, c)] = status
        cells[(L.DIAJUKAN_ROW, c)] = snap.diajukan_pada.get(unit.kode, [None] * 4)[q - 1]
    for i, ind in enumerate(snap.ref.indikator_of_unit(unit)):
        where = snap.lokasi.get(ind.kode)
        if where is None:
            continue
        r = where[1]
        for q in L.TRIWULAN:
            for h in L.bahan_input_headers(q):
                if h not in src_cols:
                    continue
                line = master[r - 1] if r - 1 < len(master) else []
                value = line[src_cols[h] - 1] if src_cols[h] - 1 < len(line) else None
                if h == L.realisasi_h(q):
                    # 25% typed in the master (0.25 in a percent format) goes into the
                    # copy's General cell as the 25 it shows.
                    value = nilai_tampil(value, ind.satuan)
                if value is not None:
                    cells[(L.BAHAN_DATA_ROW + i, dst_cols[h])] = value
    return cells


# --- the operation ------------------------------------------------------------------------
def bagikan(book: Workbook, triwulan: int, folder: str | Path, timpa: bool = False,
            now: dt.datetime | None = None, *, outputs: Outputs) -> Hasil:
    """Write one copy per reporting unit into `folder`; the master is only read."""
    snap = read_snapshot(book)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookError(f"Folder '{folder}' tidak dapat dibuat: {exc.strerror or exc}.") from exc
    stamp = (now or dt.datetime.now()).replace(microsecond=0)
    rows, ringkasan = [], []
    for unit in snap.ref.reporting_units():
        target = folder / nama_salinan(unit, snap.ref.tahun, triwulan)
        row = {"unit": unit.kode, "kode_singkat": unit.kode_singkat, "berkas": str(target),
               "indikator": len(snap.ref.indikator_of_unit(unit)), "ditulis": False}
        rows.append(row)
        if target.exists() and not timpa:
            # A copy already handed out may hold a person's work: never overwrite it
            # silently.
            ringkasan.append(f"{target.name} sudah ada, dilewati (pakai --timpa untuk menimpa).")
            continue
        tulis_baru(target, describe_copy(snap, unit, triwulan, stamp, outputs))
        row["ditulis"] = True
        ringkasan.append(f"{target.name}: {unit.nama}, {row['indikator']} indikator.")
    written = sum(r["ditulis"] for r in rows)
    ringkasan.append(f"{written} salinan {L.tw(triwulan)} ditulis ke {folder}.")
    return Hasil("bagikan", book.path, triwulan, rows, snap.temuan, ringkasan, [])
