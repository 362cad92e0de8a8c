"""`gabung`: the kabupaten view — SKPD-level indicators of many Dinas side by side.

Each workbook is opened read-only and read into the same snapshot every operation
uses, so its figures are those of its own reports (corrections applied, only
submitted quarters counted).  A workbook that cannot be read becomes a finding and
the others are still merged: one broken file from one Dinas must not hold up the
whole kabupaten.

OUT.xlsx has one sheet per quarter and one for the year, each with a block of
columns per Dinas, and a `Sumber` sheet listing every input and what became of it.
"""
from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .. import layout as L
from .. import temuan as T
from ..io import open_workbook
from ..io.base import WorkbookError
from ..io.baru import GAYA_JUDUL, GAYA_TEBAL, BukuBaru, Lembar, tulis_baru
from ..io.safety import BACKUP_DIR
from .inti.snapshot import read_snapshot
from .inti.hitung import hasil_tahunan, hasil_triwulan, number
from .inti.jalankan import Hasil

BLOK = (L.KODE_H, L.INDIKATOR_H, L.SATUAN_H, L.TARGET_H, L.REALISASI_H, L.CAPAIAN_PERSEN_H,
        L.PREDIKAT_H)
LEBAR = (9, 36, 9, 10, 10, 11, 13)
JEDA = 1  # an empty column between two Dinas blocks
PERIODE = tuple(L.tw(n) for n in L.TRIWULAN) + ("Tahunan",)

Progress = Callable[[int, int, str], None]


@dataclass
class Dinas:
    berkas: Path
    instansi: str
    tahun: int
    rows: list[dict[str, Any]] = field(default_factory=list)


def _angka(h) -> dict[str, Any]:
    return {"target": number(h.target), "realisasi": number(h.realisasi),
            "capaian": h.capaian.as_float(), "predikat": h.predikat}


def ringkas(path: Path) -> Dinas:
    """The SKPD-level figures of one workbook, opened read-only."""
    with open_workbook(path, write=False) as book:
        snap = read_snapshot(book)
    ref = snap.ref
    dinas = Dinas(path, ref.pengaturan.instansi or path.stem, ref.tahun)
    for ind in (i for i in ref.indikator if i.level == "SKPD"):
        dinas.rows.append({
            "berkas": path.name, "instansi": dinas.instansi, "tahun": dinas.tahun,
            "kode": ind.kode, "indikator": ind.nama, "satuan": ind.satuan,
            "triwulan": [_angka(hasil_triwulan(snap, ind, n)) for n in L.TRIWULAN],
            "tahunan": _angka(hasil_tahunan(snap, ind)),
        })
    return dinas


def _baca_semua(paths: list[Path], progress: Progress | None) -> tuple[list[Dinas], list[T.Temuan], list[tuple[Path, str]]]:
    dinas, found, rusak = [], [], []
    for i, path in enumerate(paths):
        if progress:
            progress(i, len(paths), path.name)
        try:
            dinas.append(ringkas(path))
        except WorkbookError as exc:
            alasan = exc.pesan
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            alasan = f"isi tidak dapat dibaca ({type(exc).__name__}: {exc})"
        else:
            continue
        found.append(T.buat("buku_kerja_rusak", berkas=path.name, alasan=alasan.rstrip(".")))
        rusak.append((path, alasan))
    if progress:
        progress(len(paths), len(paths), "")
    return dinas, found, rusak


# --- the output workbook ----------------------------------------------------------------------
def _nilai(row: dict[str, Any], periode: int) -> dict[str, Any]:
    return row["tahunan"] if periode == 4 else row["triwulan"][periode]


def _sheet(judul: str, periode: int, dinas: list[Dinas]) -> Lembar:
    lembar = Lembar(judul, beku=(6, 1))
    cells, gaya = lembar.sel, lembar.gaya
    cells[(1, 1)] = f"GABUNGAN INDIKATOR KINERJA PERANGKAT DAERAH — {judul.upper()}"
    gaya[(1, 1)] = GAYA_JUDUL
    for d_i, d in enumerate(dinas):
        left = 1 + d_i * (len(BLOK) + JEDA)
        cells[(3, left)] = d.instansi
        gaya[(3, left)] = GAYA_TEBAL
        cells[(4, left)] = f"{d.berkas.name} · tahun {d.tahun}"
        for c, (head, width) in enumerate(zip(BLOK, LEBAR, strict=True)):
            cells[(5, left + c)] = head
            gaya[(5, left + c)] = "kepala"
            lembar.lebar[left + c] = width
        for r_i, row in enumerate(d.rows):
            v = _nilai(row, periode)
            values = (row["kode"], row["indikator"], row["satuan"], v["target"],
                      v["realisasi"], v["capaian"], v["predikat"])
            for c, value in enumerate(values):
                cells[(6 + r_i, left + c)] = value
        if not d.rows:
            cells[(6, left)] = "(tidak ada indikator tingkat SKPD)"
    return lembar


def _sumber(dinas: list[Dinas], rusak: list[tuple[Path, str]]) -> Lembar:
    rows: list[tuple[Any, ...]] = [("Berkas", L.INSTANSI_KUNCI, L.TAHUN_KUNCI, "Indikator SKPD",
                                    L.KETERANGAN_H)]
    rows += [(d.berkas.name, d.instansi, d.tahun, len(d.rows), "digabung") for d in dinas]
    rows += [(path.name, None, None, None, f"dilewati: {alasan}") for path, alasan in rusak]
    return Lembar("Sumber", baris=rows, lebar=dict(enumerate((34, 44, 8, 14, 80), start=1)))


def tulis(out: Path, dinas: list[Dinas], rusak: list[tuple[Path, str]]) -> None:
    sheets = [_sheet(judul, periode, dinas) for periode, judul in enumerate(PERIODE)]
    tulis_baru(out, BukuBaru(sheets + [_sumber(dinas, rusak)]))


# --- the inputs ------------------------------------------------------------------------------
AKHIRAN = (".xlsm", ".xlsx")


def _dilewati(path: Path, root: Path) -> bool:
    """Office lock files (`~$Buku.xlsm`, `.~lock.Buku.xlsm#`) and the tool's own backups
    are not Dinas workbooks."""
    if path.name.startswith(("~$", ".~")):
        return True
    return BACKUP_DIR in path.relative_to(root).parts[:-1]


def _sama(a: Path, b: Path | None) -> bool:
    return b is not None and a.exists() and b.exists() and os.path.samefile(a, b)


def _berputar(path: Path) -> bool:
    """A symbolic link that never reaches a file (it points to itself, or round)."""
    if not path.is_symlink():
        return False
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def cari_buku(paths: list[str | Path], out: Path | None = None,
              temuan: list[T.Temuan] | None = None) -> list[Path]:
    """The workbooks to merge: files as given, folders searched recursively for .xlsm
    and .xlsx (in name order), each file once.  An earlier output found inside a folder
    is not an input (a file named explicitly is, and `gabung` refuses it).  A looping
    symbolic link given by name is skipped, as inside a folder, with a `tautan_berputar`
    peringatan added to `temuan`."""
    found: list[Path] = []
    for given in map(Path, paths):
        if _berputar(given):
            if temuan is not None:
                temuan.append(T.buat("tautan_berputar", berkas=str(given)))
            continue
        if not given.is_dir():
            found.append(given)
            continue
        inside = [p for p in given.rglob("*") if p.is_file() and p.suffix.lower() in AKHIRAN
                  and not _dilewati(p, given) and not _sama(p, out)]
        if not inside:
            raise WorkbookError(f"Folder '{given}' tidak berisi buku kerja (.xlsm atau .xlsx).")
        found += sorted(inside, key=lambda p: [s.casefold() for s in p.relative_to(given).parts])
    unique: dict[str, Path] = {}
    for p in found:
        unique.setdefault(str(p.resolve()), p)
    return list(unique.values())


# --- the operation ----------------------------------------------------------------------------
def gabung(out: str | Path, paths: list[str | Path], progress: Progress | None = None) -> Hasil:
    out = Path(out)
    lewat: list[T.Temuan] = []
    inputs = cari_buku(paths, out, lewat)
    for p in inputs:
        if p.exists() and out.exists() and os.path.samefile(p, out):
            raise WorkbookError(f"Berkas keluaran '{out.name}' juga salah satu masukan; "
                                "pilih nama lain.")
    dinas, found, rusak = _baca_semua(inputs, progress)
    found = lewat + found
    tulis(out, dinas, rusak)
    rows = [row for d in dinas for row in d.rows]
    ringkasan = [f"{len(dinas)} buku kerja digabung ({len(rows)} indikator tingkat SKPD), "
                 f"{len(rusak) + len(lewat)} dilewati; hasil di {out}."]
    return Hasil("gabung", str(out), None, rows, found, ringkasan, [out.name])
