"""Every rule of SPEC §3, in plain Python.

Capaian, aggregation over quarters, predicates, averages, budget figures, number
parsing and the checks behind findings.  Nothing here knows about files, sheets or
Excel: the builder's preview formulas, the UDFs and the operations all call (or are
tested against) these definitions.

Arithmetic is done in `Decimal` so that results match the published vectors to the
cent: a float such as 200.01 is taken through its shortest repr ("200.01"), never
through its binary expansion.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Iterable, Sequence

from .nilai import Persen

# The words of the rules; layout, the builder's formulas and the operations import
# them from here.
RUMUS_2TR, RUMUS_TR = "2T-R", "T/R"
RUMUS_BAWAAN = RUMUS_2TR
RUMUS = (RUMUS_2TR, RUMUS_TR)
POSITIF, NEGATIF = "Positif", "Negatif"
ARAH = (POSITIF, NEGATIF)
JUMLAH, NILAI_AKHIR, RATA_RATA = "Jumlah", "Nilai Akhir", "Rata-rata"
AGREGASI = (JUMLAH, NILAI_AKHIR, RATA_RATA)

# Target conventions (Pengaturan, and per indicator in PK).  `Target triwulan`: RA
# (every quarter has its RA target) or "tahunan saja" (a quarter without a target is
# not measured).  `Target 0 berarti`: "nol" (0 is a target like any other) or "tidak
# diukur" (a quarter whose target is 0 is not measured).
TARGET_TW_RA, TARGET_TW_TAHUNAN = "RA", "tahunan saja"
TARGET_TRIWULAN = (TARGET_TW_RA, TARGET_TW_TAHUNAN)
TARGET_NOL_NOL, TARGET_NOL_TIDAK_DIUKUR = "nol", "tidak diukur"
TARGET_NOL = (TARGET_NOL_NOL, TARGET_NOL_TIDAK_DIUKUR)

# Default thresholds for findings (SPEC §3); Pengaturan may override them.
AMBANG_RENDAH = Decimal(51)
AMBANG_TINGGI = Decimal(150)

Number = float | int | Decimal

_SERATUS = Decimal(100)
_SEN = Decimal("0.01")
# Precision well beyond any cell value, so "exact" quotients only lose digits far
# below the 2 decimals anyone looks at.
_PRESISI = 40


# --- numbers ----------------------------------------------------------------
def as_decimal(x: object) -> Decimal | None:
    """A number as Decimal; None stays None.

    Floats go through repr so that 200.01 stays 200.01 (Decimal(200.01) would be
    200.009999…, and would round the wrong way at the half cent).
    """
    if x is None:
        return None
    kind = type(x)
    if kind is Decimal and x.is_finite():
        return x
    if kind is int or (kind is float and x):
        return _as_decimal_sekali(x)
    return _desimal(x)


# The same few numbers come back in every report (targets, realisations): each is
# converted once.  `typed` keeps 1 and 1.0 apart (and 2**60 from its float); a zero
# float is not kept, since 0.0 and -0.0 are one key but two spellings.  NaN and the
# infinities raise in _desimal and are never kept.
@functools.lru_cache(maxsize=65536, typed=True)
def _as_decimal_sekali(x: int | float) -> Decimal:
    return _desimal(x)


def _desimal(x: object) -> Decimal:
    if isinstance(x, bool):
        # bool is an int subclass; True in a number cell is a mistake, not 1.
        raise TypeError("nilai logika (TRUE/FALSE) bukan angka")
    if isinstance(x, Decimal):
        hasil = x
    elif isinstance(x, int):
        hasil = Decimal(x)
    elif isinstance(x, float):
        hasil = Decimal(repr(x))
    elif isinstance(x, str):
        # Machine text only (plain digits, decimal point); people's text goes
        # through parse_angka.
        try:
            hasil = Decimal(x.strip())
        except InvalidOperation:
            raise ValueError(f"'{x}' bukan angka") from None
    else:
        raise TypeError(f"{type(x).__name__} bukan angka")
    if not hasil.is_finite():
        raise ValueError(f"'{x}' bukan angka terhingga")
    return hasil


def bulatkan(x: Decimal | None) -> Decimal | None:
    """Round to 2 decimals, half away from zero (Excel's ROUND)."""
    if x is None:
        return None
    # Decimal's ROUND_HALF_UP rounds ties away from zero, for negatives too.
    d = as_decimal(x)
    # enough digits for a huge value (1e300 typed by mistake) to keep its cents
    prec = d.adjusted() + 4
    konteks = _KONTEKS if prec <= _PRESISI else Context(prec=prec)
    return d.quantize(_SEN, rounding=ROUND_HALF_UP, context=konteks)


# The context of the exact arithmetic, passed to each operation (as fast as it gets:
# a `localcontext` per number costs more than the arithmetic).
_KONTEKS = Context(prec=_PRESISI)


def _bagi(a: Decimal, b: Decimal) -> Decimal:
    return _KONTEKS.divide(a, b)


def _persen(a: Decimal, b: Decimal) -> Decimal:
    """a / b × 100; multiplying first keeps a terminating quotient exact."""
    return _KONTEKS.divide(_KONTEKS.multiply(a, _SERATUS), b)


# --- vocabulary ---------------------------------------------------------------
_BUKAN_KUNCI = re.compile(r"[\s\-_.]")


def _kunci(teks: object) -> str:
    return _BUKAN_KUNCI.sub("", str(teks)).casefold()


_ARAH = {_kunci(a): a for a in ARAH}
_AGREGASI = {_kunci(a): a for a in AGREGASI}
_RUMUS = {_kunci(r): r for r in RUMUS}


def normal_arah(arah: object) -> str:
    """'positif ' → 'Positif'; ValueError for anything else."""
    if arah in ARAH:
        return arah
    try:
        return _ARAH[_kunci(arah)]
    except KeyError:
        raise ValueError(f"Arah '{arah}' tidak dikenal; pilih Positif atau Negatif.") from None


def normal_agregasi(agregasi: object) -> str:
    """'rata rata' → 'Rata-rata'; ValueError for anything else."""
    if agregasi in AGREGASI:
        return agregasi
    try:
        return _AGREGASI[_kunci(agregasi)]
    except KeyError:
        raise ValueError(
            f"Agregasi '{agregasi}' tidak dikenal; pilih Jumlah, Nilai Akhir atau Rata-rata."
        ) from None


def normal_rumus(rumus: object) -> str:
    """'2t-r' → '2T-R'; a blank cell means the default formula."""
    if rumus in RUMUS:
        return rumus
    if rumus is None or str(rumus).strip() == "":
        return RUMUS_BAWAAN
    try:
        return _RUMUS[_kunci(rumus)]
    except KeyError:
        raise ValueError(f"Rumus '{rumus}' tidak dikenal; pilih 2T-R atau T/R.") from None


def _pilihan(teks: object, pilihan: Sequence[str], nama: str) -> str:
    kunci = _kunci(teks)
    for p in pilihan:
        if _kunci(p) == kunci:
            return p
    raise ValueError(f"{nama} '{teks}' tidak dikenal; pilih {' atau '.join(pilihan)}.")


def normal_target_triwulan(teks: object) -> str:
    """'Tahunan Saja' → 'tahunan saja'; ValueError for anything else."""
    return _pilihan(teks, TARGET_TRIWULAN, "Target triwulan")


def normal_target_nol(teks: object) -> str:
    """'Tidak diukur' → 'tidak diukur'; ValueError for anything else."""
    return _pilihan(teks, TARGET_NOL, "Target 0 berarti")


@dataclass(frozen=True)
class Konvensi:
    """How an indicator's quarterly targets are read (SPEC-style text in the guide)."""
    target_triwulan: str = TARGET_TW_RA
    target_nol: str = TARGET_NOL_NOL

    def diukur(self, target: object) -> bool:
        """Is a quarter with this target measured at all?  Under RA a quarter without
        a target is measured (and its capaian is undefined: a finding)."""
        t = as_decimal(target)
        if t is None:
            return self.target_triwulan == TARGET_TW_RA
        return not (t == 0 and self.target_nol == TARGET_NOL_TIDAK_DIUKUR)


KONVENSI_BAWAAN = Konvensi()


# --- capaian --------------------------------------------------------------------
@dataclass(frozen=True)
class Capaian:
    """A capaian kept exact; `alasan` says why it is undefined when `nilai` is None.

    alasan: "tidak_diukur" (neither target nor realisation: no finding),
    "realisasi_kosong", "target_kosong", "target_nol" (Positif with T = 0),
    "realisasi_nol" (Negatif under T/R with R = 0 and T ≠ 0).
    """
    nilai: Decimal | None
    alasan: str | None = None

    @property
    def bulat(self) -> Decimal | None:
        return bulatkan(self.nilai)

    def as_float(self) -> float | None:
        """The rounded value for JSON and cells."""
        b = self.bulat
        return None if b is None else float(b)


ALASAN_TIDAK_TERDEFINISI = ("tidak_diukur", "realisasi_kosong", "target_kosong",
                            "target_nol", "realisasi_nol")


def capaian(target: object, realisasi: object, arah: str,
            rumus: str = RUMUS_BAWAAN) -> Capaian:
    """Capaian (%) of one pair; undefined cases come back with a reason, never raise."""
    t, r = as_decimal(target), as_decimal(realisasi)
    arah = normal_arah(arah)
    rumus = normal_rumus(rumus)
    if t is None and r is None:
        return Capaian(None, "tidak_diukur")
    if r is None:
        return Capaian(None, "realisasi_kosong")
    if t is None:
        return Capaian(None, "target_kosong")
    if arah == POSITIF:
        return _capaian_positif(t, r)
    return _capaian_negatif(t, r, rumus)


def _capaian_positif(t: Decimal, r: Decimal) -> Capaian:
    if t == 0:
        return Capaian(None, "target_nol")
    return Capaian(_persen(r, t))


def _capaian_negatif(t: Decimal, r: Decimal, rumus: str) -> Capaian:
    if t == 0:
        # Target of zero incidents: met or not, under either formula.
        return Capaian(Decimal(100) if r <= 0 else Decimal(0))
    if rumus == RUMUS_TR:
        if r == 0:
            return Capaian(None, "realisasi_nol")
        return Capaian(_persen(t, r))
    # 2T-R: [T − (R − T)] / T; a realisation of twice the target or worse scores 0,
    # never a negative percentage.
    return Capaian(max(Decimal(0), _persen(2 * t - r, t)))


def capaian_triwulan(target: object, realisasi: object, arah: str,
                     rumus: str = RUMUS_BAWAAN, konvensi: Konvensi = KONVENSI_BAWAAN
                     ) -> Capaian:
    """Capaian of one quarter under the indicator's target convention: a quarter that
    is not measured has none ("tidak_diukur"), whatever was realised."""
    if not konvensi.diukur(target):
        return Capaian(None, "tidak_diukur")
    return capaian(target, realisasi, arah, rumus)


# --- aggregation over quarters -----------------------------------------------------
def _ada(nilai: Iterable[object]) -> list[Decimal]:
    return [d for d in (as_decimal(v) for v in nilai) if d is not None]


def agregat(nilai: Sequence[object], agregasi: str) -> Decimal | None:
    """Aggregate the quarters that have a value; None when none has one."""
    agregasi = normal_agregasi(agregasi)
    ada = _ada(nilai)
    if not ada:
        return None
    if agregasi == JUMLAH:
        return sum(ada, Decimal(0))
    if agregasi == NILAI_AKHIR:
        return ada[-1]
    return _bagi(sum(ada, Decimal(0)), Decimal(len(ada)))


def capaian_sd(targets_tw: Sequence[object], realisasi_tw: Sequence[object], n: int,
               arah: str, agregasi: str, rumus: str = RUMUS_BAWAAN,
               konvensi: Konvensi = KONVENSI_BAWAAN
               ) -> tuple[Decimal | None, Decimal | None, Capaian]:
    """Capaian "s.d. TW n": aggregate(R1..Rn) against aggregate(T1..Tn).

    The targets of quarters that are not measured are left out of the target's
    aggregate (a 0 meaning "not measured" would pull a mean down); every realisation
    counts.  With no measured quarter up to n, s.d. is not measured either."""
    if not 1 <= n <= 4:
        raise ValueError(f"Triwulan {n} tidak ada; pilih 1 sampai 4.")
    targets = list(targets_tw)[:n]
    diukur = [t if konvensi.diukur(t) else None for t in targets]
    realisasi_sd = agregat(list(realisasi_tw)[:n], agregasi)
    if konvensi != KONVENSI_BAWAAN and not any(konvensi.diukur(t) for t in targets):
        return None, realisasi_sd, Capaian(None, "tidak_diukur")
    target_sd = agregat(diukur, agregasi)
    return target_sd, realisasi_sd, capaian(target_sd, realisasi_sd, arah, rumus)


def progres(target_tahunan: object, realisasi_sd: object) -> Decimal | None:
    """Realisation to date as a share (%) of the annual target: a progress figure,
    never a capaian (no direction, no predikat).  None without both, or T = 0."""
    t, r = as_decimal(target_tahunan), as_decimal(realisasi_sd)
    if t is None or r is None or t == 0:
        return None
    return _persen(r, t)


def capaian_tahunan(target_tahunan: object, realisasi_tw: Sequence[object], arah: str,
                    agregasi: str, rumus: str = RUMUS_BAWAAN
                    ) -> tuple[Decimal | None, Capaian]:
    """Annual capaian: aggregate(R1..R4) against the PK annual target."""
    realisasi = agregat(list(realisasi_tw)[:4], agregasi)
    return realisasi, capaian(target_tahunan, realisasi, arah, rumus)


def ra_konsisten(targets_tw: Sequence[object], target_tahunan: object, agregasi: str,
                 konvensi: Konvensi = KONVENSI_BAWAAN) -> bool:
    """Do the RA quarter targets add up (by the Agregasi) to the PK annual target?
    Quarters not measured are left out; with "tahunan saja" and no quarterly target
    at all there is nothing to add up."""
    diukur = [t for t in targets_tw if as_decimal(t) is not None and konvensi.diukur(t)]
    if konvensi.target_triwulan == TARGET_TW_TAHUNAN and not diukur:
        return True
    dari_ra = agregat(diukur if konvensi != KONVENSI_BAWAAN else targets_tw, agregasi)
    tahunan = as_decimal(target_tahunan)
    if dari_ra is None or tahunan is None:
        return dari_ra is None and tahunan is None
    # A mean such as 1/3 is not exact in any base: allow for the last digits only.
    return abs(dari_ra - tahunan) <= Decimal("1e-9") * max(Decimal(1), abs(tahunan))


# --- predicate scale ----------------------------------------------------------------
@dataclass(frozen=True)
class Skala:
    """Bands (lower bound, name) from high to low; the last one has no bound."""
    bands: tuple[tuple[Decimal | None, str], ...]

    def __post_init__(self) -> None:
        _periksa_skala(self.bands)

    @property
    def terendah(self) -> str:
        return self.bands[-1][1]


def _periksa_skala(bands: tuple[tuple[Decimal | None, str], ...]) -> None:
    if not bands:
        raise ValueError("Skala predikat kosong.")
    if bands[-1][0] is not None:
        raise ValueError("Baris terakhir skala predikat harus tanpa batas bawah "
                         "(untuk semua capaian di bawah batas terendah).")
    batas = [b for b, _ in bands[:-1]]
    if any(b is None for b in batas):
        raise ValueError("Hanya baris terakhir skala predikat yang boleh tanpa batas bawah.")
    if any(a <= b for a, b in zip(batas, batas[1:])):
        raise ValueError("Batas bawah skala predikat harus urut menurun tanpa angka kembar.")
    for _, nama in bands:
        if not isinstance(nama, str) or not nama.strip():
            raise ValueError("Setiap baris skala predikat harus punya nama predikat.")


SKALA_BAWAAN = Skala((
    (Decimal(91), "Sangat Tinggi"),
    (Decimal(76), "Tinggi"),
    (Decimal(66), "Sedang"),
    (Decimal(51), "Rendah"),
    (None, "Sangat Rendah"),
))


def skala_dari_tabel(rows: list[tuple[object, object]]) -> Skala:
    """The scale from Pengaturan's table; ValueError (Indonesian) when it is broken.

    Bounds may be numbers or people's text ("91", "90,5"); empty rows are skipped.
    Rows may come in any order: they are sorted high to low, the unbounded one last.
    """
    bands: list[tuple[Decimal | None, str]] = []
    for i, (batas, nama) in enumerate(rows, start=1):
        if _kosong(batas) and _kosong(nama):
            continue
        if _kosong(nama):
            raise ValueError(f"Skala predikat baris {i}: nama predikat kosong.")
        bands.append((_batas_skala(batas, i), str(nama).strip()))
    if sum(1 for b, _ in bands if b is None) > 1:
        raise ValueError("Skala predikat: hanya satu baris yang boleh tanpa batas bawah.")
    bands.sort(key=lambda band: (band[0] is None, -(band[0] or 0)))
    return Skala(tuple(bands))


def _kosong(x: object) -> bool:
    return x is None or (isinstance(x, str) and not x.strip())


def _batas_skala(batas: object, baris: int) -> Decimal | None:
    if _kosong(batas):
        return None
    angka = parse_angka(batas)
    if angka.nilai is None or angka.masalah not in (None, "negatif"):
        raise ValueError(f"Skala predikat baris {baris}: batas bawah '{batas}' bukan angka.")
    return as_decimal(angka.nilai)


def predikat(capaian_bulat: object, skala: Skala = SKALA_BAWAAN) -> str | None:
    """The band of a capaian, decided on its value rounded to 2 decimals."""
    nilai = bulatkan(as_decimal(capaian_bulat))
    if nilai is None:
        return None
    for batas, nama in skala.bands:
        if batas is None or nilai >= batas:
            return nama
    raise AssertionError("a Skala always ends with an unbounded band")


# --- averages and budget -------------------------------------------------------------
@dataclass
class Ringkasan:
    """Mean of the defined capaian, with how many it covers and how many are lowest band."""
    rata: Decimal | None
    jumlah: int
    sangat_rendah: int


def ringkasan(capaian_list: Iterable[object], skala: Skala = SKALA_BAWAAN) -> Ringkasan:
    """Average of the group's defined (rounded) capaian; counts keep a 200 % from hiding a 0 %."""
    ada = [bulatkan(d) for d in _ada(capaian_list)]
    if not ada:
        return Ringkasan(None, 0, 0)
    rata = _bagi(sum(ada, Decimal(0)), Decimal(len(ada)))
    rendah = sum(1 for c in ada if predikat(c, skala) == skala.terendah)
    return Ringkasan(rata, len(ada), rendah)


def serapan(realisasi_anggaran: object, pagu: object) -> Decimal | None:
    """Budget absorption (%); undefined without a pagu."""
    r, p = as_decimal(realisasi_anggaran), as_decimal(pagu)
    if r is None or p is None or p == 0:
        return None
    return _persen(r, p)


def efisiensi(capaian_: object, serapan_: object) -> Decimal | None:
    """capaian − serapan, in percentage points."""
    c, s = as_decimal(capaian_), as_decimal(serapan_)
    if c is None or s is None:
        return None
    return c - s


# --- number input from people ---------------------------------------------------------
@dataclass(frozen=True)
class Angka:
    """A cell value read as a number.

    masalah: None (fine, or empty when nilai is None), "bukan_angka", "tanda_strip"
    ("-" typed instead of 0 or an empty cell) or "negatif" (nilai is kept so the
    reports can still show what was typed).  teks is the text found, for messages.
    """
    nilai: float | None
    masalah: str | None = None
    teks: str | None = None

    @property
    def kosong(self) -> bool:
        return self.nilai is None and self.masalah is None


MASALAH_ANGKA = ("bukan_angka", "tanda_strip", "negatif")

# The two ways a text number is written: KOMA, the Indonesian way (decimal comma,
# thousands dots: 1.234.567,5) and TITIK (decimal point, thousands commas:
# 1,234,567.5).  One pattern per convention, for the workbook (`parse_angka`) and the
# input tables (`tabel/pemisah_desimal.py`, which decides a file's convention) alike.
KOMA = "koma"
TITIK = "titik"
PEMISAH = {KOMA: (",", "."), TITIK: (".", ",")}  # (decimal, thousands)


def _pola(desimal_: str, ribuan: str) -> re.Pattern:
    """Digits in thousands groups (no leading 0) or plain, an optional decimal part.
    ASCII digits only: `[0-9]`, not `\\d`, which would let in other scripts' digits."""
    d, r = re.escape(desimal_), re.escape(ribuan)
    return re.compile(rf"(?:[1-9][0-9]{{0,2}}(?:{r}[0-9]{{3}})+|[0-9]+)(?:{d}[0-9]+)?")


_POLA = {k: _pola(*pemisah) for k, pemisah in PEMISAH.items()}
_PERSEN = re.compile(r"\s*(?:%|persen)$", re.IGNORECASE)
_RUPIAH = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_STRIP = {"-", "–", "—", "−"}


def tubuh_angka(teks: str) -> tuple[str, bool]:
    """A text number without '%'/'persen', 'Rp' and its minus sign: ('1.234,5', True)
    for '-Rp 1.234,5'."""
    tubuh = _RUPIAH.sub("", _PERSEN.sub("", teks.strip())).strip()
    negatif = tubuh[:1] in _STRIP and len(tubuh) > 1
    if negatif:
        tubuh = tubuh[1:].strip()
    return tubuh, negatif


def baca_dengan(tubuh: str, konvensi: str) -> Decimal | None:
    """The digits of `tubuh` read under one convention (KOMA or TITIK); None when
    they cannot be written that way ('1.234,5' under TITIK)."""
    if not _POLA[konvensi].fullmatch(tubuh):
        return None
    desimal_, ribuan = PEMISAH[konvensi]
    return Decimal(tubuh.replace(ribuan, "").replace(desimal_, "."))


def parse_angka(value: object) -> Angka:
    """Read a number the way people type it in Indonesia (SPEC §3)."""
    if value is None:
        return Angka(None)
    if isinstance(value, bool):
        return Angka(None, "bukan_angka", "TRUE" if value else "FALSE")
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        # A date in a number cell is Excel's guess at "1.2" or similar; never a count.
        return Angka(None, "bukan_angka", _teks_waktu(value))
    if isinstance(value, (int, float, Decimal)):
        return _angka_tersimpan(value)
    if isinstance(value, str):
        return _angka_teks(value)
    return Angka(None, "bukan_angka", str(value))


def _teks_waktu(value: dt.date | dt.time | dt.timedelta) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _angka_tersimpan(value: Number) -> Angka:
    nilai = float(value)
    if not math.isfinite(nilai):
        return Angka(None, "bukan_angka", str(value))
    if nilai < 0:
        return Angka(nilai, "negatif", format_angka(nilai))
    return Angka(nilai)


def _angka_teks(asli: str) -> Angka:
    teks = asli.strip()
    if not teks:
        return Angka(None)
    if teks in _STRIP:
        return Angka(None, "tanda_strip", teks)
    tubuh, negatif = tubuh_angka(teks)
    nilai = _baca_digit(tubuh)
    if nilai is None:
        return Angka(None, "bukan_angka", teks)
    if negatif and nilai != 0:
        return Angka(-nilai, "negatif", teks)
    return Angka(nilai)


def _baca_digit(tubuh: str) -> float | None:
    """Typed in the workbook, a text number follows the Indonesian way (SPEC §3:
    "1.234" is 1234, so "28.125" is 28125); one dot that cannot be a thousands
    separator (12.5, 0.500) is a decimal point typed by someone used to it — reading
    it as 125 or 500 would be wrong."""
    x = baca_dengan(tubuh, KOMA)
    if x is None and "," not in tubuh:
        x = baca_dengan(tubuh, TITIK)
    return None if x is None else float(x)


def format_angka(x: Number, digit: int | None = None) -> str:
    """Indonesian notation: "1.234,5", rounded to `digit` digits after the comma;
    without `digit`, as many digits as the value needs to be read back exactly
    (parse_angka(format_angka(x)) == x)."""
    if isinstance(x, bool) or not isinstance(x, (int, float, Decimal)):
        raise TypeError(f"{type(x).__name__} bukan angka")
    d = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    if not d.is_finite():
        raise ValueError(f"{x} bukan angka terhingga")
    if digit is not None:
        d = d.quantize(Decimal(1).scaleb(-digit), rounding=ROUND_HALF_UP)
    tanda = "-" if d < 0 and d != 0 else ""
    bulat, _, pecahan = f"{abs(d):f}".partition(".")
    if digit is None:
        pecahan = pecahan.rstrip("0")
    ribuan = f"{int(bulat):,}".replace(",", ".")
    return tanda + ribuan + ("," + pecahan if pecahan else "")


# --- checks behind findings ----------------------------------------------------------------
def satuan_persen(satuan: object) -> bool:
    """An indicator measured in percent points (Satuan '%')."""
    return satuan is not None and str(satuan).strip().casefold() in ("%", "persen")


def nilai_tampil(raw: object, satuan: object) -> object:
    """The value a person saw in a cell of an indicator measured in %: a number shown
    with a percent format (`Persen`, stored 0.25, shown 25 %) is 25 — `25%` typed into a
    cell means 25 % in every spreadsheet program.  Anything else is returned as it is."""
    if isinstance(raw, Persen) and satuan_persen(satuan):
        return float(Decimal(repr(float(raw))) * 100)
    return raw


def nilai_simpan(nilai: object, sekarang: object, satuan: object) -> object:
    """What to write into a cell that now holds `sekarang` so that it reads back as
    `nilai`: where the cell shows a percent format (`sekarang` is `Persen`, someone
    typed `25%` there) in an indicator measured in %, the fraction it shows as `nilai`
    (30 → 0.3, read back as 30 by `nilai_tampil`); 30 written there would show 3000 %."""
    if isinstance(sekarang, Persen) and satuan_persen(satuan) and \
            isinstance(nilai, (int, float)) and not isinstance(nilai, bool):
        return Persen(Decimal(repr(float(nilai))) / 100)
    return nilai
_satuan_persen = satuan_persen


def looks_like_fraction(nilai: object, target: object, satuan: object) -> bool:
    """A % value typed as a fraction (0,75 for 75 %): 0 < value ≤ 1 against a target ≥ 10.

    Only where Satuan is %: elsewhere 1 against a target of 10 (one application of
    ten) is an ordinary count.
    """
    n, t = as_decimal(nilai), as_decimal(target)
    if n is None or t is None or not _satuan_persen(satuan):
        return False
    return 0 < n <= 1 and t >= 10


def implausible(nilai: object, target: object) -> bool:
    """Off by an order of magnitude (with T > 0: R > 10 T or 0 < R < T / 10), such as
    "3.105" (read as 3105) typed for an index of 3,1."""
    n, t = as_decimal(nilai), as_decimal(target)
    if n is None or t is None or t <= 0:
        return False
    return n > 10 * t or 0 < n * 10 < t


def persen_lebih_100(nilai: object, satuan: object) -> bool:
    """A percentage above 100 where Satuan is %."""
    n = as_decimal(nilai)
    return n is not None and _satuan_persen(satuan) and n > 100


def _diisi(teks: object) -> bool:
    return teks is not None and str(teks).strip() != ""


def perlu_penjelasan_rendah(capaian_bulat: object, faktor_penghambat: object,
                            tindak_lanjut: object, ambang: object = AMBANG_RENDAH) -> bool:
    """Capaian below the threshold needs both Faktor penghambat and Tindak lanjut."""
    c = bulatkan(as_decimal(capaian_bulat))
    if c is None or c >= as_decimal(ambang):
        return False
    return not (_diisi(faktor_penghambat) and _diisi(tindak_lanjut))


def perlu_keterangan_tinggi(capaian_bulat: object, keterangan: object,
                            ambang: object = AMBANG_TINGGI) -> bool:
    """Capaian above the threshold needs a keterangan (Bukti dukung/keterangan)."""
    c = bulatkan(as_decimal(capaian_bulat))
    return c is not None and c > as_decimal(ambang) and not _diisi(keterangan)
