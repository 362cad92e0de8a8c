"""Consolidation never loses a submitted value, and formula-looking text stays text."""
from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings, strategies as st

from kinerja_xl import layout as L
from kinerja_xl.cli import main
from kinerja_xl.io import open_workbook
from kinerja_xl.tabel import pemisah_desimal
from kinerja_xl.rules import parse_angka

from conftest import OWN_VECTORS  # noqa: F401

KODES = ("S-01", "P-01", "I-01", "I-02", "I-03", "A-01", "A-02", "T-01")


def _local(x: float) -> str:
    """A number written the Indonesian way: 1.234,5."""
    whole, _, frac = f"{x:.2f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + "," + frac


numbers = st.floats(min_value=0, max_value=1e7, allow_nan=False).map(lambda x: round(x, 2))
values = st.one_of(
    numbers.map(lambda x: f"{x:g}" if x == int(x) else _local(x)),
    numbers.map(_local),
    st.integers(0, 100).map(lambda x: f"{x}%"),
    st.integers(0, 100).map(lambda x: f" {x} persen"),
    st.sampled_from(["=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+62 812 3456", "-5+3", "@SUM(A1)",
                     "=cmd|' /c calc'!A0", "-", "n/a", "sembilan", "١٢", "NaN", "inf"]),
    st.text(alphabet="=+-@0123456789,.abc %", min_size=1, max_size=12),
)
submissions = st.dictionaries(st.sampled_from(KODES), values, min_size=1, max_size=len(KODES))
corrections = st.dictionaries(st.sampled_from(KODES), numbers.map(_local), max_size=3)


def _csv(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _formula_texts(path: Path) -> list[str]:
    """The text of every formula in every worksheet part."""
    found = []
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.startswith("xl/worksheets/") and n.endswith(".xml"):
                found += re.findall(rb"<f[^>]*>([^<]*)</f>", z.read(n))
    return [f.decode() for f in found]


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(submitted=submissions, koreksi=corrections)
@example(submitted={"S-01": "1,50", "P-01": "0.0"}, koreksi={})  # both separators in one file
def test_consolidation_never_loses_a_submitted_value(submitted, koreksi, contoh_master,
                                                     tmp_path_factory, capsys):
    folder = tmp_path_factory.mktemp("lost")
    book = folder / "Contoh.xlsm"
    shutil.copy(contoh_master, book)
    formulas_before = set(_formula_texts(book))
    table = folder / "realisasi.csv"
    table.write_text("Kode,Realisasi,Keterangan\n" + "".join(
        f"{k},{_csv(v)},{_csv(v)}\n" for k, v in submitted.items()), encoding="utf-8")
    # impor validates the workbook as it found it (a fresh build: clean) and every code
    # exists in the sample PK, so it reports no error whatever the values are, except
    # when the table's text numbers cannot be read one way only (one decimal separator
    # per file: "1,50" beside "0.0", or "28.125" with nothing to tell): then it stops
    # (exit 2) and the workbook is as it was.
    bentuk = [b for v in submitted.values() if (b := pemisah_desimal.bentuk(v)) is not None]
    bukti = {b.bukti for b in bentuk if b.bukti}
    dua_cara = len(bukti) == 2 or (not bukti and any(b.ambigu for b in bentuk))
    before = book.read_bytes()
    code = main(["impor", str(book), "--realisasi", str(table), "--triwulan", "1", "--ajukan"])
    if dua_cara:
        assert code == 2 and book.read_bytes() == before
        assert "dapat dibaca dua cara" in capsys.readouterr().err
        return
    assert code == 0
    if koreksi:
        with open_workbook(book, write=True) as wb:
            cells = {}
            for i, (k, v) in enumerate(sorted(koreksi.items())):
                r = L.STEP_DATA_ROW + i
                cells.update({(r, 1): "I", (r, 2): k, (r, 3): "Realisasi", (r, 4): v,
                              (r, 5): "uji", (r, 6): "Kasi"})
            wb.write_cells(L.KOREKSI_KASI, cells)
            wb.save()
    capsys.readouterr()
    code = main(["konsolidasi", str(book), "--triwulan", "1", "--json"])
    data = json.loads(capsys.readouterr().out)
    own_errors = [t for t in data["temuan"] if t["tingkat"] == "error"]
    other_errors = data.get("temuan_lain", {}).get("error", 0)
    assert code == (1 if own_errors or other_errors else 0), data
    # The validation findings behind that code, read from a copy (validasi writes Temuan).
    probe = folder / "Periksa.xlsm"
    shutil.copy(book, probe)
    main(["validasi", str(probe), "--triwulan", "1", "--json"])
    errors = [t for t in json.loads(capsys.readouterr().out)["temuan"] if t["tingkat"] == "error"]
    assert other_errors == len(errors), (other_errors, errors)
    # A value the Kasi corrected (always a number here) is replaced by the correction
    # in the report, and the correction is what validation checks.
    unreadable = {k: v.strip() for k, v in submitted.items()
                  if v.strip() and parse_angka(v).masalah is not None and k not in koreksi}
    if unreadable:  # unreadable or negative: an error naming its code, exit 1
        assert code == 1
        for kode, raw in unreadable.items():
            assert any(t.get("kode") == kode or kode in t["pesan"] or f"'{raw}'" in t["pesan"]
                       for t in errors), (kode, raw, errors)

    heads = L.KABID.headers
    col_diajukan = heads.index(L.tw(1).join(("Realisasi diajukan ", "")))
    seen: dict[str, object] = {}
    with open_workbook(book) as wb:
        names = wb.sheet_names()
        for sheet in names:
            if sheet.startswith(L.KABID_PREFIX):
                for line in wb.read(sheet)[L.KABID.data_row - 1:]:
                    if line and line[0] in KODES:
                        seen[line[0]] = line[col_diajukan] if len(line) > col_diajukan else None
        written = {s: wb.read(s) for s in names
                   if s.startswith((L.BAHAN_PREFIX, L.LAPORAN_PREFIX, L.KABID_PREFIX))
                   or s == L.TEMUAN}
    assert set(submitted) <= set(seen), (submitted, seen)
    for kode, raw in submitted.items():
        angka = parse_angka(raw)
        got = seen.get(kode)
        # A number is kept as the number, a negative one too (its finding is
        # validation's); anything else stays the text typed.
        if angka.nilai is not None:
            assert got is not None and abs(float(got) - float(angka.nilai)) <= 1e-9 * max(
                1, abs(float(angka.nilai))), (kode, raw, got)
        elif raw.strip():
            assert got == raw.strip(), (kode, raw, got)
    # text that looks like a formula is text in every sheet the tool wrote
    tricky = {v.strip() for v in submitted.values() if v.strip() and v.strip()[0] in "=+-@"}
    unread_tricky = {t for t in tricky if parse_angka(t).nilai is None}
    kabid_text = {c for s, grid in written.items() if s.startswith(L.KABID_PREFIX)
                  for line in grid for c in line if isinstance(c, str)}
    assert unread_tricky <= kabid_text, (unread_tricky, kabid_text)
    new_formulas = set(_formula_texts(book)) - formulas_before
    for text in tricky:
        body = text[1:] if text.startswith("=") else text
        assert body not in new_formulas and text not in new_formulas, (text, new_formulas)
    # and it reached the staff sheet as typed (Keterangan carries the same text)
    with open_workbook(book) as wb:
        all_text = {c for s in names if s.startswith(L.BAHAN_PREFIX)
                    for line in wb.read(s) for c in line if isinstance(c, str)}
    for text in tricky:
        assert text in all_text, text
