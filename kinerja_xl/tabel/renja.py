"""The Permendagri 86/2017 "Evaluasi terhadap Hasil Renja Perangkat Daerah" form,
read as offices fill it.

It is not a PK: its rows are programs, kegiatan and sub kegiatan, each with its own
indicator, a K (kinerja) and an Rp. (anggaran) column per target and per quarter.
`buat --pk FORM` derives a PK from it with stated defaults (one indicator per row with
an indicator and a K target, Arah Positif, Agregasi Jumlah, annual targets only), and
`impor --realisasi FORM --triwulan N` takes quarter N's K and Rp. for the same rows.
Codes come from the form's own Kode column (the program/kegiatan code), so they stay
the same when rows are reordered.
"""
from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import layout as L
from .. import temuan as T
from ..tables import Row, TableError, table_error, temuan_berkas
from . import Tabel, baca_lembar, baris_dilewati, terapkan_pemisah
from .baca import Lembar
from .judul import CARI_BARIS, gabung_nama, header_grid, ada_isi, penutup, baris_nomor

LEVEL = {"program": "SKPD", "kegiatan": "Bidang", "sub kegiatan": "Seksi"}
KODE_UNIT = "PD"
JENIS_UNIT = "Sekretariat"   # the whole Perangkat Daerah as one unit without an Induk
_WAJIB = ("indikator", "renja_k")
_ROMAWI = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _kelas(name: str) -> str | None:
    """What a form column holds, from its (top-down merged) header."""
    n = " ".join(name.casefold().split())
    if not n:
        return None
    m = re.search(r"(?:^|\s)(k|rp\.?|rupiah)\s*:?\s*(?:\([^)]*\))?\s*$", n)
    ku = None if m is None else "k" if m.group(1) == "k" else "rp"
    if "indikator" in n:
        return "indikator"
    if n.startswith("sasaran"):
        return "sasaran"
    if re.fullmatch(r"kode( rekening)?", n):
        return "kode"
    if "program" in n and "kegiatan" in n:
        return "program"
    if n.startswith("satuan"):
        return "satuan"
    m = re.search(r"triwulan\s+(iv|iii|ii|i|[1-4])\b", n)
    if "realisasi" in n and m and ku:
        return f"tw{_ROMAWI[m.group(1)]}_{ku}"
    if "target" in n and "realisasi" not in n and ku:
        if "renja" in n:
            return f"renja_{ku}"
        if "renstra" in n:
            return f"renstra_{ku}"
    return None


@dataclass
class Formulir:
    """Where the form sits in a file."""
    path: Path
    lembar: Lembar
    atas: int
    bawah: int
    kolom: dict[str, int]
    # Rp. columns whose header says the amounts are in thousands/millions/billions.
    skala: dict[str, int] = field(default_factory=dict)


_SATUAN_RP = (("miliar", 10 ** 9), ("milyar", 10 ** 9), ("juta", 10 ** 6), ("ribu", 10 ** 3))


def _skala_rp(lembar: Lembar, atas: int, bawah: int, kolom: dict[str, int]) -> dict[str, int]:
    rows = header_grid(lembar, bawah)
    out = {}
    for k, c in kolom.items():
        if not k.endswith("_rp"):
            continue
        name = gabung_nama(rows, atas, bawah - atas + 1, c).casefold()
        for word, factor in _SATUAN_RP:
            if re.search(rf"\b{word}\b", name):
                out[k] = factor
                break
    return out


def cocok_renja(spec: Any) -> Formulir | None:
    """The Evaluasi Renja form in `spec` (`PATH` or `PATH::LEMBAR`), or None."""
    if spec is None:
        return None
    try:
        path, sheets = baca_lembar(spec)
    except TableError:
        return None
    for lembar in sheets:
        found = _cari(lembar)
        if found is not None:
            return Formulir(path, lembar, *found, skala=_skala_rp(lembar, *found))
    return None


def _cari(lembar: Lembar) -> tuple[int, int, dict[str, int]] | None:
    upto = min(len(lembar.grid), CARI_BARIS + 4)
    if upto == 0:
        return None
    rows = header_grid(lembar, upto)
    width = max((len(r) for r in rows), default=0)
    best = None
    for top in range(1, min(CARI_BARIS, upto) + 1):
        for depth in range(1, 5):
            if top + depth - 1 > upto:
                break
            kolom: dict[str, int] = {}
            for c in range(1, width + 1):
                k = _kelas(gabung_nama(rows, top, depth, c))
                if k and k not in kolom:
                    kolom[k] = c
            if not all(k in kolom for k in _WAJIB) or not any(k.startswith("tw") for k in kolom):
                continue
            # The fewest rows giving the most columns: a title line above the header
            # ("Indikator dan target kinerja …") is not part of a column's name.
            if best is None or len(kolom) > len(best[2]) or (
                    len(kolom) == len(best[2]) and depth < best[1] - best[0] + 1):
                best = (top, top + depth - 1, kolom)
    return best


def _instansi(lembar: Lembar, atas: int) -> str | None:
    for r in range(1, atas):
        line = lembar.grid[r - 1]
        for i, v in enumerate(line):
            if not isinstance(v, str):
                continue
            m = re.match(r"^\s*(?:nama\s+)?perangkat daerah\s*:\s*(\S.*)$", v, re.IGNORECASE)
            if m:
                return m.group(1).strip()
            if re.fullmatch(r"\s*(?:nama\s+)?perangkat daerah\s*:?\s*", v, re.IGNORECASE):
                rest = [x for x in line[i + 1:] if ada_isi(x)]
                if rest:
                    return str(rest[0]).strip().lstrip(":").strip()
    return None


_NOMOR_BUTIR = re.compile(r"(?:^|\n|\s)(\d{1,2})[.)]\s+")


def _butir(value: Any) -> list[Any]:
    """'1. Indeks A 2. Persentase B' → ['Indeks A', 'Persentase B']; else [value]."""
    if not isinstance(value, str):
        return [value]
    marks = list(_NOMOR_BUTIR.finditer(value))
    if len(marks) < 2 or [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)) \
            or value[:marks[0].start()].strip():
        lines = [x.strip() for x in value.splitlines() if x.strip()]
        return lines if len(lines) > 1 else [value]
    parts = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(value)
        parts.append(value[m.end():end].strip())
    return parts


@dataclass
class _Indikator:
    row: int
    kode: str
    level: str
    sasaran: str | None
    nama: str
    nilai: dict[str, Any]   # form class → value (one piece of a split cell)


@dataclass
class Renja:
    form: Formulir
    berkas: str
    instansi: str | None
    indikator: list[_Indikator]
    catatan: list[str] = field(default_factory=list)
    temuan: list[T.Temuan] = field(default_factory=list)
    pemisah: str | None = None

    def unit_rows(self) -> list[Row]:
        nama = self.instansi or "Perangkat Daerah"
        values = {"Kode unit": KODE_UNIT, "Nama unit": nama, "Jenis": JENIS_UNIT,
                  "Induk": None, "Kode singkat": KODE_UNIT}
        return [Row(values, self.berkas, self.form.atas, {}, False, self.form.lembar.nama)]

    def _rows(self, kelas: dict[str, str], extra: dict[str, Any]) -> list[Row]:
        """Rows keyed by our column names; text numbers under the file's separator."""
        rows = []
        for ind in self.indikator:
            values = {ours: ind.nilai.get(k) for ours, k in kelas.items()}
            values.update({k: v(ind) if callable(v) else v for k, v in extra.items()})
            cols = {ours: self.form.kolom[k] for ours, k in kelas.items() if k in self.form.kolom}
            cols["Kode"] = self.form.kolom.get("kode", self.form.kolom["indikator"])
            cols["Indikator"] = self.form.kolom["indikator"]
            rows.append(Row(values, self.berkas, ind.row, cols, False, self.form.lembar.nama))
        angka = [ours for ours, k in kelas.items() if k.endswith(("_k", "_rp"))]
        found = terapkan_pemisah(rows, angka, self.pemisah)
        if found:
            raise table_error(f"Formulir Evaluasi Renja {self.berkas} tidak dibaca:", found)
        for ours, k in kelas.items():
            factor = self.form.skala.get(k)
            for row in rows if factor else ():
                v = row.values.get(ours)
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    row.values[ours] = float(Decimal(repr(float(v))) * factor)
        return rows

    def pk_rows(self, unit: str) -> list[Row]:
        kelas = {"Target tahunan": "renja_k", "Pagu anggaran": "renja_rp",
                 "Target akhir Renstra": "renstra_k", "Satuan": "satuan"}
        return self._rows(kelas, {
            "Kode": lambda i: i.kode, "Indikator": lambda i: i.nama,
            "Level": lambda i: i.level, "Sasaran": lambda i: i.sasaran, "Unit": unit,
            "Arah": L.POSITIF, "Agregasi": L.JUMLAH})

    def realisasi(self, n: int) -> Tabel:
        kelas = {"Realisasi": f"tw{n}_k", "Realisasi anggaran": f"tw{n}_rp"}
        if f"tw{n}_k" not in self.form.kolom:
            raise TableError(f"Berkas {self.berkas}: formulir Evaluasi Renja tanpa kolom "
                             f"Realisasi Kinerja Triwulan {L.ROMAWI[n]} (K).",
                             [temuan_berkas(self.berkas, self.form.lembar.nama, None,
                                            "kolom_hilang",
                                            kolom=f"Triwulan {L.ROMAWI[n]} K")])
        rows = self._rows(kelas, {"Kode": lambda i: i.kode})
        rows = [r for r in rows if r.get("Realisasi") is not None
                or r.get("Realisasi anggaran") is not None]
        tabel = Tabel(self.berkas, self.form.lembar.nama, rows, None, list(self.temuan),
                      list(self.catatan))
        return tabel


def _kode_dasar(kode: Any) -> str | None:
    if kode is None:
        return None
    if isinstance(kode, float) and kode.is_integer():
        kode = int(kode)
    text = " ".join(str(kode).split())
    return text or None


def _jenis_baris(program: str | None, kode: str | None) -> str | None:
    text = (program or "").strip().casefold()
    if re.match(r"sub\s*-?\s*kegiatan", text):
        return "sub kegiatan"
    if text.startswith("kegiatan"):
        return "kegiatan"
    if text.startswith("program"):
        return "program"
    if kode:
        parts = len([p for p in re.split(r"[.\s]+", kode) if p])
        return {3: "program", 5: "kegiatan", 6: "sub kegiatan"}.get(parts)
    return None


def _sidik(*parts: str) -> str:
    text = "|".join(" ".join(p.casefold().split()) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:4].upper()


def baca_renja(form: Formulir, pemisah: str | None = None) -> Renja:
    lembar, kolom = form.lembar, form.kolom
    grid = lembar.grid
    berkas = form.path.name
    start = form.bawah + 1
    if baris_nomor(grid, start):
        start += 1

    def sel(r: int, k: str) -> Any:
        c = kolom.get(k)
        if c is None or c - 1 >= len(grid[r - 1]):
            return None
        v = grid[r - 1][c - 1]
        return v if ada_isi(v) else None

    problems: list[T.Temuan] = []
    dilewati: list[int] = []
    found: list[_Indikator] = []
    sasaran = None
    induk: dict[str, str | None] = {"program": None, "kegiatan": None}
    kosong = 0
    kunci_kolom = [kolom[k] for k in ("indikator", "renja_k") if k in kolom]
    for r in range(start, len(grid) + 1):
        if not any(ada_isi(v) for v in grid[r - 1]):
            kosong += 1
            if kosong >= 3:
                break
            continue
        kosong = 0
        if penutup(grid, r, kunci_kolom):
            break
        if sel(r, "sasaran") is not None:
            sasaran = str(sel(r, "sasaran")).strip()
        kode = _kode_dasar(sel(r, "kode"))
        program = sel(r, "program")
        jenis = _jenis_baris(str(program) if program is not None else None, kode)
        if jenis == "program":
            induk = {"program": kode or str(program), "kegiatan": None}
        elif jenis == "kegiatan":
            induk["kegiatan"] = kode or str(program)
        nama, target = sel(r, "indikator"), sel(r, "renja_k")
        if nama is None or target is None:
            if nama is not None or target is not None:
                dilewati.append(r)
            continue
        names = _butir(nama)
        values = {k: _butir(sel(r, k)) for k in kolom if k.endswith(("_k", "_rp"))
                  or k == "satuan"}
        for k, pieces in values.items():
            if len(names) > 1 and len(pieces) not in (1, len(names)) or (
                    len(names) > 1 and len(pieces) == 1 and k.endswith("_k")
                    and pieces[0] is not None):
                problems.append(temuan_berkas(
                    berkas, lembar.nama, _ref(r, kolom[k]), "isian_tidak_sah",
                    teks=str(sel(r, k)), kolom=f"kolom {k.replace('_', ' ').upper()}",
                    pilihan=f"satu nilai per indikator (1. … {len(names)}. …), seperti "
                            "kolom indikatornya"))
        base = kode or "-".join(x for x in (induk["program"], induk["kegiatan"]) if x) or None
        level = LEVEL.get(jenis or "", "Bidang")
        for i, name in enumerate(names):
            nilai = {}
            for k, pieces in values.items():
                nilai[k] = pieces[i] if len(pieces) == len(names) else (
                    pieces[0] if k == "satuan" or k.endswith("_rp") and i == 0 else None)
            found.append(_Indikator(r, base or "", level, sasaran, str(name).strip(), nilai))
    # A code per indicator: the row's own program/kegiatan code, and where one code
    # carries several indicators, a short digest of the indicator's name.
    by_base: dict[str, int] = {}
    for ind in found:
        by_base[ind.kode] = by_base.get(ind.kode, 0) + 1
    for ind in found:
        if not ind.kode:
            ind.kode = "ER-" + _sidik(ind.sasaran or "", ind.nama)
        elif by_base[ind.kode] > 1:
            ind.kode = f"{ind.kode}-{_sidik(ind.nama)}"
    if problems:
        raise table_error(f"Formulir Evaluasi Renja {berkas} tidak dibaca:", problems)
    instansi = _instansi(lembar, form.atas)
    renja = Renja(form, berkas, instansi, found, pemisah=pemisah)
    where = f", lembar '{lembar.nama}'" if lembar.nama else ""
    renja.catatan.append(
        f"Formulir Evaluasi Renja dikenali: {berkas}{where}, judul kolom baris "
        f"{form.atas}–{form.bawah}, {len(found)} indikator. Bawaan yang dapat diubah di "
        f"lembar PK dan Pengaturan: satu unit ({instansi or 'Perangkat Daerah'}), Level "
        "menurut baris (program → SKPD, kegiatan → Bidang, sub kegiatan → Seksi), Arah "
        "Positif, Agregasi Jumlah, target tahunan saja (Target triwulan: tahunan saja), "
        "kode dari kolom Kode formulir.")
    for k, factor in form.skala.items():
        renja.catatan.append(
            f"Kolom {_NAMA_KELAS.get(k, k)} menurut judulnya dalam "
            f"{dict((f, w) for w, f in _SATUAN_RP)[factor]} rupiah: nilainya dikalikan "
            f"{factor:,}".replace(",", ".") + ".")
    if dilewati:
        renja.temuan.append(baris_dilewati(berkas, lembar.nama, dilewati,
                                           "indikator maupun target K"))
    return renja


_NAMA_KELAS = {"renja_rp": "Rp. Target Renja", "renstra_rp": "Rp. Target Renstra",
               **{f"tw{n}_rp": f"Rp. Realisasi Triwulan {L.ROMAWI[n]}" for n in L.TRIWULAN}}


def _ref(r: int, c: int) -> str:
    from ..io.cells import cell_ref
    return cell_ref(r, c)
