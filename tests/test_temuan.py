"""The finding catalogue, its messages and the generated docs/temuan.md."""
from __future__ import annotations

import re
import string
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from kinerja_xl import temuan
from kinerja_xl.temuan import ERROR, KATALOG, PERINGATAN, Temuan, buat

ROOT = Path(__file__).resolve().parents[1]

# Every kind SPEC §3 lists, plus those the operations need.
SPEC_ERRORS = ("bukan_angka", "realisasi_kosong", "kode_tidak_dikenal", "kode_ganda",
               "indikator_hilang", "nilai_negatif", "capaian_rendah_tanpa_penjelasan",
               "data_berubah_setelah_disetujui", "riwayat_rusak")
SPEC_PERINGATAN = ("target_kosong", "ra_tidak_konsisten", "capaian_tinggi_tanpa_keterangan",
                   "persen_lebih_100", "mirip_pecahan", "besaran_janggal", "bukti_kosong",
                   "unit_belum_mengajukan")
OPERATIONS = {"capaian_tidak_terdefinisi": PERINGATAN, "persetujuan_kedaluwarsa": PERINGATAN,
              "lembar_hilang": ERROR, "kolom_hilang": ERROR, "tanda_strip": ERROR,
              "tte_tidak_ada": ERROR, "tte_tidak_utuh": ERROR, "tte_tidak_sah": ERROR,
              "tte_cakupan": ERROR, "tte_tidak_tepercaya": ERROR}


@pytest.mark.parametrize("kode", SPEC_ERRORS)
def test_spec_errors_are_errors(kode):
    assert KATALOG[kode].tingkat == ERROR


@pytest.mark.parametrize("kode", SPEC_PERINGATAN)
def test_spec_warnings_are_warnings(kode):
    assert KATALOG[kode].tingkat == PERINGATAN


@pytest.mark.parametrize("kode, tingkat", OPERATIONS.items())
def test_operation_kinds(kode, tingkat):
    assert KATALOG[kode].tingkat == tingkat


def test_codes_are_stable_snake_case_and_keys_match():
    for kunci, jenis in KATALOG.items():
        assert kunci == jenis.kode_temuan
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", kunci)
        assert jenis.tingkat in temuan.TINGKAT
        assert jenis.uraian.strip()


def _contoh_isi(kode: str) -> dict:
    return {nama: f"<{nama}>" for nama in KATALOG[kode].isian if nama != "kode"}


@pytest.mark.parametrize("kode", sorted(KATALOG))
def test_template_uses_exactly_the_declared_fields(kode):
    jenis = KATALOG[kode]
    used = [f for _, f, _, _ in string.Formatter().parse(jenis.templat) if f is not None]
    assert sorted(set(used)) == sorted(jenis.isian), kode
    assert len(set(jenis.isian)) == len(jenis.isian)
    assert set(jenis.bawaan) <= set(jenis.isian)


@pytest.mark.parametrize("kode", sorted(KATALOG))
def test_every_template_fills(kode):
    t = buat(kode, lembar="3 Bahan INFRA", sel="K12", kode="I-01", **_contoh_isi(kode))
    assert t.pesan.startswith("Lembar '3 Bahan INFRA' sel K12: ")
    assert "{" not in t.pesan and "}" not in t.pesan
    assert t.as_dict() == {"kode_temuan": kode, "tingkat": KATALOG[kode].tingkat,
                           "lembar": "3 Bahan INFRA", "sel": "K12", "kode": "I-01",
                           "pesan": t.pesan}


def test_message_names_sheet_cell_and_text():
    t = buat("bukan_angka", lembar="3 Bahan INFRA", sel="K12", kode="I-01", teks="12,5a")
    assert t == Temuan("bukan_angka", "error", "3 Bahan INFRA", "K12", "I-01", t.pesan)
    assert t.pesan.startswith("Lembar '3 Bahan INFRA' sel K12: '12,5a' bukan angka.")
    assert list(t.as_dict()) == ["kode_temuan", "tingkat", "lembar", "sel", "kode", "pesan"]


def test_location_prefix_variants():
    assert buat("lembar_hilang", lembar="PK").pesan == \
        "Lembar 'PK': Lembar ini tidak ditemukan di buku kerja."
    assert buat("kode_tidak_dikenal", kode="X-9").pesan == \
        "Kode indikator 'X-9' tidak ada di lembar PK."


def test_numbers_quarters_and_reasons_in_indonesian():
    t = buat("capaian_rendah_tanpa_penjelasan", lembar="3 Bahan TIK-1", sel="M10",
             kode="I-03", triwulan=2, capaian=Decimal("40.5"))
    assert "Capaian TW II indikator I-03 40,50 % di bawah 51 %" in t.pesan
    t = buat("capaian_tinggi_tanpa_keterangan", kode="A-01", triwulan=4,
             capaian=Decimal("1234.5"), ambang=200)
    assert "1.234,50 % di atas 200 %" in t.pesan
    t = buat("capaian_tidak_terdefinisi", kode="P-01", triwulan=1, alasan="target_nol")
    assert t.pesan.endswith("tidak dapat dihitung: target 0 untuk indikator positif.")
    t = buat("isian_tidak_sah", teks="Naik", kolom="Arah", pilihan=("Positif", "Negatif"))
    assert "pilih salah satu: Positif, Negatif." in t.pesan


def test_thresholds_default_from_spec():
    assert KATALOG["capaian_rendah_tanpa_penjelasan"].bawaan["ambang"] == 51
    assert KATALOG["capaian_tinggi_tanpa_keterangan"].bawaan["ambang"] == 150


def test_unknown_code_and_missing_field_fail_loudly():
    with pytest.raises(KeyError):
        buat("tidak_ada")
    with pytest.raises(KeyError, match="kurang \\['teks'\\]"):
        buat("bukan_angka", lembar="PK", sel="A1")
    with pytest.raises(KeyError, match="tidak dikenal \\['nama'\\]"):
        buat("lembar_hilang", lembar="PK", nama="PK")
    with pytest.raises(KeyError, match="kurang \\['kode'\\]"):
        buat("kode_ganda", lembar="PK", sel="A4")
    # A field with a default may be left out, or given.
    assert "di bawah 51 %" in buat("capaian_rendah_tanpa_penjelasan", kode="A", triwulan=1,
                                    capaian=10).pesan
    assert "di bawah 60 %" in buat("capaian_rendah_tanpa_penjelasan", kode="A", triwulan=1,
                                    capaian=10, ambang=60).pesan


def test_committed_doc_is_the_generated_one():
    assert (ROOT / "docs" / "temuan.md").read_text(encoding="utf-8") == temuan.tabel_markdown()


def test_committed_doc_lists_every_kind_with_its_level_and_fields():
    """Read back from the committed file: one table row per kind, nothing more."""
    doc = (ROOT / "docs" / "temuan.md").read_text(encoding="utf-8")
    rows = {}
    for line in doc.splitlines():
        m = re.match(r"\| `(\w+)` \| (\w+) \| .* \| ((?:`\w+`(?:, )?)+|-) \| .* \|$", line)
        if m:
            rows[m[1]] = (m[2], tuple(re.findall(r"`(\w+)`", m[3])))
    assert rows == {k: (j.tingkat, j.isian) for k, j in KATALOG.items()}


def test_doc_lists_every_code_with_the_level_the_spec_gives():
    """The committed doc, read as a reader sees it, against the levels written by
    hand above (SPEC §3 and the operations), not against the catalogue itself."""
    doc = (ROOT / "docs" / "temuan.md").read_text(encoding="utf-8")
    levels = dict(re.findall(r"^\| `([a-z0-9_]+)` \| (\w+) \|", doc, re.M))
    want = {**{k: ERROR for k in SPEC_ERRORS}, **{k: PERINGATAN for k in SPEC_PERINGATAN},
            **OPERATIONS}
    assert {k: levels.get(k) for k in want} == want
    assert set(levels) == set(KATALOG)


def test_generator_script_check_mode():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_temuan_doc.py"), "--check"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
