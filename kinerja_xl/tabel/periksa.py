"""What a table reader understood of a file, shown before anything is written.

`periksa` reads a table the way `buat` or `impor` would and returns the reading: the
format, the sheet, the header rows, each column's role with the header text and cell
it came from, the rows read and the rows skipped with their reason, the decimal
separator decided, and every row as it would be written.  It changes nothing.  The
same reading can be kept as a peta (`peta.py`) for next quarter.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .. import layout as L
from .. import temuan as T
from ..io.cells import cell_ref
from ..rows import TableError, temuan_berkas
from . import alias as A
from . import peran as P
from .jenis_berkas import NAMA_FORMAT
from .peta import Peta
from .tampil import tampil

SEBAGAI = {"pk": A.PK, "ra": A.RA, "unit": A.UNIT, "realisasi": A.REALISASI}


@dataclass
class Bacaan:
    berkas: str
    format: str
    lembar: str | None
    dibaca_sebagai: str
    baris_judul: tuple[int, int]
    baris_nomor: int | None
    kolom: list[dict[str, Any]]            # {"kolom", "judul", "sel"} per column used
    kolom_lain: list[dict[str, Any]]       # headers not used
    kolom_hilang: list[str]                # required columns not found
    baris_terbaca: list[dict[str, Any]]    # {"baris", "nilai", "asli"}
    baris_dilewati: list[dict[str, Any]]   # {"baris", "alasan"}
    pemisah: str | None
    unit: str | None = None
    tahun: int | None = None
    catatan: list[str] = field(default_factory=list)
    temuan: list[T.Temuan] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"format": self.format, "lembar": self.lembar,
                "dibaca_sebagai": self.dibaca_sebagai,
                "baris_judul": list(self.baris_judul), "baris_nomor": self.baris_nomor,
                "kolom": self.kolom, "kolom_lain": self.kolom_lain,
                "kolom_hilang": self.kolom_hilang, "baris_terbaca": self.baris_terbaca,
                "baris_dilewati": self.baris_dilewati, "pemisah_desimal": self.pemisah,
                "unit": self.unit, "tahun": self.tahun}

    def peta(self) -> Peta:
        return Peta(self.berkas, self.lembar, self.baris_judul,
                    {k["judul"]: k["kolom"] for k in self.kolom},
                    [], self.pemisah, self.unit, self.dibaca_sebagai)

    def teks(self, semua: bool = False, batas: int = 5) -> list[str]:
        where = f", lembar '{self.lembar}'" if self.lembar else ""
        lines = [f"Berkas {self.berkas}: {NAMA_FORMAT.get(self.format, self.format)}{where}.",
                 f"Dibaca sebagai {self.dibaca_sebagai}.",
                 f"Judul kolom di baris {_rentang(*self.baris_judul)}"
                 + (f"; baris nomor kolom {self.baris_nomor}" if self.baris_nomor else "")
                 + "."]
        if self.unit:
            lines.append(f"Unit: {self.unit}.")
        if self.tahun:
            lines.append(f"Tahun: {self.tahun}.")
        lines.append("Kolom yang dipakai:")
        for k in self.kolom:
            lines.append(f"  {k['sel']:<6} {k['kolom']:<26} ← '{_pendek(k['judul'], 70)}'")
        if self.kolom_hilang:
            lines.append("Kolom wajib yang tidak ditemukan: " + ", ".join(self.kolom_hilang)
                         + " (petakan dengan --kolom \"JUDUL DI TABEL=NAMA KAMI\").")
        if self.kolom_lain:
            lines.append("Kolom lain (tidak dipakai): " + "; ".join(
                f"{k['sel']} '{_pendek(k['judul'], 40)}'" for k in self.kolom_lain))
        lines.append("Pemisah desimal angka berupa teks: " + (
            {"koma": "koma (12,5)", "titik": "titik (12.5)"}.get(self.pemisah or "",
                                                                  "tidak diperlukan")) + ".")
        rows = [r["baris"] for r in self.baris_terbaca]
        lines.append(f"Baris dibaca: {len(rows)}" + (
            f" (baris {_rentang(rows[0], rows[-1])})" if rows else "") + ".")
        per_alasan: dict[str, list[int]] = {}
        for d in self.baris_dilewati:
            per_alasan.setdefault(d["alasan"], []).append(d["baris"])
        for alasan, rs in per_alasan.items():
            # the reasons finish "… tidak berisi", as the baris_dilewati finding says them
            lines.append(f"Baris {', '.join(map(str, rs))} dilewati, tidak berisi {alasan}.")
        shown = self.baris_terbaca if semua else self.baris_terbaca[:batas]
        if shown:
            lines.append("Baris seperti akan ditulis:" if semua else
                         f"{len(shown)} baris pertama seperti akan ditulis (semua: --semua):")
            for r in shown:
                parts = [f"{k}={_nilai_teks(v)}" for k, v in r["nilai"].items() if v is not None]
                lines.append(f"  baris {r['baris']}: " + " | ".join(parts))
        return lines + self.catatan


def _rentang(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}–{b}"


def _pendek(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n - 1] + "…"


def _nilai_teks(v: Any) -> str:
    """A value as the guide writes numbers (12,5; 1.200.000), text quoted."""
    from ..rules import format_angka
    if isinstance(v, str):
        return f"'{_pendek(v, 60)}'"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return format_angka(v)
    return _pendek(tampil(v), 60)


def _json(v: Any) -> Any:
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    if isinstance(v, float):
        return float(v)
    return v


def periksa(spec: str | Path, sebagai: str | None = None, triwulan: int | None = None,
            tahun: int | None = None, kolom: Mapping[str, str] | None = None,
            desimal: str | None = None) -> Bacaan:
    from .renja import cocok_renja
    if sebagai in (None, "pk", "realisasi"):
        form = cocok_renja(spec, kolom, triwulan)
        if form is not None:
            return _periksa_renja(form, sebagai or "pk", triwulan, desimal)
    if sebagai is None:
        sebagai = _tebak(spec, kolom, tahun)
    return _periksa_tabel(spec, SEBAGAI[sebagai], triwulan, tahun, kolom, desimal)


def _tebak(spec, kolom, tahun) -> str:
    """The kind whose columns the table's header fits best."""
    from . import baca_lembar
    from .judul import cari_judul
    _, sheets = baca_lembar(spec)
    best, kind = -1, "pk"
    for name, jenis in SEBAGAI.items():
        for lembar in sheets:
            j = cari_judul(lembar, jenis, kolom, tahun)
            if j is None:
                continue
            fit = j.skor + (100 if all(h in j.kolom for h in jenis.wajib) else 0)
            if fit > best:
                best, kind = fit, name
    return kind


def _periksa_tabel(spec, jenis, triwulan, tahun, kolom, desimal) -> Bacaan:
    from . import baca_tabel
    from .panjang import pilih_triwulan
    per_tw = A.alias_triwulan(triwulan) if jenis is A.REALISASI and triwulan else {}
    tabel = baca_tabel(spec, jenis, kolom, desimal, tahun=tahun, alias_tambahan=per_tw,
                       lengkap=False)
    judul = tabel.judul
    if jenis is A.REALISASI and A.TRIWULAN in judul.kolom and triwulan:
        pilih_triwulan(tabel, triwulan)
    from . import baca_lembar
    _, sheets = baca_lembar(spec if "::" in str(spec) or not tabel.lembar
                            else f"{spec}::{tabel.lembar}")
    grid = sheets[0].grid
    used = set(judul.kolom.values())
    cols = [{"kolom": ours, "judul": judul.nama_asli.get(c, ""),
             "sel": cell_ref(judul.baris_atas, c)} for ours, c in
            sorted(judul.kolom.items(), key=lambda kv: kv[1])]
    lain = [{"judul": n, "sel": cell_ref(judul.baris_atas, c)}
            for c, n in sorted(judul.nama_asli.items()) if c not in used]
    hilang = [h for h in jenis.wajib if h not in judul.kolom]
    found = list(tabel.temuan) + [temuan_berkas(tabel.berkas, tabel.lembar, None,
                                                "kolom_hilang", kolom=h) for h in hilang]
    baris = []
    for row in tabel.rows:
        asli = {ours: _json(_sel(grid, row.row, c)) for ours, c in judul.kolom.items()}
        baris.append({"baris": row.row, "nilai": {c["kolom"]: _json(row.values.get(c["kolom"]))
                                                  for c in cols},
                      "asli": asli})
    from .judul import baris_nomor
    nomor = judul.baris_bawah + 1 if baris_nomor(grid, judul.baris_bawah + 1) else None
    return Bacaan(tabel.berkas, tabel.format, tabel.lembar, f"tabel {jenis.nama}",
                  (judul.baris_atas, judul.baris_bawah), nomor, cols, lain, hilang, baris,
                  [{"baris": r, "alasan": a} for r, a in tabel.dilewati], tabel.pemisah,
                  tahun=tahun, catatan=list(tabel.catatan), temuan=found)


def _sel(grid, r: int, c: int) -> Any:
    if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
        return grid[r - 1][c - 1]
    return None


def _periksa_renja(form, sebagai: str, triwulan: int | None, desimal) -> Bacaan:
    from .renja import NAMA_KAMI, baca_renja
    renja = baca_renja(form, desimal)
    grid = form.lembar.grid
    if sebagai == "realisasi":
        if triwulan is None:
            raise TableError("Sebutkan --triwulan N untuk melihat realisasi triwulan mana "
                             "yang dibaca dari formulir Evaluasi Renja.")
        rows = renja.realisasi(triwulan).rows
        dibaca = f"formulir Evaluasi Renja, realisasi {L.tw(triwulan)}"
    else:
        rows = renja.pk_rows(renja.unit_rows()[0].values[L.KODE_UNIT_H], lengkap=False)
        dibaca = "formulir Evaluasi Renja, sebagai PK"
    cols = []
    for role, c in sorted(form.kolom.items(), key=lambda kv: kv[1]):
        ours = NAMA_KAMI.get(role)
        if ours is None:
            continue
        label = form.label.get(c)
        cols.append({"kolom": ours, "judul": label.teks if label else "",
                     "sel": cell_ref(form.atas, c)})
    for c in form.kode[1:]:
        cols.append({"kolom": L.KODE_H, "judul": form.label[c].teks, "sel": cell_ref(form.atas, c)})
    used = {c for role, c in form.kolom.items() if role in NAMA_KAMI} | set(form.kode)
    lain = [{"judul": lab.teks, "sel": cell_ref(form.atas, c)}
            for c, lab in sorted(form.label.items()) if c not in used]
    baris = []
    for row in rows:
        nilai = {k: _json(v) for k, v in row.values.items()}
        asli = {k: _json(_sel(grid, row.row, c)) for k, c in row.columns.items()}
        baris.append({"baris": row.row, "nilai": nilai, "asli": asli})
    catatan = list(renja.catatan)
    found = list(renja.temuan)
    if sebagai != "realisasi" and P.SATUAN not in form.kolom:
        found.append(temuan_berkas(renja.berkas, form.lembar.nama, None, "kolom_hilang",
                                   kolom=L.SATUAN_H))
    return Bacaan(renja.berkas, form.lembar.format, form.lembar.nama, dibaca,
                  (form.atas, form.bawah), form.nomor, cols, lain,
                  [] if sebagai == "realisasi" or P.SATUAN in form.kolom else [L.SATUAN_H], baris,
                  [{"baris": r, "alasan": a} for r, a in renja.dilewati], renja.pemisah_dipakai,
                  unit=renja.instansi, tahun=renja.tahun, catatan=catatan,
                  temuan=found)
