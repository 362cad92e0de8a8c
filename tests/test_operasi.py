"""Headless operations end to end on real .xlsm files: numbers, preservation, idempotency."""
from __future__ import annotations

import hashlib
import html
import json
import math
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from kinerja_xl import layout as L
from kinerja_xl.cli import main
from kinerja_xl.io import open_workbook

from conftest import OWN_VECTORS


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def same(got, want) -> bool:
    if isinstance(want, list):
        return len(got) == len(want) and all(same(a, b) for a, b in zip(got, want))
    if want is None or got is None:
        return got is None and want is None
    if isinstance(want, str):
        return got == want
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)


def test_contoh_end_to_end_matches_expected(tmp_path, capsys):
    vectors = OWN_VECTORS / "contoh"
    book = tmp_path / "Contoh.xlsm"
    code, _, err = run_cli(capsys, "buat", book, "--unit", vectors / "unit.csv", "--pk",
                           vectors / "pk.csv", "--ra", vectors / "ra.csv")
    assert code == 0, err
    expected = json.loads((vectors / "expected.json").read_text())
    for n in (1, 2, 3, 4):
        code, _, err = run_cli(capsys, "impor", book, "--realisasi",
                               vectors / f"realisasi_tw{n}.csv", "--triwulan", n, "--ajukan")
        assert code == 0, err
        code, out, err = run_cli(capsys, "rekap", book, "--triwulan", n, "--json")
        # Every submitted value of the sample is readable and every low capaian is
        # explained: no finding of level error, so the exit code is 0.
        assert code == 0, err
        data = json.loads(out)
        assert data["perintah"] == "rekap" and data["triwulan"] == n
        rows = {r["kode"]: r for r in data["baris"]}
        for kode, fields in expected["triwulan"][str(n)].items():
            for field, want in fields.items():
                assert same(rows[kode][field], want), (n, kode, field, rows[kode][field], want)
    code, out, err = run_cli(capsys, "rekap", book, "--tahunan", "--json")
    assert code == 0, err
    rows = {r["kode"]: r for r in json.loads(out)["baris"]}
    for kode, fields in expected["tahunan"].items():
        for field, want in fields.items():
            assert same(rows[kode][field], want), (kode, field, rows[kode][field], want)


def _inject_foreign_content(path: Path) -> None:
    """What Excel adds and we never write: an x14 validation, a comment's cached
    formula values, an unknown part."""
    src = parts(path)
    with zipfile.ZipFile(path) as z:
        infos = {i.filename: i for i in z.infolist()}
    sheet = _sheet_part(src, L.bahan("INFRA"))
    xml = src[sheet]
    ext = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
           b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
           b'<x14:dataValidations count="0" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>'
           b'</ext></extLst></worksheet>')
    src[sheet] = xml.replace(b"</worksheet>", ext)
    src["customXml/item1.xml"] = b'<?xml version="1.0"?><data xmlns="urn:lain">tidak dikenal</data>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in src.items():
            if name in infos:
                z.writestr(infos[name], data)
            else:
                z.writestr(name, data)


def _sheet_part(src: dict[str, bytes], name: str) -> str:
    import re
    wb = src["xl/workbook.xml"].decode()
    rels = src["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="(rId\d+)"' % re.escape(name), wb).group(1)
    target = re.search(r'Id="%s"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="%s"'
                       % (rid, rid), rels)
    t = target.group(1) or target.group(2)
    return t.lstrip("/") if t.startswith("/") else "xl/" + t


def _linked(src: dict[str, bytes], parts_: set[str]) -> set[str]:
    """Drawings of these parts and the charts in those drawings."""
    import posixpath
    import re
    found: set[str] = set()
    todo = list(parts_)
    while todo:
        part = todo.pop()
        d, base = posixpath.split(part)
        rels = src.get(posixpath.join(d, "_rels", base + ".rels"), b"").decode()
        for target in re.findall(r'Target="([^"]+)"', rels):
            name = posixpath.normpath(posixpath.join(d, target)).lstrip("/")
            if name.startswith(("xl/drawings/", "xl/charts/")) and name not in found:
                found.add(name)
                todo.append(name)
    return found


def _filled(sample_book: Path, capsys) -> Path:
    from kinerja_xl.build.builder import contoh_path
    for n in (1, 2):
        code, _, err = run_cli(capsys, "impor", sample_book, "--realisasi",
                               contoh_path(f"realisasi_tw{n}.csv"), "--triwulan", n, "--ajukan")
        assert code in (0, 1), err
    return sample_book


@pytest.fixture(scope="module")
def filled_tw12(sample_master, tmp_path_factory) -> Path:
    """The sample with TW I and TW II imported and submitted (`_filled`), once for the
    module; tests get a copy (`book`)."""
    from kinerja_xl.build.builder import contoh_path
    path = tmp_path_factory.mktemp("terisi") / "LaporanKinerja.xlsm"
    shutil.copy(sample_master, path)
    for n in (1, 2):
        assert main(["impor", str(path), "--realisasi", str(contoh_path(f"realisasi_tw{n}.csv")),
                     "--triwulan", str(n), "--ajukan"]) in (0, 1)
    return path


@pytest.fixture
def book(filled_tw12, tmp_path) -> Path:
    dst = tmp_path / "LaporanKinerja.xlsm"
    shutil.copy(filled_tw12, dst)
    return dst


def test_commands_preserve_everything_they_do_not_own(book, capsys):
    _inject_foreign_content(book)
    before = parts(book)
    staff = [p for p in before if p.startswith("xl/worksheets/")]
    owned_sheets = {L.TEMUAN, L.RIWAYAT, L.STATUS_SOP} | set(L.REKAP_SHEETS)
    owned_sheets |= {n for n in _names(before) if n.startswith((L.LAPORAN_PREFIX, L.KABID_PREFIX))}
    owned_parts = {_sheet_part(before, n) for n in owned_sheets}
    # a report places its chart and fits its ranges: the report sheets' drawings and
    # charts are the operation's too
    owned_parts |= _linked(before, {_sheet_part(before, n) for n in L.REKAP_SHEETS})
    for args in (("validasi", book, "--triwulan", 2), ("konsolidasi", book, "--triwulan", 2),
                 ("rekap", book, "--triwulan", 2), ("rekap", book, "--tahunan")):
        run_cli(capsys, *args)
    after = parts(book)
    for name, data in before.items():
        if name in owned_parts or name in ("xl/workbook.xml", "[Content_Types].xml",
                                           "xl/_rels/workbook.xml.rels", "xl/calcChain.xml"):
            continue
        assert after.get(name) == data, f"{name} changed"
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert b"customUI/customUI.xml" in after["_rels/.rels"]
    assert b"x14:dataValidations" in after[_sheet_part(after, L.bahan("INFRA"))]
    assert after["customXml/item1.xml"] == before["customXml/item1.xml"]
    assert staff  # the comparison above covered the staff sheets


def _names(src: dict[str, bytes]) -> list[str]:
    import re
    return re.findall(r'<sheet [^>]*name="([^"]+)"', src["xl/workbook.xml"].decode())


def test_impor_keeps_injected_content(sample_book, capsys):
    _inject_foreign_content(sample_book)
    before = parts(sample_book)
    _filled(sample_book, capsys)
    after = parts(sample_book)
    assert b"x14:dataValidations" in after[_sheet_part(after, L.bahan("INFRA"))]
    assert after["customXml/item1.xml"] == before["customXml/item1.xml"]
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]


def test_second_run_changes_nothing(book, capsys):
    commands = [("validasi", book, "--triwulan", 2), ("konsolidasi", book, "--triwulan", 2),
                ("rekap", book, "--triwulan", 2), ("rekap", book, "--tahunan")]
    for args in commands:
        run_cli(capsys, *args)
    digest = hashlib.sha256(book.read_bytes()).hexdigest()
    riwayat = open_workbook(book).read(L.RIWAYAT)
    for args in commands:
        run_cli(capsys, *args)
    assert hashlib.sha256(book.read_bytes()).hexdigest() == digest
    assert open_workbook(book).read(L.RIWAYAT) == riwayat


def test_unsubmitted_unit_stays_in_report_empty(sample_book, capsys):
    from kinerja_xl.build.builder import contoh_path
    run_cli(capsys, "impor", sample_book, "--realisasi", contoh_path("realisasi_tw1.csv"),
            "--triwulan", 1)  # typed, not submitted
    code, out, _ = run_cli(capsys, "validasi", sample_book, "--triwulan", 1, "--json")
    data = json.loads(out)
    assert any(t["kode_temuan"] == "unit_belum_mengajukan" for t in data["temuan"])
    code, out, _ = run_cli(capsys, "konsolidasi", sample_book, "--triwulan", 1, "--json")
    data = json.loads(out)
    # konsolidasi counts validation's findings and leaves listing them to validasi
    assert data["temuan_lain"]["peringatan"] >= 1
    assert not any(t["kode_temuan"] == "unit_belum_mengajukan" for t in data["temuan"])
    code, out, _ = run_cli(capsys, "rekap", sample_book, "--triwulan", 1, "--json")
    rows = json.loads(out)["baris"]
    assert len(rows) == 30 and all(r["realisasi"] is None for r in rows)
    grid = open_workbook(sample_book).read(L.kabid("TIK"))
    codes = [r[0] for r in grid[L.KABID.data_row - 1:] if r and r[0]]
    assert "IN-01" in codes and "AP-03" in codes


def test_corrections_apply_step4_then_step6_and_keep_submitted(book, capsys):
    with open_workbook(book, write=True) as wb:
        r = L.STEP_DATA_ROW
        wb.write_cells(L.KOREKSI_KASI, {(r, 1): 1, (r, 2): "IN-03", (r, 3): "Realisasi",
                                        (r, 4): "7", (r, 5): "salah hitung", (r, 6): "Kasi A"})
        wb.write_cells(L.KOREKSI_KABID, {(r, 1): 1, (r, 2): "IN-03", (r, 3): "Realisasi",
                                         (r, 4): "6", (r, 5): "verifikasi", (r, 6): "Kabid B"})
        wb.save()
    run_cli(capsys, "konsolidasi", book, "--triwulan", 1)
    grid = open_workbook(book).read(L.kabid("TIK"))
    head = grid[L.KABID.header_row - 1]
    row = next(r for r in grid[L.KABID.data_row - 1:] if r and r[0] == "IN-03")
    submitted = row[head.index("Realisasi diajukan TW I")]
    final = row[head.index("Realisasi akhir TW I")]
    assert final == 6 and submitted not in (None, 6, 7)
    lap = open_workbook(book).read(L.laporan("INFRA"))
    lhead = lap[L.LAPORAN.header_row - 1]
    lrow = next(r for r in lap[L.LAPORAN.data_row - 1:] if r and r[0] == "IN-03")
    assert lrow[lhead.index("Realisasi koreksi TW I")] == 7
    assert "Kasi A" in lrow[lhead.index("Dikoreksi oleh TW I")]
    # each indicator's own columns under their headers, in both reports
    from kinerja_xl.ops.inti.snapshot import read_referensi
    with open_workbook(book) as wb:
        ref = read_referensi(wb, {})
    ind = next(i for i in ref.indikator if i.kode == "IN-03")
    own = {L.KODE_H: ind.kode, L.INDIKATOR_H: ind.nama, L.SATUAN_H: ind.satuan,
           L.ARAH_H: ind.arah, L.AGREGASI_H: ind.agregasi}
    assert {h: lrow[lhead.index(h)] for h in own} == own
    own |= {L.UNIT_H: ref.units[ind.unit].kode_singkat, L.LEVEL_H: ind.level}
    assert {h: row[head.index(h)] for h in own} == own


def test_validasi_writes_temuan_with_links(book, capsys):
    code, out, _ = run_cli(capsys, "validasi", book, "--triwulan", 1, "--json")
    data = json.loads(out)
    codes = {t["kode_temuan"] for t in data["temuan"]}
    assert {"bukan_angka", "tanda_strip", "mirip_pecahan"} <= codes
    assert code == 1  # errors present
    bad = next(t for t in data["temuan"] if t["kode_temuan"] == "bukan_angka")
    assert bad["lembar"] == L.bahan("INFOPUB") and bad["sel"] and "1.2OO" in bad["pesan"]
    with zipfile.ZipFile(book) as z:
        xml = z.read(_sheet_part(parts(book), L.TEMUAN))
    assert b"HYPERLINK(" in xml


def test_locked_by_another_program_is_refused(sample_book, capsys):
    before = sample_book.read_bytes()
    lock = sample_book.parent / f".~lock.{sample_book.name}#"
    lock.write_text("x")
    code, _, err = run_cli(capsys, "rekap", sample_book, "--triwulan", 1)
    assert code == 2 and sample_book.name in err
    assert sample_book.read_bytes() == before


def test_formula_like_text_is_stored_as_text(sample_book, tmp_path, capsys):
    text = '=HYPERLINK("http://x")'
    table = tmp_path / "r.csv"
    table.write_text(f'Kode,Realisasi,Keterangan\nIN-01,99,"{text.replace(chr(34), 2 * chr(34))}"\n',
                     encoding="utf-8")
    code, _, err = run_cli(capsys, "impor", sample_book, "--realisasi", table, "--triwulan", 1,
                           "--ajukan")
    assert code == 0, err
    code, _, err = run_cli(capsys, "konsolidasi", sample_book, "--triwulan", 1)
    # INFRA is submitted with only IN-01 filled: IN-02 and IN-03 are empty, two errors.
    assert code == 1, err
    grid = open_workbook(sample_book).read(L.bahan("INFRA"))
    row = next(r for r in grid if r and r[0] == "IN-01")
    assert 99 in row and text in row  # the text arrived, as the very string typed
    src = parts(sample_book)
    formulas = [html.unescape(f.decode()) for name, xml in src.items()
                if name.startswith("xl/worksheets/") for f in re.findall(rb"<f[^>]*>([^<]*)</f>", xml)]
    assert formulas  # the workbook does have formulas: the search below can find one
    assert not [f for f in formulas if "http://x" in f]
