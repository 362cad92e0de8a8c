"""Input tables as offices keep them: every shape gives the same workbook as the clean
table; numbers are read exactly or refused with the cell named."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

from kinerja_xl import layout as L
from kinerja_xl.cli import main
from kinerja_xl.tabel import alias, baca_tabel, pemisah_desimal, terapkan_pemisah
from kinerja_xl.rows import Row, TableError

from conftest import OWN_VECTORS
from tabel_bentuk import (data_bersih, konversi, soffice, tulis_csv, tulis_csv_bersih,
                          tulis_xlsx)

EPOCH = "1767225600"


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _buat(out: Path, tabel: dict[str, str], *extra: str) -> tuple[int, str, str]:
    argv = ["buat", str(out)]
    for key in ("unit", "pk", "ra", "pengaturan"):
        if key in tabel:
            argv += [f"--{key}", str(tabel[key])]
    return main(argv + list(extra))


@pytest.fixture(scope="module")
def bentuk(tmp_path_factory):
    """{shape: tables} and the reference workbook built from the clean CSVs."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    root = tmp_path_factory.mktemp("bentuk")
    data = data_bersih()
    shapes: dict[str, dict[str, str]] = {}
    shapes["bersih"] = {k: str(v) for k, v in tulis_csv_bersih(data, root / "bersih").items()}
    shapes["csv-titikkoma-cp1252"] = {k: str(v) for k, v in tulis_csv(
        data, root / "c1", ";", "koma", "cp1252", ribuan=True).items()}
    shapes["csv-koma-titik-bom"] = {k: str(v) for k, v in tulis_csv(
        data, root / "c2", ",", "titik", "utf-8-sig", ribuan=True).items()}
    shapes["csv-tab"] = {k: str(v) for k, v in tulis_csv(
        data, root / "c3", "\t", "koma", "utf-8").items()}
    xlsx = tulis_xlsx(data, root / "dinas.xlsx")
    tables = ("Unit", "PK", "RA", "Pengaturan")
    shapes["xlsx"] = {t.lower(): f"{xlsx}::{t}" for t in tables}
    assert soffice() or os.environ.get("CI") != "true", "LibreOffice wajib ada di CI"
    if soffice():
        for fmt in ("ods", "xls"):
            conv = konversi(xlsx, fmt, root / fmt)
            shapes[fmt] = {t.lower(): f"{conv}::{t}" for t in tables}
    return root, shapes


def test_every_shape_builds_the_same_workbook(bentuk, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root, shapes = bentuk
    if "ods" not in shapes:
        pytest.skip("LibreOffice tidak terpasang")
    built = {}
    for name, tables in shapes.items():
        out = root / f"{name}.xlsm"
        code = _buat(out, tables)
        text = capsys.readouterr()
        assert code == 0, (name, text.err)
        built[name] = (_parts(out), text.out)
    want, _ = built.pop("bersih")
    for name, (got, out) in built.items():
        assert sorted(got) == sorted(want), name
        for part in want:
            assert got[part] == want[part], f"{name}: {part} berbeda dari tabel bersih"
    # The spreadsheets: the sheet read is named; the group rows are listed.
    out = built["ods"][1]
    assert "Tabel PK: dinas.ods, lembar 'PK', judul kolom baris 5–6, 30 baris data" in out
    assert "tabel berakhir di baris 59 ('Jumlah')" in out
    assert "baris_dilewati: Berkas dinas.ods, lembar 'PK' sel A8: Baris 8" in out


def test_workbook_values_of_the_shapes_are_the_clean_ones(bentuk):
    """The reference itself is right: % targets kept as fractions in the spreadsheet
    come back as the percent points the clean table holds."""
    from openpyxl import load_workbook
    root, shapes = bentuk
    out = root / "nilai.xlsm"
    assert _buat(out, shapes["xlsx"]) == 0
    wb = load_workbook(out)
    ws = wb[L.PK]
    rows = {r[0]: r for r in ws.iter_rows(min_row=L.REF_DATA_ROW, values_only=True)}
    col = L.PK_HEADERS.index
    assert rows["PK-01"][col("Target tahunan")] == 95
    assert rows["PK-01"][col("Realisasi tahun lalu")] == pytest.approx(93.2)
    assert rows["S-01"][col("Target tahunan")] == pytest.approx(3.1)
    # A setting whose key starts like a signature line ("NIP …") is data, not the end.
    settings = {r[0]: r[1] for r in wb[L.PENGATURAN].iter_rows(min_row=L.REF_DATA_ROW,
                                                               values_only=True)}
    assert settings["NIP penandatangan"] == "197001011995031002"
    assert settings["Nama penandatangan"] == "Dr. André Fauzi, S.Kom., M.M."


def test_rows_below_the_end_that_carry_a_code_are_listed(tmp_path):
    pk = tmp_path / "ra.csv"
    pk.write_text("Kode,Rencana aksi,Target TW I\nS-01,a,1\nJumlah,,1\nS-02,b,2\n"
                  "Kepala Dinas,,\n", encoding="utf-8")
    tabel = baca_tabel(pk, alias.RA)
    assert [r.values["Kode"] for r in tabel.rows] == ["S-01"]
    assert [(t.kode_temuan, t.sel) for t in tabel.temuan] == [("baris_dilewati", "A4")]


def test_first_sheet_with_a_header_is_read_and_named(bentuk):
    root, shapes = bentuk
    path = shapes["xlsx"]["pk"].split("::")[0]
    tabel = baca_tabel(path, alias.PK)
    assert tabel.lembar == "PK"          # "Petunjuk" and "Unit" come first
    assert "lembar 'PK'" in tabel.catatan[0]
    tabel = baca_tabel(path, alias.UNIT)
    assert tabel.lembar == "Unit"


def test_named_sheet_that_does_not_exist(bentuk, capsys, tmp_path):
    root, shapes = bentuk
    path = shapes["xlsx"]["pk"].split("::")[0]
    code = _buat(tmp_path / "x.xlsm", {**shapes["bersih"], "pk": f"{path}::Tidak Ada"})
    err = capsys.readouterr().err
    assert code == 2 and "lembar 'Tidak Ada' tidak ada" in err and "'PK'" in err
    assert not (tmp_path / "x.xlsm").exists()


def test_nothing_found_says_where_it_looked(tmp_path, capsys):
    pk = tmp_path / "pk.csv"
    pk.write_text("Daftar indikator\n\nKode Sasaran,Level,Unit,Nama,Satuan,Arah,Agregasi,"
                  "Target\nA,SKPD,SEK,x,%,Positif,Jumlah,1\n", encoding="utf-8")
    with pytest.raises(TableError) as exc:
        baca_tabel(pk, alias.PK)
    pesan = exc.value.pesan
    assert "baris 1–4" in pesan and "judul kolom terbaik di baris 3" in pesan
    assert "kolom 'Kode Sasaran' mirip 'Kode'" in pesan
    assert {t.kode_temuan for t in exc.value.temuan} == {"kolom_hilang"}


def test_ra_without_a_target_column_is_an_error(bentuk, tmp_path, capsys):
    root, shapes = bentuk
    ra = tmp_path / "ra.csv"
    ra.write_text("Kode,Rencana aksi,Sasaran TW I\nS-01,x,1\n", encoding="utf-8")
    code = _buat(tmp_path / "x.xlsm", {**shapes["bersih"], "ra": ra})
    err = capsys.readouterr().err
    assert code == 2 and "tanpa kolom target triwulan" in err
    assert not (tmp_path / "x.xlsm").exists()


def test_kolom_option_maps_a_name_and_unused_columns_are_listed(tmp_path):
    real = tmp_path / "r.csv"
    real.write_text("Kode,Capaian TW,PIC,Catatan kosong\nS-01,3,Budi,\n", encoding="utf-8")
    with pytest.raises(TableError):
        baca_tabel(real, alias.REALISASI)
    tabel = baca_tabel(real, alias.REALISASI, alias.parse_kolom_opsi(["Capaian TW=Realisasi"]))
    assert tabel.rows[0].values["Realisasi"] == 3
    found = [(t.kode_temuan, t.sel) for t in tabel.temuan]
    assert found == [("kolom_diabaikan", "C1")]     # the empty column is not listed
    assert "'PIC'" in tabel.temuan[0].pesan and "r.csv" in tabel.temuan[0].pesan


# --- decimal separators ---------------------------------------------------------------
def _vector_groups():
    groups: dict[str, list[dict]] = {}
    with open(OWN_VECTORS / "pemisah.csv", encoding="utf-8") as fh:
        for v in csv.DictReader(fh):
            groups.setdefault(v["berkas"], []).append(v)
    return groups


@pytest.mark.parametrize("berkas", sorted(_vector_groups()))
def test_separator_vectors(berkas):
    """Each group of tests/vectors/pemisah.csv is one file's Realisasi column."""
    from kinerja_xl.rules import parse_angka
    vectors = _vector_groups()[berkas]
    opsi = {"": None, "koma": pemisah_desimal.KOMA,
            "titik": pemisah_desimal.TITIK}[vectors[0]["opsi"]]
    rows = [Row({"Realisasi": v["teks"]}, "r.csv", i + 2, {"Realisasi": 2})
            for i, v in enumerate(vectors)]
    found = terapkan_pemisah(rows, ["Realisasi"], opsi)
    bad = {t.sel for t in found}
    for row, v in zip(rows, vectors):
        value = row.values["Realisasi"]
        if v["harapan"] == "GALAT":
            refused = row.cell("Realisasi") in bad or (
                isinstance(value, str) and parse_angka(value).masalah is not None)
            assert refused, (berkas, v)
        else:
            assert row.cell("Realisasi") not in bad, (berkas, v)
            assert value == pytest.approx(float(v["harapan"])), (berkas, v)


_TEKS_ANGKA = ["12", "28.125", "400,000", "12,5", "1.234,5", "21.0331", "2,688,000",
               "0,250", "0.500", "1.234.567", "1234,567", "01.234", "1.234.5", ",5", "5,",
               "-12,5", "Rp 1.000.000", "75 %", "75 persen", "1,234.5", "1.2.3", "12.5"]


@pytest.mark.parametrize("teks", sorted({v["teks"] for g in _vector_groups().values()
                                         for v in g} | set(_TEKS_ANGKA)))
def test_a_table_and_the_workbook_read_a_number_with_the_same_shapes(teks):
    """One set of shapes (rules): what the workbook reads (SPEC §3, the Indonesian way,
    "28.125" = 28125) is what a table read with a decimal comma gives; a text the
    workbook reads is one a table can read under some convention; a table calls a text
    ambiguous exactly when the two conventions read it differently."""
    from kinerja_xl.rules import parse_angka
    angka, b = parse_angka(teks), pemisah_desimal.bentuk(teks)
    koma = pemisah_desimal.nilai(b, pemisah_desimal.KOMA) if b else None
    titik = pemisah_desimal.nilai(b, pemisah_desimal.TITIK) if b else None
    if koma is not None:
        assert angka.nilai == pytest.approx(koma), teks
    elif angka.nilai is not None:
        assert titik is not None and "," not in teks and angka.nilai == pytest.approx(titik)
    assert (b is not None and b.ambigu) == (koma is not None and titik is not None
                                            and koma != titik), teks


def test_ambiguous_impor_exits_2_with_findings_and_leaves_the_book(sample_book, tmp_path,
                                                                 capsys):
    real = tmp_path / "r.csv"
    real.write_text("Kode,Realisasi,Realisasi anggaran\nIP-01,28.125,\nKP-01,12,"
                    "\"400,000\"\n", encoding="utf-8")
    before = hashlib.sha256(sample_book.read_bytes()).hexdigest()
    code = main(["impor", str(sample_book), "--realisasi", str(real), "--triwulan", "1",
                 "--json"])
    out, err = capsys.readouterr()
    assert code == 2
    assert hashlib.sha256(sample_book.read_bytes()).hexdigest() == before
    assert "r.csv sel B2" in err and "r.csv sel C3" in err and "--desimal" in err
    envelope = json.loads(out)
    assert envelope["galat"]["pesan"].startswith("Tabel Realisasi r.csv tidak dibaca")
    assert [(t["kode_temuan"], t["sel"]) for t in envelope["temuan"]] == \
        [("pemisah_ambigu", "B2"), ("pemisah_ambigu", "C3")]
    # Told the convention, the same table is read, every number as written.
    code = main(["impor", str(sample_book), "--realisasi", str(real), "--triwulan", "1",
                 "--desimal", "titik", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    from kinerja_xl.io import open_workbook
    from kinerja_xl.ops.inti.snapshot import read_snapshot
    with open_workbook(sample_book, write=False) as book:
        snap = read_snapshot(book)
    sheet, r = snap.lokasi["IP-01"]
    grid = snap.grids[sheet]
    assert grid[r - 1][snap.kolom[sheet][L.realisasi_h(1)] - 1] == pytest.approx(28.125)
    sheet, r = snap.lokasi["KP-01"]
    assert snap.grids[sheet][r - 1][snap.kolom[sheet][L.anggaran_h(1)] - 1] == 400000


def test_cached_excel_error_is_a_finding_naming_file_sheet_and_cell(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Capaian"
    ws.append(["Kode", "Realisasi"])
    ws.append(["IP-01", "=1/0"])
    ws.append(["IP-02", "=2*3"])
    src = tmp_path / "rumus.xlsx"
    wb.save(src)
    calc = konversi(src, "xlsx", tmp_path / "hitung")   # LibreOffice stores the results
    with pytest.raises(TableError) as exc:
        baca_tabel(calc, alias.REALISASI)
    [t] = exc.value.temuan
    assert (t.kode_temuan, t.lembar, t.sel) == ("galat_excel", "Capaian", "B2")
    assert "Berkas rumus.xlsx, lembar 'Capaian' sel B2" in t.pesan and "#DIV/0!" in t.pesan


# --- small parts ----------------------------------------------------------------------
@pytest.mark.parametrize("fmt, persen", [
    ("0%", True), ("0.0%", True), ("#,##0.00%", True), ("[Red]0.0%", True),
    ('0.## " %"', False),        # the staff sheets' own: a literal suffix, no scaling
    ("0\\%", False), ('"%"0', False), ("[$-421]#,##0.##", False), ("General", False),
    (None, False)])
def test_percent_format_is_one_that_scales(fmt, persen):
    from kinerja_xl.io.cell_codec import is_percent_format
    assert is_percent_format(fmt) is persen


@pytest.mark.parametrize("teks, ours", [
    ("Target Triwulan I", "Target TW I"), ("TARGET TW 2", "Target TW II"),
    ("Target Trw. III", "Target TW III"), ("target_tw_4", "Target TW IV"),
    ("Kode IKU", "Kode")])
def test_ra_aliases(teks, ours):
    assert alias.kenali(teks, alias.RA) == ours


@pytest.mark.parametrize("teks, ours", [
    ("Kode Indikator", "Kode"), ("Realisasi TW", "Realisasi"),
    ("Realisasi Triwulan", "Realisasi"), ("Kendala yg Dihadapi", "Faktor penghambat"),
    ("Permasalahan", "Faktor penghambat"), ("RTL", "Tindak lanjut"),
    ("Link Bukti Dukung Kinerja", "Keterangan"), ("Bukti Dukung", "Keterangan"),
    ("Solusi yg Telah Dilakukan", None)])
def test_realisasi_aliases(teks, ours):
    assert alias.kenali(teks, alias.REALISASI) == ours


def test_csv_group_header_over_quarters(tmp_path):
    """A CSV has no merged cells: 'Target' typed once over the four quarter columns."""
    ra = tmp_path / "ra.csv"
    ra.write_text("Rencana Aksi 2026\n\nKode;Rencana aksi;Target;;;\n;;TW I;TW II;TW III;TW IV\n"
                  "1;2;3;4;5;6\nS-01;Evaluasi;1;2;3;4,5\n", encoding="utf-8")
    tabel = baca_tabel(ra, alias.RA)
    assert [tabel.judul.baris_atas, tabel.judul.baris_bawah] == [3, 4]
    [row] = tabel.rows
    assert [row.values[L.target_h(n)] for n in L.TRIWULAN] == [1, 2, 3, 4.5]


def test_buat_json_envelope_carries_the_separator_findings(bentuk, tmp_path, capsys):
    root, shapes = bentuk
    ra = tmp_path / "ra.csv"
    ra.write_text("Kode,Rencana aksi,Target TW I\nS-01,a,28.125\n", encoding="utf-8")
    out = tmp_path / "x.xlsm"
    code = _buat(out, {**shapes["bersih"], "ra": ra}, "--json")
    captured = capsys.readouterr()
    assert code == 2 and not out.exists()
    envelope = json.loads(captured.out)
    assert envelope["galat"]["pesan"].startswith("Tabel RA ra.csv tidak dibaca")
    assert [(t["kode_temuan"], t["sel"], t["lembar"]) for t in envelope["temuan"]] == \
        [("pemisah_ambigu", "C2", None)]
    assert "dua cara (28125 atau 28,125;" in envelope["temuan"][0]["pesan"]


def test_a_nip_stored_as_a_number_is_refused(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(list(L.UNIT_HEADERS))
    ws.append(["SEK", "Sekretariat", "Sekretariat", None, "SEK", "Budi", 197001011995031002,
               "Sekretaris"])
    path = tmp_path / "unit.xlsx"
    wb.save(path)
    with pytest.raises(TableError) as exc:
        baca_tabel(path, alias.UNIT)
    [t] = exc.value.temuan
    assert (t.kode_temuan, t.sel) == ("isian_tidak_sah", "G2") and "15 digit" in t.pesan


def test_impor_reads_a_percent_cell_as_shown_for_percent_indicators(sample_book, tmp_path):
    from openpyxl import Workbook, load_workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["Kode", "Realisasi"])
    ws.append(["SEK-01", 0.245])          # Satuan %: shown as 24.5 %
    ws.append(["IP-01", 0.5])             # Satuan Informasi: the number stored
    ws["B2"].number_format = "0.0%"
    ws["B3"].number_format = "0%"
    table = tmp_path / "persen.xlsx"
    wb.save(table)
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "1"]) == 0
    got = {}
    book = load_workbook(sample_book)
    for sheet in (L.bahan("SEK"), L.bahan("INFOPUB")):
        rows = list(book[sheet].iter_rows(min_row=L.BAHAN_HEADER_ROW, values_only=True))
        for r in rows[1:]:
            got[r[0]] = dict(zip(rows[0], r))[L.realisasi_h(1)]
    assert got["SEK-01"] == pytest.approx(24.5) and got["IP-01"] == 0.5
