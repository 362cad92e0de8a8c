"""`dokumen`: the quarterly report and the LKjIP draft as Word documents.

Four documents are written once for the module: the demo's TW II (approved, FINAL)
and its year, and a workbook with 60 indicators whose names and sasaran are 150
characters long, with budgets, TW I submitted but not approved (BELUM FINAL) and
its provisional year.  Each is read back with python-docx and every number of its
tables and of its drafted sentences is compared with `rekap --json` for the same
period (the budget and the quarterly targets with the flat table of `ekspor`); all
four are checked for Word's structure (A4, heading styles, repeated header rows, rows
kept whole), and the two long ones are printed to PDF by LibreOffice Writer in one
run and checked word by word with pdfplumber: nothing overlaps, every word and every
table line is inside the page, the table header is repeated on each page the table
continues on.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from kinerja_xl import layout as L
from kinerja_xl.build.builder import contoh_path
from kinerja_xl.cli import main

from conftest import need, need_module
from test_halaman_pdf import PANJANG, _overlaps
from test_kop_dan_format import _png

LOGO = _png(40, 50)

ISIAN = "[DIISI DINAS]"
NAMA = "Dr. Ahmad Fauzi, S.Kom., M.M."
NIP = "NIP. 19700101 199503 1 002"
N_PANJANG = 60
MM = 72 / 25.4


def _long_book(tmp: Path) -> Path:
    """60 indicators (the sample's 30, twice), names and sasaran of 150 characters,
    a pagu for each, TW I submitted with budget realisation and factor texts, a logo
    on the letterhead."""
    pk = list(csv.DictReader(contoh_path("pk.csv").open(encoding="utf-8")))
    ra = list(csv.DictReader(contoh_path("ra.csv").open(encoding="utf-8")))
    real = {r["Kode"]: r for r in csv.DictReader(
        contoh_path("realisasi_tw1.csv").open(encoding="utf-8"))}
    pk_out, ra_out, real_out = [], [], []
    for copy in ("", "B"):
        for i, (p, r) in enumerate(zip(pk, ra, strict=True)):
            kode = p["Kode"] + copy
            p = dict(p, Kode=kode, Indikator=f"{p['Indikator']} {copy} {PANJANG}"[:150],
                     Sasaran=f"{p['Sasaran']} {PANJANG}"[:150])
            p["Pagu anggaran"] = str(1_250_000 * (i + 1))
            pk_out.append(p)
            ra_out.append(dict(r, Kode=kode))
            got = real.get(r["Kode"])
            if got is None:
                continue
            value = got["Realisasi"] if re.fullmatch(r"[\d,]+", got["Realisasi"]) else "5"
            real_out.append({"Kode": kode, "Realisasi": value,
                             "Realisasi anggaran": str(310_000 * (i + 1)),
                             "Keterangan": "Rekap data TW 1",
                             "Faktor pendukung": "Dukungan pimpinan\nKerja sama lintas bidang",
                             "Faktor penghambat": "Keterbatasan anggaran perubahan",
                             "Tindak lanjut": "Koordinasi dengan Bappeda"})
    files = {}
    for name, rows in (("pk", pk_out), ("ra", ra_out), ("realisasi", real_out)):
        files[name] = tmp / f"{name}.csv"
        with files[name].open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    book = tmp / "Panjang.xlsm"
    (tmp / "logo.png").write_bytes(LOGO)
    peng = tmp / "pengaturan.csv"
    peng.write_text(contoh_path("pengaturan.csv").read_text(encoding="utf-8") + "Logo,logo.png\n",
                    encoding="utf-8")
    assert main(["buat", str(book), "--unit", str(contoh_path("unit.csv")), "--pk",
                 str(files["pk"]), "--ra", str(files["ra"]), "--pengaturan", str(peng)]) == 0
    assert main(["impor", str(book), "--realisasi", str(files["realisasi"]), "--triwulan",
                 "1", "--ajukan"]) in (0, 1)
    # a PK Perubahan: the PK table then shows the first and the revised target
    pk_out[0]["Target tahunan"] = "3,3"
    pk2 = tmp / "pk_perubahan.csv"
    with pk2.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(pk_out[0]))
        w.writeheader()
        w.writerows(pk_out)
    assert main(["pk-perubahan", str(book), "--pk", str(pk2), "--tanggal", "2026-10-05",
                 "--alasan", "Penyesuaian APBD Perubahan"]) in (0, 1)
    return book


def _sidik_sheet(book: Path, sheet: str) -> str:
    import openpyxl
    ws = openpyxl.load_workbook(book, read_only=True)[sheet]
    for row in ws.iter_rows(values_only=True):
        for v in row:
            if isinstance(v, str) and v.startswith("Sidik data laporan: "):
                return v.split(": ", 1)[1]
    raise AssertionError(f"no sidik on {sheet}")


@pytest.fixture(scope="module")
def docs(demo, tmp_path_factory):
    """name → {docx, json (rekap --json), datar rows, sidik of the rekap sheet, pdf}."""
    tmp = tmp_path_factory.mktemp("dokumen")
    demo_book = tmp / "Demo.xlsm"
    shutil.copy(demo.workbook, demo_book)
    long_book = _long_book(tmp)
    cases = {"demo_tw2": (demo_book, ["--triwulan", "2"], L.rekap_tw(2)),
             "demo_tahunan": (demo_book, ["--tahunan"], L.REKAP_TAHUNAN),
             "panjang_tw1": (long_book, ["--triwulan", "1"], L.rekap_tw(1)),
             "panjang_tahunan": (long_book, ["--tahunan"], L.REKAP_TAHUNAN)}
    out = {}
    import contextlib
    import io
    for name, (book, period, sheet) in cases.items():
        target = tmp / f"{name}.docx"
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            code = main(["dokumen", str(book), *period, "-o", str(target), "--json"])
        dok = json.loads(buf.getvalue())
        assert code in (0, 1) and target.is_file(), dok
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            main(["rekap", str(book), *period, "--json"])
        rekap = json.loads(buf.getvalue())
        csv_out = tmp / f"{book.stem}.csv"
        if not csv_out.exists():  # the flat table: once per workbook
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(["ekspor", str(book), "--format", "datar", "-o", str(csv_out),
                             "--desimal", "titik"]) == 0
        with csv_out.open(encoding="utf-8-sig") as fh:
            datar = list(csv.DictReader(fh))
        out[name] = {"docx": target, "json": rekap, "dokumen": dok, "datar": datar,
                     "sidik": _sidik_sheet(book, sheet)}
    # One LibreOffice Writer run prints the two long ones, each read once by pdfplumber.
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        long = [n for n in out if n.startswith("panjang")]
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp / 'profil'}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(tmp / "pdf"),
                        *(str(out[n]["docx"]) for n in long)],
                       check=True, capture_output=True, timeout=300)
        plumber = need_module("pdfplumber")
        for name in long:
            pdf = tmp / "pdf" / f"{name}.pdf"
            assert pdf.is_file(), "LibreOffice Writer did not print the document"
            with plumber.open(pdf) as doc:
                # x_tolerance 1: text of neighbouring cells is not joined into one word
                out[name]["halaman"] = [(p.page_number, p.width, p.height,
                                         p.extract_words(x_tolerance=1), p.edges)
                                        for p in doc.pages]
    return out


# --- reading the document back ----------------------------------------------------------
def _doc(path: Path):
    docx = need_module("docx")
    return docx.Document(str(path))


def angka(text: str) -> float | None:
    text = text.strip()
    if text in ("-", ""):
        return None
    return float(text.replace(".", "").replace(",", "."))


def _same(cell: str, value) -> bool:
    got = angka(cell)
    if value is None:
        return got is None
    return got is not None and abs(got - float(value)) <= 1e-9 * max(1.0, abs(float(value)))


def _tables(doc) -> list[tuple[list[str], list[list[str]]]]:
    out = []
    for t in doc.tables:
        rows = [[c.text for c in r.cells] for r in t.rows]
        out.append((rows[0], rows[1:]))
    return out


def _r2(x) -> float:
    return float(Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _cols(tahun: int) -> dict[str, callable]:
    """Header → the JSON value of a row it shows."""
    def lalu(r):
        if r.get("realisasi_tahun_lalu") is None or r.get("realisasi") is None:
            return None
        return float(Decimal(repr(r["realisasi"])) - Decimal(repr(r["realisasi_tahun_lalu"])))
    return {"Target": lambda r: r["target"], "Realisasi": lambda r: r["realisasi"],
            "Capaian (%)": lambda r: r["capaian"], "Target s.d.": lambda r: r["target_sd"],
            "Realisasi s.d.": lambda r: r["realisasi_sd"],
            "Capaian s.d. (%)": lambda r: r["capaian_sd"],
            L.PROGRES_SD_H: lambda r: r["progres_sd"],
            f"Realisasi {tahun - 1}": lambda r: r["realisasi_tahun_lalu"],
            f"Realisasi {tahun}": lambda r: r["realisasi"], "Perubahan": lalu,
            "Target akhir Renstra": lambda r: r["target_renstra"],
            "Capaian thd Renstra (%)": lambda r: r["capaian_renstra"],
            "Capaian kinerja (%)": lambda r: r["capaian"],
            "Target tahunan": lambda r: r["target"], "Target awal": lambda r: r["target_awal"],
            L.TARGET_PERUBAHAN: lambda r: r["target"]}


TEKS = {"Predikat": "predikat", "Predikat s.d.": "predikat_sd", "Indikator": "indikator",
        "Satuan": "satuan"}
CASES = ("demo_tw2", "demo_tahunan", "panjang_tw1", "panjang_tahunan")


@pytest.mark.parametrize("name", CASES)
def test_every_table_number_is_the_number_of_rekap_json(docs, name):
    case = docs[name]
    rows = {r["kode"]: r for r in case["json"]["baris"]}
    assert case["dokumen"]["baris"] == case["json"]["baris"]
    tahun = int(case["datar"][0]["Tahun"])
    cols = _cols(tahun)
    datar = {(r["Kode"], r["Periode"]): r for r in case["datar"]}
    checked = Counter()
    for head, body in _tables(_doc(case["docx"])):
        for row in body:
            by = dict(zip(head, row))
            kode = by.get("Kode")
            if kode is None and "Sasaran" in by and "No" in by:   # the PK table of Bab II
                kode = case["json"]["baris"][int(by["No"]) - 1]["kode"]
            if kode not in rows:
                continue
            r = rows[kode]
            for h, cell in by.items():
                if h in cols:
                    assert _same(cell, cols[h](r)), (name, kode, h, cell, cols[h](r))
                    checked[h] += 1
                elif h in TEKS:
                    assert cell == (r[TEKS[h]] or ("-" if "Predikat" in h else "")), \
                        (name, kode, h, cell)
                elif h.startswith("Target TW "):
                    q = datar[(kode, h.removeprefix("Target "))]["Target"]
                    assert _same(cell, float(q) if q else None), (name, kode, h, cell)
                    checked[h] += 1
                elif h == "Pagu anggaran (Rp)":
                    q = datar[(kode, "Tahunan")]["Pagu anggaran"]
                    assert _same(cell, float(q) if q else None), (name, kode, h, cell)
            checked["baris"] += 1
    # every indicator is in the main table, with each of its numbers
    main_cols = (["Target s.d.", L.PROGRES_SD_H] if "tw" in name
                 else ["Perubahan", "Capaian thd Renstra (%)", "Target TW I", "Target tahunan"])
    if name == "panjang_tahunan":  # after its PK Perubahan
        main_cols += ["Target awal", L.TARGET_PERUBAHAN]
    for h in ["Target", "Realisasi", "Capaian (%)"] + main_cols:
        assert checked[h] >= len(rows), (name, h, checked[h], len(rows))


def _rata(text: str) -> tuple[float | None, int, int]:
    m = re.search(r": (-|[\d.,]+ %) \((\d+) indikator, (\d+) Sangat Rendah\)", text)
    assert m, text
    return (None if m.group(1) == "-" else angka(m.group(1)[:-2]), int(m.group(2)),
            int(m.group(3)))


@pytest.mark.parametrize("name", CASES)
def test_averages_are_the_means_of_the_rows_above(docs, name):
    rows = {r["kode"]: r for r in docs[name]["json"]["baris"]}
    seen = 0
    for head, body in _tables(_doc(docs[name]["docx"])):
        if "Predikat" not in head or "Kode" not in head:
            continue
        group = [rows[dict(zip(head, r))["Kode"]] for r in body if dict(zip(head, r)).get(
            "Kode") in rows]
        for r in body:
            if r[0].startswith("Rata-rata capaian"):
                caps = [g["capaian"] for g in group if g["capaian"] is not None]
                rata, n, rendah = _rata(r[0])
                assert n == len(caps) and rendah == sum(g["predikat"] == "Sangat Rendah"
                                                        for g in group), (name, r[0])
                assert rata == (_r2(sum(caps) / len(caps)) if caps else None), (name, r[0])
                seen += 1
    assert seen


def _paragraphs(doc) -> list[tuple[str, str, bool]]:
    """(style, text, bold) of each body paragraph."""
    return [(p.style.name, p.text, any(r.bold for r in p.runs if r.text)) for p in doc.paragraphs]


def test_lkjip_sentences_carry_only_the_indicators_numbers(docs):
    for name in ("demo_tahunan", "panjang_tahunan"):
        case = docs[name]
        rows = {r["kode"]: r for r in case["json"]["baris"]}
        tahun = int(case["datar"][0]["Tahun"])
        paras = _paragraphs(_doc(case["docx"]))
        found = 0
        for i, (_, text, bold) in enumerate(paras):
            kode = text.split(" — ")[0]
            if not bold or kode not in rows or " — " not in text:
                continue
            r = rows[kode]
            sentence = paras[i + 1][1]
            for word in (r["satuan"] or "",):
                sentence = sentence.replace(f" {word}", " ") if word else sentence
            tokens = [t.rstrip(".") for t in re.findall(r"\d[\d.,]*", sentence)]
            change = _cols(tahun)["Perubahan"](r)
            allowed = [r["target"], r["realisasi"], r["capaian"], r["realisasi_tahun_lalu"],
                       r["target_renstra"], r["capaian_renstra"], tahun - 1,
                       None if change is None else abs(change)]
            for t in tokens:
                assert any(v is not None and _same(t, v) for v in allowed), (name, kode, t,
                                                                            sentence)
            if r["capaian"] is not None:
                assert f"predikat {r['predikat']}" in sentence
                assert any(_same(t, r["capaian"]) for t in tokens), sentence
            if change:
                assert ("naik" if change > 0 else "turun") in sentence, sentence
            found += 1
        assert found == len(rows), (name, found)


def test_lkjip_ikhtisar_counts_and_averages(docs):
    for name in ("demo_tahunan", "panjang_tahunan"):
        case = docs[name]
        rows = case["json"]["baris"]
        doc = _doc(case["docx"])
        text = "\n".join(p.text for p in doc.paragraphs)
        caps = [r["capaian"] for r in rows if r["capaian"] is not None]
        m = re.search(r"memuat (\d+) indikator kinerja pada (\d+) sasaran\. Sebanyak (\d+) "
                      r"indikator dapat diukur capaiannya, dengan rata-rata capaian ([\d.,]+) %",
                      text)
        assert m, text[:800]
        assert int(m.group(1)) == len(rows) and int(m.group(3)) == len(caps)
        sasaran = {r["Sasaran"] for r in case["datar"]}
        assert int(m.group(2)) == len(sasaran)
        assert angka(m.group(4)) == _r2(sum(caps) / len(caps))
        head, body = next(t for t in _tables(doc) if t[0] == ["Predikat", "Jumlah indikator"])
        counts = Counter(r["predikat"] for r in rows if r["predikat"])
        assert {p: int(n) for p, n in body} == {p: counts.get(p, 0) for p, _ in body}
        assert sum(int(n) for _, n in body) == len(caps)


def test_lkjip_budget_is_pagu_and_the_quarters_realisation(docs):
    case = docs["panjang_tahunan"]
    rows = {r["kode"]: r for r in case["json"]["baris"]}
    pagu, real = {}, defaultdict(Decimal)
    sasaran, unit = {}, {}
    for r in case["datar"]:
        if r["Periode"] == "Tahunan":
            pagu[r["Kode"]] = Decimal(r["Pagu anggaran"]) if r["Pagu anggaran"] else None
            sasaran[r["Kode"]], unit[r["Kode"]] = r["Sasaran"], r["Unit"]
        elif r["Realisasi anggaran"]:
            real[r["Kode"]] += Decimal(r["Realisasi anggaran"])
    tables = {tuple(h): b for h, b in _tables(_doc(case["docx"]))}
    efis = tables[("Kode", "Indikator", "Capaian kinerja (%)", "Serapan anggaran (%)",
                   "Efisiensi (poin)")]
    assert len(efis) == len(rows)
    for kode, _, cap, ser, ef in efis:
        s = _r2(real[kode] / pagu[kode] * 100) if kode in real else None
        assert _same(cap, rows[kode]["capaian"]) and _same(ser, s), (kode, cap, ser)
        c = rows[kode]["capaian"]
        assert _same(ef, None if c is None or s is None else _r2(Decimal(repr(c))
                                                                  - Decimal(repr(s)))), kode
    for label, by in (("Sasaran", sasaran), ("Unit", unit)):
        body = tables[(label, "Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)")]
        assert body
        for nama, p, r, s in body:
            kodes = [k for k, v in by.items() if v == nama]
            tp = sum((pagu[k] for k in kodes if pagu[k] is not None), Decimal(0))
            spent = [real[k] for k in kodes if k in real]
            tr = sum(spent, Decimal(0)) if spent else None
            assert _same(p, tp) and _same(r, tr), (label, nama, p, r)
            assert _same(s, None if tr is None else _r2(tr / tp * 100)), (label, nama, s)


def test_quarterly_factors_findings_and_approval(docs):
    for name, status in (("demo_tw2", "FINAL"), ("panjang_tw1", L.STATUS_BELUM_FINAL)):
        case = docs[name]
        n = case["json"]["triwulan"]
        doc = _doc(case["docx"])
        tables = {tuple(h): b for h, b in _tables(doc)}
        faktor = tables[("Kode", "Indikator", "Faktor pendukung", "Faktor penghambat",
                         "Tindak lanjut")]
        datar = {r["Kode"]: r for r in case["datar"] if r["Periode"] == L.tw(n)}
        expected = [k for k, r in datar.items() if any(
            r[h] for h in ("Faktor pendukung", "Faktor penghambat", "Tindak lanjut"))]
        assert sorted(r[0] for r in faktor) == sorted(expected)
        for kode, _, pend, ham, tin in faktor:
            assert (pend, ham, tin) == tuple(datar[kode][h] for h in (
                "Faktor pendukung", "Faktor penghambat", "Tindak lanjut")), kode
        text = "\n".join(p.text for p in doc.paragraphs)
        assert f"Status laporan: {status}." in text
        # a quarter not approved says so on its first page, naming who has not approved
        first = "\n".join(p.text for p in doc.paragraphs[:8])
        assert ("BELUM FINAL: data" in first) == (status != "FINAL"), first
        assert ("belum diperiksa" in first) == (status != "FINAL"), first
        # the findings left open: what validasi reports for the quarter
        assert any(h[:2] == ("Tingkat", "Kode temuan") for h in tables) or \
            "Tidak ada temuan validasi" in text


@pytest.mark.parametrize("name", CASES)
def test_letterhead_signature_sidik_and_word_structure(docs, name):
    case = docs[name]
    doc = _doc(case["docx"])
    texts = [p.text for p in doc.paragraphs]
    kop = ["PEMERINTAH KABUPATEN LUMAJANG", "DINAS KOMUNIKASI DAN INFORMATIKA",
           "Jl. Contoh Raya No. 1, Lumajang 67311"]
    if name.startswith("panjang"):  # with the logo of Pengaturan, left of the lines
        assert doc.tables[0].rows[0].cells[1].text.split("\n") == kop
        shapes = doc.inline_shapes
        assert len(shapes) == 1
        rid = shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
        assert doc.part.related_parts[rid].blob == LOGO
    else:
        assert texts[:3] == kop and not doc.inline_shapes
    # the report's sidik: as the rekap sheet (and so its PDF) prints it
    sidik = case["sidik"]
    assert case["dokumen"]["sidik"] == sidik
    assert f"Sidik data laporan: {sidik}" in texts[:8]
    assert doc.core_properties.identifier == sidik
    assert f"Sidik data laporan: {sidik}" in doc.sections[0].footer.paragraphs[0].text
    assert NAMA in texts and NIP in texts
    sec = doc.sections[0]
    size = sorted((round(sec.page_width.mm), round(sec.page_height.mm)))
    assert size == [210, 297]
    assert (sec.page_width > sec.page_height) == ("tw" in name)
    from docx.oxml.ns import qn
    for t in doc.tables[1:] if name.startswith("panjang") else doc.tables:  # not the kop
        trs = t._tbl.findall(qn("w:tr"))
        assert trs[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in trs)
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    if "tahunan" in name:
        assert heads == ["Ikhtisar Eksekutif", "Bab I Pendahuluan", "Bab II Perencanaan Kinerja",
                         "Bab III Akuntabilitas Kinerja", "Bab IV Penutup",
                         "Lampiran: Perjanjian Kinerja dan Rencana Aksi"]
        # Bab I and Bab IV: only marked placeholders, never invented text
        for bab in ("Bab I Pendahuluan", "Bab IV Penutup"):
            i = texts.index(bab)
            body = []
            for t in texts[i + 1:]:
                if t in heads or t == "":
                    break
                body.append(t)
            assert body and all(t.startswith(ISIAN) for t in body), (bab, body)
        sasaran = [p.text for p in doc.paragraphs if p.style.name == "Heading 3"]
        assert sasaran and len([t for t in texts if "standar nasional" in t
                                and t.startswith(ISIAN)]) == len(sasaran)
    else:
        assert heads[0].startswith("A. Capaian Kinerja TW")


def test_every_block_kind_is_valid_office_open_xml(tmp_path):
    """One small document with each kind of block (the reports use only these),
    checked by openxml-audit as Word would read it."""
    from kinerja_xl.io import dokumen as D
    audit = need_module("openxml_audit")
    need_module("docx")
    dok = D.Dokumen("Uji", ["PEMERINTAH", "DINAS", "Alamat"], sidik="ab" * 32, lanskap=True,
                    logo=LOGO)
    kolom = [D.Kolom("Kode", 20), D.Kolom("Nilai", 30, angka=True)]
    dok.add(D.Judul("Bab", 1), D.Judul("Bagian", 2), D.Judul("Sasaran", 3),
            D.Paragraf("teks", tebal=True, tengah=True), D.Paragraf("isi", label="Label: "),
            D.Isian("diisi dinas"), D.Peringatan("BELUM FINAL"),
            D.Tabel(kolom, [["A-01", "1.234,5"], ["Rata-rata", ""]], tebal=frozenset({1}),
                    lebar_penuh=frozenset({1})),
            D.PisahHalaman(), D.TandaTangan("Lumajang, 1 Januari 2027", "Kepala", "Nama",
                                            "Pembina", "NIP. 1"))
    out = tmp_path / "uji.docx"
    D.tulis_docx(out, dok)
    validator = audit.OpenXmlValidator(file_format=audit.FileFormat.MICROSOFT_365, max_errors=0)
    errors = validator.validate(str(out)).errors
    assert not errors, [(e.part_uri, e.description) for e in errors[:5]]
    # a table wider than the page is refused, never printed over the margin
    dok.blok = [D.Tabel([D.Kolom("Lebar", 300)], [["x"]])]
    with pytest.raises(ValueError):
        D.docx_bytes(dok)


KODE = re.compile(r"^[A-Z]{1,4}-\d\dB?$")


@pytest.mark.parametrize("name", ("panjang_tw1", "panjang_tahunan"))
def test_libreoffice_prints_every_page_inside_without_overlap(docs, name):
    """60 indicators, names and sasaran of 150 characters: every table inside the
    text area, every word inside the page, no word over another."""
    need(bool(shutil.which("soffice") or shutil.which("libreoffice")), "LibreOffice Writer")
    pages = docs[name]["halaman"]
    for no, width, _, _, edges in pages:
        # table borders inside the text area (20 mm margins), a point of slack
        for edge in edges:
            assert 20 * MM - 1 <= edge["x0"] <= edge["x1"] <= width - 20 * MM + 1, \
                (name, no, edge["x0"], edge["x1"])
    for no, width, height, words, _ in pages:
        for w in words:
            assert 0 <= w["x0"] <= w["x1"] <= width and 0 <= w["top"] <= w["bottom"] <= height, \
                (name, no, w["text"])
        assert not _overlaps(words), (name, no, _overlaps(words)[:5])
    text = [" ".join(w["text"] for w in p[3]) for p in pages]
    sidik = docs[name]["sidik"]
    assert all(sidik in t for t in text)  # the first page and every footer
    assert "BELUM FINAL" in text[0] if "tw" in name else "SEMENTARA" in text[0]
    if "tw" in name:  # every code is in a table: a table going on repeats its header
        with_rows = [t for p, t in zip(pages, text)
                     if any(KODE.match(w["text"]) for w in p[3])]
        assert len(with_rows) > 2 and all("Kode" in t for t in with_rows), name


def test_a_wrong_output_name_is_refused_and_the_workbook_is_unchanged(sample_book, capsys):
    before = sample_book.read_bytes()
    for out, says, names in ((sample_book.with_name("draf.txt"), "harus berakhiran .docx",
                              "draf.txt"),
                             (sample_book.with_name("tidak-ada") / "draf.docx", "tidak ada",
                              "tidak-ada")):
        assert main(["dokumen", str(sample_book), "--triwulan", "1", "-o", str(out),
                     "--json"]) == 2
        pesan = json.loads(capsys.readouterr().out)["galat"]["pesan"]
        assert says in pesan and names in pesan, pesan
        assert not out.exists()
    # a draft open in Word (its lock file beside it) is not replaced
    out = sample_book.with_name("Laporan Kinerja TW I 2026.docx")
    out.write_bytes(b"dibuka di Word")
    (out.parent / ("~$" + out.name[2:])).write_bytes(b"")
    assert main(["dokumen", str(sample_book), "--triwulan", "1", "-o", str(out)]) == 2
    assert "sedang dibuka" in capsys.readouterr().err
    assert out.read_bytes() == b"dibuka di Word"
    assert sample_book.read_bytes() == before
