"""Column names: ours, and the names real forms give the same columns.

Matching ignores case, spaces and punctuation, and reads "Triwulan I", "TW 1" and
"Trw. I" alike.  `--kolom "NAMA DI TABEL=NAMA KAMI"` adds to the table per run.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from .. import layout as L


@dataclass(frozen=True)
class JenisTabel:
    """What a kind of input table holds."""
    nama: str                      # "Unit", "PK", … for messages
    kolom: tuple[str, ...]         # our column names
    wajib: tuple[str, ...]
    angka: tuple[str, ...] = ()    # columns read as numbers
    penanda: tuple[str, ...] = ()  # a data row carries at least one of these
    alias: Mapping[str, str] = field(default_factory=dict)


_ROMAWI = {"1": "i", "2": "ii", "3": "iii", "4": "iv"}


def kunci(teks: object) -> str:
    """'Target Triwulan I' → 'targettwi'; 'TW 1' → 'twi'; 'Kode_IKU' → 'kodeiku'."""
    if teks is None:
        return ""
    return _kunci(str(teks))


@functools.lru_cache(maxsize=8192)
def _kunci(teks: str) -> str:
    t = teks.casefold().replace("_", " ")
    t = re.sub(r"\btri\s*wulan\b|\btrw\b\.?|\btw\b\.?", " tw ", t)
    t = re.sub(r"\btw\s*[-.]?\s*([1-4])\b", lambda m: " tw " + _ROMAWI[m.group(1)], t)
    t = re.sub(r"\byg\b", "yang", t)
    return re.sub(r"[^0-9a-z]+", "", t)


def _tw_alias(ours: Callable[[int], str], prefixes: Iterable[str]) -> dict[str, str]:
    """Each quarter's name under each prefix → our header of that quarter (`ours(n)`)."""
    out = {}
    for n in L.TRIWULAN:
        r = L.ROMAWI[n]
        for p in prefixes:
            out[f"{p} {L.tw(n)}"] = ours(n)
            out[f"{p} {r}"] = ours(n)  # "Target" merged over "I"
    return out


_ALIAS_KODE = {L.KODE_INDIKATOR_H: L.KODE_H, "Kode IKU": L.KODE_H, "Kode IKK": L.KODE_H,
               "Kode Kinerja": L.KODE_H, "No Kode": L.KODE_H}
_ALIAS_INDIKATOR = {"Indikator Kinerja": L.INDIKATOR_H, "Nama Indikator": L.INDIKATOR_H,
                    "Indikator Kinerja Utama": L.INDIKATOR_H, "IKU": L.INDIKATOR_H,
                    "Uraian Indikator": L.INDIKATOR_H}

UNIT = JenisTabel(
    "Unit", L.UNIT_HEADERS, L.UNIT_REQUIRED, (), (L.KODE_UNIT_H, L.NAMA_UNIT_H),
    {L.KODE_H: L.KODE_UNIT_H, "Nama": L.NAMA_UNIT_H, "Unit kerja": L.NAMA_UNIT_H,
     "Nama unit kerja": L.NAMA_UNIT_H, "Jenis unit": L.JENIS_H, "Singkatan": L.KODE_SINGKAT_H,
     "Unit induk": L.INDUK_H, "Pejabat": L.NAMA_PEJABAT_H, "Nama kepala": L.NAMA_PEJABAT_H})

PK = JenisTabel(
    "PK", L.PK_HEADERS, L.PK_REQUIRED,
    (L.TARGET_TAHUNAN_H, L.PAGU_ANGGARAN_H, L.REALISASI_TAHUN_LALU_H, L.TARGET_AKHIR_RENSTRA_H),
    (L.KODE_H, L.INDIKATOR_H),
    {**_ALIAS_KODE, **_ALIAS_INDIKATOR,
     "Unit kerja": L.UNIT_H, "Unit pelapor": L.UNIT_H, "Penanggung jawab": L.UNIT_H,
     "Sasaran strategis": L.SASARAN_H, "Sasaran program": L.SASARAN_H,
     "Target": L.TARGET_TAHUNAN_H, "Target tahun": L.TARGET_TAHUNAN_H,
     "Target tahun ini": L.TARGET_TAHUNAN_H, "Target PK": L.TARGET_TAHUNAN_H,
     "Target Kinerja": L.TARGET_TAHUNAN_H, "Alokasi": L.PAGU_ANGGARAN_H,
     "Alokasi anggaran": L.PAGU_ANGGARAN_H, "Anggaran (Rp)": L.PAGU_ANGGARAN_H,
     "Pagu": L.PAGU_ANGGARAN_H, "Anggaran": L.PAGU_ANGGARAN_H,
     "Target Renstra": L.TARGET_AKHIR_RENSTRA_H, "Target akhir periode Renstra":
     L.TARGET_AKHIR_RENSTRA_H, "Realisasi tahun sebelumnya": L.REALISASI_TAHUN_LALU_H,
     "Polaritas": L.ARAH_H, "Sifat": L.ARAH_H, "Kode SAKIP": L.KODE_ESAKIP_H,
     "Kode esakip": L.KODE_ESAKIP_H})

RA = JenisTabel(
    "RA", L.RA_HEADERS, L.RA_REQUIRED, tuple(L.target_h(n) for n in L.TRIWULAN),
    (L.KODE_H, L.RENCANA_AKSI_H),
    {**_ALIAS_KODE, "Kegiatan": L.RENCANA_AKSI_H, "Rencana kegiatan": L.RENCANA_AKSI_H,
     "Aksi": L.RENCANA_AKSI_H,
     **_tw_alias(L.target_h, ("Target", "Target Kinerja", "Rencana Target"))})

PENGATURAN = JenisTabel("Pengaturan", L.PENGATURAN_REQUIRED, L.PENGATURAN_REQUIRED, (),
                        (L.KUNCI_H,),
                        {"Pengaturan": L.KUNCI_H, "Nama": L.KUNCI_H, "Isi": L.NILAI_H})

# A long table (one row per indicator and quarter) says the quarter in this column.
TRIWULAN = L.TRIWULAN_H

REALISASI = JenisTabel(
    "Realisasi", (L.KODE_H,) + tuple(L.IMPOR_COLUMNS) + (TRIWULAN,), L.IMPOR_REQUIRED,
    (L.REALISASI_H, L.REALISASI_ANGGARAN_H), (L.KODE_H,),
    {**_ALIAS_KODE,
     L.REALISASI_TW_H: L.REALISASI_H, "Realisasi Triwulan": L.REALISASI_H,
     "Realisasi Kinerja": L.REALISASI_H, "Capaian Realisasi": L.REALISASI_H,
     "Realisasi Anggaran TW": L.REALISASI_ANGGARAN_H, "Serapan anggaran": L.REALISASI_ANGGARAN_H,
     "Kendala": L.FAKTOR_PENGHAMBAT_H, "Kendala yang Dihadapi": L.FAKTOR_PENGHAMBAT_H,
     "Permasalahan": L.FAKTOR_PENGHAMBAT_H, "Hambatan": L.FAKTOR_PENGHAMBAT_H,
     "Faktor pendorong": L.FAKTOR_PENDUKUNG_H,
     L.RENCANA_TINDAK_LANJUT_H: L.TINDAK_LANJUT_H, "RTL": L.TINDAK_LANJUT_H,
     L.LINK_BUKTI_DUKUNG_KINERJA_H: L.KETERANGAN_H, "Bukti Dukung": L.KETERANGAN_H,
     "Bukti dukung/keterangan": L.KETERANGAN_H, "Link Bukti Dukung": L.KETERANGAN_H,
     "TW": TRIWULAN, "Trw": TRIWULAN, L.PERIODE_H: TRIWULAN, "Triwulan ke": TRIWULAN,
     "Periode triwulan": TRIWULAN})


def alias_triwulan(n: int) -> dict[str, str]:
    """A table with a column per quarter ("Realisasi TW II", as on the staff sheets):
    the names of quarter n's columns, read as the realisation columns."""
    out = {kunci(f"{h} {L.tw(n)}"): h for h in (L.KODE_H,) + tuple(L.IMPOR_COLUMNS)}
    # "Triwulan II" merged over "Realisasi": the quarter first
    out.update({kunci(f"{L.tw(n)} {h}"): h for h in tuple(L.IMPOR_COLUMNS)})
    out.update({kunci(f(n)): h for h, f in L.IMPOR_COLUMNS.items()})
    return out


class KolomOpsi(dict):
    """{key of a header: our name}, from --kolom or a peta, remembering each header as
    written (for messages) and where it came from."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.asli: dict[str, str] = {}
        self.sumber: dict[str, str] = {}
        self.lewati: set[int] = set()
        self.lembar: str | None = None
        self.unit: str | None = None

    def tambah(self, key: str, ours: str, asli: str, sumber: str) -> None:
        self[key] = ours
        self.asli[key] = asli
        self.sumber[key] = sumber

    def nama(self, key: str) -> str:
        """'Capaian TW' (--kolom) / 'Target … / K' (peta PETA.toml)."""
        return f"'{self.asli.get(key, key)}' ({self.sumber.get(key, '--kolom')})"


def parse_kolom_opsi(items: Iterable[str] | None):
    """`--kolom "NAMA DI TABEL=NAMA KAMI"` entries → {key of table name: our name}."""
    from ..rows import TableError

    out = KolomOpsi()
    for item in items or ():
        left, sep, right = str(item).partition("=")
        if not sep or not left.strip() or not right.strip():
            raise TableError(f"--kolom '{item}' tidak sah; tulis --kolom \"NAMA DI TABEL=NAMA "
                             "KAMI\", misalnya --kolom \"Capaian TW=Realisasi\".")
        out.tambah(kunci(left), right.strip(), left.strip(), "--kolom")
    return out


def peta(jenis: JenisTabel, tambahan: Mapping[str, str] | None = None) -> dict[str, str]:
    """{key: our name} for every name a column of this kind may carry (`tambahan`:
    names a command adds for one run, e.g. "Realisasi TW II" for the quarter asked)."""
    out = {kunci(k): k for k in jenis.kolom}
    for other, ours in jenis.alias.items():
        out.setdefault(kunci(other), ours)
    for k, ours in (tambahan or {}).items():
        match = {kunci(x): x for x in jenis.kolom}.get(kunci(ours))
        if match is not None:
            out[k] = match
    return out


def peta_opsi(jenis: JenisTabel, kolom_opsi: Mapping[str, str] | None) -> dict[str, str]:
    """`--kolom` entries of this kind: {key of the table's name: our name}."""
    ours = {kunci(x): x for x in jenis.kolom}
    return {k: ours[kunci(v)] for k, v in (kolom_opsi or {}).items() if kunci(v) in ours}


def kenali(teks: object, jenis: JenisTabel, kolom_opsi: Mapping[str, str] | None = None,
           _peta: Mapping[str, str] | None = None) -> str | None:
    return (_peta or {**peta(jenis), **peta_opsi(jenis, kolom_opsi)}).get(kunci(teks))


def mirip(teks: str, jenis: JenisTabel) -> str | None:
    """Our column name the header resembles (shares a word), for 'not found' messages."""
    words = set(re.findall(r"[0-9a-z]+", str(teks).casefold()))
    best, score = None, 0
    for ours in jenis.kolom:
        common = words & set(re.findall(r"[0-9a-z]+", ours.casefold()))
        if len(common) > score:
            best, score = ours, len(common)
    return best
