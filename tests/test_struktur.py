"""Three office structures through the whole SOP on real .xlsm files.

buat → impor → validasi → koreksi (langkah 4/6) → konsolidasi → keputusan di
`8 Pemeriksaan Kadin` → rekap, from the small tables in tests/vectors/struktur.
Every expected figure is worked by hand in the comments.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kinerja_xl import layout as L
from kinerja_xl.cli import main
from kinerja_xl.io import open_workbook

HERE = Path(__file__).resolve().parent / "vectors" / "struktur"


def run(capsys, *args) -> tuple[int, dict | str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    try:
        return code, json.loads(out), err
    except json.JSONDecodeError:
        return code, out, err


def build(tmp_path: Path, capsys, name: str) -> Path:
    src = HERE / name
    book = tmp_path / f"{name}.xlsm"
    args = ["buat", book, "--unit", src / "unit.csv", "--pk", src / "pk.csv",
            "--ra", src / "ra.csv"]
    if (src / "pengaturan.csv").exists():
        args += ["--pengaturan", src / "pengaturan.csv"]
    code, _, err = run(capsys, *args)
    assert code == 0, err
    code, _, err = run(capsys, "impor", book, "--realisasi", src / "realisasi_tw1.csv",
                       "--triwulan", 1, "--ajukan")
    assert code == 0, err
    return book


def codes(data: dict) -> list[str]:
    return [t["kode_temuan"] for t in data["temuan"]]


def table(book: Path, sheet: str, spec: L.Generated) -> dict[str, dict]:
    """Rows of a generated sheet by their Kode, each a header → value mapping."""
    grid = open_workbook(book).read(sheet)
    head = grid[spec.header_row - 1]
    rows = {}
    for line in grid[spec.data_row - 1:]:
        if line and line[0] not in (None, ""):
            rows[str(line[head.index("Kode")] if "Kode" in head else line[0])] = dict(
                zip(head, line))
    return rows


def koreksi(book: Path, sheet: str, rows: list[tuple]) -> None:
    with open_workbook(book, write=True) as wb:
        cells = {}
        for i, row in enumerate(rows):
            for c, value in enumerate(row, start=1):
                cells[(L.STEP_DATA_ROW + i, c)] = value
        wb.write_cells(sheet, cells)
        wb.save()


def keputusan(book: Path, decisions: list[tuple[str, int, str, str]]) -> None:
    """Rows of 8 Pemeriksaan Kadin after those already there."""
    with open_workbook(book, write=True) as wb:
        grid = wb.read(L.PEMERIKSAAN_KADIN)
        first = max(L.STEP_DATA_ROW, len([r for r in grid if any(v not in (None, "")
                                                                 for v in r)]) + 2)
        col = L.PEMERIKSAAN_TABLE.col
        cells = {}
        for i, (unit, n, putusan, sid) in enumerate(decisions):
            r = first + i
            cells.update({(r, col("Kode unit")): unit, (r, col("Triwulan")): n,
                          (r, col("Keputusan")): putusan, (r, col("Sidik")): sid})
        wb.write_cells(L.PEMERIKSAAN_KADIN, cells)
        wb.save()


def sidik_of(data: dict) -> dict[str, str]:
    return {r["bidang"]: r["sidik"] for r in data["baris"] if r["triwulan"] == 1}


def rekap_title(book: Path, sheet: str) -> str:
    grid = open_workbook(book).read(sheet)
    return " / ".join(str(grid[r - 1][0]) for r in (L.REKAP_TITLE_ROW, L.REKAP_TITLE_ROW + 1))


def report_text(book: Path, sheet: str) -> str:
    grid = open_workbook(book).read(sheet)
    return "\n".join(str(v) for line in grid for v in line if v not in (None, ""))


# --- a Badan with Subbidang, annual-only targets ------------------------------------------
def test_badan_with_subbidang_and_annual_targets(tmp_path, capsys):
    book = build(tmp_path, capsys, "badan")
    names = open_workbook(book).sheet_names()
    # Kode singkat of 14 and 16 characters; top units are the units without Induk.
    assert L.bahan("NERWILANALISIS") in names
    assert L.laporan("PEREKONOMIAN-SDA") in names and len(L.laporan("PEREKONOMIAN-SDA")) == 26
    assert sorted(n for n in names if n.startswith(L.KABID_PREFIX)) == [
        L.kabid("PEREKONOMIAN-SDA"), L.kabid("SEKRET")]

    code, data, err = run(capsys, "validasi", book, "--triwulan", 1, "--json")
    # B-01 and B-02 have no quarterly target under "tahunan saja": not measured, so no
    # target_kosong; with no RA target at all there is no RA to check against PK.
    assert code == 0, err
    assert not {"target_kosong", "capaian_tidak_terdefinisi", "ra_tidak_konsisten",
                "realisasi_kosong"} & set(codes(data))

    code, data, err = run(capsys, "konsolidasi", book, "--triwulan", 1, "--json")
    assert code == 0, err
    sid = sidik_of(data)
    assert set(sid) == {"SEKRET", "PEREKO"}
    kabid = table(book, L.kabid("PEREKONOMIAN-SDA"), L.KABID)
    # The Subbidang's indicators reach the Bidang through Induk.
    assert set(kabid) == {"B-01", "B-02", "B-03"}
    assert kabid["B-02"]["Unit"] == "NERWILANALISIS"
    assert kabid["B-01"][L.capaian_h(1)] is None and kabid["B-03"][L.capaian_h(1)] == 100

    keputusan(book, [("SEKRET", 1, L.DISETUJUI, sid["SEKRET"]),
                     ("PEREKO", 1, L.DISETUJUI, sid["PEREKO"])])
    code, data, err = run(capsys, "rekap", book, "--triwulan", 1, "--json")
    assert code == 0, err
    rows = {r["kode"]: r for r in data["baris"]}
    # B-01: no TW I target → no capaian; progress 5,0 / 5,2 × 100 = 96,1538… → 96,15.
    assert rows["B-01"]["capaian"] is None and rows["B-01"]["predikat"] is None
    assert rows["B-01"]["capaian_sd"] is None and rows["B-01"]["target_sd"] is None
    assert rows["B-01"]["progres_sd"] == 96.15
    # B-02: 1 of 4 documents: progress 25 %, no capaian.
    assert rows["B-02"]["capaian"] is None and rows["B-02"]["progres_sd"] == 25
    assert rows["B-02"]["bidang"] == "PEREKO"
    # B-03 keeps RA targets (its own PK column): 2 / 2 = 100 %; progress 2 / 8 = 25 %.
    assert rows["B-03"]["capaian"] == 100 and rows["B-03"]["progres_sd"] == 25
    # B-04 cumulative targets (Nilai Akhir): 24 / 25 = 96 %; progress 24 / 100.
    assert rows["B-04"]["capaian"] == 96 and rows["B-04"]["progres_sd"] == 24
    sheet = table(book, L.rekap_tw(1), L.REKAP)
    assert sheet["B-01"][L.PROGRES_SD_H] == pytest.approx(96.15)
    assert sheet["B-01"]["Capaian (%)"] is None and sheet["B-01"]["Predikat"] is None
    assert L.STATUS_FINAL in rekap_title(book, L.rekap_tw(1))
    assert "Pemeriksaan Kepala Badan:" in report_text(book, L.rekap_tw(1))

    # Mid-year annual report: provisional, and no error asks for TW IV.  Its capaian
    # are computed as usual: B-02 1 / 4 = 25 %, which a final report would flag.
    code, data, err = run(capsys, "rekap", book, "--tahunan", "--json")
    assert code == 0, err
    assert data["sementara"] is True and data["status"] == "SEMENTARA s.d. TW I"
    assert "SEMENTARA s.d. TW I" in rekap_title(book, L.REKAP_TAHUNAN)
    rows = {r["kode"]: r for r in data["baris"]}
    assert rows["B-02"]["capaian"] == 25 and rows["B-01"]["capaian"] == 96.15
    assert not [t for t in data["temuan"] if t["tingkat"] == "error"]
    assert data.get("temuan_lain", {}).get("error", 0) == 0


# --- a Dinas with Tim Kerja, a Puskesmas and a UPT without Induk ---------------------------
def test_dinas_with_tim_kerja_upt_and_zero_not_measured(tmp_path, capsys):
    book = build(tmp_path, capsys, "dinas_tim")
    koreksi(book, L.KOREKSI_KASI, [(1, "D-01", "Realisasi", 21, "salah rekap", None)])
    koreksi(book, L.KOREKSI_KABID, [(1, "D-01", "Realisasi", 22, "cek register", None)])

    code, data, err = run(capsys, "validasi", book, "--triwulan", 1, "--json")
    assert code == 0, err
    # D-02's TW I target is 0 under "tidak diukur": no capaian_tidak_terdefinisi.
    assert not [t for t in data["temuan"] if t["kode"] == "D-02"]

    code, data, err = run(capsys, "konsolidasi", book, "--triwulan", 1, "--json")
    assert code == 0, err
    sid = sidik_of(data)
    assert set(sid) == {"SEK", "YANKES", "UPT-LAB"}  # the UPT has no Induk: its own
    laporan = table(book, L.laporan("TIMKERJA-RUJUKAN"), L.LAPORAN)
    # Nobody named in the step-4 row: the Tim Kerja's reviewer is printed.
    assert laporan["D-01"][L.koreksi_h(1)] == 21
    assert laporan["D-01"][L.dikoreksi_oleh_h(1)] == "Ketua Tim"
    kabid = table(book, L.kabid("YANKES"), L.KABID)
    assert set(kabid) == {"D-01", "D-02", "D-03"}
    assert kabid["D-01"][L.akhir_h(1)] == 22
    assert kabid["D-01"][L.koreksi_kabid_h(1)] == "Kabid (langkah 6, Realisasi)"
    assert set(table(book, L.kabid("UPTLABKES"), L.KABID)) == {"D-04"}
    grid = open_workbook(book).read(L.KOREKSI_KASI)
    assert grid[0][0] == ("LANGKAH 4 — KOREKSI KETUA TIM/SUBKOORDINATOR/KEPALA PUSKESMAS")

    keputusan(book, [("SEK", 1, L.DISETUJUI, sid["SEK"]),
                     ("YANKES", 1, L.DISETUJUI, sid["YANKES"])])
    code, data, err = run(capsys, "rekap", book, "--triwulan", 1, "--json")
    assert "BELUM FINAL" in rekap_title(book, L.rekap_tw(1))  # the UPT is not decided
    keputusan(book, [("UPT-LAB", 1, L.DISETUJUI, sid["UPT-LAB"])])
    code, data, err = run(capsys, "rekap", book, "--triwulan", 1, "--json")
    assert code == 0, err
    assert L.STATUS_FINAL in rekap_title(book, L.rekap_tw(1))
    rows = {r["kode"]: r for r in data["baris"]}
    # D-01: 22 / 25 = 88 % (Tinggi); progress 22 / 100.
    assert rows["D-01"]["capaian"] == 88 and rows["D-01"]["predikat"] == "Tinggi"
    assert rows["D-01"]["progres_sd"] == 22
    # D-02: target 0 = not measured; progress 30 / 95 = 31,578… → 31,58.
    assert rows["D-02"]["capaian"] is None and rows["D-02"]["capaian_sd"] is None
    assert rows["D-02"]["progres_sd"] == 31.58
    # D-03 Negatif 2T-R: (2 × 1 − 1) / 1 = 100 %; D-04 110 / 100; D-05 25 / 25.
    assert (rows["D-03"]["capaian"], rows["D-04"]["capaian"], rows["D-05"]["capaian"]) == (
        100, 110, 100)
    assert rows["D-04"]["bidang"] == "UPT-LAB" and rows["D-03"]["bidang"] == "YANKES"


# --- a Kecamatan: Seksi without Induk under a Camat -----------------------------------------
def test_kecamatan_seksi_under_camat(tmp_path, capsys):
    book = build(tmp_path, capsys, "kecamatan")
    koreksi(book, L.KOREKSI_KASI, [(1, "K-03", "Realisasi", 4, "laporan susulan", None)])
    code, data, err = run(capsys, "konsolidasi", book, "--triwulan", 1, "--json")
    assert code == 0, err
    sid = sidik_of(data)
    assert set(sid) == {"SEKCAM", "PEM", "TRANTIB"}  # every Seksi answers to the Camat
    names = open_workbook(book).sheet_names()
    assert {L.kabid("SEKCAM"), L.kabid("PEM"), L.kabid("TRANTIB")} <= set(names)
    laporan = table(book, L.laporan("TRANTIB"), L.LAPORAN)
    assert laporan["K-03"][L.dikoreksi_oleh_h(1)] == "Kasi"
    grid = open_workbook(book).read(L.PEMERIKSAAN_KADIN)
    assert grid[0][0] == "LANGKAH 8 — PEMERIKSAAN CAMAT"

    keputusan(book, [("SEKCAM", 1, L.DISETUJUI, sid["SEKCAM"]),
                     ("PEM", 1, L.DISETUJUI, sid["PEM"]),
                     ("TRANTIB", 1, L.DIKEMBALIKAN, sid["TRANTIB"])])
    code, data, err = run(capsys, "rekap", book, "--triwulan", 1, "--json")
    back = [t for t in data["temuan"] if t["kode_temuan"] == "laporan_dikembalikan"]
    assert len(back) == 1 and "dikembalikan Camat" in back[0]["pesan"]
    assert "BELUM FINAL" in rekap_title(book, L.rekap_tw(1))
    code, status, err = run(capsys, "status", book, "--triwulan", 1, "--json")
    assert code in (0, 1), err
    assert "dikembalikan Camat: " in report_text(book, L.STATUS_SOP)
    keputusan(book, [("TRANTIB", 1, L.DISETUJUI, sid["TRANTIB"])])
    code, data, err = run(capsys, "rekap", book, "--triwulan", 1, "--json")
    assert code == 0, err
    assert L.STATUS_FINAL in rekap_title(book, L.rekap_tw(1))
    text = report_text(book, L.rekap_tw(1))
    assert "Pemeriksaan Camat:" in text and "Camat Sukodono" in text
    rows = {r["kode"]: r for r in data["baris"]}
    # K-02 45 / 90 = 50 % (Sangat Rendah, explained); K-03 Negatif 2T-R after the
    # Kasi's correction to 4: (2 × 5 − 4) / 5 = 120 %.
    assert rows["K-02"]["capaian"] == 50 and rows["K-02"]["predikat"] == "Sangat Rendah"
    assert rows["K-03"]["capaian"] == 120
    code, data, err = run(capsys, "rekap", book, "--tahunan", "--json")
    assert code == 0, err
    assert data["status"] == "SEMENTARA s.d. TW I"


# --- sheet names, Unit and Pengaturan tables ------------------------------------------------
def test_longest_prefix_with_longest_code_fits_excel():
    prefixes = (L.BAHAN_PREFIX, L.LAPORAN_PREFIX, L.KABID_PREFIX)
    assert max(len(p) for p in prefixes) + L.KODE_SINGKAT_MAKS <= L.NAMA_LEMBAR_MAKS == 31
    code = "A" * L.KODE_SINGKAT_MAKS
    assert all(len(f(code)) <= 31 for f in (L.bahan, L.laporan, L.kabid))


def _unit_rows(text: str):
    import csv
    import io
    from kinerja_xl.rows import Row
    reader = list(csv.reader(io.StringIO(text)))
    head = reader[0]
    return [Row({h: (v or None) for h, v in zip(head, line)}, "unit.csv", i + 2,
                {h: c + 1 for c, h in enumerate(head)}) for i, line in enumerate(reader[1:])]


def test_kode_singkat_of_17_is_refused_naming_the_cell():
    from kinerja_xl.model import units_from_rows
    from kinerja_xl.rows import TableError
    rows = _unit_rows("Kode unit,Nama unit,Jenis,Induk,Kode singkat\n"
                      "A,Unit A,Bidang,,ABCDEFGHIJKLMNOPQ\n")
    with pytest.raises(TableError) as exc:
        units_from_rows(rows)
    assert "unit.csv sel E2 (kolom Kode singkat)" in exc.value.pesan
    assert "1–16" in exc.value.pesan


def test_sheet_name_over_31_is_refused_not_cut(monkeypatch):
    """Should a prefix ever grow, a code that fits the pattern but not Excel's limit is
    refused with the cell named; it is never cut short."""
    from kinerja_xl import model
    from kinerja_xl.rows import TableError
    monkeypatch.setattr(model, "_PREFIX_TERPANJANG", "5 Laporan Kinerja Unit ")
    rows = _unit_rows("Kode unit,Nama unit,Jenis,Induk,Kode singkat\n"
                      "A,Unit A,Bidang,,ABCDEFGHIJ\n")
    with pytest.raises(TableError) as exc:
        model.units_from_rows(rows)
    assert "unit.csv sel E2 (kolom Kode singkat)" in exc.value.pesan
    assert "31 karakter" in exc.value.pesan


def test_every_jenis_is_accepted_and_the_tree_follows_induk():
    from kinerja_xl.model import Referensi, units_from_rows
    lines = ["Kode unit,Nama unit,Jenis,Induk,Kode singkat,Jabatan pemeriksa"]
    lines += [f"U{i},Unit {i},{jenis.upper()},{'U0' if i else ''},K{i}," for i, jenis in
              enumerate(L.JENIS_UNIT)]
    lines += ["X,Sub unit,Tim Kerja,U9,X,Ketua Tim", "Y,Sub sub unit,Seksi,X,Y,"]
    units = units_from_rows(_unit_rows("\n".join(lines) + "\n"))
    assert [u.jenis for u in list(units.values())[:len(L.JENIS_UNIT)]] == list(L.JENIS_UNIT)
    ref = Referensi(units, [], {})
    assert [u.kode for u in ref.induk_units()] == ["U0"]  # the only unit without Induk
    assert ref.bidang_of(units["Y"]).kode == "U0"          # two levels down, then up
    assert units["X"].pemeriksa == "Ketua Tim" and units["Y"].pemeriksa == "Kasi"
    assert ref.pemeriksa_langkah6(units["Y"]) == "Sekretaris"


def test_induk_loop_is_refused():
    from kinerja_xl.model import units_from_rows
    from kinerja_xl.rows import TableError
    rows = _unit_rows("Kode unit,Nama unit,Jenis,Induk,Kode singkat\n"
                      "A,Unit A,Bidang,B,A\nB,Unit B,Seksi,A,B\n")
    with pytest.raises(TableError, match="melingkar"):
        units_from_rows(rows)


def test_bad_convention_in_pengaturan_names_the_cell(tmp_path, capsys):
    src = HERE / "badan"
    peng = tmp_path / "pengaturan.csv"
    peng.write_text("Kunci,Nilai\nTarget 0 berarti,kosong\n", encoding="utf-8")
    code, _, err = run(capsys, "buat", tmp_path / "x.xlsm", "--unit", src / "unit.csv",
                       "--pk", src / "pk.csv", "--ra", src / "ra.csv", "--pengaturan", peng)
    assert code == 2
    assert "pengaturan.csv sel B2 (kolom Nilai)" in err
    assert "'kosong' bukan isian yang sah untuk Target 0 berarti" in err
    assert not (tmp_path / "x.xlsm").exists()


# --- the annual report before TW IV -----------------------------------------------------
def test_annual_report_before_tw4_is_provisional(sample_book, capsys):
    """The built-in sample after TW I–II: the annual report is provisional, and its
    findings are exactly those of TW I and TW II, none about the quarters to come or
    about the year's capaian (which asked for TW IV's Faktor penghambat)."""
    from kinerja_xl.build.builder import contoh_path
    for n in (1, 2):
        code, _, err = run(capsys, "impor", sample_book, "--realisasi",
                           contoh_path(f"realisasi_tw{n}.csv"), "--triwulan", n, "--ajukan")
        assert code in (0, 1), err
    code, data, err = run(capsys, "rekap", sample_book, "--tahunan", "--json")
    assert data["status"] == "SEMENTARA s.d. TW II" and data["sementara"] is True
    assert "LAPORAN KINERJA TAHUNAN TAHUN 2026 — SEMENTARA s.d. TW II" in rekap_title(
        sample_book, L.REKAP_TAHUNAN)

    def keys(d):
        return {(t["kode_temuan"], t["lembar"], t["sel"]) for t in d["temuan"]}

    _, tahunan, _ = run(capsys, "validasi", sample_book, "--tahunan", "--json")
    per_tw = set()
    for n in (1, 2):
        _, tw, _ = run(capsys, "validasi", sample_book, "--triwulan", n, "--json")
        per_tw |= keys(tw)
    assert keys(tahunan) == per_tw and per_tw
    assert not [t for t in tahunan["temuan"] if "tahunan" in t["pesan"]
                or "TW III" in t["pesan"] or "TW IV" in t["pesan"]]
    for n in (3, 4):
        run(capsys, "impor", sample_book, "--realisasi", contoh_path(f"realisasi_tw{n}.csv"),
            "--triwulan", n, "--ajukan")
    code, data, err = run(capsys, "rekap", sample_book, "--tahunan", "--json")
    # A unit of the sample has no TW IV row: still provisional, up to TW IV.
    assert data["status"] == "SEMENTARA s.d. TW IV"
    with open_workbook(sample_book, write=True) as wb:
        for name in wb.sheet_names():
            if name.startswith(L.BAHAN_PREFIX):
                wb.write_cells(name, {(L.STATUS_ROW, L.STATUS_FIRST_COL + 3): L.STATUS_DIAJUKAN})
        wb.save()
    code, data, err = run(capsys, "rekap", sample_book, "--tahunan", "--json")
    assert data["status"] == L.STATUS_TAHUNAN and data["sementara"] is False
    assert "SEMENTARA" not in rekap_title(sample_book, L.REKAP_TAHUNAN)


def test_changing_a_convention_changes_the_sidik(tmp_path, capsys):
    """An approval covers what the capaian means: switching D-02 back to "nol" after
    konsolidasi gives YANKES (its top unit) a new sidik, and no other unit."""
    book = build(tmp_path, capsys, "dinas_tim")
    _, before, _ = run(capsys, "konsolidasi", book, "--triwulan", 1, "--json")
    with open_workbook(book, write=True) as wb:
        grid = wb.read(L.PK)
        row = next(r for r in range(L.REF_DATA_ROW, len(grid) + 1)
                   if grid[r - 1][0] == "D-02")
        wb.write_cells(L.PK, {(row, L.PK_TABLE.col(L.TARGET_NOL_KUNCI)): None})
        wb.save()
    _, after, _ = run(capsys, "konsolidasi", book, "--triwulan", 1, "--json")
    a, b = sidik_of(before), sidik_of(after)
    assert a["YANKES"] != b["YANKES"]
    assert a["SEK"] == b["SEK"] and a["UPT-LAB"] == b["UPT-LAB"]


def test_staff_sheet_does_not_flag_a_zero_target_not_measured(tmp_path, capsys):
    """The colour hint for a submitted quarter without realisation leaves out the
    quarters whose target 0 means "not measured" (D-02), like the findings do."""
    import openpyxl
    book = build(tmp_path, capsys, "dinas_tim")
    wb = openpyxl.load_workbook(book)

    def kosong_rules(sheet):
        ws = wb[L.bahan(sheet)]
        col = openpyxl.utils.get_column_letter(L.BAHAN.col(L.realisasi_h(1)))
        return [(str(cf.sqref), rule.formula[0]) for cf in ws.conditional_formatting
                for rule in cf.rules
                if str(cf.sqref).startswith(col) and "ISNUMBER" in rule.formula[0]
                and f'="{L.STATUS_DIAJUKAN}"' in rule.formula[0]]

    (_, prim), = kosong_rules("TIM-PRIMER")  # D-02, "tidak diukur"
    (_, ruj), = kosong_rules("TIMKERJA-RUJUKAN")
    assert prim.endswith("<>0)") and "<>0" not in ruj
