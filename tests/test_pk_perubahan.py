"""PK Perubahan through the real CLI on a real workbook.

The October scenario: the sample Dinas has TW I approved in April and TW II in July
(every Bidang), TW III submitted and waiting; on 5 October it signs a revised PK after
the APBD Perubahan.  Expected values are worked by hand in the comments.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from kinerja_xl import cli
from kinerja_xl import layout as L
from kinerja_xl.build.builder import contoh_path
from kinerja_xl.io import open_workbook
from kinerja_xl.ops.pk_perubahan import AKSI
from kinerja_xl.ops.inti.riwayat import target_sebelum
from kinerja_xl.ops.inti.riwayat import Riwayat
from kinerja_xl.rows import header_map

BIDANG = ("SEK", "IKP", "TIK", "SPS")
PEMERIKSAAN = {h: i + 1 for i, h in enumerate(L.PEMERIKSAAN_HEADERS)}
TANGGAL = "2026-10-05"
ALASAN = "Penyesuaian APBD Perubahan 2026"


def run(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args) -> tuple[int, dict]:
    code, out, err = run(capsys, *args, "--json")
    return code, json.loads(out)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def setujui(path: Path, n: int, bidang: tuple[str, ...], selesai: dt.datetime,
            first_row: int) -> int:
    """The Kadin approves quarter n of each Bidang with the sidik shown on its 7 Kabid."""
    with open_workbook(path, write=True) as book:
        cells = {}
        for i, b in enumerate(bidang):
            sid = book.read(L.kabid(b))[L.KABID_SIDIK_ROW + n - 2][L.KABID_SIDIK_COL - 1]
            r = first_row + i
            cells.update({(r, PEMERIKSAAN["Kode unit"]): b, (r, PEMERIKSAAN["Triwulan"]): n,
                          (r, PEMERIKSAAN["Keputusan"]): L.DISETUJUI,
                          (r, PEMERIKSAAN["Sidik"]): sid,
                          (r, PEMERIKSAAN["Mulai"]): selesai - dt.timedelta(minutes=30),
                          (r, PEMERIKSAAN["Selesai"]): selesai})
        book.write_cells(L.PEMERIKSAAN_KADIN, cells)
        book.save()
    return first_row + len(bidang)


def ajukan(capsys, path: Path, n: int) -> None:
    code, _, err = run(capsys, "impor", path, "--realisasi", contoh_path(f"realisasi_tw{n}.csv"),
                       "--triwulan", n, "--ajukan")
    assert code == 0, err
    code, _, err = run(capsys, "konsolidasi", path, "--triwulan", n)
    assert code in (0, 1), err  # the sample's seeded mistakes are findings, not failures


@pytest.fixture(scope="module")
def oktober(tmp_path_factory) -> Path:
    """The sample in October: TW I approved 20 April, TW II 20 July, TW III submitted
    (module scope, so the CLI is called without capsys)."""
    path = tmp_path_factory.mktemp("pkp") / "LaporanKinerja.xlsm"
    assert cli.main(["buat", str(path), "--contoh"]) == 0
    row = L.STEP_DATA_ROW
    for n, month in ((1, 4), (2, 7), (3, 10)):
        assert cli.main(["impor", str(path), "--realisasi",
                         str(contoh_path(f"realisasi_tw{n}.csv")), "--triwulan", str(n),
                         "--ajukan"]) == 0
        assert cli.main(["konsolidasi", str(path), "--triwulan", str(n)]) in (0, 1)
        if n < 3:
            row = setujui(path, n, BIDANG, dt.datetime(2026, month, 20, 10), row)
            assert cli.main(["rekap", str(path), "--triwulan", str(n)]) in (0, 1)
    return path


@pytest.fixture
def book(oktober, tmp_path) -> Path:
    path = tmp_path / "LaporanKinerja.xlsm"
    shutil.copy(oktober, path)
    return path


def _table(name: str) -> tuple[list[str], list[list[str]]]:
    with open(contoh_path(name), newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def revised(tmp_path: Path, pk: dict[str, dict[str, str]] | None = None,
            ra: dict[str, dict[str, str]] | None = None, drop: str | None = None
            ) -> tuple[Path, Path]:
    """The sample PK and RA tables with some cells changed (by code and header)."""
    out = []
    for name, changes in (("pk.csv", pk or {}), ("ra.csv", ra or {})):
        header, rows = _table(name)
        target = tmp_path / f"perubahan_{name}"
        with open(target, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            for r in rows:
                if r[0] == drop:
                    continue
                for h, v in changes.get(r[0], {}).items():
                    r[header.index(h)] = v
                w.writerow(r)
        out.append(target)
    return out[0], out[1]


# The revision of 5 October:
# - KP-01 (Jumlah, 240 a quarter, 960 a year) → 1000 a year, RA 240, 240, 260, 260;
# - IN-03's RA restates TW I as 6 (it was 5 and TW I is approved: stays 5);
# - IP-01's budget 85.000.000 → 95.000.000 (APBD Perubahan).
PK_BARU = {"KP-01": {"Target tahunan": "1000"}, "IP-01": {"Pagu anggaran": "95000000"}}
RA_BARU = {"KP-01": {"Target TW III": "260", "Target TW IV": "260"},
           "IN-03": {"Target TW I": "6"}}


def _reports(capsys, path: Path) -> dict:
    out = {}
    for n in (1, 2, 3):
        code, data = run_json(capsys, "rekap", path, "--triwulan", n)
        assert code in (0, 1)
        out[n] = data
    code, out["tahunan"] = run_json(capsys, "rekap", path, "--tahunan")
    return out


def _print_area_last_col(path: Path) -> str:
    import openpyxl
    wb = openpyxl.load_workbook(path, keep_vba=True)
    area = wb[L.REKAP_TAHUNAN].print_area
    return area.split(":")[-1].lstrip("$").split("$")[0]


def _row(data: dict, kode: str) -> dict:
    return next(r for r in data["baris"] if r["kode"] == kode)


def _sheet_row(path: Path, sheet: str, header_row: int, headers, kode: str) -> dict:
    with open_workbook(path) as wb:
        grid = wb.read(sheet)
    cols = header_map(grid[header_row - 1], headers)
    for line in grid[header_row:]:
        if line and len(line) >= cols["Kode"] and line[cols["Kode"] - 1] == kode:
            return {h: (line[c - 1] if c - 1 < len(line) else None) for h, c in cols.items()}
    raise AssertionError(f"{kode} not on {sheet}")


def test_october_revision_keeps_approved_quarters_and_revises_the_rest(book, tmp_path, capsys):
    before = _reports(capsys, book)
    # Before: KP-01 TW III 246 / 240 = 102,50 %; the year so far 717 / 960 = 74,69 %.
    assert _row(before[3], "KP-01")["capaian"] == 102.5
    assert _row(before["tahunan"], "KP-01")["capaian"] == 74.69
    assert _row(before["tahunan"], "KP-01")["target_awal"] is None

    pk, ra = revised(tmp_path, PK_BARU, RA_BARU)
    code, data = run_json(capsys, "pk-perubahan", book, "--pk", pk, "--ra", ra,
                          "--tanggal", TANGGAL, "--alasan", ALASAN)
    assert code == 0, data
    assert data["perintah"] == "pk-perubahan" and data["tanggal"] == TANGGAL
    changed = {r["kode"]: r for r in data["baris"]}
    assert set(changed) == {"KP-01", "IP-01"}  # IN-03's only change was refused
    assert changed["KP-01"]["target_lama"] == 960 and changed["KP-01"]["target"] == 1000
    assert changed["KP-01"]["target_tw"] == [240, 240, 260, 260]
    assert changed["IP-01"]["pagu"] == 95000000 and changed["IP-01"]["pagu_lama"] == 85000000
    [kept] = data["temuan"]
    assert kept["kode_temuan"] == "target_triwulan_tetap" and kept["kode"] == "IN-03"
    assert kept["tingkat"] == "peringatan" and kept["lembar"] == L.RA

    after = _reports(capsys, book)
    # TW I and II: the same rows and the same findings (no approval went stale).
    for n in (1, 2):
        assert after[n]["baris"] == before[n]["baris"]
        assert after[n]["temuan"] == before[n]["temuan"]
        assert after[n]["temuan_lain"] == before[n]["temuan_lain"]
    assert not {t["kode_temuan"] for n in (1, 2) for t in after[n]["temuan"]} & {
        "persetujuan_kedaluwarsa", "data_berubah_setelah_disetujui"}
    assert _row(after[1], "IN-03")["target"] == 5  # the approved TW I target stays
    # Progress to date stays against the annual target TW I was approved with:
    # 221 / 960 = 23,02 %; TW III (not approved) against the new one: 717 / 1000 = 71,7 %.
    assert _row(after[1], "KP-01")["progres_sd"] == 23.02
    assert _row(after[3], "KP-01")["progres_sd"] == 71.7
    # TW III KP-01: 246 / 260 = 94,615… → 94,62 %; s.d. (221+250+246) / (240+240+260)
    # = 717 / 740 = 96,891… → 96,89 %.
    tw3 = _row(after[3], "KP-01")
    assert (tw3["target"], tw3["capaian"]) == (260, 94.62)
    assert (tw3["target_sd"], tw3["realisasi_sd"], tw3["capaian_sd"]) == (740, 717, 96.89)
    # The year: 717 / 1000 = 71,70 %, beside the first target 960.
    year = _row(after["tahunan"], "KP-01")
    assert (year["target"], year["target_awal"], year["capaian"]) == (1000, 960, 71.7)
    s01 = _row(after["tahunan"], "S-01")
    assert s01["target_awal"] == s01["target"] == 3.1  # unchanged, still shown

    # The workbook shows both: PK columns, RA, the staff sheet, the annual report.
    pk_row = _sheet_row(book, L.PK, L.REF_HEADER_ROW, L.PK_HEADERS, "KP-01")
    assert pk_row["Target tahunan"] == 1000 and pk_row[L.TARGET_AWAL_H] == 960
    assert pk_row[L.TANGGAL_PERUBAHAN_H] == dt.datetime(2026, 10, 5)
    ra_in03 = _sheet_row(book, L.RA, L.REF_HEADER_ROW, L.RA_HEADERS, "IN-03")
    assert ra_in03[L.target_h(1)] == 5
    staff = _sheet_row(book, L.bahan("KOMPUB"), L.BAHAN_HEADER_ROW, L.BAHAN_HEADERS, "KP-01")
    assert [staff[L.target_h(n)] for n in L.TRIWULAN] == [240, 240, 260, 260]
    spec = L.REKAP_TAHUNAN_LAYOUT
    with open_workbook(book) as wb:
        grid = wb.read(L.REKAP_TAHUNAN)
        riwayat = Riwayat(wb)
    header = grid[spec.header_row - 1]
    annual = next(r for r in grid if r[spec.col("Kode") - 1] == "KP-01")
    assert annual[spec.col("Target") - 1] == 1000 and annual[spec.col("Target awal") - 1] == 960
    assert header[spec.col("Target") - 1] == L.TARGET_PERUBAHAN
    assert header[spec.col("Target awal") - 1] == "Target awal"
    from openpyxl.utils import get_column_letter
    assert _print_area_last_col(book) == get_column_letter(spec.col("Target awal"))

    # Riwayat: still a valid chain, holding the old targets of every indicator.
    assert riwayat.verify() == []
    [record] = target_sebelum(riwayat.rows)
    assert record["target"]["KP-01"] == {"Target tahunan": "960", "Target TW I": "240",
                                         "Target TW II": "240", "Target TW III": "240",
                                         "Target TW IV": "240", "Pagu anggaran": "60000000"}
    assert record["target"]["IP-01"]["Pagu anggaran"] == "85000000"
    assert record["tetap"] == {(b, n) for b in BIDANG for n in (1, 2)}
    assert len(record["target"]) == 30
    # What people read comes first, in words; the data follows on its own line.
    [row] = [r for r in riwayat.rows if r.aksi == AKSI]
    people, data = row.ringkasan.split("\nData: ")
    assert people.startswith(f"PK Perubahan tanggal 05/10/2026: {ALASAN}. Diubah: ")
    assert "KP-01 Target tahunan 960 → 1.000" in people
    assert "tetap memakai target lama: IKP TW I, TW II; SEK TW I, TW II" in people
    assert json.loads(data)["alasan"] == ALASAN
    code, data = run_json(capsys, "validasi", book, "--triwulan", 3)
    assert "riwayat_rusak" not in {t["kode_temuan"] for t in data["temuan"]}

    # The same command again records nothing more.
    with open_workbook(book) as wb:
        rows = len(Riwayat(wb).rows)
    code, out, err = run(capsys, "pk-perubahan", book, "--pk", pk, "--ra", ra,
                         "--tanggal", TANGGAL, "--alasan", ALASAN)
    assert code == 0 and "sudah dicatat" in out
    with open_workbook(book) as wb:
        assert len(Riwayat(wb).rows) == rows


def test_before_any_revision_the_annual_report_prints_no_target_awal(book, capsys):
    code, data = run_json(capsys, "rekap", book, "--tahunan")
    spec = L.REKAP_TAHUNAN_LAYOUT
    with open_workbook(book) as wb:
        header = wb.read(L.REKAP_TAHUNAN)[spec.header_row - 1]
    assert header[spec.col("Target") - 1] == "Target"
    assert all(r["target_awal"] is None for r in data["baris"])
    from openpyxl.utils import get_column_letter
    assert _print_area_last_col(book) == get_column_letter(spec.col("Target awal") - 1)


def _refused(capsys, book: Path, *args) -> str:
    digest = sha(book)
    code, out, err = run(capsys, "pk-perubahan", book, *args)
    assert code == 2, out + err
    assert sha(book) == digest  # the workbook unchanged
    assert "Traceback" not in err
    return err


def test_refused_after_the_kadin_approved_tw_iv(book, tmp_path, capsys):
    ajukan(capsys, book, 4)
    setujui(book, 4, ("SEK",), dt.datetime(2026, 10, 2, 9), L.STEP_DATA_ROW + 8)
    assert cli.main(["rekap", str(book), "--triwulan", "4"]) in (0, 1)
    pk, ra = revised(tmp_path, PK_BARU, RA_BARU)
    err = _refused(capsys, book, "--pk", pk, "--ra", ra, "--tanggal", TANGGAL,
                   "--alasan", ALASAN)
    assert "TW IV sudah disetujui Kepala Dinas untuk Sekretariat" in err


def test_a_date_before_an_approval_may_not_rewrite_that_quarter(book, tmp_path, capsys):
    # Dated 1 July, before TW II was approved on 20 July against 240: changing TW II
    # would rewrite that approved report.
    pk, ra = revised(tmp_path, PK_BARU, {"KP-01": {"Target TW II": "250"}})
    err = _refused(capsys, book, "--pk", pk, "--ra", ra, "--tanggal", "2026-07-01",
                   "--alasan", ALASAN)
    assert "Berkas perubahan_ra.csv sel D16 (kolom Target TW II): Target TW II indikator " \
        "KP-01 240 → 250" in err
    assert "sudah disetujui Kepala Dinas pada 20/07/2026" in err
    # The same date is fine when the approved quarters keep their targets.
    pk, ra = revised(tmp_path, PK_BARU, {"KP-01": {"Target TW III": "260",
                                                   "Target TW IV": "260"}})
    code, out, err = run(capsys, "pk-perubahan", book, "--pk", pk, "--ra", ra,
                         "--tanggal", "2026-07-01", "--alasan", ALASAN)
    assert code == 0, err


def test_indicators_cannot_be_removed_or_added_nor_their_definition_changed(book, tmp_path,
                                                                          capsys):
    pk, ra = revised(tmp_path, PK_BARU, RA_BARU, drop="KP-01")
    err = _refused(capsys, book, "--pk", pk, "--tanggal", TANGGAL, "--alasan", ALASAN)
    assert "Berkas perubahan_pk.csv: Indikator KP-01 tidak ada di PK perubahan" in err
    pk, _ = revised(tmp_path, {"KP-01": {"Satuan": "Unggahan", "Target tahunan": "1000"}})
    err = _refused(capsys, book, "--pk", pk, "--tanggal", TANGGAL, "--alasan", ALASAN)
    assert "Berkas perubahan_pk.csv sel F16 (kolom Satuan): Satuan indikator KP-01 " \
        "berbeda dari PK yang berlaku ('Konten' → 'Unggahan')" in err
    # A target convention is part of what a quarter's capaian means: it stays too.
    header, rows = _table("pk.csv")
    pk = tmp_path / "pk_konvensi.csv"
    with open(pk, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header + [L.TARGET_TRIWULAN_KUNCI])
        for r in rows:
            w.writerow(r + (["tahunan saja"] if r[0] == "KP-01" else [""]))
    err = _refused(capsys, book, "--pk", pk, "--tanggal", TANGGAL, "--alasan", ALASAN)
    assert f"(kolom {L.TARGET_TRIWULAN_KUNCI}): {L.TARGET_TRIWULAN_KUNCI} indikator KP-01 " \
        "berbeda" in err
    pk, _ = revised(tmp_path, {"KP-01": {"Kode": "KP-09"}})
    err = _refused(capsys, book, "--pk", pk, "--tanggal", TANGGAL, "--alasan", ALASAN)
    assert "sel A16 (kolom Kode): Indikator KP-09 tidak ada di PK yang berlaku" in err


@pytest.mark.parametrize("tanggal, words", [
    ("2025-10-05", "bukan tahun 2026"),
    ("2099-01-01", "bukan tahun 2026"),
])
def test_dates_outside_the_year_are_refused(book, tmp_path, capsys, tanggal, words):
    pk, ra = revised(tmp_path, PK_BARU, RA_BARU)
    err = _refused(capsys, book, "--pk", pk, "--ra", ra, "--tanggal", tanggal,
                   "--alasan", ALASAN)
    assert words in err


def test_a_date_not_yet_come_is_refused_and_left_out_columns_stay(book, tmp_path):
    from kinerja_xl.io.base import WorkbookError
    from kinerja_xl.ops.pk_perubahan import pk_perubahan
    pk, _ = revised(tmp_path, PK_BARU)
    with open_workbook(book, write=True) as wb:
        with pytest.raises(WorkbookError, match="belum terjadi"):
            pk_perubahan(wb, pk, None, dt.date(2026, 10, 5), ALASAN, today=dt.date(2026, 10, 4))
    # An RA table without the Rencana aksi and TW IV columns: those stay as they are.
    header, rows = _table("ra.csv")
    keep = [header.index(h) for h in ("Kode", "Target TW I", "Target TW II", "Target TW III")]
    ra = tmp_path / "ra_tanpa_tw4.csv"
    with open(ra, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([header[i] for i in keep])
        for r in rows:
            if r[0] == "KP-01":
                r[header.index("Target TW III")] = "260"
            w.writerow([r[i] for i in keep])
    with open_workbook(book, write=True) as wb:
        hasil = pk_perubahan(wb, pk, ra, dt.date(2026, 10, 5), ALASAN,
                             today=dt.date(2026, 10, 6))
        wb.save()
    assert {r["kode"]: r["target_tw"] for r in hasil.baris}["KP-01"] == [240, 240, 260, 240]
    ra_row = _sheet_row(book, L.RA, L.REF_HEADER_ROW, L.RA_HEADERS, "KP-01")
    assert ra_row["Rencana aksi"] == "Produksi konten media sosial"
    assert [ra_row[L.target_h(n)] for n in L.TRIWULAN] == [240, 240, 260, 240]


def test_nothing_changed_and_empty_reason_are_refused(book, tmp_path, capsys):
    pk, ra = revised(tmp_path)
    err = _refused(capsys, book, "--pk", pk, "--ra", ra, "--tanggal", TANGGAL,
                   "--alasan", ALASAN)
    assert "tidak ada target, pagu atau rencana aksi yang berubah" in err
    pk, ra = revised(tmp_path, PK_BARU, RA_BARU)
    err = _refused(capsys, book, "--pk", pk, "--tanggal", TANGGAL, "--alasan", "  ")
    assert "Alasan perubahan (--alasan) wajib diisi" in err


def test_a_later_revision_keeps_the_first_target_and_may_not_go_back_in_time(book, tmp_path,
                                                                            capsys):
    pk, ra = revised(tmp_path, PK_BARU, RA_BARU)
    assert run(capsys, "pk-perubahan", book, "--pk", pk, "--ra", ra, "--tanggal", TANGGAL,
               "--alasan", ALASAN)[0] == 0
    pk2, ra2 = revised(tmp_path, {**PK_BARU, "KP-01": {"Target tahunan": "1040"}},
                       {"KP-01": {"Target TW III": "260", "Target TW IV": "300"}})
    err = _refused(capsys, book, "--pk", pk2, "--ra", ra2, "--tanggal", "2026-10-01",
                   "--alasan", "Koreksi")
    assert "sebelum PK Perubahan terakhir (05/10/2026" in err
    code, out, err = run(capsys, "pk-perubahan", book, "--pk", pk2, "--ra", ra2,
                         "--tanggal", "2026-11-02", "--alasan", "Koreksi")
    assert code == 0, err
    pk_row = _sheet_row(book, L.PK, L.REF_HEADER_ROW, L.PK_HEADERS, "KP-01")
    assert (pk_row["Target tahunan"], pk_row[L.TARGET_AWAL_H]) == (1040, 960)
    with open_workbook(book) as wb:
        riwayat = Riwayat(wb)
    assert riwayat.verify() == []
    first, second = target_sebelum(riwayat.rows)
    assert first["target"]["KP-01"]["Target tahunan"] == "960"
    assert second["target"]["KP-01"]["Target tahunan"] == "1000"
    assert second["target"]["KP-01"]["Target TW IV"] == "260"
    assert [r.aksi for r in riwayat.rows].count(AKSI) == 2


def test_the_new_year_starts_from_the_revised_targets_without_the_revision(book, tmp_path,
                                                                          capsys):
    pk, ra = revised(tmp_path, PK_BARU, RA_BARU)
    assert run(capsys, "pk-perubahan", book, "--pk", pk, "--ra", ra, "--tanggal", TANGGAL,
               "--alasan", ALASAN)[0] == 0
    new = tmp_path / "2027.xlsm"
    code, out, err = run(capsys, "buat", new, "--dari", book, "--tahun", 2027)
    assert code == 0, err
    pk_row = _sheet_row(new, L.PK, L.REF_HEADER_ROW, L.PK_HEADERS, "KP-01")
    assert pk_row["Target tahunan"] == 1000
    assert pk_row[L.TARGET_AWAL_H] is None and pk_row[L.TANGGAL_PERUBAHAN_H] is None


def test_the_annual_pdf_prints_target_awal_only_after_a_revision(book, tmp_path, capsys):
    """LibreOffice prints the print area the report sets: without a revision the empty
    Target awal column is left out; after one both targets are on the page."""
    from test_pdf import pdftext, require
    require("soffice", "pdftotext")

    def annual_pdf(name: str) -> str:
        assert run(capsys, "rekap", book, "--tahunan")[0] in (0, 1)
        out = tmp_path / name
        code, _, err = run(capsys, "pdf", book, "--lembar", L.REKAP_TAHUNAN, "-o", out)
        assert code == 0, err
        return " ".join(pdftext(out).split())

    before = annual_pdf("sebelum.pdf")
    assert "Target awal" not in before and "perubahan" not in before
    pk, ra = revised(tmp_path, PK_BARU, RA_BARU)
    assert run(capsys, "pk-perubahan", book, "--pk", pk, "--ra", ra, "--tanggal", TANGGAL,
               "--alasan", ALASAN)[0] == 0
    after = annual_pdf("sesudah.pdf")
    # The narrow header cell folds "Target perubahan" over two lines of the page.
    assert "Target awal" in after and "perubahan" in after


# A record written before Riwayat records carried data (prose only), as the earlier
# version wrote it: KP-01's annual target was 800 before a revision to 960, with TW I
# and TW II approved in every Bidang.
PROSA_LAMA = ("PK Perubahan tanggal 05/10/2026: Penyesuaian APBD Perubahan 2026. Diubah: "
              "KP-01 Target tahunan 800 → 960. Triwulan tetap: "
              + "; ".join(f"{b}=1,2" for b in BIDANG)
              + ". Target sebelum: KP-01;800;200;200;200;200;60000000 | "
              "IP-01;12;3;3;3;3;85000000")


def test_a_record_written_as_prose_is_still_read(book, capsys):
    with open_workbook(book, write=True) as wb:
        riwayat = Riwayat(wb)
        riwayat.append("PK", AKSI, PROSA_LAMA, "sidik-lama")
        riwayat.flush()
        wb.save()
    with open_workbook(book) as wb:
        riwayat = Riwayat(wb)
    assert riwayat.verify() == []
    [record] = target_sebelum(riwayat.rows)
    assert record["target"]["KP-01"]["Target tahunan"] == "800"
    assert record["target"]["IP-01"]["Pagu anggaran"] == "85000000"
    assert record["tetap"] == {(b, n) for b in BIDANG for n in (1, 2)}
    # TW I, approved before that revision, measures its progress against 800:
    # 221 / 800 = 27,625 → 27,63 %; TW III (not approved) against the PK's 960.
    code, data = run_json(capsys, "rekap", book, "--triwulan", 1)
    assert code in (0, 1) and _row(data, "KP-01")["progres_sd"] == 27.63
