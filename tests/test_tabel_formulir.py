"""The two forms offices already have, read as they are: the Permendagri 86/2017
Evaluasi Renja form and the e-SAKIP "Template Import Capaian Kinerja"."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kinerja_xl import layout as L
from kinerja_xl.build.builder import contoh_path
from kinerja_xl.cli import main

from tabel_bentuk import tulis_esakip, tulis_renja


def _sheet(path: Path, name: str, header_row: int = L.REF_HEADER_ROW) -> list[dict]:
    wb = load_workbook(path)
    rows = list(wb[name].iter_rows(min_row=header_row, values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if r[0] is not None]


def _pengaturan(tmp: Path) -> Path:
    p = tmp / "pengaturan.csv"
    p.write_text("Kunci,Nilai\nPemerintah,Pemerintah Kabupaten Contoh\nAlamat,Jl. Merdeka 1\n"
                 "Tahun,2026\n", encoding="utf-8")
    return p


def test_renja_form_builds_a_pk_with_stated_defaults(tmp_path, capsys):
    form = tulis_renja(tmp_path / "renja.xlsx")
    out = tmp_path / "renja.xlsm"
    code = main(["buat", str(out), "--pk", str(form), "--pengaturan", str(_pengaturan(tmp_path))])
    text = capsys.readouterr()
    assert code == 0, text.err
    assert "Formulir Evaluasi Renja dikenali: renja.xlsx, lembar 'Evaluasi Renja'" in text.out
    assert "Arah Positif, Agregasi Jumlah" in text.out
    # The kegiatan row without a K target is named, not dropped silently.
    assert "baris_dilewati: Berkas renja.xlsx, lembar 'Evaluasi Renja' sel A14" in text.out
    pk = {r["Kode"]: r for r in _sheet(out, L.PK)}
    names = {r["Indikator"]: k for k, r in pk.items()}
    assert len(pk) == 5
    prog = pk["2.16.02"]
    assert (prog["Level"], prog["Unit"], prog["Arah"], prog["Agregasi"]) == \
        ("SKPD", "PD", "Positif", "Jumlah")
    assert (prog["Target tahunan"], prog["Pagu anggaran"], prog["Target akhir Renstra"]) == \
        (90, 1200000000, 100)
    assert prog["Sasaran"] == "Meningkatnya layanan informasi publik"
    # Two indicators in one cell: two indicators, each with its own target and unit;
    # the row's budget once, never summed again.
    info = pk[names["Jumlah informasi publik yang dipublikasikan"]]
    konten = pk[names["Jumlah konten media sosial"]]
    assert info["Kode"].startswith("2.16.02.2.01-") and konten["Kode"].startswith("2.16.02.2.01-")
    assert (info["Target tahunan"], info["Satuan"], info["Level"]) == (1200, "Informasi", "Bidang")
    assert (konten["Target tahunan"], konten["Satuan"]) == (960, "Konten")
    assert info["Pagu anggaran"] == 800000000 and konten["Pagu anggaran"] is None
    sub = pk["2.16.02.2.01.0001"]
    assert (sub["Level"], sub["Pagu anggaran"]) == ("Seksi", 150000000)
    assert pk["2.16.03"]["Target tahunan"] == pytest.approx(3.1)
    units = _sheet(out, L.UNIT)
    assert [(u["Kode unit"], u["Nama unit"]) for u in units] == \
        [("PD", "Dinas Komunikasi dan Informatika")]
    settings = {r["Kunci"]: r["Nilai"] for r in _sheet(out, L.PENGATURAN)}
    assert settings["Target triwulan"] == "tahunan saja"
    assert settings["Instansi"] == "Dinas Komunikasi dan Informatika"
    ra = _sheet(out, L.RA)
    assert all(r[L.target_h(n)] is None for r in ra for n in L.TRIWULAN)


def test_renja_codes_are_stable_when_rows_are_reordered(tmp_path, capsys):
    def codes(form):
        out = form.with_suffix(".xlsm")
        assert main(["buat", str(out), "--pk", str(form)]) == 0, capsys.readouterr().err
        return {r["Indikator"]: r["Kode"] for r in _sheet(out, L.PK)}
    a = codes(tulis_renja(tmp_path / "a.xlsx"))
    b = codes(tulis_renja(tmp_path / "b.xlsx", urutan=[0, 4, 3, 2, 1, 5]))
    assert a == b and len(set(a.values())) == 5


def test_renja_quarter_is_imported_to_the_same_codes(tmp_path, capsys):
    form = tulis_renja(tmp_path / "renja.xlsx")
    out = tmp_path / "renja.xlsm"
    assert main(["buat", str(out), "--pk", str(form)]) == 0
    capsys.readouterr()
    code = main(["impor", str(out), "--realisasi", str(form), "--triwulan", "2"])
    text = capsys.readouterr()
    assert code == 0, (code, text.err)
    pk = {r["Indikator"]: r["Kode"] for r in _sheet(out, L.PK)}
    bahan = {r["Kode"]: r for r in _sheet(out, L.bahan("PD"), L.BAHAN_HEADER_ROW)}
    got = {ind: (bahan[k][L.realisasi_h(2)], bahan[k][L.anggaran_h(2)]) for ind, k in pk.items()}
    assert got == {
        "Persentase OPD yang memutakhirkan informasi di portal": (70, 300000000),
        "Jumlah informasi publik yang dipublikasikan": (310, 210000000),
        "Jumlah konten media sosial": (250, None),
        "Jumlah konten yang diproduksi": (130, 41000000),
        "Indeks SPBE": (None, 150000000),
    }


def test_esakip_template_is_read_with_triwulan_only(tmp_path, capsys):
    # A PK that carries the e-SAKIP application's codes beside its own.
    rows = list(csv.reader(open(contoh_path("pk.csv"), encoding="utf-8")))
    rows[0].append("Kode e-SAKIP")
    esakip = {"IP-01": "IKK.2.16.1", "KP-01": "IKK.2.16.2"}
    for r in rows[1:]:
        r.append(esakip.get(r[0], ""))
    pk = tmp_path / "pk.csv"
    with open(pk, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    out = tmp_path / "b.xlsm"
    assert main(["buat", str(out), "--unit", str(contoh_path("unit.csv")), "--pk", str(pk),
                 "--ra", str(contoh_path("ra.csv"))]) == 0
    template = tulis_esakip(tmp_path / "capaian.xlsx", [
        ("IKK.2.16.1", 310, "Server portal sempat padam", "Server cadangan dipakai",
         "Pengadaan UPS", "Seksi IP", "30 Juni 2026", "https://bukti.example/ip-01", None),
        ("KP-01", 250, None, None, None, None, None, "https://bukti.example/kp-01", None),
    ])
    code = main(["impor", str(out), "--realisasi", str(template), "--triwulan", "1"])
    text = capsys.readouterr()
    assert code == 0, (code, text.err)
    for name in ("Solusi yg Telah Dilakukan", "PIC Tindak Lanjut", "Batas Waktu TL"):
        assert f"kolom_diabaikan: Berkas capaian.xlsx, lembar 'Template'" in text.out
        assert f"Kolom '{name}' berisi data tetapi tidak dipakai" in text.out
    assert "Link Bukti Dukung Rencana" not in text.out      # empty: nothing to lose
    wb = load_workbook(out)
    found = {}
    for unit in ("INFOPUB", "KOMPUB"):
        sheet = L.bahan(unit)
        rows_ = list(wb[sheet].iter_rows(min_row=L.BAHAN_HEADER_ROW, values_only=True))
        for r in rows_[1:]:
            found[r[0]] = dict(zip(rows_[0], r))
    assert found["IP-01"][L.realisasi_h(1)] == 310
    assert found["IP-01"][L.penghambat_h(1)] == "Server portal sempat padam"
    assert found["IP-01"][L.tindak_h(1)] == "Pengadaan UPS"
    assert found["IP-01"][L.bukti_h(1)] == "https://bukti.example/ip-01"
    # Where PK has no e-SAKIP code for an indicator, the table's code is ours.
    assert found["KP-01"][L.realisasi_h(1)] == 250


# --- no sample leaking, nothing replaced ---------------------------------------------------
def test_tables_without_pengaturan_leave_settings_empty_and_say_so(tmp_path, capsys):
    import shutil
    import subprocess
    from kinerja_xl.soffice import find_soffice
    out = tmp_path / "dinas.xlsm"
    assert main(["buat", str(out), "--unit", str(contoh_path("unit.csv")), "--pk",
                 str(contoh_path("pk.csv")), "--ra", str(contoh_path("ra.csv"))]) == 0
    settings = {r["Kunci"]: r["Nilai"] for r in _sheet(out, L.PENGATURAN)}
    for key in L.SETTING_CONTOH:
        assert settings[key] is None, key
    capsys.readouterr()
    for argv in (["validasi", str(out), "--triwulan", "1"], ["status", str(out)]):
        assert main(argv + ["--json"]) == 0, argv
        import json
        found = [t for t in json.loads(capsys.readouterr().out)["temuan"]
                 if t["kode_temuan"] == "pengaturan_kosong"]
        assert len(found) == 1 and found[0]["tingkat"] == "peringatan", argv
        for key in ("Pemerintah", "Instansi", "Alamat", "Nama penandatangan"):
            assert key in found[0]["pesan"]
    assert main(["rekap", str(out), "--triwulan", "1"]) == 0
    if (find_soffice() is None or shutil.which("pdftotext") is None) and \
            __import__("os").environ.get("CI") != "true":
        pytest.skip("LibreOffice/poppler tidak terpasang")
    pdf = tmp_path / "tw1.pdf"
    assert main(["pdf", str(out), "--lembar", L.rekap_tw(1), "-o", str(pdf)]) == 0
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "KOP SURAT BELUM DIISI" in text
    assert "LUMAJANG" not in text.upper() and "Contoh" not in text


def test_buat_onto_an_existing_workbook_refuses_unless_timpa(tmp_path, capsys):
    import hashlib
    out = tmp_path / "LaporanKinerja.xlsm"
    assert main(["buat", str(out), "--contoh"]) == 0
    before = hashlib.sha256(out.read_bytes()).hexdigest()
    capsys.readouterr()
    assert main(["buat", str(out), "--contoh"]) == 2
    err = capsys.readouterr().err
    assert "sudah ada" in err and "--timpa" in err
    assert hashlib.sha256(out.read_bytes()).hexdigest() == before
    assert main(["buat", str(out), "--contoh", "--timpa"]) == 0
    said = capsys.readouterr().out
    backups = list((tmp_path / "cadangan").iterdir())
    assert len(backups) == 1 and f"Berkas lama disimpan sebagai {backups[0]}" in said
    assert hashlib.sha256(backups[0].read_bytes()).hexdigest() == before


def test_a_table_with_every_quarter_gives_the_quarter_asked_for(sample_book, tmp_path, capsys):
    real = tmp_path / "r.csv"
    real.write_text("Kode,Realisasi TW I,Realisasi TW II,Faktor penghambat TW II\n"
                    "IP-01,300,310,Jaringan padam\n", encoding="utf-8")
    assert main(["impor", str(sample_book), "--realisasi", str(real), "--triwulan", "2"]) == 0
    out = capsys.readouterr().out
    assert "Kolom 'Realisasi TW I' berisi data tetapi tidak dipakai" in out
    wb = load_workbook(sample_book)
    rows = list(wb[L.bahan("INFOPUB")].iter_rows(min_row=L.BAHAN_HEADER_ROW, values_only=True))
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "IP-01")))
    assert row[L.realisasi_h(2)] == 310 and row[L.realisasi_h(1)] is None
    assert row[L.penghambat_h(2)] == "Jaringan padam"


def test_one_esakip_code_for_two_indicators_is_refused(tmp_path, capsys):
    rows = list(csv.reader(open(contoh_path("pk.csv"), encoding="utf-8")))
    rows[0].append("Kode e-SAKIP")
    for r in rows[1:]:
        r.append("IKK.1" if r[0] in ("IP-01", "IP-02") else "")
    pk = tmp_path / "pk.csv"
    with open(pk, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    out = tmp_path / "b.xlsm"
    assert main(["buat", str(out), "--unit", str(contoh_path("unit.csv")), "--pk", str(pk)]) == 2
    err = capsys.readouterr().err
    assert "Kode e-SAKIP 'IKK.1' tercatat lebih dari satu kali" in err and not out.exists()


def test_renja_amounts_in_millions_are_read_in_rupiah(tmp_path, capsys):
    """A form whose Rp. header says '(juta)' holds 1.200 for Rp 1.200.000.000."""
    def pagu(form):
        out = form.with_suffix(".xlsm")
        assert main(["buat", str(out), "--pk", str(form)]) == 0
        text = capsys.readouterr().out
        return {r["Kode"]: r["Pagu anggaran"] for r in _sheet(out, L.PK)}, text
    plain, _ = pagu(tulis_renja(tmp_path / "a.xlsx"))
    juta, said = pagu(tulis_renja(tmp_path / "b.xlsx", rp_juta=True))
    assert juta == plain and plain["2.16.02"] == 1200000000
    assert ("Kolom L (Target anggaran tahun berjalan (Rp)) menurut judulnya dalam juta rupiah: "
            "nilainya dikalikan 1.000.000") \
        in said
