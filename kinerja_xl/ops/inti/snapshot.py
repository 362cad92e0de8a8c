"""Read a workbook (through the interface) into the model every operation uses.

Everything is computed from the current staff sheets, the correction logs and the
reference sheets, so a report can never be stale.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


from ... import layout as L
from ... import temuan as T
from ...io.base import Grid, Workbook, WorkbookError, nilai_di
from ...io.cells import cell_ref
from ...model import Referensi, indikator_from_rows, pengaturan_from_grid, units_from_rows
from ...rules import Angka, Skala, nilai_tampil, parse_angka, skala_dari_tabel
from ...rows import Row, TableError, header_map, rows_from_grid
from .migrasi import periksa as periksa_versi


@dataclass
class Isian:
    """One value a person typed, with where it sits."""
    raw: Any
    lembar: str
    sel: str
    angka: Angka | None = None

    @property
    def nilai(self) -> float | None:
        return self.angka.nilai if self.angka else None


@dataclass
class Koreksi:
    langkah: int          # 4 or 6
    triwulan: int
    kode: str
    kolom: str
    nilai: Any
    alasan: str | None
    oleh: str | None
    mulai: Any
    selesai: Any
    lembar: str
    baris: int


@dataclass
class Kuartal:
    """One indicator in one quarter: what staff submitted and what it became."""
    diajukan: bool = False
    realisasi: Isian | None = None          # as staff typed it
    anggaran: Isian | None = None
    teks: dict[str, str | None] = field(default_factory=dict)  # bukti/pendukung/penghambat/tindak
    koreksi: list[Koreksi] = field(default_factory=list)      # applied, in order
    realisasi_langkah4: float | None = None  # after step 4 only (the unit reviewer's report)
    oleh_langkah4: str | None = None
    realisasi_akhir: float | None = None     # after step 4 and step 6
    anggaran_akhir: float | None = None

    @property
    def realisasi_diajukan(self) -> float | None:
        return self.realisasi.nilai if (self.diajukan and self.realisasi) else None


TEKS_KOLOM = {L.KETERANGAN_H: "bukti", L.FAKTOR_PENDUKUNG_H: "pendukung",
              L.FAKTOR_PENGHAMBAT_H: "penghambat", L.TINDAK_LANJUT_H: "tindak"}


@dataclass
class Snapshot:
    ref: Referensi
    data: dict[str, list[Kuartal]]                   # kode -> 4 quarters
    lokasi: dict[str, tuple[str, int]]               # kode -> (staff sheet, row)
    kolom: dict[str, dict[str, int]]                 # staff sheet -> header -> column
    status: dict[str, list[str]]                     # unit kode -> status per quarter
    diajukan_pada: dict[str, list[Any]]
    koreksi: list[Koreksi]
    step_rows: dict[str, list[Row]]                  # step sheet -> rows
    temuan: list[T.Temuan]                           # problems seen while reading
    grids: dict[str, Grid]
    # (kode, quarter) -> the annual target in force when that quarter was approved,
    # for quarters a PK Perubahan found approved (ops/pk_perubahan.py).
    tahunan_berlaku: dict[tuple[str, int], float | None] = field(default_factory=dict)

    def kuartal(self, kode: str, n: int) -> Kuartal:
        return self.data[kode][n - 1]

    def target_tahunan(self, ind, n: int) -> float | None:
        """The annual target quarter n is measured against (its progress to date)."""
        return self.tahunan_berlaku.get((ind.kode, n), ind.target_tahunan)


# --- reference sheets ------------------------------------------------------------------
def _need(book: Workbook, name: str) -> Grid:
    if name not in book.sheet_names():
        raise WorkbookError(f"Lembar '{name}' tidak ada di buku kerja {book.path}.")
    return book.read(name)


def read_referensi(book: Workbook, grids: dict[str, Grid]) -> Referensi:
    # Every operation and the ribbon open a workbook through here: one of another
    # contract version stops before anything is read (ops/inti/migrasi.py).
    periksa_versi(book)
    try:
        for name in (L.PENGATURAN, L.UNIT, L.PK, L.RA):
            grids[name] = _need(book, name)
        units = units_from_rows(rows_from_grid(grids[L.UNIT], L.REF_HEADER_ROW, L.UNIT_HEADERS,
                                               L.UNIT_REQUIRED, L.UNIT, True))
        pk = rows_from_grid(grids[L.PK], L.REF_HEADER_ROW, L.PK_HEADERS, L.PK_REQUIRED, L.PK, True)
        ra = rows_from_grid(grids[L.RA], L.REF_HEADER_ROW, L.RA_HEADERS, L.RA_REQUIRED, L.RA, True)
        unknown = _unit_tidak_dikenal(pk, units)
        try:
            indikator = indikator_from_rows(pk, ra, units)
        except TableError as exc:
            # The table's own findings include the unknown units, each once.
            raise WorkbookError(f"{book.path}: {exc.pesan}", temuan=exc.temuan) from exc
        if unknown:
            raise WorkbookError(f"{book.path}: " + "\n  ".join(t.pesan for t in unknown),
                                temuan=unknown)
        pengaturan = pengaturan_from_grid(grids[L.PENGATURAN])
    except TableError as exc:
        raise WorkbookError(f"{book.path}: {exc.pesan}", exc.exit_code, exc.temuan) from exc
    return Referensi(units=units, indikator=indikator, pengaturan=pengaturan,
                     skala=_skala(book, grids[L.PENGATURAN]))


def _unit_tidak_dikenal(pk: list[Row], units: dict) -> list[T.Temuan]:
    """PK rows naming a unit the Unit sheet does not list: such an indicator has no
    staff sheet and no Bidang, so the run stops with these findings."""
    found = []
    for row in pk:
        unit = row.get(L.UNIT_H)
        name = str(unit).strip() if unit is not None else ""
        if name and name not in units:
            found.append(T.buat("unit_tidak_dikenal", lembar=L.PK, sel=row.cell(L.UNIT_H),
                                kode=_as_text(row.get(L.KODE_H)), unit=name))
    return found


def _skala(book: Workbook, grid: Grid) -> Skala:
    """The predicate scale of Pengaturan.  A broken table stops the run: predicates
    computed with a scale the Dinas did not set would be wrong on every report."""
    try:
        return skala_dari_tabel(_skala_rows(grid))
    except ValueError as exc:
        t = T.buat("skala_rusak", lembar=L.PENGATURAN,
                   sel=cell_ref(L.REF_DATA_ROW, L.SKALA_FIRST_COL), alasan=str(exc))
        raise WorkbookError(f"{book.path}: {t.pesan}", temuan=[t]) from None


def _skala_rows(grid: Grid) -> list[tuple[Any, Any]]:
    first = L.SKALA_FIRST_COL - 1
    rows = []
    for r in range(L.REF_DATA_ROW - 1, len(grid)):
        line = grid[r]
        lower = line[first] if len(line) > first else None
        name = line[first + 1] if len(line) > first + 1 else None
        if name is None and lower is None:
            if rows:
                break
            continue
        rows.append((lower, name))
    return rows


# --- staff sheets --------------------------------------------------------------------
def read_bahan(book: Workbook, ref: Referensi, snap: Snapshot) -> None:
    names = set(book.sheet_names())
    for unit in ref.reporting_units():
        sheet = L.bahan(unit.kode_singkat)
        snap.status[unit.kode] = [L.STATUS_DRAF] * 4
        snap.diajukan_pada[unit.kode] = [None] * 4
        if sheet not in names:
            snap.temuan.append(T.buat("lembar_hilang", lembar=sheet))
            continue
        grid = book.read(sheet)
        snap.grids[sheet] = grid
        _read_status(grid, unit.kode, snap)
        header = grid[L.BAHAN_HEADER_ROW - 1] if len(grid) >= L.BAHAN_HEADER_ROW else []
        cols = header_map(header, L.BAHAN_HEADERS)
        # A column of the contract that is not there is named, never read as empty
        # (that would report every row's text as missing, or a value as changed).
        if _kolom_hilang(snap, sheet, L.BAHAN_HEADER_ROW, L.BAHAN_HEADERS, cols):
            continue
        snap.kolom[sheet] = cols
        _read_rows(grid, sheet, cols, unit.kode, ref, snap)


def _kolom_hilang(snap: Snapshot, sheet: str, row: int, headers, cols: dict[str, int]) -> bool:
    """A `kolom_hilang` for each header of the contract the sheet lacks; True if any."""
    missing = [h for h in headers if h not in cols]
    for h in missing:
        snap.temuan.append(T.buat("kolom_hilang", lembar=sheet, sel=cell_ref(row, 1), kolom=h))
    return bool(missing)


def _read_status(grid: Grid, unit: str, snap: Snapshot) -> None:
    for n in L.TRIWULAN:
        col = L.STATUS_FIRST_COL + n - 1
        status = nilai_di(grid, L.STATUS_ROW, col)
        text = str(status).strip().casefold() if status is not None else ""
        if text == L.STATUS_DIAJUKAN.casefold():
            snap.status[unit][n - 1] = L.STATUS_DIAJUKAN
        snap.diajukan_pada[unit][n - 1] = nilai_di(grid, L.DIAJUKAN_ROW, col)


def _read_rows(grid: Grid, sheet: str, cols: dict[str, int], unit: str, ref: Referensi,
               snap: Snapshot) -> None:
    known = {i.kode: i for i in ref.indikator}
    # Each quarter's columns, found once for the sheet: (quarter, realisasi, anggaran,
    # ((text key, column), …)); a column the sheet lacks is None.
    quarters = [(n, cols.get(L.realisasi_h(n)), cols.get(L.anggaran_h(n)),
                 tuple((key, cols.get(header)) for key, header in (
                     ("bukti", L.bukti_h(n)), ("pendukung", L.pendukung_h(n)),
                     ("penghambat", L.penghambat_h(n)), ("tindak", L.tindak_h(n)))))
                for n in L.TRIWULAN]
    diajukan = [status == L.STATUS_DIAJUKAN for status in snap.status[unit]]
    # Each row read as a list as wide as the columns read (a short row padded).
    width = max([cols[L.KODE_H]] + [c for _, real, angg, teks in quarters
                                     for c in (real, angg, *(c for _, c in teks))
                                     if c is not None])
    for r in range(L.BAHAN_DATA_ROW, len(grid) + 1):
        line = grid[r - 1]
        if len(line) < width:
            line = line + [None] * (width - len(line))
        kode_raw = line[cols[L.KODE_H] - 1]
        if kode_raw is None or str(kode_raw).strip() == "":
            continue
        kode = str(kode_raw).strip()
        where = cell_ref(r, cols[L.KODE_H])
        if kode not in known:
            snap.temuan.append(T.buat("kode_tidak_dikenal", lembar=sheet, sel=where, kode=kode))
            continue
        if known[kode].unit != unit:
            snap.temuan.append(T.buat("kode_tidak_dikenal", lembar=sheet, sel=where, kode=kode))
            continue
        if kode in snap.lokasi:
            snap.temuan.append(T.buat("kode_ganda", lembar=sheet, sel=where, kode=kode))
            continue
        snap.lokasi[kode] = (sheet, r)
        satuan = known[kode].satuan
        for n, col_realisasi, col_anggaran, teks in quarters:
            q = snap.data[kode][n - 1]
            q.diajukan = diajukan[n - 1]
            q.realisasi = _isian(line, sheet, r, col_realisasi, satuan)
            q.anggaran = _isian(line, sheet, r, col_anggaran)
            for key, col in teks:
                q.teks[key] = _as_text(line[col - 1] if col is not None else None)


def _isian(line: list[Any], sheet: str, row: int, col: int | None,
           satuan: str | None = None) -> Isian | None:
    """What row `row` (read as `line`) holds in column `col`."""
    if col is None:
        return None
    raw = nilai_tampil(line[col - 1], satuan)
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    return Isian(raw, sheet, cell_ref(row, col), parse_angka(raw))


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.strftime("%d/%m/%Y")
    text = str(value).strip()
    return text or None


# --- step sheets -----------------------------------------------------------------------
STEP_SHEETS = {
    L.DISPOSISI: L.DISPOSISI_HEADERS,
    L.PEMBAGIAN_TUGAS: L.PEMBAGIAN_HEADERS,
    L.KOREKSI_KASI: L.KOREKSI_HEADERS,
    L.KOREKSI_KABID: L.KOREKSI_HEADERS,
    L.PEMERIKSAAN_KADIN: L.PEMERIKSAAN_HEADERS,
}


def read_steps(book: Workbook, snap: Snapshot) -> None:
    names = set(book.sheet_names())
    for sheet, headers in STEP_SHEETS.items():
        if sheet not in names:
            snap.temuan.append(T.buat("lembar_hilang", lembar=sheet))
            snap.step_rows[sheet] = []
            continue
        grid = book.read(sheet)
        snap.grids[sheet] = grid
        header = grid[L.STEP_HEADER_ROW - 1] if len(grid) >= L.STEP_HEADER_ROW else []
        if _kolom_hilang(snap, sheet, L.STEP_HEADER_ROW, headers, header_map(header, headers)):
            snap.step_rows[sheet] = []
            continue
        snap.step_rows[sheet] = rows_from_grid(grid, L.STEP_HEADER_ROW, headers, headers,
                                               sheet, True, L.STEP_DATA_ROW)
    for langkah, sheet in ((4, L.KOREKSI_KASI), (6, L.KOREKSI_KABID)):
        for row in snap.step_rows[sheet]:
            k = _koreksi(row, langkah, snap)
            if k is not None:
                snap.koreksi.append(k)


def _koreksi(row: Row, langkah: int, snap: Snapshot) -> Koreksi | None:
    n = L.baca_tw(row.get(L.TRIWULAN_H))
    kode = _as_text(row.get(L.KODE_H))
    kolom = _as_text(row.get(L.KOLOM_H)) or L.REALISASI_H
    match = next((k for k in L.KOREKSI_KOLOM if k.casefold() == kolom.casefold()), None)
    if n is None or kode is None or kode not in snap.data or match is None:
        teks = " / ".join(str(row.get(h, "")) for h in (L.TRIWULAN_H, L.KODE_H, L.KOLOM_H))
        snap.temuan.append(T.buat("isian_tidak_sah", lembar=row.source,
                                  sel=row.cell(L.TRIWULAN_H) or f"A{row.row}", kode=kode,
                                  teks=teks, kolom="Triwulan / Kode / Kolom koreksi",
                                  pilihan="triwulan 1–4, kode dari PK, kolom "
                                  + ", ".join(L.KOREKSI_KOLOM)))
        return None
    return Koreksi(langkah, n, kode, match, row.values.get(L.NILAI_KOREKSI_H),
                   _as_text(row.get(L.ALASAN_H)), _as_text(row.get(L.OLEH_H)), row.get(L.MULAI_H),
                   row.get(L.SELESAI_H), row.source, row.row)


# --- corrections -------------------------------------------------------------------------
def apply_koreksi(snap: Snapshot) -> None:
    """Step 4 first, then step 6; a later row for the same cell wins.  Staff cells are
    never overwritten: the result lives beside the submitted value."""
    for kode, quarters in snap.data.items():
        for q in quarters:
            q.realisasi_akhir = q.realisasi_diajukan
            q.anggaran_akhir = q.anggaran.nilai if (q.diajukan and q.anggaran) else None
    ordered = sorted(snap.koreksi, key=lambda k: (k.langkah, k.baris))
    for k in ordered:
        q = snap.kuartal(k.kode, k.triwulan)
        if not q.diajukan:
            continue
        if k.kolom in (L.REALISASI_H, L.REALISASI_ANGGARAN_H):
            angka = parse_angka(k.nilai)
            if angka.masalah or angka.nilai is None:
                snap.temuan.append(T.buat("bukan_angka", lembar=k.lembar,
                                          sel=f"D{k.baris}", kode=k.kode, teks=k.nilai))
                continue
            if k.kolom == L.REALISASI_H:
                q.realisasi_akhir = angka.nilai
                if k.langkah == 4:
                    q.realisasi_langkah4 = angka.nilai
                    q.oleh_langkah4 = k.oleh  # None: the unit's reviewer (konsolidasi)
            else:
                q.anggaran_akhir = angka.nilai
        else:
            q.teks[TEKS_KOLOM[k.kolom]] = _as_text(k.nilai)
        q.koreksi = [c for c in q.koreksi if not (c.kolom == k.kolom)] + [k]


def read_snapshot(book: Workbook) -> Snapshot:
    grids: dict[str, Grid] = {}
    ref = read_referensi(book, grids)
    snap = Snapshot(ref=ref, data={i.kode: [Kuartal() for _ in L.TRIWULAN] for i in ref.indikator},
                    lokasi={}, kolom={}, status={}, diajukan_pada={}, koreksi=[], step_rows={},
                    temuan=[], grids=grids)
    read_bahan(book, ref, snap)
    read_steps(book, snap)
    apply_koreksi(snap)
    if L.RIWAYAT in book.sheet_names():
        from .riwayat import Riwayat
        snap.tahunan_berlaku = tahunan_berlaku(Riwayat(book).rows, ref)
    return snap


def tahunan_berlaku(rows: list, ref: Referensi) -> dict[tuple[str, int], float | None]:
    """(kode, quarter) -> the annual target a quarter approved before a PK Perubahan
    keeps: the one that revision replaced (the earliest revision that found the quarter
    approved), read from its Riwayat record (ops/pk_perubahan.py)."""
    from .riwayat import target_sebelum
    out: dict[tuple[str, int], float | None] = {}
    for record in target_sebelum(rows):
        for bidang_kode, n in sorted(record["tetap"]):
            bidang = ref.units.get(bidang_kode)
            if bidang is None:
                continue
            for ind in ref.indikator_of_bidang(bidang):
                old = record["target"].get(ind.kode)
                if old is None or (ind.kode, n) in out:
                    continue
                text = old[L.TARGET_TAHUNAN_H]
                out[(ind.kode, n)] = float(text) if text else None
    return out
