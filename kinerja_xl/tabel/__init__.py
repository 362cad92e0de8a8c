"""Input tables as offices keep them: CSV, XLSX/XLSM, XLS or ODS; a header under a
title block, merged over several rows, with their own column names; numbers read
exactly or not at all.

`baca_tabel` returns rows keyed by our column names (`rows.Row`), each knowing its
file, sheet and cell, plus the warnings and notes the command prints.  Any problem
that would make a number uncertain stops with a `TableError` carrying one catalogue
finding per cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Mapping

from .. import temuan as T
from ..io.cells import col_letter
from ..rows import Row, TableError, table_error, temuan_berkas
from . import alias, pemisah_desimal
from .alias import JenisTabel
from .berkas import EXCEL_ERRORS, GalatExcel, Lembar, baca_berkas, pisah_spesifikasi
from .judul import (CARI_BARIS, Isi, Judul, baca_isi, cari_judul, catatan_skala,
                    kali_skala, kolom_berisi, kolom_kode)
from .. import layout as L

BATAS_TEKS_SEL = 32767   # characters in one Excel cell

__all__ = ["Tabel", "baca_tabel", "baca_lembar", "TableError", "alias", "pemisah_desimal"]


@dataclass
class Tabel:
    berkas: str                     # file name, for messages
    lembar: str | None              # sheet read (None for a CSV)
    rows: list[Row]
    judul: Judul | None = None
    temuan: list[T.Temuan] = field(default_factory=list)   # peringatan to print
    catatan: list[str] = field(default_factory=list)       # what was read, for the output
    format: str = ""                                       # tabel.jenis_berkas: what the file is
    dilewati: list[tuple[int, str]] = field(default_factory=list)   # (row, why)
    pemisah: str | None = None            # the decimal separator decided for text numbers
    kolom_dipakai: set[str] = field(default_factory=set)   # --kolom keys this table used


def baca_lembar(spec: str | Path) -> tuple[Path, list[Lembar]]:
    """The sheets of a table argument (`PATH` or `PATH::LEMBAR`)."""
    path, sheet = pisah_spesifikasi(spec)
    sheets = baca_berkas(path, sheet)
    if sheet is not None:
        chosen = [s for s in sheets if s.nama == sheet]
        if not chosen:
            names = ", ".join(f"'{s.nama}'" for s in sheets if s.nama) or "(CSV tanpa lembar)"
            raise TableError(f"Berkas {path.name}: lembar '{sheet}' tidak ada. Lembar yang "
                             f"ada: {names}.")
        sheets = chosen
    return path, sheets


def baca_tabel(spec: str | Path, jenis: JenisTabel,
               kolom_opsi: Mapping[str, str] | None = None,
               pemisah: str | None = None, tahun: int | None = None,
               alias_tambahan: Mapping[str, str] | None = None,
               kolom_ketat: bool = True, lengkap: bool = True) -> Tabel:
    """Read the table of kind `jenis` in `spec`. `kolom_opsi`: the user's --kolom; with
    `kolom_ketat` one naming a header the table does not have is an error (a command
    reading several tables checks that over all of them). `tahun`: the year whose
    columns are read where headers carry years ("Target 2026")."""
    path, sheets = baca_lembar(dengan_lembar(spec, kolom_opsi))
    if not any(s.grid for s in sheets):
        raise TableError(f"Berkas {path.name} kosong.")
    found, tried = None, []
    for lembar in sheets:
        judul = cari_judul(lembar, jenis, kolom_opsi, tahun, alias_tambahan)
        if judul is not None and all(h in judul.kolom for h in jenis.wajib):
            found = (lembar, judul)
            break
        tried.append((lembar, judul))
    if found is None and not lengkap:
        # periksa-tabel shows the best reading even when a required column is missing
        best = max((t for t in tried if t[1] is not None), key=lambda t: t[1].skor,
                   default=None)
        found = best
    if found is None:
        for lembar, judul in tried:
            if judul is not None and judul.opsi_ganda:
                raise _opsi_ganda(path, lembar, judul, kolom_opsi)
        raise _tidak_ditemukan(path, jenis, tried, tahun)
    lembar, judul = found
    if judul.opsi_ganda:
        raise _opsi_ganda(path, lembar, judul, kolom_opsi)
    dipakai = _cek_kolom_opsi(path, lembar, judul, jenis, kolom_opsi, kolom_ketat)
    isi = baca_isi(lembar, judul, jenis, getattr(kolom_opsi, "lewati", set()))
    tabel = _susun(path, lembar, judul, isi, jenis, pemisah)
    tabel.kolom_dipakai = dipakai
    for key in sorted(dipakai):
        ours = kolom_opsi[key]
        c = judul.kolom.get(ours)
        if c is not None and alias.kunci(judul.nama_asli.get(c)) == key:
            tabel.catatan.append(f"Kolom '{judul.nama_asli[c]}' "
                                 f"({col_letter(c)}{judul.baris_atas}) "
                                 f"dipakai sebagai {ours} ({nama_opsi(kolom_opsi, [key])}).")
    return tabel


def _opsi_ganda(path: Path, lembar: Lembar, judul: Judul, kolom_opsi) -> TableError:
    """A --kolom naming a header several columns carry: which one is never guessed."""
    key, cols = next(iter(judul.opsi_ganda.items()))
    where = f", lembar '{lembar.nama}'" if lembar.nama else ""
    cells = ", ".join(f"{col_letter(c)}{judul.baris_ganda or judul.baris_atas}" for c in cols)
    return TableError(
        f"Berkas {path.name}{where}: judul kolom {nama_opsi(kolom_opsi, [key])} ada di "
        f"beberapa kolom ({cells}); tidak jelas mana yang dimaksud. Tulis judulnya "
        "selengkap yang ditampilkan kinerja-xl periksa-tabel (dengan judul kelompok di "
        "atasnya, mis. triwulannya).")


def _cek_kolom_opsi(path: Path, lembar: Lembar, judul: Judul, jenis: JenisTabel,
                    kolom_opsi: Mapping[str, str] | None, ketat: bool) -> set[str]:
    """Which --kolom entries name a header of this table; with `ketat`, one that names
    none is an error listing the headers the table has."""
    ada = {alias.kunci(n): n for n in judul.nama_asli.values()}
    dipakai, hilang = set(), []
    for key, ours in (kolom_opsi or {}).items():
        if key in ada:
            dipakai.add(key)
        elif ours in jenis.kolom:
            hilang.append(key)
    if hilang and ketat:
        where = f", lembar '{lembar.nama}'" if lembar.nama else ""
        names = ", ".join(f"'{n}'" for n in judul.nama_asli.values())
        raise TableError(
            f"Berkas {path.name}{where}: judul kolom {nama_opsi(kolom_opsi, hilang)} tidak "
            f"ada di tabel. Judul kolom yang ada: {names}. Periksa ejaannya, atau buat peta "
            "baru (kinerja-xl periksa-tabel BERKAS --simpan-peta PETA.toml).",
            [temuan_berkas(path.name, lembar.nama, None, "kolom_hilang", kolom=k)
             for k in hilang])
    return dipakai


def kode_gabungan(line: list, r: int, cols: list[int], tampil_sel) -> str | None:
    """A code written over several columns, joined with '.' as the cells show them
    ('01' stays '01', 1.0 is '1')."""
    from .tampil import tampil
    parts = []
    for c in cols:
        v = line[c - 1] if c - 1 < len(line) else None
        shown = tampil_sel.get((r, c))
        if shown is None and v is not None and not (isinstance(v, str) and not v.strip()):
            shown = tampil(v) if isinstance(v, float) else " ".join(str(v).split())
        if shown:
            parts.append(shown.strip(". "))
    return ".".join(p for p in parts if p) or None


def nama_opsi(kolom_opsi, keys) -> str:
    """The --kolom or peta entries `keys` as the user wrote them."""
    nama = getattr(kolom_opsi, "nama", None)
    return ", ".join(nama(k) if nama else f"'{k}'" for k in keys)


def tolak_kolom_tak_dipakai(kolom_opsi, dipakai: set[str], di: str) -> None:
    """A --kolom or peta entry that named a header of none of the tables a command read
    is a mistake (a typo, a form changed since the peta): an error, never a no-op."""
    hilang = [k for k in (kolom_opsi or {}) if k not in dipakai]
    if hilang:
        raise TableError(f"Judul kolom {nama_opsi(kolom_opsi, hilang)} tidak ada di {di}. "
                         "Periksa ejaannya dengan kinerja-xl periksa-tabel BERKAS (semua judul "
                         "kolom ditampilkan), atau buat peta baru dengan --simpan-peta.")


def dengan_lembar(spec: str | Path, kolom_opsi) -> str | Path:
    """A peta names the sheet it was made from; an explicit BERKAS::LEMBAR wins."""
    lembar = getattr(kolom_opsi, "lembar", None)
    if lembar and "::" not in str(spec):
        return f"{spec}::{lembar}"
    return spec


_KUMULATIF = re.compile(r"s\s*/\s*d|\bs\.\s*d\b|\bsd\b|sampai dengan|kumulatif|capaian|"
                        r"akhir periode", re.IGNORECASE)


def _bukan_petunjuk(name: str, tahun: int | None) -> bool:
    years = {int(y) for y in re.findall(r"(?<!\d)(20\d\d|19\d\d)(?!\d)", name)}
    return bool(_KUMULATIF.search(name)) or bool(years and tahun not in years)


def _tidak_ditemukan(path: Path, jenis: JenisTabel,
                     tried: list[tuple[Lembar, Judul | None]],
                     tahun: int | None = None) -> TableError:
    years = sorted({y for _, j in tried if j is not None for y in j.tahun_ada})
    if len(years) > 1 and tahun not in years:
        pilih = ("pilih tahunnya dengan --tahun" if tahun is None else
                 f"tahun {tahun} tidak ada di antaranya; pilih dengan --tahun")
        return TableError(
            f"Berkas {path.name}: tabel {jenis.nama} memuat kolom untuk beberapa tahun "
            f"({', '.join(map(str, years))}); {pilih}, misalnya --tahun {years[0]}.")
    lines, found = [], []
    for lembar, judul in tried:
        where = f"lembar '{lembar.nama}'" if lembar.nama else "berkas"
        rows = min(len(lembar.grid), CARI_BARIS)
        if judul is None:
            lines.append(f"{where} baris 1–{rows}: tidak ada judul kolom yang dikenal.")
            continue
        missing = [h for h in jenis.wajib if h not in judul.kolom]
        hints = []
        for h in missing:
            found.append(temuan_berkas(path.name, lembar.nama, None, "kolom_hilang", kolom=h))
            unused = [n for c, n in judul.nama_asli.items() if c not in judul.kolom.values()]
            # A hint never points at another year's column or a cumulative one
            # ("Target 2013", "Realisasi s/d Renstra"): that would be a wrong number.
            near = [n for n in unused if alias.mirip(n, jenis) == h and not _bukan_petunjuk(
                n, tahun)]
            if near:
                hints.append(f"kolom '{near[0]}' mirip '{h}'")
        baris = (f"baris {judul.baris_atas}" if judul.baris_atas == judul.baris_bawah
                 else f"baris {judul.baris_atas}–{judul.baris_bawah}")
        text = (f"{where} baris 1–{rows}: judul kolom terbaik di {baris} "
                f"(dikenali: {', '.join(judul.kolom) or '-'}); kolom "
                f"{', '.join(missing)} tidak ditemukan")
        if hints:
            text += "; " + "; ".join(hints) + " (pakai --kolom \"NAMA DI TABEL=NAMA KAMI\")"
        lines.append(text + ".")
    pesan = (f"Berkas {path.name}: tabel {jenis.nama} tidak ditemukan. Kolom wajib: "
             f"{', '.join(jenis.wajib)}. Yang diperiksa:\n  " + "\n  ".join(lines)
             + f"\nLihat bacaannya dengan kinerja-xl periksa-tabel {path.name} --sebagai "
               f"{jenis.nama.lower()}, lalu tambahkan kolom yang kurang di tabel atau "
               "petakan dengan --kolom.")
    return TableError(pesan, found)


def _susun(path: Path, lembar: Lembar, judul: Judul, isi: Isi, jenis: JenisTabel,
           pemisah: str | None) -> Tabel:
    berkas = path.name
    errors: list[T.Temuan] = []
    rows = []
    kode_cols = kolom_kode(judul)
    for b in isi.data:
        values = {h: (b.nilai[c - 1] if c - 1 < len(b.nilai) else None)
                  for h, c in judul.kolom.items()}
        if len(kode_cols) > 1:
            values[L.KODE_H] = kode_gabungan(b.nilai, b.nomor, kode_cols, lembar.tampil)
        rows.append(Row(values, berkas, b.nomor, dict(judul.kolom), False, lembar.nama))
    for row in rows:
        for h, v in row.values.items():
            if isinstance(v, str) and len(v) > BATAS_TEKS_SEL:
                # Excel refuses a file with a longer cell ("unreadable content").
                errors.append(row.temuan(h, "isian_tidak_sah", teks=v[:30] + "…", kolom=h,
                                         pilihan=f"teks paling panjang {BATAS_TEKS_SEL:,} "
                                                 "karakter (batas satu sel Excel)"
                                                 .replace(",", ".")))
            elif isinstance(v, GalatExcel) or (isinstance(v, str) and v.strip() in EXCEL_ERRORS):
                errors.append(row.temuan(h, "galat_excel", teks=str(v).strip()))
            elif (h not in jenis.angka and isinstance(v, float) and not isinstance(v, bool)
                  and abs(v) >= 1e15):
                # A NIP or code typed as a number: Excel keeps 15 digits, the rest is
                # already lost in the file; taking it would store a wrong identifier.
                errors.append(row.temuan(h, "isian_tidak_sah", teks=f"{v:.0f}", kolom=h,
                                         pilihan="teks (format sel Teks), karena angka "
                                                 "lebih dari 15 digit dibulatkan Excel"))
    keputusan: list[str | None] = []
    diputuskan: list[T.Temuan] = []
    errors += terapkan_pemisah(rows, [h for h in jenis.angka if h in judul.kolom], pemisah,
                               keputusan, diputuskan)
    if errors:
        raise table_error(f"Tabel {jenis.nama} {berkas} tidak dibaca:", errors)
    for h, factor in judul.skala.items():
        if h in jenis.angka:
            kali_skala(rows, h, factor)
    tabel = Tabel(berkas, lembar.nama, rows, judul, format=lembar.format,
                  pemisah=keputusan[0] if keputusan else None)
    tabel.temuan.extend(diputuskan)
    tabel.dilewati = [(r, " maupun ".join(jenis.penanda or ("data",)))
                      for r in sorted(set(isi.dilewati))]
    where = f", lembar '{lembar.nama}'" if lembar.nama else ""
    baris = (f"baris {judul.baris_atas}" if judul.baris_atas == judul.baris_bawah
             else f"baris {judul.baris_atas}–{judul.baris_bawah}")
    note = f"Tabel {jenis.nama}: {berkas}{where}, judul kolom {baris}, {len(rows)} baris data"
    if isi.akhir:
        note += f", tabel berakhir di {isi.akhir}"
    tabel.catatan.append(note + ".")
    for c, name in kolom_berisi(lembar, judul, isi).items():
        tabel.temuan.append(temuan_berkas(berkas, lembar.nama, f"{col_letter(c)}{judul.baris_atas}",
                                          "kolom_diabaikan", kolom=f"'{name}'"))
    for h, factor in judul.skala.items():
        tabel.catatan.append(catatan_skala(f"'{judul.nama_asli[judul.kolom[h]]}'", factor))
    if isi.dilewati:
        tabel.temuan.append(baris_dilewati(berkas, lembar.nama, sorted(set(isi.dilewati)),
                                           " maupun ".join(jenis.penanda) or "data"))
    return tabel


def baris_dilewati(berkas: str, lembar: str | None, rows: list[int], penanda: str) -> T.Temuan:
    """One finding for every row a table skipped (group titles are many, one line
    says it); the cell is the first such row's."""
    return temuan_berkas(berkas, lembar, f"A{rows[0]}", "baris_dilewati",
                         baris=", ".join(str(r) for r in rows), penanda=penanda)


def terapkan_pemisah(rows: list[Row], kolom: list[str], pemisah: str | None,
                     keputusan: list | None = None,
                     peringatan: list | None = None) -> list[T.Temuan]:
    """Turn the text numbers of `kolom` into numbers under the file's one decimal
    separator; return a finding for every value that cannot be read for sure.
    `keputusan` receives the separator decided (None: no text number needed one);
    `peringatan` a note for each '11.500' the file's decimal point made 11,5, the
    opposite of how it reads in Indonesia."""
    cells = []
    bukti: dict[str, list[tuple[Row, str]]] = {pemisah_desimal.KOMA: [], pemisah_desimal.TITIK: []}
    for row in rows:
        for h in kolom:
            v = row.values.get(h)
            if not isinstance(v, str) or isinstance(v, GalatExcel):
                continue
            b = pemisah_desimal.bentuk(v)
            if b is None:
                continue
            cells.append((row, h, v, b))
            if b.bukti:
                bukti[b.bukti].append((row, h))
    evidenced = {k for k, v in bukti.items() if v}
    konvensi = pemisah_desimal.putuskan(evidenced, pemisah)
    if keputusan is not None:
        keputusan.append(konvensi)
    found = []
    for row, h, v, b in cells:
        x = pemisah_desimal.nilai(b, konvensi)
        if x is not None:
            row.values[h] = x
            if b.ambigu and konvensi == pemisah_desimal.TITIK and not pemisah and \
                    peringatan is not None:
                contoh_row, contoh_h = bukti[pemisah_desimal.TITIK][0]
                peringatan.append(row.temuan(h, "pemisah_diputuskan", teks=v.strip(), nilai=x,
                                             bukti=contoh_row.cell(contoh_h) or "-"))
            continue
        if pemisah:
            found.append(row.temuan(h, "pemisah_bertentangan", teks=v.strip(),
                                    pemisah="koma" if pemisah == pemisah_desimal.KOMA else "titik"))
        else:
            found.append(row.temuan(h, "pemisah_ambigu", teks=v.strip(),
                                    alasan=_alasan(b, evidenced, bukti)))
    return found


def _polos(x: float) -> str:
    """28125 / 28,125: no thousands separator, so the two readings cannot be confused."""
    text = format(Decimal(repr(x)).normalize(), "f")
    return text.replace(".", ",")


def _alasan(b: pemisah_desimal.Bentuk, evidenced: set[str], bukti) -> str:
    koma = pemisah_desimal.nilai(b, pemisah_desimal.KOMA)
    titik = pemisah_desimal.nilai(b, pemisah_desimal.TITIK)
    dua = ""
    if koma is not None and titik is not None:
        dua = f"{_polos(koma)} atau {_polos(titik)}; "
    if len(evidenced) == 2:
        contoh = []
        for k, nama in ((pemisah_desimal.KOMA, "koma"), (pemisah_desimal.TITIK, "titik")):
            row, h = bukti[k][0]
            contoh.append(f"{nama} desimal di sel {row.cell(h)}")
        return dua + "berkas ini memakai " + " dan ".join(contoh)
    return dua + "berkas ini tidak punya angka yang menunjukkan pemisah desimalnya"
