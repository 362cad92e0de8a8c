"""`kumpulkan`: bring filled staff copies (from `bagikan`) back into the master.

Each copy is checked before anything is taken from it: it must be a copy of this
workbook (identity, Instansi, year), of a unit that reports here, of the quarter
being collected, with its prefilled cells (codes, names, targets) as they were
handed out and as the master has them now, and its quarter must not be approved by
the Kadin already.  Only that quarter's input cells are taken; only cells whose
value differs are written, so collecting the same copy twice changes nothing.

The CLI and the ribbon both run `kumpulkan_dengan_konfirmasi`: a preview
(`apply=False`), the person's confirmation, then the same collection with `apply=True`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Union

from .. import layout as L
from .. import temuan as T
from ..hasil import kalimat
from ..io.base import Grid, Workbook, WorkbookError, nilai_di
from ..io.cells import cell_ref
from ..model import Unit
from ..rows import header_map
from .inti.blok import Plan, comparable
from .inti.hitung import canon
from .impor import locked_units, trimmed, typed_value
from .inti.jalankan import Hasil, Konteks, fingerprint, mulai
from ..io.konversi import sebagai_xlsx
from ..rules import nilai_simpan, nilai_tampil
from .salinan import (FORMAT, KUNCI_WAJIB, META_SHEET, PREFILLED, checksum, id_buku,
                      prefilled_of_grid, prefilled_of_ref, sidik_isian)


class Ditolak(Exception):
    """A copy that is not taken, with the reason in Indonesian."""


@dataclass
class Salinan:
    berkas: Path
    meta: dict[str, Any]
    grid: Grid
    cols: dict[str, int]
    unit: Unit
    n: int
    rumus: set[tuple[int, int]] = field(default_factory=set)  # cells holding a formula


@dataclass
class Diabaikan:
    """A cell of a copy that is not taken, and why."""
    sel: str
    kolom: str
    nilai: Any
    alasan: str

    def as_dict(self) -> dict[str, Any]:
        return {"sel": self.sel, "kolom": self.kolom, "nilai": _json(self.nilai),
                "alasan": self.alasan}


@dataclass
class Perubahan:
    lembar: str
    sel: str
    kode: str | None
    kolom: str
    sebelum: Any
    sesudah: Any

    def as_dict(self) -> dict[str, Any]:
        return {"lembar": self.lembar, "sel": self.sel, "kode": self.kode, "kolom": self.kolom,
                "sebelum": _json(self.sebelum), "sesudah": _json(self.sesudah)}


@dataclass
class Hasil1:
    """What one copy brings (or why it is refused)."""
    berkas: Path
    status: str = "ditolak"           # diterima / draf / belum diisi / sama / ditolak
    alasan: str | None = None
    unit: str | None = None
    triwulan: int | None = None
    sidik: str | None = None
    cells: dict[str, dict[tuple[int, int], Any]] = field(default_factory=dict)
    perubahan: list[Perubahan] = field(default_factory=list)
    diabaikan: list[Diabaikan] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"berkas": str(self.berkas), "unit": self.unit, "triwulan": self.triwulan,
                "status": self.status, "alasan": self.alasan,
                "perubahan": [p.as_dict() for p in self.perubahan],
                "diabaikan": [d.as_dict() for d in self.diabaikan]}


def _json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value


# --- finding the copies ---------------------------------------------------------------------
# A copy comes back as the staff's program saved it: Excel, WPS or LibreOffice.
JENIS_SALINAN = (".xlsx", ".xlsm", ".ods", ".xls")


def daftar_berkas(paths: list[str]) -> list[Path]:
    """Files as given; a folder stands for the copies in it (Office and LibreOffice
    lock files and our temporary files left out)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.suffix.lower() in JENIS_SALINAN
                          and f.is_file() and not f.name.startswith(("~$", ".~")))
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def _read_copy(path: Path) -> tuple[dict[str, Any], Grid, str, set[tuple[int, int]]]:
    from ..io import open_workbook

    if not path.is_file():
        raise Ditolak("berkas tidak ditemukan")
    try:
        with sebagai_xlsx(path) as xlsx, open_workbook(xlsx, write=False) as copy:
            names = copy.sheet_names()
            if META_SHEET not in names:
                raise Ditolak(f"bukan salinan dari kinerja-xl bagikan (lembar {META_SHEET} "
                              "tidak ada)")
            meta_grid = copy.read(META_SHEET)
            meta = {str(r[0]).strip(): (r[1] if len(r) > 1 else None)
                    for r in meta_grid[1:] if r and r[0] is not None}
            sheet = L.bahan(str(meta.get(L.KODE_SINGKAT_H) or "").strip())
            if sheet not in names:
                raise Ditolak(f"lembar '{sheet}' tidak ada di salinan")
            return meta, copy.read(sheet), sheet, copy.formula_cells(sheet)
    except WorkbookError as exc:
        # A converted copy is read under a temporary name: speak of the staff's file.
        raise Ditolak(exc.pesan.replace("salinan.xlsx", path.name)) from exc


def _int(value: Any) -> int | None:
    try:
        return int(float(str(value).replace(",", ".")))
    except (TypeError, ValueError):
        return None


# --- the checks, in the order a person would want to hear them ---------------------------------
def periksa(path: Path, ctx: Konteks, n: int) -> Salinan:
    ref = ctx.snap.ref
    meta, grid, sheet, rumus = _read_copy(path)
    missing = [k for k in KUNCI_WAJIB if k not in meta]
    if meta.get("Format") != FORMAT or missing:
        raise Ditolak(f"keterangan salinan di lembar {META_SHEET} rusak atau tidak dikenal")
    instansi = str(meta.get(L.INSTANSI_KUNCI) or "")
    if canon(instansi) != canon(ref.pengaturan.instansi or ""):
        raise Ditolak(f"salinan milik instansi lain ('{instansi}'), bukan "
                      f"'{ref.pengaturan.instansi or ''}'")
    tahun = _int(meta.get(L.TAHUN_KUNCI))
    if tahun != ref.tahun:
        raise Ditolak(f"salinan tahun {meta.get(L.TAHUN_H)}, buku kerja ini tahun {ref.tahun}")
    if str(meta.get("Id buku kerja")) != id_buku(ref):
        raise Ditolak("salinan bukan dari buku kerja ini (id buku kerja berbeda)")
    unit = _unit(meta, ref)
    q = _int(meta.get(L.TRIWULAN_H))
    if q != n:
        raise Ditolak(f"salinan untuk triwulan {meta.get(L.TRIWULAN_H)}, yang dikumpulkan "
                      f"{L.tw(n)} (pakai --triwulan untuk triwulan lain)")
    cols = header_map(grid[L.BAHAN_HEADER_ROW - 1] if len(grid) >= L.BAHAN_HEADER_ROW else [],
                      L.BAHAN_HEADERS)
    if L.KODE_H not in cols:
        moved = _header_row(grid)
        if moved is not None:
            raise Ditolak(f"judul kolom lembar '{sheet}' berpindah dari baris "
                          f"{L.BAHAN_HEADER_ROW} ke baris {moved} (ada baris disisipkan atau "
                          "dihapus di atas judul); kembalikan susunan lembar seperti saat "
                          "dibagikan, lalu kumpulkan lagi")
    lost = [h for h in PREFILLED + L.bahan_input_headers(n) if h not in cols]
    if lost:
        raise Ditolak(f"kolom {', '.join(lost)} tidak ada di lembar '{sheet}'")
    _check_prefilled(grid, cols, meta, unit, ctx, sheet)
    return Salinan(path, meta, grid, cols, unit, n, rumus)


def _header_row(grid: Grid) -> int | None:
    """Where the staff sheet's header row is now, when it is not where it belongs."""
    for r in range(1, min(len(grid), 30) + 1):
        cols = header_map(grid[r - 1], L.BAHAN_HEADERS)
        if L.KODE_H in cols and L.INDIKATOR_H in cols:
            return r
    return None


def _unit(meta: dict[str, Any], ref) -> Unit:
    kode = str(meta.get(L.UNIT_H) or "").strip()
    unit = ref.units.get(kode)
    if unit is None or unit not in ref.reporting_units():
        raise Ditolak(f"unit '{kode}' tidak melapor di buku kerja ini")
    if unit.kode_singkat != str(meta.get(L.KODE_SINGKAT_H) or "").strip():
        raise Ditolak(f"salinan menyebut kode singkat '{meta.get(L.KODE_SINGKAT_H)}', unit "
                      f"{kode} di buku kerja ini '{unit.kode_singkat}'")
    return unit


def _check_prefilled(grid: Grid, cols: dict[str, int], meta: dict[str, Any], unit: Unit,
                     ctx: Konteks, sheet: str) -> None:
    rows = prefilled_of_grid(grid, cols)
    expected = prefilled_of_ref(ctx.snap.ref, unit)
    if checksum(rows) != str(meta.get("Checksum")):
        raise Ditolak("sel isian awal (kode, indikator, satuan, target) diubah"
                      + _first_difference(rows, expected, cols, sheet))
    if checksum(rows) != checksum(expected):
        raise Ditolak(f"PK/RA unit {unit.kode} di buku kerja berubah sejak salinan dibuat"
                      + _first_difference(rows, expected, cols, sheet)
                      + "; bagikan ulang salinan")


def _first_difference(rows, expected, cols: dict[str, int], sheet: str) -> str:
    for i in range(max(len(rows), len(expected))):
        got = rows[i] if i < len(rows) else [None] * len(PREFILLED)
        want = expected[i] if i < len(expected) else [None] * len(PREFILLED)
        for h, a, b in zip(PREFILLED, got, want):
            if canon(a) != canon(b):
                cell = cell_ref(L.BAHAN_DATA_ROW + i, cols[h])
                return (f" (lembar '{sheet}' sel {cell}: '{canon(a)}', semestinya "
                        f"'{canon(b)}')")
    return ""


# --- what a copy brings ----------------------------------------------------------------------
def isi(s: Salinan, ctx: Konteks, now: dt.datetime) -> Hasil1:
    """The master cells this copy would set, only those that differ, and the cells it
    does not take, each with its reason."""
    snap, n = ctx.snap, s.n
    out = Hasil1(s.berkas, "diterima", unit=s.unit.kode, triwulan=n)
    handed = s.meta.get("Sidik isian")
    if handed and sidik_isian(s.grid, s.cols) == str(handed):
        out.status = "belum diisi"
        return out
    mine = {i.kode: i for i in snap.ref.indikator_of_unit(s.unit)}
    wanted: dict[tuple[str, int, int], tuple[str | None, str, Any]] = {}
    inputs = {h for q in L.TRIWULAN for h in L.bahan_input_headers(q)}
    for r in range(L.BAHAN_DATA_ROW, len(s.grid) + 1):
        kode_raw = nilai_di(s.grid, r, s.cols[L.KODE_H])
        kode = str(kode_raw).strip() if kode_raw is not None else ""
        if kode not in mine or kode not in snap.lokasi:
            typed = [(h, nilai_di(s.grid, r, s.cols[h])) for h in L.BAHAN_HEADERS
                     if h in inputs and h in s.cols and trimmed(nilai_di(s.grid, r, s.cols[h]))
                     is not None]
            reason = (f"kode '{kode}' bukan indikator unit ini" if kode
                      else "baris tanpa Kode, tidak dapat ditempatkan")
            out.diabaikan += [Diabaikan(cell_ref(r, s.cols[h]), h, v, reason) for h, v in typed]
            continue
        sheet, mr = snap.lokasi[kode]
        master = snap.grids.get(sheet, [])
        for h in L.bahan_input_headers(n):
            raw = nilai_di(s.grid, r, s.cols[h])
            if h == L.realisasi_h(n):
                value = typed_value(nilai_tampil(raw, mine[kode].satuan))
            elif h.startswith(L.REALISASI_H):
                value = typed_value(raw)
            else:
                value = trimmed(raw)
            wanted[(sheet, mr, snap.kolom[sheet][h])] = (kode, h, value)
        for q in L.TRIWULAN:
            if q != n:
                for h in L.bahan_input_headers(q):
                    raw = nilai_di(s.grid, r, s.cols[h]) if h in s.cols else None
                    before = nilai_di(master, mr, snap.kolom[sheet][h]) if h in snap.kolom[sheet] \
                        else None
                    if comparable(trimmed(raw)) != comparable(before):
                        out.diabaikan.append(Diabaikan(
                            cell_ref(r, s.cols[h]), h, raw,
                            f"kolom {L.tw(q)}; salinan ini untuk {L.tw(n)}"))
            h = L.capaian_h(q)
            c = s.cols.get(h)
            if c and (r, c) not in s.rumus and nilai_di(s.grid, r, c) is not None:
                out.diabaikan.append(Diabaikan(
                    cell_ref(r, c), h, nilai_di(s.grid, r, c),
                    "sel rumus terkunci ditimpa; capaian dihitung ulang, nilai ini tidak "
                    "diambil"))
    sheet = L.bahan(s.unit.kode_singkat)
    col = L.STATUS_FIRST_COL + n - 1
    status = str(nilai_di(s.grid, L.STATUS_ROW, col) or "").strip()
    diajukan = status.casefold() == L.STATUS_DIAJUKAN.casefold()
    if status and not diajukan and status.casefold() != L.STATUS_DRAF.casefold():
        out.diabaikan.append(Diabaikan(cell_ref(L.STATUS_ROW, col), f"Status {L.tw(n)}", status,
                                       f"bukan {L.STATUS_DRAF} atau {L.STATUS_DIAJUKAN}; "
                                       f"dihitung {L.STATUS_DRAF}"))
    # Submitting is the staff's own choice: the Status the copy holds is applied, and
    # a blank one counts as Draf.
    if diajukan:
        if snap.status[s.unit.kode][n - 1] != L.STATUS_DIAJUKAN:
            when = nilai_di(s.grid, L.DIAJUKAN_ROW, col)
            when = when if isinstance(when, dt.datetime) else now
            wanted[(sheet, L.STATUS_ROW, col)] = (None, f"Status {L.tw(n)}", L.STATUS_DIAJUKAN)
            wanted[(sheet, L.DIAJUKAN_ROW, col)] = (None, f"Diajukan pada {L.tw(n)}", when)
    else:
        out.status = "draf"
        wanted[(sheet, L.STATUS_ROW, col)] = (None, f"Status {L.tw(n)}", L.STATUS_DRAF)
    for (sh, r, c), (kode, kolom, value) in wanted.items():
        stored = nilai_di(snap.grids.get(sh, []), r, c)
        # A realisation the master shows with a percent format (25% typed there) is
        # compared and written as shown: 30 goes in as 0.3, never as 3000 %.
        satuan = mine[kode].satuan if kode in mine and kolom == L.realisasi_h(n) else None
        before = nilai_tampil(stored, satuan)
        if comparable(before) != comparable(value):
            out.cells.setdefault(sh, {})[(r, c)] = nilai_simpan(value, stored, satuan)
            out.perubahan.append(Perubahan(sh, cell_ref(r, c), kode, kolom, before, value))
    out.sidik = fingerprint(s.meta.get("Id buku kerja"), s.unit.kode, n,
                            "" if diajukan else "draf",
                            sorted(((k, h, canon(v)) for k, h, v in wanted.values()
                                    if k is not None), key=str))
    return out


# --- the operation ----------------------------------------------------------------------
def kumpulkan(book: Workbook, paths: list[str], apply: bool, triwulan: int | None = None,
              now: dt.datetime | None = None) -> Hasil:
    """Check every copy, then write what the accepted ones change (only when `apply`)."""
    ctx = mulai(book)
    n = ctx.snap.ref.triwulan(triwulan)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    locked = locked_units(ctx, n)
    results = [_satu(path, ctx, n, now, locked) for path in daftar_berkas(paths)]
    _ganda(results, n)
    found = list(ctx.temuan)
    for h in results:
        if h.status == "ditolak":
            found.append(T.buat("salinan_ditolak", berkas=h.berkas.name, alasan=h.alasan))
        elif h.status == "sama":
            found.append(T.buat("salinan_sudah_dikumpulkan", berkas=h.berkas.name))
    changes = sum(len(h.perubahan) for h in results)
    ringkasan: list[str] = []
    written: list[str] = []
    if not results:
        ringkasan.append("Tidak ada salinan (" + ", ".join(JENIS_SALINAN) + ") yang ditemukan.")
    if apply:
        written = _terapkan(ctx, results)
        if changes:
            ringkasan.append(f"Diterapkan: {changes} sel diubah.")
    elif changes:
        ringkasan.append(f"Belum diterapkan: {changes} sel akan berubah.")
    return Hasil("kumpulkan", book.path, n, [h.as_dict() for h in results], found, ringkasan,
                 written, rincian=[_line(h) for h in results])


# What a confirmation callback answers: True applies; False is the user's no; a text
# says why nobody could be asked (no terminal, Excel on the web).
Jawaban = Union[bool, str]
DIBATALKAN = "Dibatalkan: perubahan tidak diterapkan."


def kumpulkan_dengan_konfirmasi(book: Workbook, paths: list[str],
                                konfirmasi: Callable[[Hasil], Jawaban],
                                triwulan: int | None = None,
                                now: dt.datetime | None = None) -> Hasil:
    """Preview what the copies change, ask `konfirmasi(preview)`, apply only on True.

    The flow of both the CLI and the ribbon; nothing is asked when nothing would
    change.  The result says in `tambahan["diterapkan"]` whether the changes were
    applied; the caller saves the workbook when `diubah` is not empty."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    pratinjau = kumpulkan(book, paths, False, triwulan, now)
    if any(row["perubahan"] for row in pratinjau.baris):
        jawab = konfirmasi(pratinjau)
        if jawab is True:
            hasil = kumpulkan(book, paths, True, triwulan, now)
            hasil.tambahan["diterapkan"] = bool(hasil.diubah)
            return hasil
        pratinjau.ringkasan.append(jawab if isinstance(jawab, str) and jawab else DIBATALKAN)
    pratinjau.tambahan["diterapkan"] = False
    return pratinjau


def _satu(path: Path, ctx: Konteks, n: int, now: dt.datetime, locked: set[str]) -> Hasil1:
    try:
        s = periksa(path, ctx, n)
        if s.unit.kode in locked:
            raise Ditolak(f"data {L.tw(n)} unit {s.unit.nama} sudah disetujui "
                          f"{ctx.snap.ref.kepala}; "
                          "tidak ditimpa")
    except Ditolak as exc:
        return Hasil1(path, "ditolak", str(exc))
    hasil = isi(s, ctx, now)
    if hasil.status != "belum diisi" and not hasil.perubahan and (
            ctx.riwayat.seen("kumpulkan", hasil.sidik or "") or hasil.status == "diterima"):
        hasil.status = "sama"
    return hasil


def _ganda(results: list[Hasil1], n: int) -> None:
    """Two filled files of one unit and quarter (a copy saved again as .ods beside the
    .xlsx, two people's versions): neither is taken, and both are named.  A copy
    nobody filled never counts as one of the two."""
    by_unit: dict[str, list[Hasil1]] = {}
    for h in results:
        if h.status in ("diterima", "draf", "sama") and h.unit:
            by_unit.setdefault(h.unit, []).append(h)
    for unit, group in by_unit.items():
        if len(group) < 2:
            continue
        names = " dan ".join(f"'{h.berkas.name}' (diubah {_mtime(h.berkas)})" for h in group)
        for h in group:
            h.status, h.cells, h.perubahan = "ditolak", {}, []
            h.alasan = (f"ada {len(group)} salinan terisi untuk unit {unit} {L.tw(n)}: {names}; "
                        "tidak ada yang diterapkan. Simpan satu saja di folder ini, lalu "
                        "kumpulkan lagi")


def _mtime(path: Path) -> str:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%d/%m/%Y %H:%M:%S")
    except OSError:
        return "tidak diketahui"


def _terapkan(ctx: Konteks, results: list[Hasil1]) -> list[str]:
    """Write the changed cells and one Riwayat row per copy that changed something."""
    plan = Plan()
    for h in results:
        for sheet, cells in h.cells.items():
            plan.fixed(sheet, cells)
        if h.perubahan:
            ctx.riwayat.append("3", "kumpulkan", f"Salinan {h.berkas.name}: unit {h.unit} "
                               f"{L.tw(h.triwulan or 1)}, {len(h.perubahan)} sel"
                               + (" (Draf)" if h.status == "draf" else ""), h.sidik or "")
    written = plan.apply(ctx.book, ctx.snap.grids)
    ctx.riwayat.flush()
    return written


def _line(h: Hasil1) -> str:
    if h.status == "ditolak":
        return kalimat(f"{h.berkas.name}: DITOLAK — {h.alasan}")
    if h.status == "belum diisi":
        return (f"{h.berkas.name}: unit {h.unit} {L.tw(h.triwulan or 1)} belum diisi (isiannya "
                "masih seperti saat dibagikan); tidak ada yang diubah.")
    if h.status == "sama":
        lines = [f"{h.berkas.name}: sudah dikumpulkan, tidak ada perubahan."]
    else:
        head = f"{h.berkas.name}: unit {h.unit} {L.tw(h.triwulan or 1)}"
        if h.status == "draf":
            head += " (Status Draf: isian diambil, belum dihitung diajukan)"
        if not h.perubahan:
            lines = [head + ", tidak ada perubahan."]
        else:
            lines = [head + f", {len(h.perubahan)} sel:"]
            lines += [f"  {p.lembar}!{p.sel} {p.kode or ''} {p.kolom}: {_show(p.sebelum)} → "
                      f"{_show(p.sesudah)}" for p in h.perubahan]
    lines += [f"  diabaikan {d.sel} {d.kolom}: {_show(d.nilai)} — {d.alasan}."
              for d in h.diabaikan]
    return "\n".join(lines)


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(kosong)"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)
