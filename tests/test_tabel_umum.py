"""Forms of the same kind in shapes the reader was not written for: a CSV export that
flattens the header, codes over five columns, a wrapped indicator name, a header that
names two things, a second table under the first, HTML named .xls, Excel's Unicode
text, a long table with a quarter column, a peta kept from periksa-tabel."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kinerja_xl import layout as L
from kinerja_xl.cli import main
from kinerja_xl.io import open_workbook


def _pk(path: Path) -> dict[str, dict]:
    ws = load_workbook(path)[L.PK]
    rows = list(ws.iter_rows(min_row=L.REF_HEADER_ROW, values_only=True))
    return {r[0]: dict(zip(rows[0], r)) for r in rows[1:] if r[0] is not None}


def _bahan(book: Path, unit: str, n: int) -> dict[str, tuple]:
    """Kode → (Realisasi TW n, Realisasi anggaran TW n) on a staff sheet."""
    with open_workbook(book) as wb:
        grid = wb.read(L.bahan(unit))
    head = grid[L.BAHAN_HEADER_ROW - 1]
    r, a = head.index(L.realisasi_h(n)), head.index(L.anggaran_h(n))
    return {row[0]: (row[r], row[a]) for row in grid[L.BAHAN_HEADER_ROW:] if row and row[0]}


# --- a CSV export of the Evaluasi Renja form: one flattened header row --------------
CSV_RENJA = (
    '"EVALUASI RENJA PERANGKAT DAERAH TAHUN 2026",""\r\n'
    '"Perangkat Daerah : Dinas Komunikasi dan Informatika",""\r\n'
    '"No","Kode","Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",'
    '"Indikator Kinerja Program (outcome)/Kegiatan (output)","Satuan",'
    '"Target Kinerja dan Anggaran Renja PD Tahun Berjalan (2026) yang Dievaluasi K","Rp",'
    '"Realisasi Kinerja pada Triwulan  I K","Rp","II K","Rp","III K","Rp","IV K","Rp"\r\n'
    '"1","2.16.02","Program Informasi dan Komunikasi Publik",'
    '"Persentase OPD yang memutakhirkan informasi","%","90","1.200.000.000",'
    '"60","250.000.000","70,5","  -   ","",""," "," "\r\n'
    '"2","2.16.02.2.01","Kegiatan Pengelolaan Informasi","Jumlah konten yang diproduksi",'
    '"Konten","500","150.000.000","120","40.000.000","130","41.000.000","","","",""\r\n'
)


def test_a_flattened_csv_export_of_the_form_is_read_per_quarter(tmp_path, capsys):
    form = tmp_path / "renja.csv"
    form.write_text(CSV_RENJA, encoding="utf-8")
    book = tmp_path / "renja.xlsm"
    assert main(["buat", str(book), "--pk", str(form)]) == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    assert "Dinas Komunikasi dan Informatika" in said
    pk = _pk(book)
    assert (pk["2.16.02"]["Target tahunan"], pk["2.16.02"]["Pagu anggaran"]) == (90, 1200000000)
    assert pk["2.16.02.2.01"]["Satuan"] == "Konten"
    code = main(["impor", str(book), "--realisasi", str(form), "--triwulan", "2"])
    out = capsys.readouterr()
    assert code == 0, out.err
    # 'II K' and the 'Rp' after it are quarter II; the accounting dash is nothing written.
    got = _bahan(book, "PD", 2)
    assert got["2.16.02"] == (70.5, None)
    assert got["2.16.02.2.01"] == (130, 41000000)
    assert "tanda '-' (format akuntansi) dibaca kosong" in out.out


# --- an .xlsx form with codes over five columns and a wrapped name -----------------
def _form(path: Path, satuan_header: str = "Satuan Indikator Kinerja",
          second_table: bool = True, ukuran: tuple[str, str] = ("K", "Rp.")) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Form E.81"
    ws["A1"] = "DINAS PERHUBUNGAN"
    ws["A2"] = "Evaluasi terhadap Hasil Renja Perangkat Daerah Tahun 2026"
    heads = ["No", "Kode", None, None, None, None, "Program/Kegiatan",
             "Indikator Kinerja Program (outcome)/ Kegiatan (output)", satuan_header,
             "Target Kinerja dan Anggaran Renja Tahun Berjalan yang Dievaluasi", None,
             "Realisasi Kinerja Pada Triwulan", None, None, None, None, None, None, None,
             "Realisasi Capaian Kinerja"]
    for c, h in enumerate(heads, start=1):
        if h:
            ws.cell(4, c, h)
    ws.merge_cells("B4:F6")
    for c in (1, 7, 8, 9, 20):
        ws.merge_cells(start_row=4, start_column=c, end_row=6, end_column=c)
    ws.merge_cells("J4:K5")
    ws.merge_cells("L4:S4")
    for i, q in enumerate(("I", "II", "III", "IV")):
        ws.cell(5, 12 + 2 * i, q)
        ws.merge_cells(start_row=5, start_column=12 + 2 * i, end_row=5, end_column=13 + 2 * i)
    for c in range(10, 20, 2):
        ws.cell(6, c, ukuran[0])
        ws.cell(6, c + 1, ukuran[1])
    numbers = [1, 2, None, None, None, None, 3, 4, 5, 6, None, 7, None, 8, None, 9, None,
               10, None, "11 = 7+8+9+10"]
    for c, v in enumerate(numbers, start=1):
        if v is not None:
            ws.cell(7, c, v)
    rows = [
        # codes: a number, text '03', a number shown '01', text '2.01', a number shown '01'
        (1, 5, "03", 1, "2.01", 1, "Kegiatan Pengelolaan Terminal",
         "Persentase layanan\nterminal yang\ndiselesaikan tepat waktu", "%", 90, 500000000,
         20, 100000000, 25, 125000000),
        (2, 5, "03", 1, "2.01", 2, "Sub Kegiatan Pengujian Kendaraan",
         "Jumlah kendaraan diuji", "Unit", 1200, 80000000, 300, 20000000, 310, 21000000),
        (None, None, None, None, None, None, "Jumlah", None, None, None, 580000000,
         None, 120000000, None, 146000000),
    ]
    for r, row in enumerate(rows, start=8):
        for c, v in enumerate(row, start=1):
            if v is not None:
                ws.cell(r, c, v)
        for c in (4, 6):
            ws.cell(r, c).number_format = "00"
    if second_table:
        ws["H13"] = "Indikator Kinerja Utama"
        ws["I13"] = "Satuan"
        ws["H14"] = "Indeks kepuasan pengguna terminal"
        ws["I14"] = "Indeks"
        ws["J14"] = 80
    wb.save(path)
    return path


def test_an_unseen_form_codes_names_units_and_a_second_table(tmp_path, capsys):
    form = _form(tmp_path / "e81.xlsx")
    book = tmp_path / "e81.xlsm"
    assert main(["buat", str(book), "--pk", str(form)]) == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    pk = _pk(book)
    # Five code columns joined as the cells show them; the wrapped name is one indicator.
    assert set(pk) == {"5.03.01.2.01.01", "5.03.01.2.01.02"}
    term = pk["5.03.01.2.01.01"]
    assert term["Indikator"] == "Persentase layanan terminal yang diselesaikan tepat waktu"
    assert (term["Satuan"], term["Target tahunan"], term["Pagu anggaran"]) == ("%", 90, 500000000)
    # The office the title names is the unit; the total row and the second table are
    # not indicators, and the output says where the table ended.
    assert "DINAS PERHUBUNGAN" in said
    unit = load_workbook(book)[L.UNIT]
    assert any(c.value == "DINAS PERHUBUNGAN" for row in unit.iter_rows() for c in row)
    assert "Tabel berakhir di baris 13" in said
    assert "jumlah, rata-rata atau predikat" in said


def test_a_numbered_cell_with_one_value_stays_one_indicator_with_a_warning(tmp_path, capsys):
    form = _form(tmp_path / "e81.xlsx", second_table=False)
    wb = load_workbook(form)
    wb.active["H9"] = "1. Jumlah kendaraan diuji 2. Jumlah uji emisi"
    wb.save(form)
    book = tmp_path / "e81.xlsm"
    assert main(["buat", str(book), "--pk", str(form), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    warned = [t for t in data["temuan"] if t["kode_temuan"] == "indikator_berbutir"]
    assert [t["sel"] for t in warned] == ["H9"]
    assert _pk(book)["5.03.01.2.01.02"]["Indikator"] == \
        "1. Jumlah kendaraan diuji 2. Jumlah uji emisi"


# --- what a file is, by content ----------------------------------------------------
def test_html_named_xls_and_unicode_text_are_read_as_what_they_are(sample_book, tmp_path,
                                                                    capsys):
    html = tmp_path / "dari-aplikasi.xls"
    html.write_text("<html><body><table><tr><th>Kode</th><th>Realisasi</th></tr>"
                    "<tr><td>IN-01</td><td sdval=\"97.25\" sdnum=\"1033;0;0.00\">97,25</td>"
                    "</tr></table></body></html>", encoding="utf-8")
    assert main(["impor", str(sample_book), "--realisasi", str(html), "--triwulan", "1"]) == 0, \
        capsys.readouterr().err
    capsys.readouterr()
    assert _bahan(sample_book, "INFRA", 1)["IN-01"][0] == 97.25
    u16 = tmp_path / "unicode.txt"
    u16.write_bytes("Kode\tRealisasi\r\nIN-01\t88,5\r\n".encode("utf-16"))
    assert main(["impor", str(sample_book), "--realisasi", str(u16), "--triwulan", "1"]) == 0, \
        capsys.readouterr().err
    assert _bahan(sample_book, "INFRA", 1)["IN-01"][0] == 88.5


@pytest.mark.parametrize("isi, disebut", [
    (b"%PDF-1.7\n...", "dokumen PDF"),
    (b"\x89PNG\r\n\x1a\n....", "gambar PNG"),
    (b"\x00\x01\x02\x03binary", "berkas biner"),
])
def test_a_file_that_is_no_table_is_named_for_what_it_is(sample_book, tmp_path, capsys,
                                                          isi, disebut):
    bad = tmp_path / "realisasi.csv"
    bad.write_bytes(isi)
    before = sample_book.read_bytes()
    assert main(["impor", str(sample_book), "--realisasi", str(bad), "--triwulan", "1"]) == 2
    err = capsys.readouterr().err
    assert "realisasi.csv" in err and disebut in err and "galat yang tidak terduga" not in err
    assert sample_book.read_bytes() == before


# --- a long table: one row per indicator and quarter -------------------------------
def test_a_long_table_gives_the_quarter_asked_and_names_what_it_holds(sample_book, tmp_path,
                                                                       capsys):
    table = tmp_path / "panjang.csv"
    table.write_text("kode;triwulan;realisasi\nIN-01;4;91\nIN-02;IV;3\n", encoding="utf-8")
    before = sample_book.read_bytes()
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "3"]) == 2
    err = capsys.readouterr().err
    assert "tidak ada baris TW III" in err and "triwulan yang ada: TW IV" in err
    assert sample_book.read_bytes() == before
    table.write_text("kode;triwulan;realisasi\nIN-01;3;77\nIN-01;4;91\nIN-02;TW IV;3\n",
                     encoding="utf-8")
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "3"]) == 0
    out = capsys.readouterr().out
    assert "baris triwulan lain tidak dipakai: TW IV 2 baris" in out
    assert _bahan(sample_book, "INFRA", 3)["IN-01"][0] == 77
    assert _bahan(sample_book, "INFRA", 4)["IN-01"][0] is None


def test_a_quarter_that_is_no_quarter_is_named_as_the_cell_shows_it(sample_book, tmp_path,
                                                                    capsys):
    table = tmp_path / "panjang.xlsx"
    wb = Workbook()
    wb.active.append(["Kode", "Triwulan", "Realisasi"])
    wb.active.append(["IN-01", 5.0, 1])
    wb.save(table)
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "1"]) == 2
    err = capsys.readouterr().err
    assert "sel B2" in err and "'5' bukan isian yang sah" in err and "5.0" not in err


# --- --kolom -----------------------------------------------------------------------
# --- periksa-tabel and a peta ------------------------------------------------------
def test_periksa_tabel_keeps_a_peta_that_reads_the_form_next_quarter(tmp_path, capsys):
    form = _form(tmp_path / "e81.xlsx")
    peta = tmp_path / "e81.toml"
    before = form.read_bytes()
    assert main(["periksa-tabel", str(form), "--simpan-peta", str(peta), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert form.read_bytes() == before
    roles = {k["kolom"]: k["sel"] for k in data["kolom"]}
    assert roles["Satuan"] == "I4" and roles["Indikator"] == "H4"
    assert roles["Realisasi TW II"] == "N4" and data["baris_judul"] == [4, 6]
    assert data["baris_nomor"] == 7
    assert [b["baris"] for b in data["baris_terbaca"]] == [8, 9]
    # An office renames the header the peta relied on: the peta says what changed.
    text = peta.read_text(encoding="utf-8")
    assert "Satuan Indikator Kinerja" in text
    book = tmp_path / "e81.xlsm"
    assert main(["buat", str(book), "--pk", str(form), "--peta", str(peta)]) == 0, \
        capsys.readouterr().err
    capsys.readouterr()
    renamed = _form(tmp_path / "e81b.xlsx", satuan_header="Satuan Ukur")
    assert main(["buat", str(tmp_path / "b.xlsm"), "--pk", str(renamed), "--peta",
                 str(peta)]) == 2
    err = capsys.readouterr().err
    assert "Satuan Indikator Kinerja" in err and "peta e81.toml" in err


# --- bounded work: a sheet is as large as its farthest value ------------------------
# --- targets of several years: the year asked, never the first column ----------------
def test_a_table_of_several_years_reads_the_year_asked(tmp_path, capsys):
    pk = tmp_path / "pk.csv"
    pk.write_text("Kode,Level,Unit,Indikator,Satuan,Arah,Agregasi,Target 2013,Target 2014,"
                  "Realisasi s/d 2014\nA-1,Sekretariat,SEK,Indeks A,Indeks,Positif,Jumlah,"
                  "70,75,140\n", encoding="utf-8")
    unit = tmp_path / "unit.csv"
    unit.write_text("Kode unit,Nama unit,Jenis,Induk,Kode singkat\n"
                    "SEK,Sekretariat,Sekretariat,,SEK\n", encoding="utf-8")
    book = tmp_path / "b.xlsm"
    assert main(["buat", str(book), "--unit", str(unit), "--pk", str(pk)]) == 2
    err = capsys.readouterr().err
    assert "beberapa tahun (2013, 2014)" in err and "--tahun" in err
    assert main(["buat", str(book), "--unit", str(unit), "--pk", str(pk), "--tahun",
                 "2014"]) == 0, capsys.readouterr().err
    assert _pk(book)["A-1"]["Target tahunan"] == 75


def test_kinerja_and_anggaran_sub_headers_are_k_and_rp(tmp_path, capsys):
    form = _form(tmp_path / "e81.xlsx", ukuran=("Kinerja", "Anggaran (Rp)"))
    book = tmp_path / "e81.xlsm"
    assert main(["buat", str(book), "--pk", str(form)]) == 0, capsys.readouterr().err
    assert main(["impor", str(book), "--realisasi", str(form), "--triwulan", "2"]) == 0
    assert _pk(book)["5.03.01.2.01.02"]["Pagu anggaran"] == 80000000
    assert _bahan(book, "PD", 2)["5.03.01.2.01.02"] == (310, 21000000)


def test_an_html_form_with_spans_reads_as_the_xlsx_form(sample_book, tmp_path, capsys):
    """A web application's HTML export: merged headers as rowspan/colspan (one rowspan
    running past the table's end, as such exports have), LibreOffice's sdval numbers."""
    html = tmp_path / "evaluasi.xls"
    html.write_text(
        "<table><tr><th rowspan=3>Kode</th><th rowspan=3>Indikator Kinerja</th>"
        "<th rowspan=3>Satuan</th><th colspan=2 rowspan=2>Target Kinerja dan Anggaran Renja "
        "Tahun Berjalan yang Dievaluasi</th><th colspan=4>Realisasi Kinerja Pada Triwulan</th>"
        "</tr><tr><th colspan=2>I</th><th colspan=2>II</th></tr>"
        "<tr><th>K</th><th>Rp.</th><th>K</th><th>Rp.</th><th>K</th><th>Rp.</th></tr>"
        "<tr><td>IN-01</td><td>Ketersediaan layanan</td><td>%</td><td>99,5</td><td></td>"
        "<td sdval=\"97.5\" sdnum=\"1033;0;0.0\">97,5</td><td>1.000.000</td><td>98</td>"
        "<td rowspan=9>2.000.000</td></tr></table>", encoding="utf-8")
    assert main(["periksa-tabel", str(html), "--sebagai", "realisasi", "--triwulan", "2",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "html" and data["baris_judul"] == [1, 3]
    assert [b["nilai"] for b in data["baris_terbaca"]] == [
        {"Realisasi": 98, "Realisasi anggaran": 2000000, "Kode": "IN-01"}]
    assert main(["impor", str(sample_book), "--realisasi", str(html), "--triwulan", "1"]) == 0
    assert _bahan(sample_book, "INFRA", 1)["IN-01"] == (97.5, 1000000)


def test_two_values_beside_one_indicator_are_refused_naming_the_cell(tmp_path, capsys):
    form = _form(tmp_path / "e81.xlsx", second_table=False)
    wb = load_workbook(form)
    wb.active["J9"] = "1. 1200\n2. 80"     # two targets, one indicator in H9
    wb.save(form)
    assert main(["buat", str(tmp_path / "b.xlsm"), "--pk", str(form)]) == 2
    err = capsys.readouterr().err
    assert "sel J9" in err and "sel H9 (1 indikator, 2 nilai)" in err
    assert not (tmp_path / "b.xlsm").exists()


def test_a_form_without_satuan_says_the_one_thing_to_do(tmp_path, capsys):
    form = _form(tmp_path / "e81.xlsx", second_table=False)
    wb = load_workbook(form)
    ws = wb.active
    ws.unmerge_cells("I4:I6")
    for r in range(4, 11):
        ws.cell(r, 9).value = None
    ws["A1"] = "EVALUASI TERHADAP HASIL RENJA DINAS PERHUBUNGAN KABUPATEN CONTOH TAHUN 2026"
    wb.save(form)
    assert main(["periksa-tabel", str(form), "--json"]) == 1   # read, with the gap named
    data = json.loads(capsys.readouterr().out)
    assert data["kolom_hilang"] == ["Satuan"] and data["unit"] == "DINAS PERHUBUNGAN"
    assert main(["buat", str(tmp_path / "b.xlsm"), "--pk", str(form)]) == 2
    err = capsys.readouterr().err
    assert "tidak punya kolom Satuan" in err and "Tambahkan kolom 'Satuan'" in err


def tabel_per_triwulan(path: Path, gabung: bool) -> Path:
    """Target and Realisasi under 'Triwulan I' and 'Triwulan II' (merged, or typed once
    over the columns as a CSV export has it); IN-01: 98,1 in TW I, 98,3 in TW II."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Kode", "Triwulan I", None, "Triwulan II", None])
    ws.append([None, "Target", "Realisasi", "Target", "Realisasi"])
    ws.append(["IN-01", 99, 98.1, 99, 98.3])
    if gabung:
        for rng in ("A1:A2", "B1:C1", "D1:E1"):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def test_an_export_with_month_periods_and_quarter_groups(sample_book, tmp_path, capsys):
    """An e-kinerja export says the quarter as months; a rencana aksi table groups
    Target and Realisasi under each quarter."""
    table = tmp_path / "ekinerja.csv"
    table.write_text("Kode;Periode;Realisasi\nIN-01;Januari - Maret;91\nIN-01;April - Juni;92\n",
                     encoding="utf-8")
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "2"]) == 0
    assert _bahan(sample_book, "INFRA", 2)["IN-01"][0] == 92
    grouped = tabel_per_triwulan(tmp_path / "ra.xlsx", gabung=True)
    capsys.readouterr()
    assert main(["impor", str(sample_book), "--realisasi", str(grouped), "--triwulan", "1"]) == 0, \
        capsys.readouterr().err
    assert _bahan(sample_book, "INFRA", 1)["IN-01"][0] == 98.1


def test_the_office_named_above_an_html_table_is_the_unit(tmp_path, capsys):
    html = tmp_path / "renja.xls"
    html.write_text(
        "<html><body><h3>EVALUASI RENJA TAHUN 2026</h3><h4>Perangkat Daerah : Dinas Sosial</h4>"
        "<table><tr><th>Kode</th><th>Indikator Kinerja</th><th>Satuan</th>"
        "<th>Target Kinerja dan Anggaran Renja Tahun Berjalan yang Dievaluasi K</th><th>Rp</th>"
        "<th>Realisasi Kinerja pada Triwulan I K</th><th>Rp</th></tr>"
        "<tr><td>1.06.02</td><td>Persentase PMKS tertangani</td><td>%</td><td>80</td>"
        "<td>1.500.000</td><td>20</td><td>300.000</td></tr></table></body></html>",
        encoding="utf-8")
    book = tmp_path / "renja.xlsm"
    assert main(["buat", str(book), "--pk", str(html)]) == 0, capsys.readouterr().err
    unit = load_workbook(book)[L.UNIT]
    assert any(c.value == "Dinas Sosial" for row in unit.iter_rows() for c in row)
    assert _pk(book)["1.06.02"]["Pagu anggaran"] == 1500000


def test_a_pk_table_with_its_code_over_three_columns(tmp_path, capsys):
    pk = tmp_path / "pk.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Kode", None, None, "Level", "Unit", "Indikator", "Satuan", "Arah", "Agregasi",
               "Target tahunan"])
    ws.merge_cells("A1:C1")
    ws.append(["2", 16, 1, "Sekretariat", "SEK", "Indeks A", "Indeks", "Positif", "Jumlah", 3])
    ws.append(["2", 16, 2, "Sekretariat", "SEK", "Indeks B", "Indeks", "Positif", "Jumlah", 4])
    for r in (2, 3):
        ws.cell(r, 3).number_format = "00"
    wb.save(pk)
    unit = tmp_path / "unit.csv"
    unit.write_text("Kode unit,Nama unit,Jenis,Induk,Kode singkat\n"
                    "SEK,Sekretariat,Sekretariat,,SEK\n", encoding="utf-8")
    book = tmp_path / "b.xlsm"
    assert main(["buat", str(book), "--unit", str(unit), "--pk", str(pk)]) == 0, \
        capsys.readouterr().err
    assert "kolom_diabaikan" not in capsys.readouterr().out
    assert set(_pk(book)) == {"2.16.01", "2.16.02"}
