"""Target conventions (`Target triwulan`, `Target 0 berarti`) against vectors worked by
hand (tests/vectors/konvensi.csv), the RA check, the preview formula and the UDF."""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from kinerja_xl import rules
from kinerja_xl.rules import Konvensi

VECTORS = Path(__file__).resolve().parent / "vectors" / "konvensi.csv"
ROWS = list(csv.DictReader(VECTORS.open(encoding="utf-8")))


def _n(text: str):
    return None if text.strip() == "" else Decimal(text)


def _id(row) -> str:
    return f"{row['target_triwulan']}/{row['target_nol']}/{row['arah']}/{row['agregasi']}/TW{row['n']}"


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_konvensi_vector(row):
    konvensi = Konvensi(rules.normal_target_triwulan(row["target_triwulan"]),
                        rules.normal_target_nol(row["target_nol"]))
    targets = [_n(row[f"t{i}"]) for i in range(1, 5)]
    reals = [_n(row[f"r{i}"]) for i in range(1, 5)]
    n = int(row["n"])
    cap = rules.capaian_triwulan(targets[n - 1], reals[n - 1], row["arah"],
                                 konvensi=konvensi)
    assert cap.bulat == _n(row["capaian"]), row["catatan"]
    assert cap.alasan == (row["alasan"] or None), row["catatan"]
    t_sd, r_sd, cap_sd = rules.capaian_sd(targets, reals, n, row["arah"], row["agregasi"],
                                          konvensi=konvensi)
    assert t_sd == _n(row["target_sd"]) and r_sd == _n(row["realisasi_sd"]), row["catatan"]
    assert cap_sd.bulat == _n(row["capaian_sd"]), row["catatan"]
    assert cap_sd.alasan == (row["alasan_sd"] or None), row["catatan"]
    assert rules.bulatkan(rules.progres(_n(row["target_tahunan"]), r_sd)) == _n(
        row["progres_sd"]), row["catatan"]


def test_vectors_cover_every_convention():
    seen = {(r["target_triwulan"], r["target_nol"]) for r in ROWS}
    assert seen == {(a, b) for a in rules.TARGET_TRIWULAN for b in rules.TARGET_NOL}


def test_default_convention_is_todays_rules():
    """Under RA / nol a quarter is measured whatever its target, as before."""
    k = rules.KONVENSI_BAWAAN
    assert k == Konvensi(rules.TARGET_TW_RA, rules.TARGET_NOL_NOL)
    assert k.diukur(None) and k.diukur(0) and k.diukur(5)
    assert not Konvensi(rules.TARGET_TW_TAHUNAN).diukur(None)
    assert not Konvensi(target_nol=rules.TARGET_NOL_TIDAK_DIUKUR).diukur(0)


@pytest.mark.parametrize("teks,normal", [("tahunan saja", "tahunan saja"),
                                         ("Tahunan Saja", "tahunan saja"), ("ra", "RA"),
                                         ("TIDAK DIUKUR", "tidak diukur"), (" Nol ", "nol")])
def test_convention_words_read_leniently(teks, normal):
    fn = (rules.normal_target_nol if normal in rules.TARGET_NOL
          else rules.normal_target_triwulan)
    assert fn(teks) == normal


@pytest.mark.parametrize("fn,teks", [(rules.normal_target_triwulan, "bulanan"),
                                     (rules.normal_target_nol, "kosong")])
def test_unknown_convention_word_is_refused(fn, teks):
    with pytest.raises(ValueError, match=f"'{teks}' tidak dikenal"):
        fn(teks)


def test_ra_konsisten_under_conventions():
    tahunan = Konvensi(rules.TARGET_TW_TAHUNAN)
    # No quarterly target at all: nothing to add up under "tahunan saja" only.
    assert rules.ra_konsisten([None] * 4, 4, rules.JUMLAH, tahunan)
    assert not rules.ra_konsisten([None] * 4, 4, rules.JUMLAH)
    # A mean of 80, 80, 80 with TW I not measured is the annual 80; with the 0 it is 60.
    nol_tidak = Konvensi(target_nol=rules.TARGET_NOL_TIDAK_DIUKUR)
    assert rules.ra_konsisten([0, 80, 80, 80], 80, rules.RATA_RATA, nol_tidak)
    assert not rules.ra_konsisten([0, 80, 80, 80], 80, rules.RATA_RATA)
    # Cumulative targets: the last measured one is the annual target either way.
    assert rules.ra_konsisten([0, 0, 50, 95], 95, rules.NILAI_AKHIR, nol_tidak)


def _load_udfs():
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "kinerja_udfs", Path(__file__).resolve().parents[1] / "udfs" / "kinerja_udfs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_udf_follows_target_nol():
    udfs = _load_udfs()
    assert udfs.KINERJA_CAPAIAN(0, 1, "Negatif") == 0.0
    assert udfs.KINERJA_CAPAIAN(0, 1, "Negatif", "2T-R", "tidak diukur") == ""
    assert udfs.KINERJA_CAPAIAN(2, 1, "Negatif", "2T-R", "tidak diukur") == 150.0
    assert udfs.KINERJA_CAPAIAN(0, 1, "Negatif", "2T-R", "entah") == "isian tidak sah"


def test_preview_with_zero_not_measured_recalculated_by_libreoffice(tmp_path):
    """The staff sheet's preview for an indicator whose 0 means "tidak diukur", computed
    by a real spreadsheet engine over the capaian vectors and the zero-target cases."""
    from conftest import OWN_VECTORS, preview_by_libreoffice

    rows = list(csv.DictReader((OWN_VECTORS / "capaian.csv").open(encoding="utf-8")))
    rows += [{"target": "0", "realisasi": r, "arah": a, "rumus": "2T-R"}
             for a in rules.ARAH for r in ("0", "3")]
    konvensi = Konvensi(target_nol=rules.TARGET_NOL_TIDAK_DIUKUR)
    got = preview_by_libreoffice(rows, tmp_path, nol_tidak_diukur=True)
    for r, value in zip(rows, got, strict=True):
        want = rules.capaian_triwulan(r["target"] or None, r["realisasi"] or None, r["arah"],
                                      r["rumus"], konvensi)
        if want.bulat is None:
            assert value == "", (r, value)
        else:
            assert abs(float(value) - float(want.bulat)) < 1e-9, (r, value, want.bulat)
