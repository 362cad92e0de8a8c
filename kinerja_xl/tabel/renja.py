"""The Evaluasi Renja form (Permendagri 86/2017, and its Permendagri 54/2010 forerunner),
read as offices fill it.

It is not a PK: its rows are programs, kegiatan and sub kegiatan, each with its own
indicator, a K (kinerja) and an Rp. (anggaran) column per target and per quarter.
`buat --pk FORM` derives a PK from it with stated defaults (one indicator per row with
an indicator and a K target, Arah Positif, Agregasi Jumlah, annual targets only), and
`impor --realisasi FORM --triwulan N` takes quarter N's K and Rp. for the same rows.

The header is found by scoring (`peran`), not by a fixed layout: one to five rows,
merged, with a row of column numbers anywhere in it ("12 = 8+9+10+11"), K/Rp pairs or
K/%/Rp triples under each quarter, flattened labels. A row is an indicator when its
indicator cell holds text; total, average and predicate rows, headings and labels are
skipped and listed; signatures and a second table end it.  Codes come from the form's
Kode columns as the cells show them, so they stay the same every quarter.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .. import layout as L
from .. import temuan as T
from ..io.cells import cell_ref, col_letter
from ..rows import Row, TableError, table_error, temuan_berkas
from . import Tabel, baca_lembar, baris_dilewati, terapkan_pemisah
from . import peran as P
from .berkas import Lembar
from .judul import (ada_isi, blok_judul, catatan_skala, kali_skala, penutup, segmen_judul,
                    skala_uang)
from .judul import baris_nomor_kolom as baris_nomor
from .tampil import tampil

# Why a row inside the form is not an indicator (the words finish "baris … tidak
# berisi …"); one finding per reason.
LEWAT_INDIKATOR = "indikator (judul urusan, program atau kegiatan, atau baris tanpa isi indikator)"
LEWAT_JUMLAH = "indikator, melainkan jumlah, rata-rata atau predikat"
LEWAT_LABEL = "indikator, melainkan label nama perangkat daerah"
LEWAT_TARGET = "target K tahun berjalan, jadi bukan indikator PK tahun ini"
LEWAT_TABEL_KEDUA = "baris data, melainkan judul tabel kedua (tabel itu tidak dibaca)"
LEWAT_PETA = "baris data menurut peta (lewati)"

LEVEL = {"program": "SKPD", "kegiatan": "Bidang", "sub kegiatan": "Seksi"}
KODE_UNIT = "PD"
JENIS_UNIT = "Sekretariat"   # the whole Perangkat Daerah as one unit without an Induk
KEDALAMAN = 5                # header rows at most (a numbering row included)

# What the options and a peta call our columns, as roles of the form.
PERAN_KAMI = {L.KODE_H: P.KODE, L.INDIKATOR_H: P.INDIKATOR, L.SATUAN_H: P.SATUAN,
              L.SASARAN_H: P.SASARAN, L.TARGET_TAHUNAN_H: f"{P.TAHUNAN}_{P.K}",
              L.PAGU_ANGGARAN_H: f"{P.TAHUNAN}_{P.RP}",
              L.TARGET_AKHIR_RENSTRA_H: f"{P.RENSTRA}_{P.K}",
              **{L.realisasi_h(n): f"tw{n}_{P.K}" for n in L.TRIWULAN},
              **{L.anggaran_h(n): f"tw{n}_{P.RP}" for n in L.TRIWULAN}}
NAMA_KAMI = {role: ours for ours, role in PERAN_KAMI.items()}

# A label that names a row of sums, averages or predicates, not an indicator: whole
# words only ("Jumlah Dokumen …" is an indicator, "Jumlah" alone is a total).
_BUKAN_INDIKATOR = re.compile(
    r"^(?:(?:sub\s*)?(?:jumlah|total)(?:\s+(?:total|keseluruhan|seluruhnya|akhir|program|"
    r"kegiatan|anggaran))?\s*:?$|"
    r"(?:rata-?\s*rata|rerata|nilai\s+rata-?\s*rata)\s+(?:tingkat\s+)?capaian\b|"
    r"predikat(?:\s+kinerja)?\b|tingkat\s+capaian\s+kinerja\s+rata)", re.IGNORECASE)
# The narrative a form puts under its table ends the table.
_NARASI = re.compile(r"^(?:faktor\s+(?:pendorong|pendukung|penghambat)|tindak\s+lanjut\b|"
                     r"catatan\s*:|keterangan\s*:|\*+\)|kesimpulan\b)", re.IGNORECASE)
_PD = re.compile(r"^\s*(?:nama\s+)?(?:perangkat daerah|opd|skpd|satuan kerja)\s*:\s*(\S.*)$",
                 re.IGNORECASE | re.DOTALL)
_PD_LABEL = re.compile(r"^\s*(?:nama\s+)?(?:perangkat daerah|opd|skpd)\s*:?\s*$", re.IGNORECASE)
_SASARAN_JUDUL = re.compile(r"^\s*sasaran\s*:\s*(\S.*)$", re.IGNORECASE | re.DOTALL)


@dataclass
class Formulir:
    """Where the form sits in a file and what each column holds."""
    path: Path
    lembar: Lembar
    atas: int
    bawah: int
    kolom: dict[str, int]                    # role → column
    label: dict[int, P.Label]                # column → its header, read
    kode: list[int] = field(default_factory=list)     # the Kode columns (split codes)
    nomor: int | None = None                 # the row of column numbers
    skala: dict[str, int] = field(default_factory=dict)  # Rp. role → 1000, 10**6 …
    satuan_tanpa_judul: bool = False
    kolom_dipakai: set[str] = field(default_factory=set)   # --kolom keys that named a header
    lewati: set[int] = field(default_factory=set)          # rows a peta says to skip

    @property
    def mulai(self) -> int:
        r = self.bawah + 1
        if self.nomor is None and r <= len(self.lembar.grid) and \
                baris_nomor(self.lembar.grid[r - 1]):
            self.nomor = r
        return r + 1 if self.nomor == r else r


def _label_blok(rows: list[list[Any]], top: int, bottom: int, width: int,
                skip: set[int]) -> dict[int, P.Label]:
    labels: dict[int, P.Label] = {}
    sebelum = None
    for c in range(1, width + 1):
        lab = P.baca_label(segmen_judul(rows, top, bottom - top + 1, c, skip), sebelum)
        if lab.segmen:
            labels[c] = lab
        sebelum = lab if lab.segmen else None
    return labels


def _cari(lembar: Lembar, paksa: Mapping[str, str] | None = None):
    best = None
    for blok in blok_judul(lembar, KEDALAMAN):
        top, bottom, nomor = blok.atas, blok.bawah, blok.nomor
        depth = bottom - top + 1
        labels = _label_blok(blok.rows, top, bottom, blok.lebar, nomor)
        peran, skor = P.tetapkan(labels, _paksa(labels, paksa))
        if P.INDIKATOR not in peran or not any(k.startswith("tw") for k in peran):
            continue
        if f"{P.TAHUNAN}_{P.K}" not in peran and not any(
                k.endswith("_k") and k.startswith("tw") for k in peran):
            continue
        key = (skor, -depth)
        if best is None or key > best[0]:
            inner = next((r for r in range(top, bottom + 1) if r in nomor), None)
            best = (key, top, bottom, peran, labels, inner)
    if best is None:
        return None
    _, top, bottom, peran, labels, inner = best
    return top, bottom, peran, labels, inner


def _paksa(labels: dict[int, P.Label], paksa: Mapping[str, str] | None) -> dict[int, str]:
    """`--kolom`/peta: a header named there takes the role given, whatever it says; a
    name several columns carry takes none (never the leftmost by luck)."""
    out, seen = {}, {}
    for c, lab in labels.items():
        key = _kunci_label(lab)
        role = (paksa or {}).get(key)
        if role is not None:
            seen.setdefault(key, []).append(c)
            out[c] = role
    for key, cols in seen.items():
        if len(cols) > 1:
            # Kode spans the columns under one merged header (a code split over them)
            for c in (cols[1:] if paksa[key] == P.KODE else cols):
                out.pop(c, None)
    return out


def _kunci_label(lab: P.Label) -> str:
    from .alias import kunci
    return kunci(" ".join(lab.segmen))


def peran_opsi(kolom_opsi: Mapping[str, str] | None, triwulan: int | None = None
               ) -> dict[str, str]:
    """`--kolom "NAMA DI TABEL=NAMA KAMI"` as roles of the form."""
    out = {}
    for key, ours in (kolom_opsi or {}).items():
        role = PERAN_KAMI.get(ours)
        if role is None and triwulan is not None:
            role = {L.REALISASI_H: f"tw{triwulan}_{P.K}",
                    L.REALISASI_ANGGARAN_H: f"tw{triwulan}_{P.RP}"}.get(ours)
        if role is not None:
            out[key] = role
    return out


def cocok_renja(spec: Any, kolom_opsi: Mapping[str, str] | None = None,
                triwulan: int | None = None) -> Formulir | None:
    """The Evaluasi Renja form in `spec` (`PATH` or `PATH::LEMBAR`), or None."""
    if spec is None:
        return None
    from . import dengan_lembar
    try:
        path, sheets = baca_lembar(dengan_lembar(spec, kolom_opsi))
    except TableError:
        return None
    paksa = peran_opsi(kolom_opsi, triwulan)
    for lembar in sheets:
        found = _cari(lembar, paksa)
        if found is None:
            continue
        top, bottom, peran, labels, inner = found
        form = Formulir(path, lembar, top, bottom, peran, labels, nomor=inner)
        form.kode = P.kolom_kode(labels, peran[P.KODE]) if P.KODE in peran else []
        form.skala = _skala_rp(form)
        form.kolom_dipakai = {_kunci_label(lab) for lab in labels.values()} & set(paksa)
        for key in form.kolom_dipakai:
            cols = [c for c, lab in labels.items() if _kunci_label(lab) == key]
            if len(cols) > 1 and paksa[key] != P.KODE:
                from . import nama_opsi
                where = f", lembar '{lembar.nama}'" if lembar.nama else ""
                raise TableError(
                    f"Berkas {path.name}{where}: judul kolom {nama_opsi(kolom_opsi, [key])} "
                    f"ada di beberapa kolom ({', '.join(cell_ref(top, c) for c in cols)}); tidak "
                    "jelas mana yang dimaksud. Tulis judulnya selengkap yang ditampilkan "
                    "kinerja-xl periksa-tabel, mis. 'Realisasi Kinerja Pada Triwulan / II / K'.")
        form.lewati = set(getattr(kolom_opsi, "lewati", set()))
        _satuan_tanpa_judul(form)
        return form
    return None


def _skala_rp(form: Formulir) -> dict[str, int]:
    out = {}
    for k, c in form.kolom.items():
        if k.endswith("_rp") and c in form.label:
            factor = skala_uang(form.label[c].teks, kata=True)[1]
            if factor != 1:
                out[k] = factor
    return out


def _satuan_tanpa_judul(form: Formulir) -> None:
    """A unit column without a header of its own sits under a merged header beside a
    number column ('K' merged over H12:I12): the column of the pair that holds words."""
    if P.SATUAN in form.kolom:
        return
    grid = form.lembar.grid
    start = form.mulai
    used = set(form.kolom.values()) | set(form.kode)
    for c, lab in sorted(form.label.items()):
        if c in used or form.label.get(c - 1) is None or form.label[c - 1].segmen != lab.segmen:
            continue
        words = nums = 0
        for r in range(start, min(len(grid), start + 60) + 1):
            v = grid[r - 1][c - 1] if c - 1 < len(grid[r - 1]) else None
            if isinstance(v, str) and v.strip() and not re.fullmatch(r"[\d.,\s%-]+", v):
                words += 1
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                nums += 1
        if words >= 3 and nums == 0:
            form.kolom[P.SATUAN] = c
            form.satuan_tanpa_judul = True
            return


_BUTIR = re.compile(r"(?:^|(?<=\s))(?:(\d{1,2})[.)]|([a-h])[.)]|[-•·▪●])\s+", re.IGNORECASE)


def _butir(value: Any) -> list[Any]:
    """An enumeration in one cell → its items: '1. A 2. B', 'a. A b. B', bullets on their
    own lines. A line break alone is wrapping, never a split."""
    if not isinstance(value, str):
        return [value]
    text = value.strip()
    marks = list(_BUTIR.finditer(text))
    if len(marks) < 2 or marks[0].start() != 0:
        return [value]
    nomor = [m.group(1) for m in marks]
    huruf = [m.group(2) for m in marks]
    if all(n is not None for n in nomor):
        if [int(n) for n in nomor] != list(range(1, len(marks) + 1)):
            return [value]
    elif all(h is not None for h in huruf):
        if [h.casefold() for h in huruf] != [chr(97 + i) for i in range(len(marks))]:
            return [value]
    elif any(n is not None or h is not None for n, h in zip(nomor, huruf)):
        return [value]
    else:
        # bullets count only at the start of a line
        if any(m.start() != 0 and text[m.start() - 1] != "\n" for m in marks):
            return [value]
    parts = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        parts.append(text[m.end():end].strip())
    return parts if all(parts) else [value]


def _nilai_butir(value: Any) -> list[Any]:
    """The values of a number cell: several only when written as an enumeration or one
    per line ('1. 1200 2. 960', '80\\n90')."""
    if not isinstance(value, str):
        return [value]
    parts = _butir(value)
    if len(parts) > 1:
        return parts
    lines = [x.strip() for x in value.splitlines() if x.strip()]
    return lines if len(lines) > 1 else [value]


@dataclass
class _Indikator:
    row: int
    kode: str
    level: str
    sasaran: str | None
    nama: str
    nilai: dict[str, Any]   # role → value (one piece of a split cell)
    konteks: str = ""       # program/kegiatan above the row: names a row without a code
    kode_induk: str | None = None   # the code the row inherits (its kegiatan's, program's)


@dataclass
class Renja:
    form: Formulir
    berkas: str
    instansi: str | None
    indikator: list[_Indikator]
    catatan: list[str] = field(default_factory=list)
    temuan: list[T.Temuan] = field(default_factory=list)
    pemisah: str | None = None
    dilewati: list[tuple[int, str]] = field(default_factory=list)   # (row, reason)
    tahun: int | None = None          # the year the title names ("Tahun 2025")
    pemisah_dipakai: str | None = None   # the decimal separator decided for text numbers

    def unit_rows(self) -> list[Row]:
        nama = self.instansi or "Perangkat Daerah"
        values = {L.KODE_UNIT_H: KODE_UNIT, L.NAMA_UNIT_H: nama, L.JENIS_H: JENIS_UNIT,
                  L.INDUK_H: None, L.KODE_SINGKAT_H: KODE_UNIT}
        return [Row(values, self.berkas, self.form.atas, {}, False, self.form.lembar.nama)]

    def _rows(self, kelas: dict[str, str], extra: dict[str, Any],
              pilih=None) -> list[Row]:
        """Rows keyed by our column names; text numbers under the file's separator."""
        rows = []
        for ind in self.indikator:
            if pilih is not None and not pilih(ind):
                continue
            values = {ours: ind.nilai.get(k) for ours, k in kelas.items()}
            values.update({k: v(ind) if callable(v) else v for k, v in extra.items()})
            cols = {ours: self.form.kolom[k] for ours, k in kelas.items() if k in self.form.kolom}
            cols[L.KODE_H] = (self.form.kode or [self.form.kolom[P.INDIKATOR]])[0]
            cols[L.INDIKATOR_H] = self.form.kolom[P.INDIKATOR]
            rows.append(Row(values, self.berkas, ind.row, cols, False, self.form.lembar.nama))
        angka = [ours for ours, k in kelas.items() if k.endswith(("_k", "_rp"))]
        keputusan: list[str | None] = []
        diputuskan: list[T.Temuan] = []
        found = terapkan_pemisah(rows, angka, self.pemisah, keputusan, diputuskan)
        self.temuan.extend(t for t in diputuskan if t not in self.temuan)
        self.pemisah_dipakai = keputusan[0] if keputusan else None
        if found:
            raise table_error(f"Formulir Evaluasi Renja {self.berkas} tidak dibaca:", found)
        for ours, k in kelas.items():
            factor = self.form.skala.get(k)
            if factor:
                kali_skala(rows, ours, factor)
        return rows

    def pk_rows(self, unit: str, lengkap: bool = True) -> list[Row]:
        """The PK rows; `lengkap=False` (periksa-tabel) reads them without a Satuan column."""
        if lengkap and P.SATUAN not in self.form.kolom:
            where = f", lembar '{self.form.lembar.nama}'" if self.form.lembar.nama else ""
            raise TableError(
                f"Berkas {self.berkas}{where}: formulir ini tidak punya kolom Satuan, yang "
                "wajib untuk setiap indikator PK. Tambahkan kolom 'Satuan' di sebelah kolom "
                "Indikator dan isi satuan tiap indikator (%, Dokumen, Orang, …), atau "
                "petakan kolom yang berisi satuan dengan --kolom \"JUDUL DI FORMULIR=Satuan\".",
                [temuan_berkas(self.berkas, self.form.lembar.nama, None, "kolom_hilang",
                               kolom=L.SATUAN_H)])
        kelas = {L.TARGET_TAHUNAN_H: f"{P.TAHUNAN}_{P.K}", L.PAGU_ANGGARAN_H: f"{P.TAHUNAN}_{P.RP}",
                 L.TARGET_AKHIR_RENSTRA_H: f"{P.RENSTRA}_{P.K}", L.SATUAN_H: P.SATUAN}
        return self._rows(kelas, {
            L.KODE_H: lambda i: i.kode, L.INDIKATOR_H: lambda i: i.nama,
            L.LEVEL_H: lambda i: i.level, L.SASARAN_H: lambda i: i.sasaran, L.UNIT_H: unit,
            L.ARAH_H: L.POSITIF, L.AGREGASI_H: L.JUMLAH},
            pilih=lambda i: i.nilai.get(f"{P.TAHUNAN}_{P.K}") is not None)

    def realisasi(self, n: int) -> Tabel:
        kelas = {L.REALISASI_H: f"tw{n}_{P.K}", L.REALISASI_ANGGARAN_H: f"tw{n}_{P.RP}"}
        if f"tw{n}_{P.K}" not in self.form.kolom:
            ada = sorted({int(k[2]) for k in self.form.kolom if k.startswith("tw")})
            where = f", lembar '{self.form.lembar.nama}'" if self.form.lembar.nama else ""
            raise TableError(
                f"Berkas {self.berkas}{where}: formulir Evaluasi Renja tanpa kolom Realisasi "
                f"Kinerja Triwulan {L.ROMAWI[n]} (K); yang ada: "
                f"{', '.join('Triwulan ' + L.ROMAWI[q] for q in ada) or '-'}. Periksa "
                f"bacaannya dengan kinerja-xl periksa-tabel, atau petakan dengan "
                f"--kolom \"JUDUL DI FORMULIR=Realisasi\".",
                [temuan_berkas(self.berkas, self.form.lembar.nama, None, "kolom_hilang",
                               kolom=f"Triwulan {L.ROMAWI[n]} K")])
        rows = self._rows(kelas, {L.KODE_H: lambda i: i.kode},
                          pilih=lambda i: i.nilai.get(f"{P.TAHUNAN}_{P.K}") is not None)
        rows = [r for r in rows if r.get(L.REALISASI_H) is not None
                or r.get(L.REALISASI_ANGGARAN_H) is not None]
        return Tabel(self.berkas, self.form.lembar.nama, rows, None, list(self.temuan),
                     list(self.catatan))


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


def _header_lagi(form: Formulir, line: list[Any]) -> bool:
    """A second table's header: the row names again what the form's header named."""
    hits = 0
    for role in (P.INDIKATOR, P.SATUAN, P.KODE):
        c = form.kolom.get(role)
        if c is None or c - 1 >= len(line) or not isinstance(line[c - 1], str):
            continue
        lab = P.baca_label([line[c - 1]], None)
        if any(r == role and s == 3 for r, s in P.calon(lab)):
            hits += 1
    return hits >= 2 or (hits == 1 and P.SATUAN not in form.kolom)


def baca_renja(form: Formulir, pemisah: str | None = None) -> Renja:
    lembar, kolom = form.lembar, form.kolom
    grid = lembar.grid
    berkas = form.path.name
    tampil_sel = getattr(lembar, "tampil", {}) or {}

    def sel(r: int, k: str) -> Any:
        c = kolom.get(k)
        if c is None or c - 1 >= len(grid[r - 1]):
            return None
        v = grid[r - 1][c - 1]
        if isinstance(v, str) and re.fullmatch(r"\s*[-–—]\s*", v) and k.endswith(("_k", "_rp")):
            dashes.append((r, c))
            return None       # an accounting dash: nothing written in the cell
        return v if ada_isi(v) else None

    dashes: list[tuple[int, int]] = []
    salah: list[T.Temuan] = []
    found: list[_Indikator] = []
    dilewati: list[tuple[int, str]] = []
    peringatan: list[T.Temuan] = []
    sasaran = _sasaran_judul(lembar, form.atas)
    tahun = _tahun(lembar, form.atas)
    instansi = _instansi(lembar, form.atas)
    program = kegiatan = None
    kode_induk: str | None = None
    kode_program: str | None = None
    kosong = 0
    akhir = None
    kunci_kolom = [kolom[k] for k in (P.INDIKATOR, f"{P.TAHUNAN}_{P.K}") if k in kolom]
    for r in range(form.mulai, len(grid) + 1):
        line = grid[r - 1]
        if not any(ada_isi(v) for v in line):
            kosong += 1
            if kosong >= 3:
                break
            continue
        kosong = 0
        first = next((str(v).strip() for v in line if ada_isi(v)), "")
        if penutup(grid, r, kunci_kolom):
            if _BUKAN_INDIKATOR.match(first):
                # a total inside the form (one per program, often): skipped, not the end
                dilewati.append((r, LEWAT_JUMLAH))
                continue
            akhir = r          # a signature block
            break
        if _header_lagi(form, line):
            akhir = r
            dilewati.append((r, LEWAT_TABEL_KEDUA))
            break
        if r in form.lewati:
            dilewati.append((r, LEWAT_PETA))
            continue
        pd = _instansi_baris(line)
        if pd is not None:
            instansi = instansi or pd
            dilewati.append((r, LEWAT_LABEL))
            continue
        if sel(r, P.SASARAN) is not None:
            sasaran = " ".join(str(sel(r, P.SASARAN)).split())
        kode = _kode(grid, r, form.kode, tampil_sel)
        prog = sel(r, P.PROGRAM)
        prog_text = " ".join(str(prog).split()) if prog is not None else None
        jenis = _jenis_baris(prog_text, kode)
        if prog_text is not None:
            if jenis == "program":
                program, kegiatan, kode_program = prog_text, None, kode
            else:
                kegiatan = prog_text
            kode_induk = kode or (kode_program if jenis != "program" else None)
        elif kode:
            kode_induk = kode
        nama = sel(r, P.INDIKATOR)
        if nama is None and _NARASI.match(first):
            akhir = r          # the narrative under the table: factors, follow-up, notes
            break
        if nama is None:
            dilewati.append((r, _alasan_lewat(first, prog_text)))
            continue
        nama_teks = str(nama) if not isinstance(nama, float) else tampil(nama)
        if _BUKAN_INDIKATOR.match(nama_teks.strip()):
            dilewati.append((r, LEWAT_JUMLAH))
            continue
        names = _butir(nama_teks)
        values = {k: _nilai_butir(sel(r, k)) for k in kolom
                  if k.endswith(("_k", "_rp")) or k == P.SATUAN}
        # Split an enumeration only where the K values are enumerated the same way.
        if len(names) > 1:
            k_vals = [v for k, v in values.items() if k.endswith("_k") and v != [None]]
            if not k_vals or any(len(v) != len(names) for v in k_vals):
                peringatan.append(temuan_berkas(
                    berkas, lembar.nama, cell_ref(r, kolom[P.INDIKATOR]), "indikator_berbutir",
                    jumlah=len(names)))
                names = [nama_teks]
        for k, pieces in values.items():
            if len(pieces) > 1 and len(pieces) != len(names):
                # Two targets beside one indicator: which belongs to it? Never guessed.
                ind_sel = cell_ref(r, kolom[P.INDIKATOR])
                salah.append(temuan_berkas(
                    berkas, lembar.nama, cell_ref(r, kolom[k]), "isian_tidak_sah",
                    teks=" ".join(str(sel(r, k)).split())[:60],
                    kolom=f"kolom {P.NAMA_PERAN.get(k, L.SATUAN_H)}",
                    pilihan=f"satu nilai untuk tiap indikator di sel {ind_sel} "
                            f"({len(names)} indikator, {len(pieces)} nilai); tulis tiap "
                            "indikator di barisnya sendiri"))
        level = LEVEL.get(jenis or "", "Bidang" if kegiatan else "SKPD")
        for i, name in enumerate(names):
            nilai = {}
            for k, pieces in values.items():
                if len(pieces) == len(names):
                    nilai[k] = pieces[i]
                elif k == P.SATUAN or (k.endswith("_rp") and i == 0):
                    nilai[k] = pieces[0] if len(pieces) == 1 else None
                else:
                    nilai[k] = None
            nama_bersih = " ".join(str(name).split())
            konteks = "|".join(x or "" for x in (kode_induk, program, kegiatan))
            found.append(_Indikator(r, kode or "", level, sasaran, nama_bersih, nilai,
                                    konteks=konteks, kode_induk=kode_induk))
    if salah:
        raise table_error(f"Formulir Evaluasi Renja {berkas} tidak dibaca:", salah)
    tanpa_target = [(i.row, LEWAT_TARGET) for i in found
                    if i.nilai.get(f"{P.TAHUNAN}_{P.K}") is None]
    _beri_kode(found)
    renja = Renja(form, berkas, instansi, found, pemisah=pemisah, tahun=tahun)
    renja.temuan = peringatan
    where = f", lembar '{lembar.nama}'" if lembar.nama else ""
    jumlah = sum(1 for i in found if i.nilai.get(f"{P.TAHUNAN}_{P.K}") is not None)
    renja.catatan.append(
        f"Formulir Evaluasi Renja dikenali: {berkas}{where}, judul kolom baris "
        f"{form.atas}–{form.bawah}, {jumlah} indikator. Bawaan yang dapat diubah di "
        f"lembar PK dan Pengaturan: satu unit ({instansi or 'Perangkat Daerah'}), Level "
        "menurut baris (program → SKPD, kegiatan → Bidang, sub kegiatan → Seksi), Arah "
        "Positif, Agregasi Jumlah, target tahunan saja (Target triwulan: tahunan saja), "
        + ("kode dari kolom Kode formulir (baris tanpa kode diberi kode buatan yang tetap)."
           if form.kode else "kode buatan yang tetap setiap triwulan (formulir tanpa kolom "
           "Kode)."))
    if instansi is None:
        renja.catatan.append("Formulir tidak menyebut nama perangkat daerahnya: unit diberi "
                             "nama 'Perangkat Daerah' (ubah di lembar Unit, atau pakai --unit).")
    if form.satuan_tanpa_judul:
        c = form.kolom[P.SATUAN]
        renja.catatan.append(f"Kolom {col_letter(c)} tanpa judul sendiri berisi satuan; dibaca "
                             "sebagai Satuan.")
    for k, factor in form.skala.items():
        if k not in P.NAMA_PERAN:
            continue
        renja.catatan.append(catatan_skala(f"{col_letter(form.kolom[k])} ({P.NAMA_PERAN[k]})",
                                           factor))
    if dashes:
        renja.catatan.append(f"{len(dashes)} sel angka berisi tanda '-' (format akuntansi) "
                             f"dibaca kosong, mis. {cell_ref(*dashes[0])}.")
    dilewati += tanpa_target
    renja.dilewati = sorted(dilewati)
    if akhir:
        renja.catatan.append(f"Tabel berakhir di baris {akhir}.")
    for alasan in (LEWAT_INDIKATOR, LEWAT_JUMLAH, LEWAT_LABEL, LEWAT_TARGET,
                   LEWAT_TABEL_KEDUA, LEWAT_PETA):
        rows = sorted({r for r, a in dilewati if a == alasan})
        if rows:
            renja.temuan.append(baris_dilewati(berkas, lembar.nama, rows, alasan))
    return renja


def _beri_kode(found: list[_Indikator]) -> None:
    """A code per indicator: the row's own code as the form shows it; where one code
    carries several indicators, or a row has none, a short digest of what names the
    indicator (stable every quarter, whatever the order of the rows)."""
    count: dict[str, int] = {}
    for ind in found:
        if ind.kode:
            count[ind.kode] = count.get(ind.kode, 0) + 1
    taken: set[str] = set()
    for ind in found:
        if ind.kode and count[ind.kode] == 1:
            code = ind.kode
        else:
            if ind.kode:      # the row's own code names it; the name tells its indicators apart
                code = f"{ind.kode}-{_sidik(ind.nama)}"
            else:
                base = ind.kode_induk or "ER"
                code = f"{base}-{_sidik(ind.konteks, ind.sasaran or '', ind.nama)}"
        final, n = code, 2
        while final in taken:
            final, n = f"{code}-{n}", n + 1
        taken.add(final)
        ind.kode = final


def _kode(grid, r: int, cols: list[int], shown: Mapping[tuple[int, int], str]) -> str | None:
    from . import kode_gabungan
    return kode_gabungan(grid[r - 1], r, cols, shown)


def _alasan_lewat(first: str, prog: str | None) -> str:
    if prog is None and first and _BUKAN_INDIKATOR.match(first):
        return LEWAT_JUMLAH
    return LEWAT_INDIKATOR


def _instansi_baris(line: list[Any]) -> str | None:
    for i, v in enumerate(line):
        if not isinstance(v, str):
            continue
        m = _PD.match(v)
        if m:
            return " ".join(m.group(1).split())
        if _PD_LABEL.match(v):
            rest = [x for x in line[i + 1:] if ada_isi(x)]
            if rest:
                return " ".join(str(rest[0]).split()).lstrip(":").strip()
    return None


# A title line that is the name of an office ("DINAS KOMUNIKASI DAN INFORMATIKA").
_KANTOR = re.compile(r"^\s*(?:dinas|badan|kantor|inspektorat|sekretariat\s+(?:daerah|dprd)|"
                     r"satuan\s+polisi|rumah\s+sakit|rsud|kecamatan|bappeda\w*)\b",
                     re.IGNORECASE)


# "EVALUASI TERHADAP HASIL RENJA BADAN KEPEGAWAIAN … KOTA SEMARANG TAHUN 2026": the
# office after "Renja", up to the region or the year.
_KANTOR_DALAM_JUDUL = re.compile(
    r"\b(?:renja|rencana kerja)\s+(?:perangkat daerah\s+)?((?:dinas|badan|kantor|inspektorat|"
    r"sekretariat\s+(?:daerah|dprd)|satuan\s+polisi|rsud|kecamatan)\b.*?)"
    r"(?=\s+(?:kabupaten|kota|provinsi|tahun|periode)\b|\s*$)", re.IGNORECASE)


def _instansi(lembar: Lembar, atas: int) -> str | None:
    """The office the form names: a 'Perangkat Daerah : …' label, else a title line
    that is an office's name, else the office a title line names after 'Renja'."""
    for r in range(1, atas):
        found = _instansi_baris(lembar.grid[r - 1])
        if found:
            return found
    m = _di_judul(lembar, atas, lambda v: len(v) < 150 and _KANTOR.match(v))
    if m:
        return " ".join(m.string.split())
    m = _di_judul(lembar, atas, _KANTOR_DALAM_JUDUL.search)
    return " ".join(m.group(1).split()) if m else None


def _di_judul(lembar: Lembar, atas: int, cari) -> re.Match | None:
    """The first text of the title rows (above row `atas`) that `cari` (a pattern's
    match or search) finds something in, as its match."""
    for r in range(1, atas):
        for v in lembar.grid[r - 1]:
            if isinstance(v, str):
                m = cari(v)
                if m:
                    return m
    return None


# "Tahun 2025", "Periode Pelaksanaan: 2026"; not a span such as "Tahun 2016 s/d 2021".
_TAHUN_JUDUL = re.compile(r"\b(?:tahun|periode(?: pelaksanaan)?)\s*:?\s*(20\d\d)\b"
                          r"(?!\s*[-–s/])", re.IGNORECASE)


def _tahun(lembar: Lembar, atas: int) -> int | None:
    """The year of the form, from its title block ('Tahun 2025', 'Periode … 2026')."""
    m = _di_judul(lembar, atas, _TAHUN_JUDUL.search)
    return int(m.group(1)) if m else None


def _sasaran_judul(lembar: Lembar, atas: int) -> str | None:
    m = _di_judul(lembar, atas, _SASARAN_JUDUL.match)
    return " ".join(m.group(1).split()) if m else None
