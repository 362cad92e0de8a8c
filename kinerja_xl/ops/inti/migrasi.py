"""The workbook contract's versions, and the steps that bring an older workbook up to date.

A workbook lives a whole year while the program is updated.  It records the version
of the contract (`layout.py`) it was built with in the defined name
`layout.NAMA_VERSI`; `periksa` (called by `snapshot.read_referensi`, which every operation
and the ribbon pass through) stops a command on a workbook of another version, and
`kinerja-xl perbarui` (`makro.perbarui`) runs `migrasikan`: the steps of `LANGKAH`
from the workbook's version to `layout.VERSI_KONTRAK`, each renaming sheets' header
cells (never a value), then records the new version and a `Riwayat` row.

A workbook without the name was built before versions were recorded; its contract is
version 1 (`layout.VERSI_PERTAMA`), so it keeps working as it is; `perbarui` writes the
name into it.

To change the contract: change `layout.py`, raise `layout.VERSI_KONTRAK` by one and
add a `Langkah` here whose `ke` is the new version.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

from ... import layout as L
from ...io import open_workbook
from ...io.base import Workbook, WorkbookError
from ...rows import header_map
from .riwayat import Riwayat, tanda


@dataclass(frozen=True)
class GantiJudul:
    """A header renamed: on sheet `lembar` (every sheet whose name starts with it when
    `awalan`), the header cell in row `baris` that reads `lama` becomes `baru`."""
    lembar: str
    baris: int
    lama: str
    baru: str
    awalan: bool = False

    def lembar_kena(self, names: list[str]) -> list[str]:
        return [s for s in names if (s.startswith(self.lembar) if self.awalan
                                     else s == self.lembar)]


@dataclass(frozen=True)
class Langkah:
    """What brings a workbook from version `ke - 1` to version `ke`.  `judul`: header
    renames; `lain`: anything else a future contract needs (it gets the workbook and
    returns what it changed, in words), which must move cells, never change a value."""
    ke: int
    keterangan: str
    judul: tuple[GantiJudul, ...] = ()
    lain: Callable[[Workbook], list[str]] | None = None


# Version 1 is the first contract: nothing to migrate yet.  Add a step for each
# version after it, in order.
LANGKAH: tuple[Langkah, ...] = ()

# The sheets every workbook of ours has had since version 1: a workbook built before
# versions were recorded is recognised by them (another tool's .xlsm is not ours).
LEMBAR_TETAP = (L.PENGATURAN, L.UNIT, L.PK, L.RA, L.DISPOSISI, L.PEMBAGIAN_TUGAS,
                L.KOREKSI_KASI, L.KOREKSI_KABID, L.PEMERIKSAAN_KADIN, L.STATUS_SOP,
                L.TEMUAN, L.RIWAYAT)


def _nama(book: Workbook) -> str:
    return os.path.basename(book.path) if book.path else "buku kerja"


def versi_tercatat(book: Workbook) -> int | None:
    """The version the workbook records; None when it records none.  A value that is
    not a whole number stops the run (exit 2)."""
    for name, sheet, refers_to in book.defined_names():
        if sheet is None and name.casefold() == L.NAMA_VERSI.casefold():
            text = str(refers_to).strip().lstrip("=").strip().strip('"').strip()
            try:
                return int(text)
            except ValueError:
                raise WorkbookError(
                    f"Berkas '{_nama(book)}': nama {L.NAMA_VERSI} (versi kontrak buku kerja) "
                    f"berisi '{refers_to}', bukan nomor versi. Kembalikan berkas dari folder "
                    "cadangan/, atau buat buku kerja baru dengan 'kinerja-xl buat BARU.xlsm "
                    f"--dari {_nama(book)}'.") from None
    return None


def versi(book: Workbook) -> int:
    """The contract version the workbook follows (1 when it records none)."""
    found = versi_tercatat(book)
    return L.VERSI_PERTAMA if found is None else found


def milik_kita(book: Workbook) -> bool:
    """Built by kinerja-xl: it records a version, or (built before versions were
    recorded) it has every sheet of the first contract."""
    if versi_tercatat(book) is not None:
        return True
    names = set(book.sheet_names())
    return all(s in names for s in LEMBAR_TETAP)


def periksa(book: Workbook) -> None:
    """Stop (exit 2) on a workbook of another contract version, saying what to run."""
    v = versi(book)
    if v == L.VERSI_KONTRAK:
        return
    path = book.path or _nama(book)
    if v < L.VERSI_KONTRAK:
        raise WorkbookError(
            f"Buku kerja '{_nama(book)}' memakai susunan lembar versi {v}; program ini "
            f"memakai versi {L.VERSI_KONTRAK}. Perbarui dulu dengan 'kinerja-xl perbarui "
            f"{path}' (isi tidak diubah, salinan cadangan disimpan), lalu ulangi perintah ini.")
    raise WorkbookError(
        f"Buku kerja '{_nama(book)}' memakai susunan lembar versi {v}, lebih baru dari "
        f"program ini (versi {L.VERSI_KONTRAK}). Pasang kinerja-xl versi terbaru, lalu ulangi "
        "perintah ini.")


def periksa_berkas(path: str | os.PathLike) -> None:
    """`periksa` for a workbook file a command reads without an operation (`pdf`: the
    report is printed as it is, but a workbook of another version stops here too)."""
    with open_workbook(path) as book:
        periksa(book)


def _ganti_judul(book: Workbook, g: GantiJudul, lembar: list[str]) -> list[str]:
    done = []
    for sheet in g.lembar_kena(book.sheet_names()):
        grid = book.read(sheet)
        header = grid[g.baris - 1] if len(grid) >= g.baris else []
        col = header_map(header, [g.lama]).get(g.lama)
        if col is None:
            continue
        book.write_cells(sheet, {(g.baris, col): g.baru})
        lembar.append(sheet)
        done.append(f"{sheet}: '{g.lama}' → '{g.baru}'")
    return done


@dataclass
class Migrasi:
    ringkasan: list[str]   # what changed, in words (empty: the workbook was up to date)
    lembar: list[str]      # the sheets written


def migrasikan(book: Workbook) -> Migrasi:
    """Bring the workbook to this version: every step from its version on, the version
    recorded, and a Riwayat row when a step ran.  A newer workbook is refused."""
    tercatat = versi_tercatat(book)
    v = L.VERSI_PERTAMA if tercatat is None else tercatat
    if v > L.VERSI_KONTRAK:
        periksa(book)
    out: list[str] = []
    lembar: list[str] = []
    steps = [s for s in sorted(LANGKAH, key=lambda s: s.ke) if v < s.ke <= L.VERSI_KONTRAK]
    for step in steps:
        for g in step.judul:
            out.extend(_ganti_judul(book, g, lembar))
        if step.lain is not None:
            out.extend(step.lain(book))
    if tercatat != L.VERSI_KONTRAK:
        book.set_name(L.NAMA_VERSI, str(L.VERSI_KONTRAK))
    if steps:
        ringkasan = (f"Susunan lembar diperbarui dari versi {v} ke versi {L.VERSI_KONTRAK}: "
                     + "; ".join(s.keterangan for s in steps)
                     + (" (" + "; ".join(out) + ")" if out else "") + ". Tidak ada nilai diubah.")
        riwayat = Riwayat(book)
        riwayat.append("-", "perbarui", ringkasan, tanda("perbarui", v, L.VERSI_KONTRAK))
        riwayat.flush()
        return Migrasi([ringkasan], list(dict.fromkeys(lembar + [L.RIWAYAT])))
    if tercatat is None:
        return Migrasi([f"Versi susunan lembar ({L.VERSI_KONTRAK}) dicatat di buku kerja."], [])
    return Migrasi([], [])
