"""`bagikan`: one small `.xlsx` per reporting unit, for staff without the master.

A copy holds only that unit's staff sheet, built by the same code as in the master
(look, protection, dropdowns, colour hints and the native capaian preview), with
the master's current inputs of that unit, and a very hidden sheet `_kinerja` that
says where the copy belongs:

- ``Id buku kerja``: derived, not stored in the master (it has no id of its own):
  the first 16 hex digits of SHA-256 over "Pemerintah\\nInstansi\\nTahun" from
  `Pengaturan`.  It stays the same while the PK is edited during the year, so a
  copy from before such an edit is refused for its changed prefilled cells (a
  clearer reason) rather than as a stranger.
- ``Unit``, ``Kode singkat``, ``Tahun``, ``Triwulan``;
- ``Checksum``: SHA-256 of the canonical text of the prefilled cells (Kode,
  Indikator, Satuan, Arah, Target TW I–IV of every row, in order); `kumpulkan`
  recomputes it from the copy (a change means the copy was altered) and from the
  master (a change means the PK/RA changed since the copy was made).

No macros: the copy is a plain `.xlsx`, which any Excel, WPS or LibreOffice opens.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.workbook.defined_name import DefinedName

from .. import layout as L
from ..io.base import Grid, Workbook, WorkbookError
from ..model import Referensi, Unit
from .baca import Snapshot, read_snapshot
from .hitung import canon
from .jalankan import Hasil

META_SHEET = "_kinerja"
FORMAT = "kinerja-xl salinan v1"
KUNCI = ("Format", "Id buku kerja", "Instansi", "Tahun", "Unit", "Kode singkat",
         "Triwulan", "Checksum", "Dibagikan")
PREFILLED = ("Kode", "Indikator", "Satuan", "Arah") + tuple(L.target_h(n) for n in L.TRIWULAN)


# --- the identity and the checksum (shared with kumpulkan) -------------------------
def id_buku(ref: Referensi) -> str:
    parts = [canon(ref.setting("Pemerintah", "")), canon(ref.setting("Instansi", "")),
             str(ref.tahun)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def checksum(rows: Iterable[Sequence[Any]]) -> str:
    """SHA-256 of the prefilled cells, one tab-separated line per indicator row."""
    lines = [FORMAT] + ["\t".join(canon(v) for v in row) for row in rows]
    return hashlib.sha256(("\n".join(lines) + "\n").encode("utf-8")).hexdigest()


def prefilled_of_ref(ref: Referensi, unit: Unit) -> list[list[Any]]:
    return [[i.kode, i.nama, i.satuan, i.arah, *i.target_tw] for i in ref.indikator_of_unit(unit)]


def prefilled_of_grid(grid: Grid, cols: dict[str, int]) -> list[list[Any]]:
    """The prefilled cells of every row that has a Kode, as the copy holds them."""
    rows = []
    for r in range(L.BAHAN_DATA_ROW - 1, len(grid)):
        line = grid[r]
        at = lambda h: line[cols[h] - 1] if h in cols and cols[h] - 1 < len(line) else None  # noqa: E731
        if at("Kode") is None or str(at("Kode")).strip() == "":
            continue
        rows.append([at(h) for h in PREFILLED])
    return rows


def nama_salinan(unit: Unit, tahun: int, n: int) -> str:
    return f"Bahan_{unit.kode_singkat}_{tahun}_TW{n}.xlsx"


# --- building one copy ----------------------------------------------------------------
def build_copy(snap: Snapshot, unit: Unit, n: int, stamp: dt.datetime) -> OpenpyxlWorkbook:
    from ..build import sheets

    ref = snap.ref
    wb = OpenpyxlWorkbook()
    wb.remove(wb.active)
    sheets.bahan(wb, ref, unit, ref.setting("Sandi proteksi"))
    ws = wb[L.bahan(unit.kode_singkat)]
    # The preview formulas name RumusNegatif; the copy has no Pengaturan, so the
    # name holds the master's setting as a constant.
    wb.defined_names[L.NAME_RUMUS_NEGATIF] = DefinedName(
        L.NAME_RUMUS_NEGATIF, attr_text=f'"{ref.rumus_negatif}"')
    ws["A3"] = (f"Salinan untuk Triwulan {L.ROMAWI[n]}: isi kolom {L.tw(n)}, lalu kembalikan "
                f"berkas ini. Status {L.tw(n)} kosong atau Diajukan = diajukan; "
                f"pilih Draf bila belum final.")
    _fill_current(ws, snap, unit, n)
    _meta(wb, ref, unit, n, stamp)
    wb.active = 0
    wb.properties.creator = "kinerja-xl"
    wb.properties.lastModifiedBy = "kinerja-xl"
    wb.properties.created = stamp
    wb.properties.title = f"Bahan {unit.nama} {ref.tahun} {L.tw(n)}"
    return wb


def _fill_current(ws, snap: Snapshot, unit: Unit, n: int) -> None:
    """The master's current inputs, so staff see what is already there."""
    sheet = L.bahan(unit.kode_singkat)
    master = snap.grids.get(sheet) or []
    src_cols = snap.kolom.get(sheet, {})
    dst_cols = {h: i + 1 for i, h in enumerate(L.BAHAN_HEADERS)}
    for q in L.TRIWULAN:
        c = L.STATUS_FIRST_COL + q - 1
        status = snap.status.get(unit.kode, [L.STATUS_DRAF] * 4)[q - 1]
        # Quarter n starts blank unless already submitted: a returned copy counts
        # as submitted unless staff pick Draf.
        if q == n and status != L.STATUS_DIAJUKAN:
            status = None
        ws.cell(row=L.STATUS_ROW, column=c).value = status
        ws.cell(row=L.DIAJUKAN_ROW, column=c).value = snap.diajukan_pada.get(
            unit.kode, [None] * 4)[q - 1]
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
                if value is not None:
                    ws.cell(row=L.BAHAN_DATA_ROW + i, column=dst_cols[h]).value = value


def _meta(wb: OpenpyxlWorkbook, ref: Referensi, unit: Unit, n: int, stamp: dt.datetime) -> None:
    ws = wb.create_sheet(META_SHEET)
    values = (FORMAT, id_buku(ref), ref.setting("Instansi", ""), ref.tahun, unit.kode,
              unit.kode_singkat, n, checksum(prefilled_of_ref(ref, unit)),
              stamp.strftime("%Y-%m-%d %H:%M:%S"))
    ws.append(("Kunci", "Nilai"))
    for kunci, nilai in zip(KUNCI, values):
        ws.append((kunci, nilai))
    ws.protection.sheet = True
    # Very hidden: Excel's "Unhide" does not list it, so nobody edits it by accident.
    ws.sheet_state = "veryHidden"


def _copy_bytes(wb: OpenpyxlWorkbook, stamp: dt.datetime) -> bytes:
    from ..build.builder import _fix_core_dates, _xlsx_bytes
    return _fix_core_dates(_xlsx_bytes(wb), stamp)


# --- the operation ------------------------------------------------------------------------
def bagikan(book: Workbook, triwulan: int, folder: str | Path, timpa: bool = False,
            now: dt.datetime | None = None) -> Hasil:
    """Write one copy per reporting unit into `folder`; the master is only read."""
    from ..io.safety import atomic_write, check_office_locks

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
        data = _copy_bytes(build_copy(snap, unit, triwulan, stamp), stamp)
        if target.exists():
            check_office_locks(str(target))
        atomic_write(str(target), lambda fh, d=data: fh.write(d), backup=target.exists())
        row["ditulis"] = True
        ringkasan.append(f"{target.name}: {unit.nama}, {row['indikator']} indikator.")
    written = sum(r["ditulis"] for r in rows)
    ringkasan.append(f"{written} salinan {L.tw(triwulan)} ditulis ke {folder}.")
    return Hasil("bagikan", book.path, triwulan, rows, snap.temuan, ringkasan, [])
