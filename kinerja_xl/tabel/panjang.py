"""A long table: one row per indicator and quarter, the quarter in its own column
(`Triwulan`, `TW`, `Periode`: 1–4, I–IV, "TW II")."""
from __future__ import annotations

from .. import layout as L
from ..rows import TableError, table_error
from . import alias as A
from .tampil import tampil as _tampil


def pilih_triwulan(tabel, n: int) -> None:
    """A long table: keep the rows of quarter n; a row whose quarter cannot be read is an
    error naming its cell; a file without quarter n names the quarters it holds."""
    bad, per_q = [], {}
    for row in tabel.rows:
        raw = row.values.get(A.TRIWULAN)
        q = L.baca_tw(raw)
        if q is None:
            bad.append(row.temuan(A.TRIWULAN, "isian_tidak_sah", teks=_tampil(raw),
                                  kolom=f"kolom {A.TRIWULAN}",
                                  pilihan="1, 2, 3, 4 atau I, II, III, IV"))
            continue
        per_q.setdefault(q, []).append(row)
    if bad:
        raise table_error(f"Tabel {tabel.berkas}: kolom {A.TRIWULAN} tidak dapat dibaca:", bad)
    if n not in per_q:
        ada = ", ".join(L.tw(q) for q in sorted(per_q)) or "tidak ada"
        raise TableError(f"Berkas {tabel.berkas}: tabel ini memuat satu baris per indikator "
                         f"dan triwulan (kolom {A.TRIWULAN}), tetapi tidak ada baris "
                         f"{L.tw(n)}; triwulan yang ada: {ada}. Pilih --triwulan sesuai isi "
                         "berkas.")
    tabel.rows = per_q[n]
    lain = {q: len(r) for q, r in per_q.items() if q != n}
    note = (f"Kolom {A.TRIWULAN}: {len(per_q[n])} baris {L.tw(n)} dibaca")
    if lain:
        note += "; baris triwulan lain tidak dipakai: " + ", ".join(
            f"{L.tw(q)} {c} baris" for q, c in sorted(lain.items()))
    tabel.catatan.append(note + ".")
