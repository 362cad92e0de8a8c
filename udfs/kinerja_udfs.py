"""Worksheet functions for the operator's own analysis, over kinerja_xl.rules.

The workbook never uses them in cells it builds (staff PCs have no Python); their
VBA wrappers are generated into the workbook at build time by
kinerja_xl.build.udf_wrappers.  A worksheet function must not raise: every failure
comes back as a short Indonesian text in the cell.
"""
from __future__ import annotations

from decimal import Decimal

import xlwings as xw

from kinerja_xl import rules

# What a cell shows when the capaian cannot be computed.  Nothing at all where
# there is nothing to compute yet, a reason where the data are wrong.
_TEKS_ALASAN = {
    "tidak_diukur": "",
    "realisasi_kosong": "",
    "target_kosong": "target kosong",
    "target_nol": "target 0",
    "realisasi_nol": "realisasi 0",
}


class _Isian(ValueError):
    """An argument that cannot be used; its text is what the cell shows."""


def _angka(nilai: object) -> float | None:
    """One cell's value as a number, read the way people type it."""
    if isinstance(nilai, (list, tuple)):
        raise _Isian("harus satu sel")
    angka = rules.parse_angka(nilai)
    if angka.masalah in ("bukan_angka", "tanda_strip"):
        raise _Isian("bukan angka")
    return angka.nilai


def _datar(nilai: object) -> list[object]:
    """A range arrives as a value, a list (one row/column) or a list of rows."""
    if not isinstance(nilai, (list, tuple)):
        return [nilai]
    return [v for item in nilai for v in _datar(item)]


def _ke_sel(nilai: Decimal | None) -> float | str:
    return "" if nilai is None else float(nilai)


@xw.func
@xw.arg("target", doc="Target (angka)")
@xw.arg("realisasi", doc="Realisasi (angka)")
@xw.arg("arah", doc="Positif atau Negatif")
@xw.arg("rumus", doc="Rumus indikator negatif: 2T-R (bawaan) atau T/R")
@xw.arg("target_nol", doc="Target 0 berarti: nol (bawaan) atau tidak diukur")
def KINERJA_CAPAIAN(target, realisasi, arah, rumus="2T-R", target_nol="nol"):
    """Capaian (%) dibulatkan 2 desimal, menurut aturan kinerja_xl."""
    try:
        # A quarter without a target shows "" under either Target triwulan convention.
        konvensi = rules.Konvensi(target_nol=rules.normal_target_nol(target_nol or "nol"))
        hasil = rules.capaian_triwulan(_angka(target), _angka(realisasi), arah, rumus,
                                       konvensi)
    except _Isian as e:
        return str(e)
    except Exception:  # a worksheet function shows its failure, it never raises
        return "isian tidak sah"
    if hasil.nilai is None:
        return _TEKS_ALASAN.get(hasil.alasan, "tak terdefinisi")
    return hasil.as_float()


@xw.func
@xw.arg("capaian", doc="Capaian (%)")
@xw.arg("skala", doc="Opsional: tabel skala (batas bawah, predikat) dari Pengaturan")
def KINERJA_PREDIKAT(capaian, skala=None):
    """Predikat capaian (skala bawaan Permendagri 86/2017 atau tabel sendiri)."""
    try:
        nilai = _angka(capaian)
        pakai = rules.SKALA_BAWAAN if skala is None else _skala(skala)
        hasil = rules.predikat(nilai, pakai)
    except _Isian as e:
        return str(e)
    except Exception:  # a worksheet function shows its failure, it never raises
        return "isian tidak sah"
    return "" if hasil is None else hasil


def _skala(rentang: object) -> rules.Skala:
    baris = rentang if isinstance(rentang, (list, tuple)) else [rentang]
    if baris and not isinstance(baris[0], (list, tuple)):
        raise _Isian("skala harus 2 kolom")
    if any(len(b) != 2 for b in baris):
        raise _Isian("skala harus 2 kolom")
    try:
        return rules.skala_dari_tabel([(b[0], b[1]) for b in baris])
    except ValueError:
        raise _Isian("skala tidak sah") from None


@xw.func
@xw.arg("nilai", doc="Nilai triwulan (rentang sel)")
@xw.arg("agregasi", doc="Jumlah, Nilai Akhir atau Rata-rata")
def KINERJA_AGREGAT(nilai, agregasi):
    """Agregat nilai triwulan yang terisi menurut Agregasi indikator."""
    try:
        angka = [_angka(v) for v in _datar(nilai)]
        return _ke_sel(rules.agregat(angka, agregasi))
    except _Isian as e:
        return str(e)
    except Exception:  # a worksheet function shows its failure, it never raises
        return "isian tidak sah"
