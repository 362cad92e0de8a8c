"""Finding the table on a sheet: its header (possibly several merged rows under a
title block), the data rows under it, and where it ends."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping

from .alias import JenisTabel, kunci, peta, peta_opsi
from .berkas import Lembar
from .tampil import tampil
from .. import layout as L

CARI_BARIS = 30          # the header is looked for among the first rows
KEDALAMAN = 4            # a header spans at most this many rows
BARIS_KOSONG_AKHIR = 3   # this many empty rows end the table

# A total row's label ("Jumlah", "TOTAL", "Jumlah total:") or the first words of a
# signature block ("Lumajang, 2 Januari 2026", "Mengetahui", "Kepala Dinas …",
# "NIP. 1970…").  Only a row with nothing in the table's other key columns can close it.
_PENUTUP = re.compile(
    r"^(?:(?:jumlah|total|rata-?rata|rerata)(?:\s+(?:total|keseluruhan|seluruhnya|akhir))?"
    r"\s*:?$|"
    r"(?:mengetahui|menyetujui|disetujui oleh|disahkan oleh|ditetapkan di|dibuat oleh|"
    r"diperiksa oleh|tanda tangan|ttd\b)|"
    r"kepala (?:dinas|badan|kantor|bidang|bagian|seksi|sub)|(?:plt|plh)\.\s|"
    r"nip\.?\s*:?\s*\d|"
    r"[a-z .]+,\s*\d{1,2}\s+[a-z]+\s+\d{4}$)", re.IGNORECASE)
_NOMOR = re.compile(r"^\(?\d{1,3}\)?$")
_NO_URUT = {"no", "nomor", "nourut", "nomorurut"}


@dataclass
class Judul:
    """A header found on a sheet: rows are 1-based."""
    baris_atas: int
    baris_bawah: int
    kolom: dict[str, int]                 # our name → column
    nama_asli: dict[int, str]             # column → its header text as read
    diabaikan: dict[int, str] = field(default_factory=dict)   # unused column → header
    skor: int = 0
    skala: dict[str, int] = field(default_factory=dict)   # our column → 1000, 10**6 …
    tahun_ada: set[int] = field(default_factory=set)      # years named in the headers
    opsi_ganda: dict[str, list[int]] = field(default_factory=dict)  # --kolom on several
    baris_ganda: int | None = None          # the header row those columns were found on


def ada_isi(v: Any) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip())


def _sel(grid, r: int, c: int) -> Any:
    """1-based; None beyond the grid."""
    if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
        return grid[r - 1][c - 1]
    return None


def header_grid(lembar: Lembar, upto: int) -> list[list[Any]]:
    """The first rows with each merged range's value copied to every cell it covers,
    so 'Target' merged over four columns names each of them."""
    width = max((len(r) for r in lembar.grid[:upto]), default=0)
    rows = [[_sel(lembar.grid, r, c) for c in range(1, width + 1)] for r in range(1, upto + 1)]
    for (r0, c0), (r1, c1) in lembar.gabungan.items():
        if r0 > upto:
            continue
        v = _sel(lembar.grid, r0, c0)
        for r in range(r0, min(r1, upto) + 1):
            for c in range(c0, min(c1, width) + 1):
                rows[r - 1][c - 1] = v
    if not lembar.gabungan:
        # No merge information (CSV): a group name typed once over the columns to its
        # right that carry sub-headers in the row below.
        for r in range(len(rows) - 1):
            last = None
            for c in range(width):
                if ada_isi(rows[r][c]):
                    last = rows[r][c]
                elif (last is not None and ada_isi(rows[r + 1][c])
                      and not _angka_saja(rows[r + 1][c])):
                    rows[r][c] = last
                else:
                    last = None
    return rows


def _angka_saja(v: Any) -> bool:
    return isinstance(v, (int, float)) or (isinstance(v, str) and bool(_NOMOR.match(v.strip())))


def segmen_judul(rows: list[list[Any]], top: int, depth: int, c: int,
                 lewati: set[int] = frozenset()) -> list[str]:
    """The texts of column `c` in header rows `top`.. (`depth` rows), top down: not the
    rows in `lewati`, not a column number merged down from a numbers row among them,
    and a text the row above already gave only once."""
    parts: list[str] = []
    inner = [r for r in range(top, top + depth) if r in lewati]
    # a column number merged down from the numbers row is not part of the header
    angka = {rows[r - 1][c - 1] for r in inner if c - 1 < len(rows[r - 1])} - {None}
    for r in range(top, top + depth):
        if r in lewati:
            continue
        v = rows[r - 1][c - 1] if c - 1 < len(rows[r - 1]) else None
        if ada_isi(v) and v not in angka:
            text = " ".join((tampil(v) if isinstance(v, float) else str(v)).split())
            if not parts or parts[-1] != text:
                parts.append(text)
    return parts


def gabung_nama(rows: list[list[Any]], top: int, depth: int, c: int,
                lewati: set[int] = frozenset()) -> str:
    return " ".join(segmen_judul(rows, top, depth, c, lewati))


@dataclass
class Blok:
    """Candidate header rows `atas`..`bawah` of a sheet, with the merged header grid."""
    atas: int
    bawah: int
    rows: list[list[Any]]     # header_grid of the first rows
    lebar: int
    nomor: set[int]           # rows of column numbers among them (never part of a name)


def blok_judul(lembar: Lembar, kedalaman: int):
    """Every block of up to `kedalaman` rows starting in the first CARI_BARIS rows that
    could be a header: it neither starts nor ends on a row of column numbers (one may
    sit inside, as the Evaluasi Renja form has it)."""
    upto = min(len(lembar.grid), CARI_BARIS + kedalaman)
    if upto == 0:
        return
    rows = header_grid(lembar, upto)
    width = max((len(r) for r in rows), default=0)
    nomor = {r for r in range(1, upto + 1) if baris_nomor_kolom(lembar.grid[r - 1])}
    data = {r for r in range(1, upto + 1) if r not in nomor and _baris_data(lembar.grid[r - 1])}
    for top in range(1, min(CARI_BARIS, upto) + 1):
        if top in nomor or top in data:
            continue
        for depth in range(1, kedalaman + 1):
            bottom = top + depth - 1
            if bottom > upto or bottom in data:
                break           # a header never runs into a row of values
            if bottom not in nomor:
                yield Blok(top, bottom, rows, width, nomor)


def _baris_data(line: list[Any]) -> bool:
    """A row of values, not of names: it holds a number that is not a year (a header may
    carry years: 'Target Kinerja' over 2025 … 2029)."""
    return any(isinstance(v, (int, float)) and not isinstance(v, bool)
               and not (float(v).is_integer() and 1990 <= v <= 2100) for v in line)


def cari_judul(lembar: Lembar, jenis: JenisTabel,
               kolom_opsi: Mapping[str, str] | None = None,
               tahun: int | None = None,
               alias_tambahan: Mapping[str, str] | None = None) -> Judul | None:
    """The rows (among the first 30) whose names fit our columns best: every column
    gets the role that fits it best over all roles (scored, not first-come)."""
    names = peta(jenis, alias_tambahan)
    opsi = {k: v for k, v in peta_opsi(jenis, kolom_opsi).items()}
    best: Judul | None = None
    semua_ganda: dict[str, tuple[int, list[int]]] = {}
    for blok in blok_judul(lembar, KEDALAMAN):
        top, bottom = blok.atas, blok.bawah
        depth = bottom - top + 1
        asli: dict[int, str] = {}
        for c in range(1, blok.lebar + 1):
            name = gabung_nama(blok.rows, top, depth, c, lewati=blok.nomor)
            if name:
                asli[c] = name
        ganda: dict[str, list[int]] = {}
        kolom, skor, skala, tahun_ada = tetapkan_kolom(asli, names, opsi, tahun, ganda)
        for key, cols in ganda.items():
            semua_ganda.setdefault(key, (top, cols))
        # The fewest rows that give the best fit: a title row above the header
        # adds nothing and must not become part of a column's name.
        if skor and (best is None or skor > best.skor or (
                skor == best.skor and depth < best.baris_bawah - best.baris_atas + 1)):
            best = Judul(top, bottom, kolom, asli, skor=skor, skala=skala,
                         tahun_ada=tahun_ada, opsi_ganda=ganda)
    if best is not None:
        # A --kolom that named several columns in some reading of the header and names
        # no column of the reading chosen: ambiguous, said so, not dropped.
        dipakai = {kunci(best.nama_asli[c]) for c in best.kolom.values()}
        for key, (top, cols) in semua_ganda.items():
            if key not in dipakai and key not in best.opsi_ganda:
                best.opsi_ganda[key] = cols
                best.baris_ganda = top
    return best


_TAHUN = re.compile(r"(?<!\d)(20\d\d)(?:\.0)?(?!\d)")
_SATUAN_UANG = re.compile(
    r"\(\s*(?:dalam\s+)?(?:rp\.?\s*)?(ribu|juta|miliar|milyar)?\s*(?:rupiah)?\s*"
    r"(?:\(?\s*(000(?:\.000){0,2})\s*\)?)?\s*\)", re.IGNORECASE)
_KATA_BENDA = (L.SATUAN_H, L.INDIKATOR_H, L.SASARAN_H)   # a header's first word names what it holds
_TW_KATA = re.compile(r"\b(?:tw|triwulan|trw)\b", re.IGNORECASE)


_KATA_SKALA = {"ribu": 10 ** 3, "juta": 10 ** 6, "miliar": 10 ** 9, "milyar": 10 ** 9}
NAMA_SKALA = {10 ** 3: "ribu", 10 ** 6: "juta", 10 ** 9: "miliar"}
_KATA_UANG = re.compile(r"\b(ribu|juta|miliar|milyar)\b", re.IGNORECASE)


def skala_uang(name: str, kata: bool = False) -> tuple[str, int]:
    """The amounts' unit a header states: 'Alokasi (dalam juta rupiah)' → ('Alokasi',
    10**6), 'Rp. (000)' → ('Rp.', 1000); `kata`: also the bare word of a column known to
    hold rupiah ('Rp juta'). No unit → (name, 1)."""
    m = _SATUAN_UANG.search(name)
    if m and (m.group(1) or m.group(2)):
        word, zeros = (m.group(1) or "").casefold(), m.group(2)
        factor = _KATA_SKALA.get(word) or (10 ** zeros.count("0") if zeros else 1)
        return (name[:m.start()] + name[m.end():]).strip(), factor
    w = _KATA_UANG.search(name) if kata else None
    if w:
        return name, _KATA_SKALA[w.group(1).casefold()]
    return name, 1


def kali_skala(rows, kolom: str, factor: int) -> None:
    """The amounts of `kolom` (written in thousands or millions, `skala_uang`) in rupiah,
    multiplied exactly (through the number as written, not its binary float)."""
    for row in rows:
        v = row.values.get(kolom)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            row.values[kolom] = float(Decimal(repr(float(v))) * factor)


def catatan_skala(kolom: str, factor: int) -> str:
    """What the output says of a column read in thousands or millions of rupiah."""
    return (f"Kolom {kolom} menurut judulnya dalam {NAMA_SKALA.get(factor, factor)} rupiah: "
            f"nilainya dikalikan {factor:,}".replace(",", ".") + ".")


def calon_kolom(name: str, names: Mapping[str, str], opsi: Mapping[str, str],
                tahun: int | None) -> list[tuple[str, int, int, int | None]]:
    """(our column, score, scale, year) a header could be: 4 = named by --kolom, 3 = one
    of its names, 2 = its first word names it ('Satuan Indikator Kinerja')."""
    out = []
    key = kunci(name)
    if key in opsi:
        return [(opsi[key], 4, 1, None)]
    plain, factor = skala_uang(name)
    years = [int(y) for y in _TAHUN.findall(plain)]
    year = years[-1] if len(years) == 1 else None
    if year is not None:
        plain = _TAHUN.sub(" ", plain).strip()
    for text in dict.fromkeys((name, plain)):
        ours = names.get(kunci(text))
        if ours is not None:
            out.append((ours, 3, factor if text == plain else 1,
                        year if text == plain else None))
    if not out and not _TW_KATA.search(name):
        for ours in _KATA_BENDA:
            if kunci(plain).startswith(kunci(ours)) and ours in names.values():
                out.append((ours, 2, 1, None))
    return out


def _kode_terpecah(asli: Mapping[int, str], c: int, names: Mapping[str, str]) -> bool:
    """The first of the columns one merged "Kode" header spans (a code written in parts,
    '1 | 01 | 02'): it takes the Kode role, the others are its parts."""
    name = asli[c]
    return names.get(kunci(name)) == L.KODE_H and asli.get(c - 1) != name and \
        asli.get(c + 1) == name


def kolom_kode(judul: "Judul") -> list[int]:
    """The columns a table's code is written over: the Kode column and those right of
    it under the same header."""
    first = judul.kolom.get(L.KODE_H)
    if first is None:
        return []
    cols, c = [first], first + 1
    while judul.nama_asli.get(c) == judul.nama_asli.get(first):
        cols.append(c)
        c += 1
    return cols


def tetapkan_kolom(asli: Mapping[int, str], names: Mapping[str, str],
                   opsi: Mapping[str, str], tahun: int | None,
                   ganda_opsi: dict[str, list[int]] | None = None
                   ) -> tuple[dict[str, int], int, dict[str, int], set[int]]:
    """Each of our columns to the header that fits it best (ties: the leftmost); a
    header with a year counts only for the year asked (`tahun`)."""
    pairs = []
    tahun_ada: set[int] = set()
    # The same header over several columns ("Target Kinerja" over one column per year)
    # names none of them: taking the first would read the wrong year without a word.
    sama: dict[str, int] = {}
    for name in asli.values():
        sama[kunci(name)] = sama.get(kunci(name), 0) + 1
    ganda = {}
    for c, name in asli.items():
        if sama[kunci(name)] > 1 and kunci(name) in opsi:
            ganda.setdefault(kunci(name), []).append(c)
            continue
        if sama[kunci(name)] > 1 and not _kode_terpecah(asli, c, names):
            continue
        for ours, score, factor, year in calon_kolom(name, names, opsi, tahun):
            if year is not None:
                tahun_ada.add(year)
                if year != tahun:
                    continue
            pairs.append((-score, c, ours, factor))
    kolom: dict[str, int] = {}
    skala: dict[str, int] = {}
    used: set[int] = set()
    skor = 0
    for neg, c, ours, factor in sorted(pairs):
        if ours in kolom or c in used:
            continue
        kolom[ours], skor = c, skor - neg
        used.add(c)
        if factor != 1:
            skala[ours] = factor
    # A --kolom naming a header several columns carry names none of them: it is asked
    # again with the whole header (periksa-tabel shows it), never taken leftmost.
    if ganda_opsi is not None:
        ganda_opsi.update(ganda)
    return kolom, skor, skala, tahun_ada


_NOMOR_KOLOM = re.compile(r"^\(?\d{1,3}\)?$|^\d{1,3}\s*=\s*[\d\s+\-*/x().%]+$",
                         re.IGNORECASE)


def baris_nomor_kolom(line: list[Any]) -> bool:
    """A row of column numbers under (or inside) a header: 1, 2, 3 …, '(1)', or
    '12 = 8+9+10+11' as the Evaluasi Renja form numbers its computed columns."""
    vals = [v for v in line if ada_isi(v)]
    if len(vals) < 3:
        return False
    nums = []
    for v in vals:
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)) and float(v).is_integer():
            nums.append(int(v))
        elif isinstance(v, str) and _NOMOR_KOLOM.match(v.strip()):
            nums.append(int(re.match(r"\(?(\d+)", v.strip()).group(1)))
        else:
            return False
    return nums == sorted(nums) and nums[0] <= 2


def baris_nomor(grid, r: int) -> bool:
    return r - 1 < len(grid) and baris_nomor_kolom(grid[r - 1])


@dataclass
class BarisData:
    nomor: int            # 1-based row
    nilai: list[Any]


@dataclass
class Isi:
    data: list[BarisData]
    dilewati: list[int]   # rows inside the table without any identifying value
    akhir: str | None     # why the table ended early, for the output
    baris_nomor: int | None


def baca_isi(lembar: Lembar, judul: Judul, jenis: JenisTabel,
             lewati: set[int] = frozenset()) -> Isi:
    grid = lembar.grid
    start = judul.baris_bawah + 1
    nomor = None
    if baris_nomor(grid, start):
        nomor = start
        start += 1
    penanda = [judul.kolom[h] for h in jenis.penanda if h in judul.kolom] or \
        list(judul.kolom.values())
    kunci_kolom = [judul.kolom[h] for h in jenis.wajib if h in judul.kolom]
    data, dilewati, kosong, akhir = [], [], 0, None
    r = start
    for r in range(start, len(grid) + 1):
        line = grid[r - 1]
        if not any(ada_isi(v) for v in line):
            kosong += 1
            if kosong >= BARIS_KOSONG_AKHIR:
                break
            continue
        kosong = 0
        if penutup(grid, r, kunci_kolom):
            first = next(str(v).strip() for v in line if ada_isi(v))
            akhir = f"baris {r} ('{first[:40]}')"
            break
        if r in lewati or not any(ada_isi(_sel(grid, r, c)) for c in penanda):
            dilewati.append(r)
            continue
        data.append(BarisData(r, list(line)))
    # Rows below the end that still carry a key value are not read: say so.
    utama = penanda[0]
    for r2 in range(r + 1, len(grid) + 1):
        v = _sel(grid, r2, utama)
        if ada_isi(v) and not penutup(grid, r2, kunci_kolom):
            dilewati.append(r2)
    return Isi(data, dilewati, akhir, nomor)


def penutup(grid, r: int, kunci_kolom: list[int]) -> bool:
    line = grid[r - 1]
    cols = [c for c, v in enumerate(line, start=1) if ada_isi(v)]
    if not cols or not _PENUTUP.match(str(line[cols[0] - 1]).strip()):
        return False
    return sum(1 for c in kunci_kolom if c != cols[0] and ada_isi(_sel(grid, r, c))) == 0


def kolom_berisi(lembar: Lembar, judul: Judul, isi: Isi) -> dict[int, str]:
    """Header columns not used by us that hold data in the table's rows."""
    used = set(judul.kolom.values()) | set(kolom_kode(judul))
    out = {}
    for c, name in judul.nama_asli.items():
        if c in used or kunci(name) in _NO_URUT:
            continue
        if any(c - 1 < len(b.nilai) and ada_isi(b.nilai[c - 1]) for b in isi.data):
            out[c] = name
    return out
