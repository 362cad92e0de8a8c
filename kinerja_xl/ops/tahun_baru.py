"""`buat NEW --dari OLD --tahun Y`: start a new year from last year's workbook.

Carried over: the units, the indicators (PK and RA, targets included, for the
operator to revise), the predicate scale and the settings.  Last year's annual
realisation (after corrections, submitted quarters only) goes into "Realisasi tahun
lalu"; an indicator without one gets an empty cell rather than the value from two
years back.  Everything people type during a year (staff inputs, disposisi,
corrections, decisions, Riwayat) starts empty, because the new file is built fresh.
"""
from __future__ import annotations

import copy
import os
from pathlib import Path

from ..io.base import WorkbookError
from ..model import Referensi
from .inti.snapshot import read_snapshot
from .inti.hitung import hasil_tahunan, number
from .inti.outputs import Outputs
from .. import layout as L

# Settings that belong to one year's report, not to the Dinas.
PER_TAHUN = (L.TANGGAL_LAPORAN_KUNCI,)


def referensi_tahun_baru(old_path: str | Path, tahun: int | None) -> Referensi:
    from ..io import open_workbook

    with open_workbook(old_path, write=False) as book:
        snap = read_snapshot(book)
    old = snap.ref
    baru = tahun or old.tahun + 1
    if baru <= old.tahun:
        raise WorkbookError(f"Tahun baru {baru} harus setelah tahun buku kerja "
                            f"'{Path(old_path).name}' ({old.tahun}).")
    indikator = []
    for ind in old.indikator:
        new = copy.deepcopy(ind)
        new.realisasi_tahun_lalu = number(hasil_tahunan(snap, ind).realisasi)
        # A PK Perubahan belongs to its year: the new year's PK starts as first signed.
        new.target_awal = new.tanggal_perubahan = None
        indikator.append(new)
    pengaturan = dict(old.pengaturan)
    pengaturan[L.TAHUN_KUNCI] = baru
    pengaturan[L.TRIWULAN_AKTIF_KUNCI] = 1
    for kunci in PER_TAHUN:
        pengaturan[kunci] = None
    return Referensi(units=copy.deepcopy(old.units), indikator=indikator,
                     pengaturan=pengaturan, skala=old.skala)


def build_from_previous(new_path: str | Path, old_path: str | Path,
                        tahun: int | None, *, outputs: Outputs) -> tuple[Referensi, str | None]:
    """Build NEW from OLD; OLD is only read and never replaced.  Returns the reference
    data and the backup kept of a NEW that was already there (`buat --timpa`)."""
    from ..io.baru import tulis_berkas

    new_path, old_path = Path(new_path), Path(old_path)
    if new_path.exists() and old_path.exists() and \
            os.path.samefile(new_path, old_path):
        raise WorkbookError(f"Berkas baru '{new_path.name}' sama dengan buku kerja tahun lalu; "
                            "pilih nama lain agar data tahun lalu tetap utuh.")
    ref = referensi_tahun_baru(old_path, tahun)
    return ref, tulis_berkas(new_path, outputs.build_bytes(ref))
