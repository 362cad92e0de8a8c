"""The rules of SPEC §3 against the published vectors and the cases the SPEC names."""
from __future__ import annotations

import csv
import datetime as dt
import json
import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kinerja_xl import rules
from kinerja_xl.rules import (
    SKALA_BAWAAN, Angka, Capaian, agregat, bulatkan, capaian, capaian_sd,
    capaian_tahunan, as_decimal, efisiensi, format_angka, implausible, looks_like_fraction,
    parse_angka, predikat, ra_konsisten, ringkasan, serapan, skala_dari_tabel,
)

HERE = Path(__file__).resolve().parent
OWN_VECTORS = HERE / "vectors" / "capaian.csv"
CONTOH = HERE / "vectors" / "contoh"


def _rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _vector_params() -> list:
    return [pytest.param(row, id=f"{i}:{row['catatan'] or row['arah']}")
            for i, row in enumerate(_rows(OWN_VECTORS), start=2)]


def _num(text: str) -> float | None:
    return None if text == "" else float(text)


# --- vectors ------------------------------------------------------------------------
def test_own_vectors_cover_every_direction_formula_and_predicate():
    """The project's copy of the published vectors stands on its own: every
    direction and negative formula, every predicate and undefined results."""
    rows = _rows(OWN_VECTORS)
    assert len(rows) >= 27
    assert {(r["arah"], r["rumus"]) for r in rows} == {
        ("Positif", "2T-R"), ("Negatif", "2T-R"), ("Negatif", "T/R")}
    assert {r["predikat"] for r in rows} == {
        "Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah", ""}
    assert any(r["capaian"] == "" for r in rows)


@pytest.mark.parametrize("row", _vector_params())
def test_capaian_vector(row):
    hasil = capaian(_num(row["target"]), _num(row["realisasi"]), row["arah"], row["rumus"])
    expected = None if row["capaian"] == "" else Decimal(row["capaian"])
    assert hasil.bulat == expected
    assert predikat(hasil.bulat) == (row["predikat"] or None)
    if expected is None:
        assert hasil.alasan in rules.ALASAN_TIDAK_TERDEFINISI
    else:
        assert hasil.alasan is None


# --- named cases ------------------------------------------------------------------------
@pytest.mark.parametrize("realisasi, expected", [(4, "150.00"), (10, "75.00"), (20, "0.00")])
def test_negatif_2t_r_lkjip_practice(realisasi, expected):
    assert capaian(8, realisasi, "Negatif").bulat == Decimal(expected)


def test_negatif_months():
    assert capaian(7, 6.5, "Negatif").bulat == Decimal("107.14")


def test_negatif_half_away_from_zero():
    c = capaian(4, 3.875, "Negatif")
    assert c.nilai == Decimal("103.125")  # kept exact
    assert c.bulat == Decimal("103.13")
    assert c.as_float() == 103.13


def test_float_goes_through_repr():
    c = capaian(200, 200.01, "Positif")
    assert c.nilai == Decimal("100.005")
    assert c.bulat == Decimal("100.01")
    assert as_decimal(200.01) == Decimal("200.01")


def test_t_r_zero_realisation_is_undefined_not_a_crash():
    assert capaian(10, 0, "Negatif", "T/R") == Capaian(None, "realisasi_nol")


@pytest.mark.parametrize("rumus", ["2T-R", "T/R"])
def test_zero_target_negatif_both_formulas(rumus):
    assert capaian(0, 0, "Negatif", rumus).bulat == Decimal("100.00")
    assert capaian(0, 3, "Negatif", rumus).bulat == Decimal("0.00")


def test_zero_target_positif_is_undefined():
    assert capaian(0, 5, "Positif") == Capaian(None, "target_nol")


def test_missing_realisation_and_target():
    assert capaian(100, None, "Positif") == Capaian(None, "realisasi_kosong")
    assert capaian(None, 5, "Positif") == Capaian(None, "target_kosong")
    assert capaian(None, None, "Negatif") == Capaian(None, "tidak_diukur")
    assert capaian(None, None, "Positif").as_float() is None


def test_arah_and_rumus_are_read_leniently_and_checked():
    assert capaian(8, 10, " negatif ", "2t-r").bulat == Decimal("75.00")
    assert capaian(10, 5, "NEGATIF", "t/r").bulat == Decimal("200.00")
    assert capaian(8, 10, "Negatif", None).bulat == Decimal("75.00")  # blank = default
    with pytest.raises(ValueError, match="Arah"):
        capaian(1, 1, "Naik")
    with pytest.raises(ValueError, match="Rumus"):
        capaian(1, 1, "Negatif", "R/T")


@pytest.mark.parametrize("nilai, expected", [
    ("90.994", "Tinggi"), ("90.995", "Sangat Tinggi"), ("91", "Sangat Tinggi"),
    ("75.999", "Tinggi"), ("75.994", "Sedang"), ("50.995", "Rendah"), ("50.99", "Sangat Rendah"),
    ("0", "Sangat Rendah"), ("-5", "Sangat Rendah"), ("300", "Sangat Tinggi"),
])
def test_predikat_on_rounded_value(nilai, expected):
    assert predikat(Decimal(nilai)) == expected


def test_predikat_of_nothing():
    assert predikat(None) is None


def test_bulatkan_half_away_from_zero_both_signs():
    assert bulatkan(Decimal("2.345")) == Decimal("2.35")
    assert bulatkan(Decimal("-2.345")) == Decimal("-2.35")
    assert bulatkan(None) is None


# --- aggregation -----------------------------------------------------------------------
def test_agregat_methods():
    assert agregat([97.25, 99.1, None, None], "Rata-rata") == Decimal("98.175")
    assert agregat([None, 3.38, None, 3.61], "Nilai Akhir") == Decimal("3.61")
    assert agregat([None, 3.4, None], "Nilai Akhir") == Decimal("3.4")
    assert agregat([1, 2, 3, 4], "Jumlah") == Decimal(10)
    assert agregat([None, None], "Jumlah") is None
    assert agregat([], "Rata-rata") is None
    assert agregat([5, 3.5, 4, 3], "rata rata") == Decimal("3.875")
    with pytest.raises(ValueError, match="Agregasi"):
        agregat([1], "Median")


def test_capaian_sd_rata_rata_i01():
    t_sd, r_sd, c = capaian_sd([98, 98, 98, 98], [97.25, 99.1, None, None], 2, "Positif",
                               "Rata-rata")
    assert (t_sd, r_sd, c.bulat) == (Decimal(98), Decimal("98.175"), Decimal("100.18"))


def test_capaian_sd_nilai_akhir_carries_the_last_value_a02():
    t_sd, r_sd, c = capaian_sd([None, 3.4, None, 3.5], [None, 3.38, None, 3.61], 3,
                               "Positif", "Nilai Akhir")
    assert (t_sd, r_sd, c.bulat) == (Decimal("3.4"), Decimal("3.38"), Decimal("99.41"))
    # The quarter itself is not measured.
    assert capaian(None, None, "Positif").alasan == "tidak_diukur"


def test_capaian_sd_jumlah_and_zero_target_negatif():
    assert capaian_sd([1, 3, 3, 3], [1, 2, 3, 4], 3, "Positif", "Jumlah")[2].bulat \
        == Decimal("85.71")
    assert capaian_sd([0, 0, 0, 0], [0, 2, 0, 1], 3, "Negatif", "Jumlah")[2].bulat \
        == Decimal("0.00")


def test_capaian_sd_rejects_quarter_out_of_range():
    with pytest.raises(ValueError):
        capaian_sd([1] * 4, [1] * 4, 5, "Positif", "Jumlah")


def test_capaian_tahunan():
    realisasi, c = capaian_tahunan(4, [5, 3.5, 4, 3], "Negatif", "Rata-rata")
    assert realisasi == Decimal("3.875") and c.bulat == Decimal("103.13")
    realisasi, c = capaian_tahunan(98, [97.25, 99.1, 98.0, 98.5], "Positif", "Rata-rata")
    assert realisasi == Decimal("98.2125") and c.bulat == Decimal("100.22")


def test_ra_konsisten():
    assert ra_konsisten([1, 3, 3, 3], 10, "Jumlah")
    assert not ra_konsisten([1, 3, 3, 2], 10, "Jumlah")
    assert ra_konsisten([20, 45, 70, 95], 95, "Nilai Akhir")
    assert ra_konsisten([None, None, None, 2.8], 2.8, "Nilai Akhir")
    assert ra_konsisten([None, 3.4, None, 3.5], 3.5, "Nilai Akhir")
    assert not ra_konsisten([None, 3.4, None, None], 3.5, "Nilai Akhir")
    assert ra_konsisten([98, 98, 98, 98], 98, "Rata-rata")
    assert ra_konsisten([0.1, 0.2], 0.3, "Jumlah")  # decimal, not binary, arithmetic
    assert not ra_konsisten([None] * 4, 10, "Jumlah")


# --- the sample Dinas end to end (aggregation and capaian only) -------------------------------
def test_contoh_expected_capaian():
    contoh = CONTOH
    pk = {r["Kode"]: r for r in _rows(contoh / "pk.csv")}
    ra = {r["Kode"]: [parse_angka(r[f"Target TW {n}"]).nilai for n in ("I", "II", "III", "IV")]
          for r in _rows(contoh / "ra.csv")}
    real = {k: [None] * 4 for k in pk}
    for q in range(4):
        for r in _rows(contoh / f"realisasi_tw{q + 1}.csv"):
            real[r["Kode"]][q] = parse_angka(r["Realisasi"]).nilai
    expected = json.loads((contoh / "expected.json").read_text(encoding="utf-8"))
    for q, per_kode in expected["triwulan"].items():
        n = int(q)
        for kode, e in per_kode.items():
            arah, agr = pk[kode]["Arah"], pk[kode]["Agregasi"]
            c = capaian(ra[kode][n - 1], real[kode][n - 1], arah)
            t_sd, r_sd, c_sd = capaian_sd(ra[kode], real[kode], n, arah, agr)
            assert c.as_float() == e["capaian"], (q, kode)
            assert predikat(c.bulat) == e["predikat"], (q, kode)
            assert _close(t_sd, e["target_sd"]) and _close(r_sd, e["realisasi_sd"]), (q, kode)
            assert c_sd.bulat == _dec(e["capaian_sd"]), (q, kode)
    for kode, e in expected["tahunan"].items():
        target = parse_angka(pk[kode]["Target tahunan"]).nilai
        r, c = capaian_tahunan(target, real[kode], pk[kode]["Arah"], pk[kode]["Agregasi"])
        assert _close(r, e["realisasi"]) and c.bulat == _dec(e["capaian"]), kode
        assert predikat(c.bulat) == e["predikat"]
        assert ra_konsisten(ra[kode], target, pk[kode]["Agregasi"]), kode


def _close(a: Decimal | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), b, rel_tol=1e-9, abs_tol=1e-12)


def _dec(x: float | None) -> Decimal | None:
    return None if x is None else bulatkan(Decimal(repr(x)))


# --- scale, averages, budget --------------------------------------------------------------
def test_skala_from_pengaturan_table():
    rows = [("91", "Sangat Tinggi"), (76.0, "Tinggi"), ("66", "Sedang"), (51, "Rendah"),
            (None, "Sangat Rendah")]
    assert skala_dari_tabel(rows) == SKALA_BAWAAN
    assert skala_dari_tabel(list(reversed(rows)) + [(None, None), ("", "  ")]) == SKALA_BAWAAN
    custom = skala_dari_tabel([("80,5", "Baik"), ("", "Kurang")])
    assert predikat(Decimal("80.5"), custom) == "Baik"
    assert predikat(Decimal("80.49"), custom) == "Kurang"


@pytest.mark.parametrize("rows, pesan", [
    ([], "kosong"),
    ([(91, "Sangat Tinggi"), (51, "Rendah")], "tanpa batas bawah"),
    ([(91, "A"), (None, "B"), (None, "C")], "hanya satu"),
    ([(91, "A"), (91, "B"), (None, "C")], "menurun"),
    ([("sembilan", "A"), (None, "B")], "bukan angka"),
    ([(91, None), (None, "B")], "nama predikat"),
])
def test_skala_broken_tables(rows, pesan):
    with pytest.raises(ValueError, match=pesan):
        skala_dari_tabel(rows)


def test_ringkasan_counts_the_failures_a_mean_hides():
    r = ringkasan([Decimal(200), Decimal(0), None, Decimal("50.994")])
    assert r.jumlah == 3
    assert r.sangat_rendah == 2
    assert bulatkan(r.rata) == Decimal("83.66")  # (200 + 0 + 50,99) / 3
    assert ringkasan([None]).rata is None and ringkasan([]).jumlah == 0


def test_serapan_and_efisiensi():
    assert serapan(75_000_000, 100_000_000) == Decimal(75)
    assert serapan(1, 0) is None and serapan(None, 10) is None
    assert efisiensi(Decimal("98.5"), Decimal(75)) == Decimal("23.5")
    assert efisiensi(None, Decimal(75)) is None


# --- number parsing -----------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    (12, 12.0), (12.5, 12.5), ("12", 12.0), ("12,5", 12.5), ("1.234,5", 1234.5),
    ("1.234", 1234.0), ("1.234.567", 1234567.0), ("3.105", 3105.0), ("75%", 75.0),
    (" 75 % ", 75.0), ("75 persen", 75.0), ("75 Persen", 75.0), ("0,75", 0.75),
    ("12.5", 12.5), ("0.500", 0.5), ("Rp 1.500.000", 1_500_000.0), ("\u00a012\u00a0", 12.0),
    (Decimal("2.80"), 2.8), (0, 0.0),
])
def test_parse_angka_accepts(value, expected):
    assert parse_angka(value) == Angka(expected)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_parse_angka_empty(value):
    assert parse_angka(value) == Angka(None, None, None)
    assert parse_angka(value).kosong


@pytest.mark.parametrize("value", ["-", " - ", "–"])
def test_parse_angka_dash_is_not_zero(value):
    a = parse_angka(value)
    assert a.nilai is None and a.masalah == "tanda_strip"


@pytest.mark.parametrize("value, teks", [
    ("12,5a", "12,5a"), ("#DIV/0!", "#DIV/0!"), ("NaN", "NaN"), ("inf", "inf"),
    ("١٢", "١٢"), ("１２", "１２"), ("1,234.5", "1,234.5"), ("1 234", "1 234"),
    ("=1+1", "=1+1"), (True, "TRUE"), (False, "FALSE"),
    (dt.datetime(2026, 3, 1, 8, 0), "2026-03-01T08:00:00"), (dt.date(2026, 1, 2), "2026-01-02"),
    (float("nan"), "nan"), (float("inf"), "inf"), ([1], "[1]"),
])
def test_parse_angka_rejects(value, teks):
    assert parse_angka(value) == Angka(None, "bukan_angka", teks)


@pytest.mark.parametrize("value, nilai", [(-5, -5.0), ("-12,5", -12.5), ("-1.234", -1234.0)])
def test_parse_angka_negative_is_kept_and_flagged(value, nilai):
    a = parse_angka(value)
    assert a.nilai == nilai and a.masalah == "negatif" and a.teks


@pytest.mark.parametrize("x, digit, expected", [
    (1234.5, None, "1.234,5"), (1234567, None, "1.234.567"), (0.1, None, "0,1"),
    (-3.5, None, "-3,5"), (Decimal("100.01"), None, "100,01"), (2.345, 2, "2,35"),
    (1234, 2, "1.234,00"), (Decimal("40.50"), None, "40,5"), (-0.0, None, "0"),
])
def test_format_angka(x, digit, expected):
    assert format_angka(x, digit) == expected


def test_format_angka_refuses_non_numbers():
    with pytest.raises(TypeError):
        format_angka("12")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        format_angka(float("nan"))


# --- finding predicates --------------------------------------------------------------------
def test_looks_like_fraction_only_for_percent():
    assert looks_like_fraction(0.75, 98, "%")
    assert looks_like_fraction(1, 10, " persen ")
    assert not looks_like_fraction(0, 98, "%")     # a real zero
    assert not looks_like_fraction(1.5, 98, "%")
    assert not looks_like_fraction(0.75, 9, "%")
    assert not looks_like_fraction(1, 10, "Aplikasi")  # one application of ten is fine
    assert not looks_like_fraction(None, 98, "%")


def test_implausible():
    assert implausible(3105, 3.1)        # "3.105" typed for an index of 3,1
    assert implausible(0.3, 4)
    assert not implausible(31, 3.1)      # exactly 10 × T is still plausible
    assert not implausible(0.4, 4)       # exactly T / 10 too
    assert not implausible(0, 4)         # zero is a value, not a typo
    assert not implausible(50, 0)
    assert not implausible(None, 4)


def test_threshold_checks():
    assert rules.perlu_penjelasan_rendah(Decimal("50.99"), "hujan", None)
    assert not rules.perlu_penjelasan_rendah(Decimal("50.99"), "hujan", "lembur")
    assert not rules.perlu_penjelasan_rendah(Decimal("50.995"), None, None)  # rounds to 51
    assert rules.perlu_penjelasan_rendah(Decimal(60), "", "x", ambang=70)
    assert not rules.perlu_penjelasan_rendah(None, None, None)
    assert rules.perlu_keterangan_tinggi(Decimal("150.01"), "  ")
    assert not rules.perlu_keterangan_tinggi(Decimal(150), None)
    assert not rules.perlu_keterangan_tinggi(Decimal(200), "rekor")
    assert rules.persen_lebih_100(100.5, "%") and not rules.persen_lebih_100(100.5, "Jam")


# --- properties ---------------------------------------------------------------------------
_positive = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e9"), places=4)
_value = st.decimals(min_value=Decimal(0), max_value=Decimal("1e9"), places=4)


@given(_positive, _value, _value)
def test_positif_non_decreasing_in_realisation(t, r1, r2):
    lo, hi = sorted((r1, r2))
    assert capaian(t, lo, "Positif").nilai <= capaian(t, hi, "Positif").nilai


@given(_value, _value, _value, st.sampled_from(rules.RUMUS))
def test_negatif_non_increasing_and_never_below_zero(t, r1, r2, rumus):
    lo, hi = sorted((r1, r2))
    assume(rumus != "T/R" or t == 0 or lo > 0)  # T/R is undefined at R = 0
    c_lo, c_hi = capaian(t, lo, "Negatif", rumus), capaian(t, hi, "Negatif", rumus)
    assert c_hi.nilai <= c_lo.nilai
    assert c_hi.nilai >= 0 and c_lo.nilai >= 0


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.sampled_from(rules.AGREGASI))
def test_four_equal_quarters_aggregate_to_the_value(x, agregasi):
    # Jumlah adds increments, so four equal quarters make four times the value.
    kali = 4 if agregasi == "Jumlah" else 1
    assert agregat([x] * 4, agregasi) == as_decimal(x) * kali
    assert agregat([None, x, None, x], agregasi) == as_decimal(x) * (2 if kali == 4 else 1)


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**15, 10**15))
def test_format_then_parse_round_trips(x):
    assert parse_angka(format_angka(x)).nilai == x


@given(st.decimals(min_value=Decimal(0), max_value=Decimal(1000), places=3))
def test_predikat_is_decided_on_the_rounded_value(c):
    assert predikat(c) == predikat(bulatkan(c))


def test_nilai_simpan_in_a_percent_cell_reads_back_exactly():
    from kinerja_xl.nilai import Persen
    shown_as_percent = Persen(0.25)  # the cell now holds 25% typed there
    for i in range(0, 100_001, 7):
        v = i / 100  # 0 … 1000 with two decimals, as typed
        stored = rules.nilai_simpan(v, shown_as_percent, "%")
        assert isinstance(stored, Persen)
        assert rules.nilai_tampil(stored, "%") == v
    assert rules.nilai_simpan(30, Persen(0.25), "%") == Persen(0.3)
    # Only a cell shown as a percent, and only for an indicator in %.
    assert type(rules.nilai_simpan(30, 25, "%")) is int
    assert type(rules.nilai_simpan(30, Persen(0.25), "Jam")) is int
    assert rules.nilai_simpan("teks", Persen(0.25), "%") == "teks"


def test_number_tables_keep_each_value_as_it_is_spelled():
    """as_decimal and hitung.canon look numbers up in tables: each answer is the one
    worked out afresh, in whatever order values come (1 and 1.0, 2**60 and its
    float, 0.0 and -0.0 are different keys)."""
    import random

    from kinerja_xl import rules
    from kinerja_xl.ops.inti import hitung
    values = [1, 1.0, 2 ** 60, float(2 ** 60), 0, 0.0, -0.0, 10 ** 16, 1e16, 0.1, 200.01, -3,
              -3.0, 1e-7, 12.5]
    for order in range(4):
        random.Random(order).shuffle(values)
        rules._as_decimal_sekali.cache_clear()
        hitung._canon_sekali.cache_clear()
        for v in values + values:
            d = rules.as_decimal(v)
            assert (d, str(d)) == (rules._desimal(v), str(rules._desimal(v))), v
            assert hitung.canon(v) == hitung._canon_angka(v), v
    assert hitung.canon(2 ** 60) != hitung.canon(float(2 ** 60))
