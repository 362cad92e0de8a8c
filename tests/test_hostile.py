"""Hostile and broken input: a table-driven corpus, every file generated here.

Each row states the command, the exit code, a pattern the message must match (the
file, and the sheet and cell where there is one), and whether the workbook must stay
byte-identical.  No row may show a traceback.
"""
from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from lxml import etree

from kinerja_xl import layout as L
from kinerja_xl.cli import main
from kinerja_xl.io import open_workbook, safety

from conftest import OWN_VECTORS, need_module

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PROGKEU = L.bahan("PROGKEU")
INFRA = L.bahan("INFRA")
VALIDASI = ("validasi", "{book}", "--triwulan", "1")
KONSOLIDASI = ("konsolidasi", "{book}", "--triwulan", "1")


# --- helpers --------------------------------------------------------------------------
def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sheet_part(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as z:
        wb = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    rid = next(s.get(f"{{{RNS}}}id") for s in wb.iter(f"{{{NS}}}sheet") if s.get("name") == sheet)
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def rewrite(path: Path, edits: dict[str, Callable[[bytes], bytes]],
            extra: dict[str, bytes] | None = None) -> None:
    """Rewrite zip members through functions; add `extra` members."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            if info.filename in edits:
                data = edits[info.filename](data)
            out.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    path.write_bytes(buf.getvalue())


def edit_xml(path: Path, part: str, fn: Callable[[etree._Element], None]) -> None:
    def go(data: bytes) -> bytes:
        root = etree.fromstring(data)
        fn(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    rewrite(path, {part: go})


def locate(path: Path, kode: str = "P-01", header: str | None = None) -> tuple[str, int, int]:
    """(sheet, row, col) of an indicator's cell under `header` (Realisasi TW I)."""
    header = header or L.realisasi_h(1)
    with open_workbook(path) as wb:
        for sheet in wb.sheet_names():
            if not sheet.startswith(L.BAHAN_PREFIX):
                continue
            grid = wb.read(sheet)
            heads = [str(h).strip() if h is not None else "" for h in grid[L.BAHAN_HEADER_ROW - 1]]
            col = heads.index(header) + 1
            for r, line in enumerate(grid, 1):
                if r >= L.BAHAN_DATA_ROW and line and line[0] == kode:
                    return sheet, r, col
    raise AssertionError(kode)


def ref(r: int, c: int) -> str:
    from openpyxl.utils import get_column_letter
    return f"{get_column_letter(c)}{r}"


def set_raw_cell(path: Path, sheet: str, r: int, c: int, inner: str, t: str | None) -> None:
    """Replace the markup of an existing cell (as Excel itself would store it)."""
    target = ref(r, c)

    def fn(root):
        cell = next(x for x in root.iter(f"{{{NS}}}c") if x.get("r") == target)
        for ch in list(cell):
            cell.remove(ch)
        cell.attrib.pop("t", None)
        if t:
            cell.set("t", t)
        for el in etree.fromstring(f'<x xmlns="{NS}">{inner}</x>'):
            cell.append(el)
    edit_xml(path, sheet_part(path, sheet), fn)


def type_cell(path: Path, sheet: str, r: int, c: int, value) -> None:
    with open_workbook(path, write=True) as wb:
        wb.write_cells(sheet, {(r, c): value})
        wb.save()


@dataclass
class Ctx:
    tmp: Path
    book: Path      # the workbook the command acts on
    argv: tuple = VALIDASI
    where: str = ""  # "sheet' sel CELL" of the broken input, when there is one


@pytest.fixture
def submitted(contoh_submitted) -> Path:
    """The example workbook with TW I imported and submitted (shared: copied before use)."""
    return contoh_submitted


# --- cell contents: staff typed (or Excel stored) something odd in Realisasi TW I -------------
def typed(value):
    def prep(ctx: Ctx):
        sheet, r, c = locate(ctx.book)
        type_cell(ctx.book, sheet, r, c, value)
        ctx.where = f"{sheet}' sel {ref(r, c)}"
    return prep


def raw(inner: str, t: str | None):
    def prep(ctx: Ctx):
        sheet, r, c = locate(ctx.book)
        set_raw_cell(ctx.book, sheet, r, c, inner, t)
        ctx.where = f"{sheet}' sel {ref(r, c)}"
    return prep


def csv_value(value: str, kode: str = "P-01"):
    """`impor` a table whose Realisasi is `value` (CSV written here, UTF-8)."""
    def prep(ctx: Ctx):
        table = ctx.tmp / "realisasi.csv"
        quoted = '"' + value.replace('"', '""') + '"'
        table.write_text(f"Kode,Realisasi\n{kode},{quoted}\n", encoding="utf-8")
        sheet, r, c = locate(ctx.book, kode)
        ctx.argv = ("impor", "{book}", "--realisasi", str(table), "--triwulan", "1")
        ctx.where = f"{sheet}' sel {ref(r, c)}"
        ctx.value = value
    return prep


NOT_NUMBER = r"Lembar '{where}: .* bukan angka"


# --- structure -----------------------------------------------------------------------------
def sheet_attr(sheet_name: str, **attrs):
    def prep(ctx: Ctx):
        def fn(root):
            s = next(x for x in root.iter(f"{{{NS}}}sheet") if x.get("name") == sheet_name)
            for k, v in attrs.items():
                s.set(k, v)
        edit_xml(ctx.book, "xl/workbook.xml", fn)
    return prep


def delete_sheet(name: str):
    def prep(ctx: Ctx):
        def fn(root):
            s = next(x for x in root.iter(f"{{{NS}}}sheet") if x.get("name") == name)
            s.getparent().remove(s)
            # names that point at the sheet would dangle: drop them as Excel does
            for d in list(root.iter(f"{{{NS}}}definedName")):
                if name in (d.text or "") or d.get("localSheetId") is not None:
                    d.getparent().remove(d)
        edit_xml(ctx.book, "xl/workbook.xml", fn)
    return prep


def header_cell(sheet: str, header: str, value):
    def prep(ctx: Ctx):
        _, _, c = locate(ctx.book, header=header)
        type_cell(ctx.book, sheet, L.BAHAN_HEADER_ROW, c, value)
        ctx.where = f"{sheet}' sel "
    return prep


def swap_headers(sheet: str, a: str, b: str):
    def prep(ctx: Ctx):
        _, _, ca = locate(ctx.book, header=a)
        _, _, cb = locate(ctx.book, header=b)
        with open_workbook(ctx.book, write=True) as wb:
            wb.write_cells(sheet, {(L.BAHAN_HEADER_ROW, ca): b, (L.BAHAN_HEADER_ROW, cb): a})
            wb.save()
    return prep


def extra_column(ctx: Ctx):
    with open_workbook(ctx.book, write=True) as wb:
        grid = wb.read(PROGKEU)
        col = len(grid[L.BAHAN_HEADER_ROW - 1]) + 2
        wb.write_cells(PROGKEU, {(L.BAHAN_HEADER_ROW, col): "Catatan saya",
                                 (L.BAHAN_DATA_ROW, col): "=SUM(1,2)"})
        wb.save()


def merged_over_inputs(ctx: Ctx):
    sheet, r, c = locate(ctx.book)

    def fn(root):
        m = root.find(f"{{{NS}}}mergeCells")
        if m is None:
            m = etree.Element(f"{{{NS}}}mergeCells")
            after = root.find(f"{{{NS}}}sheetData")
            after.addnext(m)
        etree.SubElement(m, f"{{{NS}}}mergeCell", ref=f"{ref(r, c)}:{ref(r + 1, c + 1)}")
        m.set("count", str(len(m)))
    edit_xml(ctx.book, sheet_part(ctx.book, sheet), fn)


def duplicate_code(ctx: Ctx):
    sheet, r, _ = locate(ctx.book, "P-01")
    type_cell(ctx.book, sheet, r + 1, 1, "P-01")
    ctx.where = f"{sheet}' sel A{r + 1}"


def blank_row_inside(ctx: Ctx):
    """A row emptied in the middle of the INFRA table (Kode cleared)."""
    sheet, r, _ = locate(ctx.book, "I-02")
    with open_workbook(ctx.book, write=True) as wb:
        width = len(wb.read(sheet)[r - 1])
        wb.write_cells(sheet, {(r, c): None for c in range(1, width + 1)})
        wb.save()


def many_rows(n: int):
    def prep(ctx: Ctx):
        part = sheet_part(ctx.book, PROGKEU)

        def fn(data: bytes) -> bytes:
            head, _, tail = data.rpartition(b"</sheetData>")
            rows = b"".join(b'<row r="%d"><c r="B%d"><v>%d</v></c></row>' % (i, i, i)
                            for i in range(1000, 1000 + n))
            return head + rows + b"</sheetData>" + tail
        rewrite(ctx.book, {part: fn})
    return prep


# --- files ------------------------------------------------------------------------------------
def replace_book(fn: Callable[[Ctx], Path]):
    def prep(ctx: Ctx):
        ctx.book = fn(ctx)
    return prep


def not_a_zip(ctx: Ctx) -> Path:
    p = ctx.tmp / "Bukan.xlsm"
    p.write_bytes(b"Kode;Realisasi\nP-01;12\n")
    return p


def empty_file(ctx: Ctx) -> Path:
    p = ctx.tmp / "Kosong.xlsm"
    p.write_bytes(b"")
    return p


def truncated(ctx: Ctx) -> Path:
    p = ctx.tmp / "Terpotong.xlsm"
    data = ctx.book.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    return p


def ole_not_encrypted(ctx: Ctx) -> Path:
    p = ctx.tmp / "Lama.xlsm"
    p.write_bytes(safety.OLE_MAGIC + b"\0" * 1024)
    return p


def xlsx_renamed(ctx: Ctx) -> Path:
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["Kode", "Realisasi"])
    p = ctx.tmp / "Lain.xlsm"
    wb.save(p)
    return p


def encrypted(ctx: Ctx) -> Path:
    msoffcrypto = need_module("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile
    p = ctx.tmp / "Bersandi.xlsm"
    with open(ctx.book, "rb") as src, open(p, "wb") as dst:
        OOXMLFile(src).encrypt("rahasia", dst)
    assert msoffcrypto.olefile.isOleFile(str(p))
    return p


def zip_bomb(ctx: Ctx) -> Path:
    p = ctx.tmp / "Bom.xlsm"
    shutil.copy(ctx.book, p)
    rewrite(p, {}, {"xl/media/bom.bin": b"\0" * (8 * 1024 * 1024)})
    return p


def entity_expansion(ctx: Ctx) -> Path:
    p = ctx.tmp / "Entitas.xlsm"
    shutil.copy(ctx.book, p)
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b']>')

    def fn(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        return lol + body.replace(b"<sheetData>", b"<sheetData><!-- &lol9; -->", 1)
    rewrite(p, {sheet_part(p, PROGKEU): fn})
    return p


def external_entity(ctx: Ctx) -> Path:
    p = ctx.tmp / "Eksternal.xlsm"
    shutil.copy(ctx.book, p)
    rewrite(p, {"xl/workbook.xml": lambda d: b'<?xml version="1.0"?><!DOCTYPE x '
                b'[<!ENTITY e SYSTEM "file:///etc/passwd">]>' + (d.split(b"?>", 1)[1] if d.startswith(b"<?xml") else d)})
    return p


def broken_xml(ctx: Ctx) -> Path:
    p = ctx.tmp / "RusakXML.xlsm"
    shutil.copy(ctx.book, p)
    rewrite(p, {sheet_part(p, PROGKEU): lambda d: d[: len(d) // 2]})
    return p


def missing_part(ctx: Ctx) -> Path:
    p = ctx.tmp / "Bolong.xlsm"
    shutil.copy(ctx.book, p)
    part = sheet_part(p, PROGKEU)
    with zipfile.ZipFile(p) as z:
        items = [(i.filename, z.read(i)) for i in z.infolist() if i.filename != part]
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in items:
            z.writestr(n, d)
    return p


def _flip_member_header(path: Path, part: str, local_at: int, central_at: int,
                        change: Callable[[int], int]) -> None:
    """Change one byte of a member's local header and its central directory entry."""
    with zipfile.ZipFile(path) as z:
        offset = z.getinfo(part).header_offset
    data = bytearray(path.read_bytes())
    data[offset + local_at] = change(data[offset + local_at])
    name = part.encode()
    pos = data.find(b"PK\x01\x02")
    while data[pos + 46:pos + 46 + len(name)] != name:
        pos = data.find(b"PK\x01\x02", pos + 1)
    data[pos + central_at] = change(data[pos + central_at])
    path.write_bytes(bytes(data))


def encrypted_member(ctx: Ctx) -> Path:
    """One member flagged as encrypted (general purpose bit 0)."""
    p = ctx.tmp / "BagianTerkunci.xlsm"
    shutil.copy(ctx.book, p)
    part = sheet_part(p, PROGKEU)
    _flip_member_header(p, part, 6, 8, lambda b: b | 0x1)
    with zipfile.ZipFile(p) as z:
        assert z.getinfo(part).flag_bits & 0x1
    return p


def wrong_crc(ctx: Ctx) -> Path:
    """A sheet that decompresses but does not match its checksum."""
    p = ctx.tmp / "CrcSalah.xlsm"
    shutil.copy(ctx.book, p)
    _flip_member_header(p, sheet_part(p, PROGKEU), 14, 16, lambda b: b ^ 0xFF)
    return p


def damaged_stream(ctx: Ctx) -> Path:
    """A sheet whose compressed bytes are damaged: the zip directory is intact."""
    p = ctx.tmp / "AlirRusak.xlsm"
    shutil.copy(ctx.book, p)
    part = sheet_part(p, PROGKEU)
    with zipfile.ZipFile(p) as z:
        info = z.getinfo(part)
    data = bytearray(p.read_bytes())
    name_len, extra_len = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28],
                                         "little"), \
        int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    for i in range(start + 10, start + min(info.compress_size - 10, 200)):
        data[i] ^= 0x5A
    p.write_bytes(bytes(data))
    return p


def directory(ctx: Ctx) -> Path:
    p = ctx.tmp / "Folder.xlsm"
    p.mkdir()
    return p


def missing(ctx: Ctx) -> Path:
    return ctx.tmp / "TidakAda.xlsm"


def renamed_copy(name: str):
    def fn(ctx: Ctx) -> Path:
        folder = ctx.tmp / "Data Kinerja 2026 — Dinas"
        folder.mkdir()
        p = folder / name
        shutil.copy(ctx.book, p)
        return p
    return fn


def lock_file(name_fn: Callable[[str], str]):
    def prep(ctx: Ctx):
        (ctx.book.parent / name_fn(ctx.book.name)).write_bytes(b"pengguna")
    return prep


def read_only(ctx: Ctx):
    os.chmod(ctx.book, 0o444)


def own_lock_live(ctx: Ctx):
    import socket
    Path(safety.own_lock_path(str(ctx.book))).write_text(
        f"pid={os.getpid()}\nhost={socket.gethostname()}\nuser=budi\ntime=2026-01-01T08:00:00\n")


def own_lock_stale(ctx: Ctx):
    import socket
    Path(safety.own_lock_path(str(ctx.book))).write_text(
        f"pid=999999999\nhost={socket.gethostname()}\nuser=budi\ntime=2026-01-01T08:00:00\n")


def bad_table(content: bytes, name: str = "realisasi.csv"):
    def prep(ctx: Ctx):
        t = ctx.tmp / name
        if content is not None:
            t.write_bytes(content)
        ctx.argv = ("impor", "{book}", "--realisasi", str(t), "--triwulan", "1")
    return prep


@dataclass
class Row:
    id: str
    prep: Callable[[Ctx], None] | None
    code: int | tuple
    pattern: str            # {book} = the file name, {where} = sheet' sel CELL
    identical: bool
    argv: tuple | None = None


B = r"'{book}'"
NOT_NUM = r"\[error\] bukan_angka: Lembar '{where}: '{text}' bukan angka"

ROWS = [
    # --- cell contents --------------------------------------------------------------------
    Row("teks-angka-lokal", typed("1.234,5"), 0, r"\[peringatan\] persen_lebih_100: Lembar '{where}: Nilai 1\.234,5", False),
    Row("teks-persen-spasi", typed(" 19,5 % "), 0, r"0 error", False),
    Row("teks-bukan-angka", typed("sembilan belas"), 1,
        r"\[error\] bukan_angka: Lembar '{where}: 'sembilan belas' bukan angka", False),
    Row("strip-bukan-nol", typed("-"), 1, r"Lembar '{where}: .*'-'", False),
    Row("error-div0", raw("<v>#DIV/0!</v>", "e"), 1, r"Lembar '{where}: .*#DIV/0!", False),
    Row("error-ref", raw("<v>#REF!</v>", "e"), 1, r"Lembar '{where}: .*#REF!", False),
    Row("error-na", raw("<v>#N/A</v>", "e"), 1, r"Lembar '{where}: .*#N/A", False),
    Row("rumus-di-isian", raw("<f>10+9.5</f><v>19.5</v>", None), 0, r"0 error", False),
    Row("rumus-error-di-isian", raw("<f>1/0</f><v>#DIV/0!</v>", "e"), 1,
        r"Lembar '{where}: .*#DIV/0!", False),
    Row("tanggal-di-angka", typed(__import__("datetime").datetime(2026, 3, 31)), 1,
        r"Lembar '{where}: ", False),
    Row("boolean-di-angka", raw("<v>1</v>", "b"), 1, r"Lembar '{where}: .*(TRUE|True|bukan angka)",
        False),
    Row("angka-raksasa", typed(1e300), 0, r"\[peringatan\] [a-z_]+: Lembar '{where}: ", False),
    Row("angka-negatif", typed(-19.5), 1, r"\[error\] [a-z_]+: Lembar '{where}: .*negatif", False),
    Row("teks-nan", typed("NaN"), 1, r"Lembar '{where}: 'NaN' bukan angka", False),
    Row("teks-inf", typed("inf"), 1, r"Lembar '{where}: 'inf' bukan angka", False),
    Row("digit-arab", typed("١٩٫٥"), 1, r"Lembar '{where}: '١٩٫٥' bukan angka", False),
    Row("digit-devanagari", typed("१९"), 1, r"Lembar '{where}: '१९' bukan angka", False),
    Row("teks-sama-dengan", typed("=19,5"), 1, r"Lembar '{where}: '=19,5' bukan angka", False),
    Row("teks-at", typed("@SUM(1)"), 1, r"Lembar '{where}: '@SUM\(1\)' bukan angka", False),
    Row("impor-rumus-hyperlink", csv_value('=HYPERLINK("http://x","klik")'), 0, r"Impor", False),
    Row("impor-plus", csv_value("+62 812"), 0, r"Impor", False),
    Row("impor-minus-rumus", csv_value("-1+2"), 0, r"Impor", False),
    Row("impor-at", csv_value("@cmd|' /c calc'!A0"), 0, r"Impor", False),
    # 1.234 is 1234 or 1,234: the file has no other number to tell; refused, untouched.
    Row("impor-titik-ambigu", csv_value("1.234"), 2, r"'1\.234' dapat dibaca dua cara", True),
    # --- structure -------------------------------------------------------------------------
    Row("lembar-unit-diganti-nama", sheet_attr(PROGKEU, **{"name": "3 Bahan PK"}), 1,
        r"lembar_hilang: .*'" + PROGKEU, False, KONSOLIDASI),
    Row("lembar-unit-dihapus", delete_sheet(PROGKEU), 1, r"lembar_hilang: .*'" + PROGKEU, False),
    Row("lembar-unit-disembunyikan", sheet_attr(PROGKEU, state="hidden"), 0, r"0 error", False),
    Row("lembar-referensi-dihapus", delete_sheet(L.PK), 2,
        r"Lembar 'PK' tidak ada di buku kerja .*{book}", True),
    Row("judul-realisasi-diganti", header_cell(PROGKEU, L.realisasi_h(1), "Capaian TW I"), 1,
        r"kolom_hilang: Lembar '" + PROGKEU + r"' sel A9: .*Realisasi TW I", False),
    Row("judul-realisasi-dihapus", header_cell(PROGKEU, L.realisasi_h(1), None), 1,
        r"kolom_hilang: Lembar '" + PROGKEU + r"' sel A9", False),
    Row("judul-dipindah", swap_headers(PROGKEU, L.realisasi_h(1), L.target_h(1)), 0,
        r"Validasi TW I", False),
    Row("kolom-tambahan", extra_column, 0, r"0 error", False),
    Row("sel-gabung-atas-isian", merged_over_inputs, (0, 1), r"Validasi TW I", False),
    Row("kode-ganda", duplicate_code, 1, r"kode_ganda: Lembar '{where}", False),
    Row("baris-kosong-di-tengah", blank_row_inside, 1, r"I-02", False),
    Row("100000-baris", many_rows(100_000), 2,
        r"{book}.*" + PROGKEU + r".*100\.000 baris", True),
    # --- files --------------------------------------------------------------------------------
    Row("bukan-zip", replace_book(not_a_zip), 2, B + r" bukan buku kerja", True),
    Row("berkas-kosong", replace_book(empty_file), 2, B + r" bukan buku kerja", True),
    Row("zip-terpotong", replace_book(truncated), 2, B + r" rusak atau terpotong", True),
    Row("xls-lama", replace_book(ole_not_encrypted), 2, B + r" berformat Excel lama", True),
    Row("xlsx-dinamai-xlsm", replace_book(xlsx_renamed), 2, r"Lembar 'Pengaturan' tidak ada .*{book}",
        True),
    Row("terenkripsi", replace_book(encrypted), 2, B + r" dilindungi sandi", True),
    Row("bom-zip", replace_book(zip_bomb), 2, B + r": bagian xl/media/bom.bin .*bom zip", True),
    Row("ekspansi-entitas", replace_book(entity_expansion), 2, B + r": bagian .*DOCTYPE/ENTITY", True),
    Row("entitas-eksternal", replace_book(external_entity), 2, B + r": bagian xl/workbook.xml .*ENTITY",
        True),
    Row("xml-rusak", replace_book(broken_xml), 2, B + r" rusak: bagian xl/worksheets/.* bukan XML",
        True),
    Row("bagian-hilang", replace_book(missing_part), 2, B + r" tidak lengkap: bagian xl/worksheets/",
        True),
    Row("bagian-terenkripsi", replace_book(encrypted_member), 2,
        B + r" berisi bagian terenkripsi \(xl/worksheets/", True),
    Row("bagian-crc-salah", replace_book(wrong_crc), 2,
        B + r" rusak: bagian xl/worksheets/.* tidak dapat dibaca", True),
    Row("bagian-rusak", replace_book(damaged_stream), 2,
        B + r" rusak: bagian xl/worksheets/.* tidak dapat dibaca", True),
    Row("folder", replace_book(directory), 2, r"'{book}' adalah folder", False),
    Row("tidak-ada", replace_book(missing), 2, B + r" tidak ditemukan", False),
    Row("hanya-baca", read_only, 2, B + r" .*hanya-baca", True),
    Row("dibuka-excel", lock_file(lambda n: "~$" + n), 2, B + r" sedang dibuka di Excel", True),
    Row("dibuka-excel-nama-panjang", lock_file(lambda n: "~$" + n[2:]), 2,
        B + r" sedang dibuka di Excel", True),
    Row("dibuka-libreoffice", lock_file(lambda n: f".~lock.{n}#"), 2,
        B + r" sedang dibuka di LibreOffice", True),
    Row("jalur-spasi-non-ascii", replace_book(renamed_copy("Laporan Kinerja Dinas – Ü 2026.xlsm")), 0,
        r"Validasi TW I", False),
    Row("jalur-aksara-lain", replace_book(renamed_copy("كينرجا 成果 2026.xlsm")), 0,
        r"Validasi TW I", False),
    Row("tabel-impor-tidak-ada", bad_table(None, "tidak_ada.csv"), 2, r"tidak_ada\.csv", True),
    Row("tabel-impor-biner", bad_table(b"\x00\xff\xfe" * 100, "biner.csv"), 2, r"biner\.csv", True),
    Row("tabel-impor-tanpa-kolom", bad_table(b"Nama,Nilai\nx,1\n"), 2,
        r"realisasi\.csv.*(Kode|Realisasi)", True),
    Row("tabel-impor-xlsx-palsu", bad_table(b"bukan zip", "realisasi.xlsx"), 2, r"realisasi\.xlsx",
        True),
    # --- environment ----------------------------------------------------------------------------
    Row("sedang-diproses-run-lain", own_lock_live, 2, B + r" sedang diproses oleh kinerja-xl lain",
        True),
    Row("kunci-basi-diambil-alih", own_lock_stale, 0, r"Validasi TW I", False),
]


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_corpus_row(row: Row, submitted, tmp_path, capsys):
    book = tmp_path / "Contoh.xlsm"
    shutil.copy(submitted, book)
    ctx = Ctx(tmp=tmp_path, book=book, argv=row.argv or VALIDASI)
    if row.prep:
        row.prep(ctx)
    capsys.readouterr()
    target = ctx.book
    before = digest(target) if target.is_file() else None
    code = main([a.replace("{book}", str(target)) for a in ctx.argv])
    out, err = capsys.readouterr()
    text = out + err
    assert "Traceback" not in err and "galat yang tidak terduga" not in err, err
    codes = row.code if isinstance(row.code, tuple) else (row.code,)
    assert code in codes, (code, text)
    pattern = row.pattern.replace("{book}", re.escape(target.name)).replace("{where}", ctx.where)
    assert re.search(pattern, text, re.S), (pattern, text)
    if code == 2:
        assert before is None or digest(target) == before, "a refusal modified the workbook"
    if row.identical and before is not None:
        assert digest(target) == before
    if row.id == "hanya-baca":
        os.chmod(target, 0o644)
    value = getattr(ctx, "value", None)
    if value is not None and code != 2:
        # the imported text reached its cell as text (or as the number it reads as)
        sheet, r, c = locate(target)
        with open_workbook(target) as wb:
            got = wb.read(sheet)[r - 1][c - 1]
        if value[0] in "=+-@" and not re.fullmatch(r"-?\d+([.,]\d+)?", value):
            assert got == value


def test_corpus_is_large_enough():
    assert len(ROWS) >= 40
    assert len({r.id for r in ROWS}) == len(ROWS)


def test_disk_full_during_save(submitted, tmp_path, capsys, monkeypatch):
    book = tmp_path / "Contoh.xlsm"
    shutil.copy(submitted, book)
    before = digest(book)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(safety.os, "fsync", full)
    code = main(["konsolidasi", str(book), "--triwulan", "1"])
    monkeypatch.undo()
    out, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in err
    assert re.search(r"Gagal menyimpan 'Contoh\.xlsm': ruang disk penuh\. Berkas asli tidak diubah",
                     err), err
    assert digest(book) == before
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]


def test_disk_full_while_writing_temp(submitted, tmp_path, capsys, monkeypatch):
    """The temporary file itself cannot be written (the disk filled up mid-write)."""
    book = tmp_path / "Contoh.xlsm"
    shutil.copy(submitted, book)
    before = digest(book)
    real = safety.tempfile.mkstemp

    def mkstemp(*a, **k):
        fd, name = real(*a, **k)
        os.close(fd)
        fd = os.open("/dev/full", os.O_WRONLY) if os.path.exists("/dev/full") else None
        if fd is None:
            raise OSError(errno.ENOSPC, "No space left on device")
        return fd, name
    monkeypatch.setattr(safety.tempfile, "mkstemp", mkstemp)
    code = main(["konsolidasi", str(book), "--triwulan", "1"])
    monkeypatch.undo()
    _, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in err, err
    assert "ruang disk penuh" in err and "Contoh.xlsm" in err
    assert digest(book) == before
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]


# --- what users bring is data: formulas, CSV for Excel, names in other encodings -------------
CONTOH = OWN_VECTORS / "contoh"
# Text a person might bring in any table: a link, a DDE payload, a sign, an Excel error.
HYPERLINK = '=HYPERLINK("http://contoh.invalid/x","klik")'
DDE = "=cmd|' /C calc'!A0"
PAYLOADS = {
    ("unit.csv", "SEK-PK", "Nama unit"): HYPERLINK,
    ("unit.csv", "SEK-PK", "Nama pejabat"): "+62 812 555",
    ("pk.csv", "P-01", "Sasaran"): DDE,
    ("pk.csv", "P-01", "Indikator"): "=1+1",
    ("pk.csv", "I-01", "Indikator"): "@SUM(1)",
    ("pk.csv", "I-02", "Indikator"): "=A1*2",
    ("ra.csv", "P-01", "Rencana aksi"): "-cmd",
}
PENGATURAN_PAYLOAD = {"Instansi": HYPERLINK, "Alamat": DDE}


def _with(src: Path, dst: Path, key: str, changes: dict[tuple[str, str], str]) -> Path:
    """A copy of a contoh table with cells (row by its `key` column, header) replaced."""
    import csv as _csv
    with src.open(encoding="utf-8", newline="") as fh:
        rows = list(_csv.DictReader(fh))
    for (kode, header), value in changes.items():
        row = next(r for r in rows if r[key] == kode)
        row[header] = value
    fields = list(rows[0]) + [h for (_, h) in changes if h not in rows[0]]
    with dst.open("w", encoding="utf-8", newline="") as fh:
        w = _csv.DictWriter(fh, fieldnames=list(dict.fromkeys(fields)), quoting=_csv.QUOTE_ALL,
                            restval="")
        w.writeheader()
        w.writerows(rows)
    return dst


def hostile_tables(folder: Path, payloads=PAYLOADS, pengaturan=PENGATURAN_PAYLOAD) -> list[str]:
    """`buat` arguments for the contoh tables carrying `payloads`."""
    keys = {"unit.csv": "Kode unit", "pk.csv": "Kode", "ra.csv": "Kode"}
    args = []
    for name, option in (("unit.csv", "--unit"), ("pk.csv", "--pk"), ("ra.csv", "--ra")):
        changes = {(k, h): v for (f, k, h), v in payloads.items() if f == name}
        args += [option, str(_with(CONTOH / name, folder / name, keys[name], changes))]
    peng = folder / "pengaturan.csv"
    import csv as _csv
    with peng.open("w", encoding="utf-8", newline="") as fh:
        w = _csv.writer(fh, quoting=_csv.QUOTE_ALL)
        w.writerow(["Kunci", "Nilai"])
        w.writerows(pengaturan.items())
    return args + ["--pengaturan", str(peng)]


def formulas(path: Path) -> list[tuple[str, str]]:
    """(part, formula text) of every formula in every sheet part of the package."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                root = etree.fromstring(z.read(name))
                out += [(name, f.text or "") for f in root.iter(f"{{{NS}}}f")]
    return out


def ours(formula: str) -> bool:
    """The builder's capaian preview and the Temuan sheet's links to a cell."""
    return formula.startswith("IF(") or formula.startswith('HYPERLINK("#')


def all_text(path: Path) -> set[str]:
    with open_workbook(path) as wb:
        return {v for s in wb.sheet_names() for line in wb.read(s) for v in line
                if isinstance(v, str)}


def run(argv: list[str], capsys) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    text = out + err
    assert "Traceback" not in text and "galat yang tidak terduga" not in text, text
    return code, text


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("berumus")
    book = folder / "Berumus.xlsm"
    assert main(["buat", str(book), *hostile_tables(folder)]) == 0
    return book


def test_buat_stores_formula_looking_text_as_text(hostile_book):
    found = formulas(hostile_book)
    assert found and all(ours(f) for _, f in found), [x for x in found if not ours(x[1])]
    texts = all_text(hostile_book)
    for value in [*PAYLOADS.values(), *PENGATURAN_PAYLOAD.values()]:
        assert value in texts, value


def test_a_workbook_built_from_such_tables_reads_back_with_every_command(
        hostile_book, tmp_path, capsys):
    book = tmp_path / hostile_book.name
    shutil.copy(hostile_book, book)
    for argv in (["validasi", book, "--triwulan", "1"], ["status", book],
                 ["konsolidasi", book, "--triwulan", "1"]):
        code, text = run(argv, capsys)
        assert code in (0, 1) and "wajib diisi" not in text, text
    assert all(ours(f) for _, f in formulas(book))
    # staff copies: the staff sheet is drawn by the builder, the payloads are text
    copies = tmp_path / "salinan"
    code, text = run(["bagikan", book, "--triwulan", "1", "-o", copies], capsys)
    assert code == 0, text
    made = sorted(copies.glob("*.xlsx"))
    assert made
    for copy in made:
        assert all(ours(f) for _, f in formulas(copy)), copy.name
    assert {"=1+1", "@SUM(1)"} <= set().union(*(all_text(c) for c in made))
    # the kabupaten view and the flat table
    view = tmp_path / "Kabupaten.xlsx"
    code, text = run(["gabung", view, book], capsys)
    assert code in (0, 1) and formulas(view) == [], text
    flat = tmp_path / "Data.xlsx"
    code, text = run(["ekspor", book, "--format", "datar", "-o", flat, "--belum-final"], capsys)
    assert code == 0 and formulas(flat) == [], text
    assert {"=1+1", "@SUM(1)", "=A1*2"} <= all_text(flat)
    # the CSV for Excel neutralises them; the one for pandas keeps them as they are
    for desimal, expect in (("koma", "'=1+1"), ("titik", "=1+1")):
        out = tmp_path / f"Data-{desimal}.csv"
        code, text = run(["ekspor", book, "--format", "datar", "-o", out, "--belum-final",
                          "--desimal", desimal], capsys)
        assert code == 0, text
        import csv as _csv
        sep = L.CSV_DESIMAL[desimal][0]
        rows = list(_csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")),
                                    delimiter=sep))
        names = {r["Indikator"] for r in rows}
        assert expect in names and (("'@SUM(1)" if desimal == "koma" else "@SUM(1)") in names)


def test_csv_for_excel_neutralises_text_never_numbers(tmp_path):
    from kinerja_xl.io.tulis_tabel import Tabel, tulis_csv
    kolom = L.Columns("Uji", L.text("Teks", 10), L.number("Angka", 10, None))
    rows = [{"Teks": t, "Angka": -2.5} for t in ("=1+1", "+62", "-2,5", "@x", "\tx", "\rx",
                                                   "biasa", "'kutip")]
    for desimal, neutral in (("koma", True), ("titik", False)):
        out = tmp_path / f"uji-{desimal}.csv"
        tulis_csv(out, Tabel(kolom, rows), desimal)
        import csv as _csv
        got = list(_csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline=""),
                               delimiter=L.CSV_DESIMAL[desimal][0]))[1:]
        for (teks, angka), row in zip(got, rows):
            t = row["Teks"]
            assert teks == ("'" + t if neutral and t[0] in "=+-@\t\r" else t)
            assert angka == ("-2,5" if desimal == "koma" else "-2.5")  # a number, as is


def test_ekspor_docs_say_how_text_is_neutralised():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "ekspor.md").read_text(encoding="utf-8")
    words = " ".join(doc.split())
    assert "OWASP" in words and "'=HYPERLINK" in words
    assert "`--desimal titik` (untuk pandas, Power BI, R) menyimpan setiap teks persis" in words


# --- one guarded reader for every package ----------------------------------------------------
def _doctype_after_comment(data: bytes) -> bytes:
    """A DOCTYPE with an entity behind a 5 KB comment (a check of the first 4 KB misses it)."""
    body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
    return (b'<?xml version="1.0" encoding="UTF-8"?><!--' + b"x" * 5000 + b'-->'
            b'<!DOCTYPE workbook [<!ENTITY e "entitas">]>' + body)


def test_pdf_copy_refuses_a_doctype_anywhere(contoh_master, tmp_path):
    from kinerja_xl import pdf
    from kinerja_xl.io.base import WorkbookError
    book = tmp_path / "Contoh.xlsm"
    shutil.copy(contoh_master, book)
    rewrite(book, {"xl/workbook.xml": _doctype_after_comment})
    before = digest(book)
    with pytest.raises(WorkbookError) as err:
        pdf.write_single_sheet_copy(book, L.PENGATURAN, tmp_path / "salinan.xlsm")
    assert "'Contoh.xlsm'" in err.value.pesan and "xl/workbook.xml" in err.value.pesan
    assert "DOCTYPE/ENTITY" in err.value.pesan
    assert digest(book) == before


def test_pdf_copy_refuses_a_bomb_of_small_parts(contoh_master, tmp_path):
    from kinerja_xl import pdf
    from kinerja_xl.io.base import WorkbookError
    book = tmp_path / "Contoh.xlsm"
    shutil.copy(contoh_master, book)
    # each part under the 1 MB the per-part ratio looks at; together 12 MB from ~12 KB
    rewrite(book, {}, {f"xl/media/bom{i}.bin": b"\0" * 600_000 for i in range(20)})
    with pytest.raises(WorkbookError, match=r"'Contoh\.xlsm' dimampatkan lebih dari 100:1"):
        pdf.write_single_sheet_copy(book, L.PENGATURAN, tmp_path / "salinan.xlsm")


def test_too_many_members_is_refused_naming_the_limit(submitted, tmp_path, capsys, monkeypatch):
    book = tmp_path / "Contoh.xlsm"
    shutil.copy(submitted, book)
    rewrite(book, {}, {f"customXml/x{i}.xml": b"<x/>" for i in range(40)})
    monkeypatch.setattr(safety, "MAX_ENTRIES", 60)
    before = digest(book)
    code, text = run(["validasi", book, "--triwulan", "1"], capsys)
    assert code == 2 and re.search(r"'Contoh\.xlsm' berisi \d+ bagian \(batas 60 bagian\)", text)
    assert digest(book) == before


def _xlsx_table(path: Path, sheet_xml: bytes) -> Path:
    from openpyxl import Workbook
    wb = Workbook()
    wb.active["A1"] = "Kode"
    wb.save(path)
    rewrite(path, {"xl/worksheets/sheet1.xml": lambda _: sheet_xml})
    return path


def test_table_package_with_a_huge_declared_range_is_refused_before_reading(tmp_path):
    from kinerja_xl.io.base import WorkbookError
    head = f'<?xml version="1.0"?><worksheet xmlns="{NS}">'.encode()
    declared = _xlsx_table(tmp_path / "deklarasi.xlsx", head +
                           b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1">'
                           b'<c r="A1" t="inlineStr"><is><t>Kode</t></is></c></row>'
                           b'</sheetData></worksheet>')
    far = _xlsx_table(tmp_path / "jauh.xlsx", head +
                      b'<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                      b'</sheetData></worksheet>')
    for path in (declared, far):
        with pytest.raises(WorkbookError) as err:
            safety.open_table_package(path).close()
        assert f"'{path.name}'" in err.value.pesan and "1.048.576 baris" in err.value.pesan
        assert "batas 100.000 baris" in err.value.pesan
    fine = _xlsx_table(tmp_path / "biasa.xlsx", head +
                       b'<dimension ref="A1:B2"/><sheetData><row r="2"><c r="B2"><v>1</v></c>'
                       b'</row></sheetData></worksheet>')
    safety.open_table_package(fine).close()


def test_ods_table_with_repeated_cells_is_refused_but_trailing_empty_rows_are_not(tmp_path):
    from kinerja_xl.io.base import WorkbookError

    def ods(name: str, rows: str) -> Path:
        path = tmp_path / name
        content = ('<?xml version="1.0"?><office:document-content '
                   'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                   'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                   'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                   '<office:body><office:spreadsheet><table:table table:name="Lembar1">'
                   f'{rows}</table:table></office:spreadsheet></office:body>'
                   '</office:document-content>')
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            z.writestr("content.xml", content)
        return path
    cell = '<table:table-cell office:value-type="float" office:value="1"{rep}/>'
    bomb = ods("bom.ods", '<table:table-row table:number-rows-repeated="1048576">'
               + cell.format(rep=' table:number-columns-repeated="16384"')
               + '</table:table-row>')
    with pytest.raises(WorkbookError, match=r"'bom\.ods': lembar 'Lembar1'.*1\.048\.576 baris"):
        safety.open_table_package(bomb)
    normal = ods("biasa.ods", '<table:table-row>' + cell.format(rep="") + '</table:table-row>'
                 '<table:table-row table:number-rows-repeated="1048575">'
                 '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    safety.open_table_package(normal).close()
    doctype = ods("dtd.ods", "")
    rewrite(doctype, {"content.xml": _doctype_after_comment})
    with pytest.raises(WorkbookError, match="DOCTYPE/ENTITY"):
        safety.open_table_package(doctype)


# --- names and arguments in another encoding, the error log, links, refusals -----------------
def test_a_table_name_not_in_utf8_is_shown_escaped(submitted, tmp_path, capsys):
    book = tmp_path / "Contoh.xlsm"
    shutil.copy(submitted, book)
    raw_name = os.path.join(os.fsencode(tmp_path), b"realisasi-\xe9.csv")
    with open(raw_name, "wb") as fh:
        fh.write((CONTOH / "realisasi_tw2.csv").read_bytes())
    table = os.fsdecode(raw_name)  # what Python gives for such a name: lone surrogates
    code, text = run(["impor", book, "--realisasi", table, "--triwulan", "2"], capsys)
    assert code in (0, 1) and "realisasi-\\xe9.csv" in text, text
    missing = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"hilang-\xff.csv"))
    before = digest(book)
    code, text = run(["impor", book, "--realisasi", missing, "--triwulan", "2", "--json"],
                     capsys)
    assert code == 2 and "hilang-\\xff.csv" in text and digest(book) == before
    # the table's name is in Riwayat as written, and the chain still verifies
    code, text = run(["validasi", book, "--triwulan", "2"], capsys)
    assert "riwayat_rusak" not in text


def test_pk_perubahan_alasan_not_in_utf8(hostile_book, tmp_path, capsys):
    book = tmp_path / "Contoh.xlsm"
    shutil.copy(hostile_book, book)
    pk = _with(hostile_book.parent / "pk.csv", tmp_path / "pk2.csv", "Kode",
               {("P-01", "Target tahunan"): "96"})
    alasan = os.fsdecode(b"APBD Perubahan \xe9")
    code = main(["pk-perubahan", str(book), "--pk", str(pk), "--tanggal", "2026-08-01",
                 "--alasan", alasan, "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["alasan"] == "APBD Perubahan \\xe9", out + err
    assert any("APBD Perubahan \\xe9" in t for t in all_text(book))
    code, text = run(["validasi", book, "--triwulan", "1"], capsys)
    assert "riwayat_rusak" not in text


def test_error_log_is_private_and_never_follows_a_planted_link(sample_book, tmp_path, capsys,
                                                               monkeypatch):
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.delenv("KINERJA_XL_DEBUG", raising=False)
    log = safety.log_galat_path()
    assert log.is_relative_to(state)
    victim = tmp_path / "milik-pengguna.txt"
    victim.write_text("jangan diubah\n")
    log.parent.mkdir(parents=True)
    os.chmod(log.parent, 0o755)
    log.symlink_to(victim)

    def rusak(path):
        raise RuntimeError("galat tertanam")
    monkeypatch.setattr(safety, "check_writable", rusak)
    assert main(["konsolidasi", str(sample_book), "--triwulan", "1"]) == 2
    err = capsys.readouterr().err
    assert "galat tertanam" in err and "Rincian teknis" not in err  # nothing promised
    assert victim.read_text() == "jangan diubah\n"
    assert (os.stat(log.parent).st_mode & 0o777) == 0o700  # made private again
    log.unlink()
    assert main(["konsolidasi", str(sample_book), "--triwulan", "1"]) == 2
    assert str(log) in capsys.readouterr().err
    assert "galat tertanam" in log.read_text(encoding="utf-8")
    assert (os.stat(log).st_mode & 0o777) == 0o600


def test_gabung_skips_a_looping_link_given_by_name(submitted, tmp_path, capsys):
    loop = tmp_path / "Putar.xlsm"
    loop.symlink_to(loop.name)
    view = tmp_path / "Kabupaten.xlsx"
    code, text = run(["gabung", view, submitted, loop], capsys)
    assert code == 0, text
    assert re.search(r"\[peringatan\] tautan_berputar: '.*Putar\.xlsm' dilewati: tautan", text)
    assert "1 buku kerja digabung" in text and "1 dilewati" in text and view.is_file()


def test_refused_ekspor_leaves_nothing_behind(submitted, tmp_path, capsys):
    book = tmp_path / "Contoh.xlsm"
    shutil.copy(submitted, book)
    out = tmp_path / "keluaran"
    out.mkdir()
    target = out / "Data.csv"
    target.mkdir()  # -o names a folder
    before = digest(book)
    code, text = run(["ekspor", book, "--format", "datar", "-o", target, "--belum-final"], capsys)
    assert code == 2 and "'Data.csv' adalah folder" in text, text
    assert sorted(p.name for p in out.iterdir()) == ["Data.csv"]  # no cadangan/
    assert not any(target.iterdir())
    assert digest(book) == before


def test_a_failed_backup_leaves_no_empty_backup_folder(tmp_path, monkeypatch):
    path = tmp_path / "Data.xlsx"
    path.write_bytes(b"lama")

    def gagal(*a, **k):
        raise OSError(errno.EIO, "Input/output error")
    monkeypatch.setattr(safety.shutil, "copy2", gagal)
    from kinerja_xl.io.base import WorkbookError
    with pytest.raises(WorkbookError, match="Data.xlsx"):
        safety.atomic_write(str(path), lambda fh: fh.write(b"baru"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Data.xlsx"]
    assert path.read_bytes() == b"lama"


# --- property: any text through every free-text column of the `buat` tables -------------------
from hypothesis import HealthCheck, Phase, given, settings, strategies as st  # noqa: E402

KECIL = {"unit.csv": ("SEK", "SEK-PK"), "pk.csv": ("S-01", "P-01"), "ra.csv": ("S-01", "P-01")}
TEXT_COLUMNS = [("unit.csv", "SEK-PK", h) for h in ("Nama unit", "Nama pejabat", "Jabatan",
                                                    "Jabatan pemeriksa")] + \
    [("pk.csv", "P-01", h) for h in ("Sasaran", "Indikator", "Satuan")] + \
    [("ra.csv", "P-01", "Rencana aksi")]
PENGATURAN_TEXT = ("Pemerintah", "Instansi", "Alamat", "Tempat", "Nama penandatangan",
                   "Jabatan penandatangan", "Pangkat/golongan penandatangan")
# Any character a CSV can carry (NUL makes it a binary file, surrogates are not text).
huruf = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
teks_bebas = st.one_of(
    st.text(huruf, min_size=1, max_size=24),
    st.builds(lambda a, b: a + b, st.sampled_from("=+-@"), st.text(huruf, max_size=24)),
).filter(lambda s: s.strip() and s == s.strip())  # tables trim the ends of a cell


def _kecil(folder: Path, name: str, key: str) -> Path:
    import csv as _csv
    with (CONTOH / name).open(encoding="utf-8", newline="") as fh:
        rows = [r for r in _csv.DictReader(fh) if r[key] in KECIL[name]]
    dst = folder / ("kecil-" + name)
    with dst.open("w", encoding="utf-8", newline="") as fh:
        w = _csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return dst


# Each example builds a workbook: few examples, and no shrinking (minutes per failure);
# a failure prints the generated values as they are.
@settings(max_examples=4, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(teks_bebas, min_size=len(TEXT_COLUMNS) + len(PENGATURAN_TEXT),
                max_size=len(TEXT_COLUMNS) + len(PENGATURAN_TEXT), unique=True))
def test_any_text_through_every_table_column_reads_back_as_the_same_text(tmp_path_factory,
                                                                           values):
    folder = tmp_path_factory.mktemp("sifat")
    keys = {"unit.csv": "Kode unit", "pk.csv": "Kode", "ra.csv": "Kode"}
    for name, key in keys.items():
        shutil.copy(_kecil(folder, name, key), folder / f"asal-{name}")
    payloads = dict(zip(TEXT_COLUMNS, values))
    pengaturan = dict(zip(PENGATURAN_TEXT, values[len(TEXT_COLUMNS):]))
    args = []
    for name, option in (("unit.csv", "--unit"), ("pk.csv", "--pk"), ("ra.csv", "--ra")):
        changes = {(k, h): v for (f, k, h), v in payloads.items() if f == name}
        args += [option, str(_with(folder / f"asal-{name}", folder / name, keys[name], changes))]
    import csv as _csv
    peng = folder / "pengaturan.csv"
    with peng.open("w", encoding="utf-8", newline="") as fh:
        w = _csv.writer(fh)
        w.writerow(["Kunci", "Nilai"])
        w.writerows(pengaturan.items())
    book = folder / "Sifat.xlsm"
    assert main(["buat", str(book), *args, "--pengaturan", str(peng)]) == 0
    assert all(ours(f) for _, f in formulas(book))
    texts = all_text(book)
    for value in values:
        assert value in texts, value


# --- tables: --kolom, CSV fields, a value in the last cell ---------------------------
from test_tabel_umum import _bahan, tabel_per_triwulan  # noqa: E402


def test_a_mapped_column_wins_and_a_missing_one_is_an_error(sample_book, tmp_path, capsys):
    table = tmp_path / "r.csv"
    table.write_text("Kode,Realisasi,Capaian TW\nIN-01,1,97\n", encoding="utf-8")
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "1",
                 "--kolom", "Capaian TW=Realisasi"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert _bahan(sample_book, "INFRA", 1)["IN-01"][0] == 97
    before = sample_book.read_bytes()
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "1",
                 "--kolom", "Capaian Kuartal=Realisasi"]) == 2
    err = capsys.readouterr().err
    assert "'Capaian Kuartal' (--kolom)" in err and "'Capaian TW'" in err
    assert sample_book.read_bytes() == before


def test_the_mapped_column_is_named_in_the_output(sample_book, tmp_path, capsys):
    table = tmp_path / "r.csv"
    table.write_text("Kode,Realisasi,Capaian TW\nIN-01,1,97\n", encoding="utf-8")
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "1",
                 "--kolom", "Capaian TW=Realisasi"]) == 0
    assert "Kolom 'Capaian TW' (C1) dipakai sebagai Realisasi ('Capaian TW' (--kolom))" \
        in capsys.readouterr().out


def test_a_value_in_the_last_cell_of_a_sheet_is_refused_before_the_grid(sample_book,
                                                                         tmp_path, capsys):
    from openpyxl import Workbook
    plain = tmp_path / "plain.xlsx"
    wb = Workbook()
    wb.active.append(["Kode", "Realisasi"])
    wb.active.append(["IN-01", 5])
    wb.save(plain)
    far = tmp_path / "jauh.xlsx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(far, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>',
                              data).replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"'
                                            b' t="inlineStr"><is><t>x</t></is></c></row>'
                                            b"</sheetData>")
            out.writestr(info, data)
    before = sample_book.read_bytes()
    assert main(["impor", str(sample_book), "--realisasi", str(far), "--triwulan", "1"]) == 2
    err = capsys.readouterr().err
    assert "jauh.xlsx" in err and "1.048.576 baris × 16.384 kolom" in err
    assert "20.000.000 sel" in err and "Ctrl+End" in err
    assert sample_book.read_bytes() == before


def test_a_csv_field_longer_than_csv_default_limit_is_read_and_judged(sample_book, tmp_path,
                                                                       capsys):
    table = tmp_path / "panjang.csv"
    table.write_text("Kode;Realisasi;Keterangan\nIN-01;5;\"" + "x" * 200_000 + "\"\n",
                     encoding="utf-8")
    before = sample_book.read_bytes()
    # Read whole (csv's own 128 KiB limit does not speak), then refused by the limit of
    # one Excel cell, naming the cell.
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "1"]) == 2
    err = capsys.readouterr().err
    assert "sel C2" in err and "32.767 karakter" in err and "field limit" not in err
    assert sample_book.read_bytes() == before
    table.write_text("Kode;Realisasi;Keterangan\nIN-01;5;\"" + "y" * 30_000 + "\"\n",
                     encoding="utf-8")
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "1"]) == 0


def test_a_code_on_two_rows_of_a_table_writes_nothing(sample_book, tmp_path, capsys):
    table = tmp_path / "bulanan.csv"
    table.write_text("Kode;Bulan;Realisasi\nIN-01;Januari;10\nIN-02;Januari;3\n"
                     "IN-01;Februari;20\n", encoding="utf-8")
    before = sample_book.read_bytes()
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "1"]) == 2
    err = capsys.readouterr().err
    assert "bulanan.csv" in err and "sel A4" in err and "IN-01" in err
    assert sample_book.read_bytes() == before


def test_a_kolom_on_several_columns_or_of_another_quarter_is_refused(sample_book, tmp_path,
                                                                     capsys):
    table = tabel_per_triwulan(tmp_path / "tw.xlsx", gabung=False)
    before = sample_book.read_bytes()
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "2",
                 "--kolom", "Realisasi=Realisasi"]) == 2
    err = capsys.readouterr().err
    assert "'Realisasi' (--kolom)" in err and "beberapa kolom" in err
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "3",
                 "--kolom", "Triwulan II Realisasi=Realisasi"]) == 2
    err = capsys.readouterr().err
    assert "menyebut TW II, padahal yang diimpor TW III" in err
    assert sample_book.read_bytes() == before
    assert main(["impor", str(sample_book), "--realisasi", str(table), "--triwulan", "2",
                 "--kolom", "Triwulan II Realisasi=Realisasi"]) == 0
    assert _bahan(sample_book, "INFRA", 2)["IN-01"][0] == 98.3
