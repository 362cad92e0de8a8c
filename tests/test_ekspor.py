"""`ekspor`: the e-SAKIP import file and the flat table, written and read back.

The workbook is the built-in sample filled as people would: TW I realisation from
kinerja_xl/data/contoh/realisasi_tw1.csv, corrections typed into the step sheets, the
Kadin's approval copied from the 7 Kabid sidik; TW II submitted but not examined.
Expected figures are worked out here from the sample tables, not taken from the code.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kinerja_xl import cli
from kinerja_xl import layout as L
from kinerja_xl.build.builder import Sumber, build_file, contoh_path
from kinerja_xl.io import open_workbook
from kinerja_xl.ops.konsolidasi import konsolidasi
from kinerja_xl.ops.ekspor import datar, esakip_capaian
from kinerja_xl.ops.impor import impor

BIDANG = ("SEK", "IKP", "TIK", "SPS")
DIAJUKAN = dt.datetime(2026, 4, 5, 9, 0)
DIAJUKAN_TW2 = dt.datetime(2026, 7, 6, 10, 30)
# Indicators with neither a TW I target (ra.csv) nor a TW I realisation: not measured.
TIDAK_DIUKUR_TW1 = {"S-01", "S-02", "S-03", "KP-03", "AP-03", "SD-03"}
PK_ORDER = [line.split(",", 1)[0] for line in
            contoh_path("pk.csv").read_text(encoding="utf-8").splitlines()[1:]]
# Some indicators carry the code the office's e-SAKIP gives them, others do not.
KODE_ESAKIP = {"SEK-01": "1.01.01", "IP-01": "2.16.03", "KP-01": "2.16.07"}
TEKS_SD01 = ("Kode,Realisasi,Faktor penghambat,Tindak lanjut,Keterangan\n"
             "SD-01,0,\"Sensor belum terpasang; pemantauan manual\",Pengadaan sensor "
             "pemantauan,https://bukti.example/sd01\n")


def _pk_with_codes(tmp: Path) -> Path:
    lines = contoh_path("pk.csv").read_text(encoding="utf-8").splitlines()
    out = [lines[0] + ",Kode e-SAKIP"]
    for line in lines[1:]:
        out.append(line + "," + KODE_ESAKIP.get(line.split(",", 1)[0], ""))
    path = tmp / "pk_esakip.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def _type(path: Path, sheet: str, rows: list[list]) -> None:
    """Type rows into a step sheet from its first data row."""
    with open_workbook(path, write=True) as book:
        cells = {(L.STEP_DATA_ROW + r, c + 1): v
                 for r, row in enumerate(rows) for c, v in enumerate(row)}
        book.write_cells(sheet, cells)
        book.save()


def _run(path: Path, fn):
    with open_workbook(path, write=True) as book:
        hasil = fn(book)
        book.save()
    return hasil


def _kabid_sidik(path: Path, bidang: str, n: int) -> str:
    with open_workbook(path) as book:
        grid = book.read(L.kabid(bidang))
    return grid[L.KABID_SIDIK_ROW + n - 2][2]


def _approve(path: Path, n: int) -> None:
    rows = []
    for i, b in enumerate(BIDANG):
        rows.append([b, n, "Disetujui", "", _kabid_sidik(path, b, n),
                     dt.datetime(2026, 4, 15, 8, 10 * i), dt.datetime(2026, 4, 15, 8, 10 * i + 5)])
    _type(path, L.PEMERIKSAAN_KADIN, rows)


def _fill(path: Path, tmp: Path) -> None:
    _run(path, lambda b: impor(b, contoh_path("realisasi_tw1.csv"), 1, ajukan=True,
                               now=DIAJUKAN))
    teks = tmp / "teks_sd01.csv"
    teks.write_text(TEKS_SD01, encoding="utf-8")
    _run(path, lambda b: impor(b, teks, 1))
    _type(path, L.KOREKSI_KASI, [
        [1, "IP-01", "Realisasi", 310, "Salah ketik huruf O", "Rudi Hartono"],
        [1, "KP-01", "Realisasi", 225, "Rekap ulang", "Dewi Lestari"]])
    _type(path, L.KOREKSI_KABID, [[1, "KP-01", "Realisasi", 230, "Data akhir", "Endang Wahyuni"]])
    _run(path, lambda b: konsolidasi(b, 1))
    _approve(path, 1)
    _run(path, lambda b: impor(b, contoh_path("realisasi_tw2.csv"), 2, ajukan=True,
                               now=DIAJUKAN_TW2))


@pytest.fixture(scope="module")
def kosong(tmp_path_factory, sample_master) -> dict[str, Path]:
    """The two workbooks as they were before any quarter was filled."""
    tmp = tmp_path_factory.mktemp("ekspor-kosong")
    tanpa, dengan = tmp / "TanpaKode.xlsm", tmp / "DenganKode.xlsm"
    shutil.copy(sample_master, tanpa)
    build_file(dengan, Sumber(contoh_path("unit.csv"), _pk_with_codes(tmp),
                              contoh_path("ra.csv"), contoh_path("pengaturan.csv")))
    return {"tanpa": tanpa, "dengan": dengan}


@pytest.fixture(scope="module")
def terisi(kosong, tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("ekspor-terisi")
    out = {}
    for key, src in kosong.items():
        path = tmp / src.name
        shutil.copy(src, path)
        _fill(path, tmp)
        out[key] = path
    return out


@pytest.fixture
def book(terisi, tmp_path) -> Path:
    path = tmp_path / "LaporanKinerja.xlsm"
    shutil.copy(terisi["tanpa"], path)
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _esakip_rows(path: Path) -> tuple[list, list]:
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == L.ESAKIP_CAPAIAN_TABLE.name
    rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    notes = {r[0]: r[1] for r in
             wb[L.EKSPOR_KETERANGAN_TABLE.name].iter_rows(min_row=2, values_only=True)}
    return rows, notes


# --- e-SAKIP ------------------------------------------------------------------------------
def test_esakip_file_of_an_approved_quarter(book, tmp_path, capsys):
    out = tmp_path / "esakip_tw1.xlsx"
    before = _sha(book)
    rc = cli.main(["ekspor", str(book), "--format", "esakip-capaian", "--triwulan", "1",
                   "-o", str(out)])
    assert rc == 0, capsys.readouterr()
    assert _sha(book) == before  # the workbook is only read
    rows, notes = _esakip_rows(out)
    assert rows[0] == [
        "Kode Indikator", "Realisasi TW", "Kendala yg Dihadapi", "Solusi yg Telah Dilakukan",
        "Rencana Tindak Lanjut", "PIC Tindak Lanjut", "Batas Waktu TL",
        "Link Bukti Dukung Kinerja",
        "Link Bukti Dukung Rencana Tindak Lanjut Triwulan Sebelumnya"]
    body = {r[0]: r for r in rows[1:]}
    # One row per indicator measured in TW I, in PK order; without Kode e-SAKIP, Kode.
    assert [r[0] for r in rows[1:]] == [k for k in PK_ORDER if k not in TIDAK_DIUKUR_TW1]
    # Realisasi TW: numbers, after the corrections: IP-01 "1.2OO" corrected to 310 in
    # step 4; KP-01 221 → 225 (step 4) → 230 (step 6, the later step wins).
    expected = {"SEK-01": 24, "UK-01": None, "PK-03": 2.43, "IN-01": 0.99, "ST-02": 50,
                "SD-02": 45, "IP-01": 310, "KP-01": 230, "SD-01": 0}
    assert {k: body[k][1] for k in expected} == expected
    assert all(isinstance(r[1], (int, float)) for r in rows[1:] if r[1] is not None)
    # Kendala ← Faktor penghambat, RTL ← Tindak lanjut, Link bukti ← Keterangan.
    assert body["SD-01"] == ["SD-01", 0, "Sensor belum terpasang; pemantauan manual", None,
                             "Pengadaan sensor pemantauan", None, None,
                             "https://bukti.example/sd01", None]
    assert body["SEK-01"][7] == "Rekap data TW 1"
    assert notes["Status"] == "FINAL" and notes["Triwulan"] == "TW I"


def test_esakip_uses_kode_esakip_where_given(terisi, tmp_path):
    out = tmp_path / "e.xlsx"
    with open_workbook(terisi["dengan"]) as b:
        esakip_capaian(b, out, 1)
    rows, _ = _esakip_rows(out)
    codes = [r[0] for r in rows[1:]]
    assert codes == [KODE_ESAKIP.get(k, k) for k in PK_ORDER if k not in TIDAK_DIUKUR_TW1]
    body = {r[0]: r[1] for r in rows[1:]}
    assert body["2.16.03"] == 310 and body["2.16.07"] == 230 and body["1.01.01"] == 24


def test_unapproved_quarter_is_refused_unless_belum_final(book, tmp_path, capsys):
    out = tmp_path / "tw2.xlsx"
    rc = cli.main(["ekspor", str(book), "--format", "esakip-capaian", "--triwulan", "2",
                   "-o", str(out)])
    err = capsys.readouterr().err
    assert rc == 2 and not out.exists()
    assert "TW II belum final" in err and "Bidang Statistik dan Persandian: belum diperiksa" in err
    assert "--belum-final" in err and "Traceback" not in err
    assert cli.main(["ekspor", str(book), "--format", "esakip-capaian", "--triwulan", "2",
                     "-o", str(out), "--json"]) == 2
    envelope = json.loads(capsys.readouterr().out)
    assert "TW II belum final" in envelope["galat"]["pesan"] and not out.exists()
    rc = cli.main(["ekspor", str(book), "--format", "esakip-capaian", "--triwulan", "2",
                   "-o", str(out), "--belum-final"])
    text = capsys.readouterr().out
    assert rc == 0 and "BELUM FINAL" in text
    assert cli.main(["ekspor", str(book), "--format", "esakip-capaian", "--triwulan", "2",
                     "-o", str(out), "--belum-final", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["final"], data["keluaran"], data["triwulan"]) == (False, str(out), 2)
    assert {"kode_indikator": "PK-01", "realisasi_tw": 112} in data["baris"]
    rows, notes = _esakip_rows(out)
    assert notes["Status"].startswith("BELUM FINAL")
    body = {r[0]: r[1] for r in rows[1:]}
    assert body["PK-01"] == 112 and body["PK-03"] == 2.78  # realisasi_tw2.csv
    # IP-01 was left out of TW II but has a TW II target (300): a row, value empty.
    assert "IP-01" in body and body["IP-01"] is None


def test_approval_made_stale_by_a_later_correction_is_refused(book, tmp_path, capsys):
    with open_workbook(book, write=True) as b:
        b.write_cells(L.KOREKSI_KABID, {(L.STEP_DATA_ROW + 1, c + 1): v for c, v in enumerate(
            [1, "SEK-01", "Realisasi", 25, "Salah hitung", "Drs. Bambang Sutrisno"])})
        b.save()
    rc = cli.main(["ekspor", str(book), "--format", "esakip-capaian", "--triwulan", "1",
                   "-o", str(tmp_path / "x.xlsx")])
    err = capsys.readouterr().err
    assert rc == 2 and "Sekretariat: persetujuan kedaluwarsa" in err
    assert "Bidang Teknologi" not in err  # the other approvals still hold


@pytest.mark.parametrize("args, words", [
    (["--format", "esakip-capaian", "-o", "x.xlsx"], "--triwulan"),
    (["--format", "esakip-capaian", "--triwulan", "1", "-o", "x.csv"], ".xlsx"),
    (["--format", "datar", "-o", "x.ods"], ".csv atau .xlsx"),
])
def test_bad_requests_exit_2_with_a_message(book, tmp_path, capsys, args, words, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["ekspor", str(book), *args]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not any(tmp_path.glob("x.*"))


# --- the flat table -----------------------------------------------------------------------
def _rekap_json(path: Path, *args: str, capsys) -> dict:
    capsys.readouterr()
    assert cli.main(["rekap", str(path), *args, "--json"]) in (0, 1)
    return {r["kode"]: r for r in json.loads(capsys.readouterr().out)["baris"]}


def _read_flat(path: Path, **kw) -> pd.DataFrame:
    if path.suffix == ".xlsx":
        return pd.read_excel(path, sheet_name=L.DATAR_TABLE.name, engine="openpyxl",
                             dtype={"Kode e-SAKIP": str})
    return pd.read_csv(path, dtype={"Kode e-SAKIP": str}, **kw)


def _nan_none(value):
    return None if pd.isna(value) else value


@pytest.mark.parametrize("name, read", [
    ("datar.xlsx", {}),
    ("datar_koma.csv", {"sep": ";", "decimal": ",", "parse_dates": ["Diajukan pada",
                                                                   "Diputuskan pada"]}),
    ("datar_titik.csv", {"parse_dates": ["Diajukan pada", "Diputuskan pada"]}),
])
def test_flat_table_read_back_with_pandas(terisi, tmp_path, capsys, name, read):
    src = tmp_path / "LaporanKinerja.xlsm"
    shutil.copy(terisi["dengan"], src)
    out = tmp_path / name
    desimal = ["--desimal", "titik"] if "titik" in name else []
    assert cli.main(["ekspor", str(src), "--format", "datar", "-o", str(out), *desimal]) == 0
    df = _read_flat(out, **read)
    assert list(df.columns) == list(L.DATAR_HEADERS)
    assert len(df) == 30 * 5
    # Typed columns: numbers as numbers, times as times.
    for col in ("Target", "Realisasi", "Capaian (%)", "Target s.d.", "Realisasi s.d."):
        assert pd.api.types.is_numeric_dtype(df[col]), col
    assert pd.api.types.is_integer_dtype(df["Tahun"])
    assert pd.api.types.is_datetime64_any_dtype(df["Diajukan pada"])

    tw1 = df[df["Periode"] == "TW I"].set_index("Kode")
    # Worked out from the sample: IP-01 typed "1.2OO" (not a number), corrected to 310
    # against a target of 300 → 103,33 %; KP-01 221 → 230 against 240 → 95,83 %.
    ip = tw1.loc["IP-01"]
    assert pd.isna(ip["Realisasi diajukan"]) and ip["Realisasi"] == 310
    assert ip["Capaian (%)"] == pytest.approx(103.33) and ip["Predikat"] == "Sangat Tinggi"
    assert ip["Dikoreksi oleh"] == "Rudi Hartono (langkah 4)"
    assert ip["Kode e-SAKIP"] == "2.16.03"
    kp = tw1.loc["KP-01"]
    assert (kp["Realisasi diajukan"], kp["Realisasi"]) == (221, 230)
    assert kp["Capaian (%)"] == pytest.approx(95.83)
    assert kp["Dikoreksi oleh"] == "Dewi Lestari (langkah 4), Endang Wahyuni (langkah 6)"
    assert tw1.loc["PK-03", "Realisasi"] == pytest.approx(2.43)
    # PK-03 is Negatif (days late), rumus 2T-R: (2·3 − 2,43) / 3 = 119 %.
    assert tw1.loc["PK-03", "Capaian (%)"] == pytest.approx(119.0)
    assert tw1.loc["SEK-01", "Bidang"] == "Sekretariat"
    assert tw1.loc["IP-01", "Bidang"] == "Bidang Informasi dan Komunikasi Publik"
    assert tw1.loc["SD-01", "Faktor penghambat"] == "Sensor belum terpasang; pemantauan manual"
    assert tw1.loc["SEK-01", "Diajukan pada"] == pd.Timestamp(DIAJUKAN)
    assert tw1.loc["SEK-01", "Keputusan Kadin"] == "Disetujui"
    assert tw1.loc["SEK-01", "Disetujui oleh"] == "Dr. Ahmad Fauzi, S.Kom., M.M."
    assert tw1.loc["SEK-01", "Diputuskan pada"] == pd.Timestamp(2026, 4, 15, 8, 5)
    with open_workbook(src) as b:
        assert tw1.loc["SEK-01", "Sidik"] == b.read(L.kabid("SEK"))[L.KABID_SIDIK_ROW - 1][2]
    tw2 = df[df["Periode"] == "TW II"].set_index("Kode")
    assert tw2.loc["PK-01", "Realisasi"] == 112
    assert tw2.loc["PK-01", "Keputusan Kadin"] == "Belum diperiksa"
    assert pd.isna(tw2.loc["PK-01", "Disetujui oleh"])
    assert tw2.loc["SEK-01", "Diajukan pada"] == pd.Timestamp(DIAJUKAN_TW2)
    tahun = df[df["Periode"] == "Tahunan"].set_index("Kode")
    assert pd.isna(tahun["Triwulan"]).all()
    # SEK-01 is Nilai Akhir: its TW II value 47 against the year's 100 → 47 %.
    assert tahun.loc["SEK-01", "Realisasi"] == 47 and tahun.loc["SEK-01", "Target"] == 100
    assert tahun.loc["SEK-01", "Capaian (%)"] == pytest.approx(47.0)
    # IP-01 is Jumlah: 310 (TW I, corrected) + nothing in TW II, of 1200 → 25,83 %.
    assert tahun.loc["IP-01", "Realisasi"] == 310
    assert tahun.loc["IP-01", "Capaian (%)"] == pytest.approx(25.83)
    assert tahun.loc["IP-01", "Pagu anggaran"] == 85_000_000
    assert tahun.loc["IP-01", "Realisasi tahun lalu"] == 1050

    # Every figure equals the reports' (`rekap --json`).
    rekap1 = _rekap_json(src, "--triwulan", "1", capsys=capsys)
    rekap2 = _rekap_json(src, "--triwulan", "2", capsys=capsys)
    tahunan = _rekap_json(src, "--tahunan", capsys=capsys)
    pairs = {"target": "Target", "realisasi": "Realisasi", "capaian": "Capaian (%)",
             "predikat": "Predikat", "target_sd": "Target s.d.",
             "realisasi_sd": "Realisasi s.d.", "capaian_sd": "Capaian s.d. (%)",
             "predikat_sd": "Predikat s.d."}
    for rekap, table in ((rekap1, tw1), (rekap2, tw2)):
        assert set(rekap) == set(table.index)
        for kode, r in rekap.items():
            for key, col in pairs.items():
                got = _nan_none(table.loc[kode, col])
                assert got == (pytest.approx(r[key]) if isinstance(r[key], float) else r[key]), \
                    (kode, col)
    for kode, r in tahunan.items():
        for key, col in (("target", "Target"), ("realisasi", "Realisasi"),
                         ("capaian", "Capaian (%)"), ("predikat", "Predikat"),
                         ("capaian_renstra", "Capaian thd Renstra (%)")):
            assert _nan_none(tahun.loc[kode, col]) == r[key], (kode, col)


def test_csv_bytes_follow_the_documented_convention(book, tmp_path):
    koma, titik = tmp_path / "k.csv", tmp_path / "t.csv"
    with open_workbook(book) as b:
        datar(b, koma)
        datar(b, titik, "titik")
    for path, sep in ((koma, ";"), (titik, ",")):
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbfTahun" + sep.encode() + b"Periode")
    k = koma.read_text(encoding="utf-8-sig")
    t = titik.read_text(encoding="utf-8-sig")
    assert ";2,43;" in k and ",2.43," in t
    assert "2026-04-05 09:00:00" in k
    assert '"Sensor belum terpasang; pemantauan manual"' in k  # the separator is quoted


def test_flat_xlsx_is_an_excel_table_with_typed_cells(book, tmp_path):
    out = tmp_path / "d.xlsx"
    with open_workbook(book) as b:
        datar(b, out)
    wb = openpyxl.load_workbook(out)
    ws = wb[L.DATAR_TABLE.name]
    assert list(ws.tables) == [L.DATAR_TABEL]
    assert ws.tables[L.DATAR_TABEL].ref == f"A1:{openpyxl.utils.get_column_letter(40)}151"
    head = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(head, ws[2])}
    assert row["Kode"].value == "S-01" and row["Periode"].value == "TW I"
    assert row["Tahun"].value == 2026 and row["Tahun"].data_type == "n"
    assert row["Diajukan pada"].is_date and row["Diajukan pada"].value == DIAJUKAN


# --- the documented schema ------------------------------------------------------------------
DOC = Path(__file__).resolve().parents[1] / "docs" / "ekspor.md"


def _doc_table(title: str) -> list[list[str]]:
    """The first Markdown table under the heading `title`."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip("#").strip() == title)
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
        elif rows:
            break
    return rows[2:]  # without the header and the --- row


def _jenis(c: L.Column) -> str:
    """The words docs/ekspor.md uses for a column's kind."""
    if c.kind == L.NUMBER:
        return "bilangan" if c.fmt == L.FMT_BULAT else "angka"
    return {L.TEXT: "teks", L.DATE: "waktu"}[c.kind]


def test_docs_schema_equals_layout():
    assert [(r[0], r[1]) for r in _doc_table("Skema")] == \
        [(c.header, _jenis(c)) for c in L.DATAR_TABLE]
    esakip = [r[0] for r in _doc_table("Templat impor capaian e-SAKIP (`--format esakip-capaian`)")]
    assert esakip == list(L.ESAKIP_CAPAIAN_HEADERS)


def test_text_that_looks_like_a_formula_or_number_stays_text(tmp_path):
    from kinerja_xl.io.tulis_tabel import Tabel, tulis_xlsx
    out = tmp_path / "t.xlsx"
    kolom = L.Columns("A", L.text("Kode"), L.text("Catatan"), L.number("Nilai"))
    tulis_xlsx(out, [Tabel(kolom, [{"Kode": "007", "Catatan": "=HYPERLINK(\"http://x\")",
                                    "Nilai": 2.5}])])
    cells = list(openpyxl.load_workbook(out).active.iter_rows(min_row=2))[0]
    assert [(c.value, c.data_type) for c in cells] == \
        [("007", "s"), ("=HYPERLINK(\"http://x\")", "s"), (2.5, "n")]


# --- round trip: the e-SAKIP file read back by `impor` ----------------------------------------
@pytest.mark.parametrize("key", ["tanpa", "dengan"])
def test_impor_of_the_esakip_file_gives_the_same_realisation(kosong, terisi, tmp_path, key):
    """The approved TW I, exported and imported into the workbook as it was before the
    quarter was filled, gives the approved figures (corrections included) as typed
    values, with Kode e-SAKIP absent and present."""
    from kinerja_xl.ops.inti.snapshot import read_snapshot

    out = tmp_path / "esakip.xlsx"
    with open_workbook(terisi[key]) as b:
        esakip_capaian(b, out, 1)
        approved = read_snapshot(b)
    fresh = tmp_path / "Baru.xlsm"
    shutil.copy(kosong[key], fresh)
    hasil = _run(fresh, lambda b: impor(b, out, 1, ajukan=True))
    assert [t.kode_temuan for t in hasil.temuan] == []
    with open_workbook(fresh) as b:
        back = read_snapshot(b)
    measured = [k for k in PK_ORDER if k not in TIDAK_DIUKUR_TW1]
    got = {k: back.kuartal(k, 1).realisasi_akhir for k in measured}
    assert got == {k: approved.kuartal(k, 1).realisasi_akhir for k in measured}
    assert (got["IP-01"], got["KP-01"], got["PK-03"], got["UK-01"]) == (310, 230, 2.43, None)
    sd01 = back.kuartal("SD-01", 1).teks
    assert (sd01["penghambat"], sd01["tindak"], sd01["bukti"]) == (
        "Sensor belum terpasang; pemantauan manual", "Pengadaan sensor pemantauan",
        "https://bukti.example/sd01")
