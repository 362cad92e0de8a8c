"""Every catalogued finding kind is emitted by the real code, on real input.

`SKENARIO` maps each kind of `temuan.KATALOG` to a scenario: it builds the input a
person could produce (a real .xlsm changed the way someone would change it, a copy
for `kumpulkan`, a broken file for `gabung`, a signed or damaged PDF), runs the
operation the user runs, and returns the findings with where the kind must point.
A kind added to the catalogue without a scenario fails `test_every_kind_has_a_scenario`.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from lxml import etree

from kinerja_xl import layout as L
from kinerja_xl.build.builder import contoh_path
from kinerja_xl.io.base import WorkbookError
from kinerja_xl.io import open_workbook
from kinerja_xl.ops.validasi import validasi
from kinerja_xl.ops.inti.snapshot import read_snapshot
from kinerja_xl.ops.bagikan import bagikan
from kinerja_xl.ops.gabung import gabung
from kinerja_xl.ops.inti.hitung import sidik
from kinerja_xl.ops.impor import impor
from kinerja_xl.ops.kumpulkan import kumpulkan
from kinerja_xl.ops.status import status
from kinerja_xl.outputs_adapter import OutputsAdapter
from kinerja_xl.temuan import KATALOG, Temuan

sys.path.insert(0, str(Path(__file__).parent))  # works whether tests/ is a package or not
from test_tte import CA, PASSWORD, minimal_pdf  # noqa: E402  (the PKI made for the TTE tests)

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SEK = L.bahan("SEK")
KODE = "SEK-01"  # %, Positif; RA target TW I 25, imported realisasi 24 with a Keterangan


def t(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 4, day, hour, minute)


@pytest.fixture(scope="module")
def diajukan(tmp_path_factory, sample_master) -> Path:
    """The sample workbook with TW I imported and submitted on 5 April."""
    path = tmp_path_factory.mktemp("jalur") / "diajukan.xlsm"
    shutil.copy(sample_master, path)
    with open_workbook(str(path), write=True) as book:
        impor(book, contoh_path("realisasi_tw1.csv"), 1, ajukan=True, now=t(5, 9))
        book.save()
    return path


class Kasus:
    """One scenario's workbook, and what a person does to it."""

    def __init__(self, src: Path, tmp: Path):
        self.tmp = tmp
        self.path = tmp / "kerja.xlsm"
        shutil.copy(src, self.path)

    def grid(self, sheet: str) -> list[list]:
        with open_workbook(str(self.path)) as book:
            return book.read(sheet)

    def tulis(self, sheet: str, cells: dict[tuple[int, int], object]) -> None:
        with open_workbook(str(self.path), write=True) as book:
            book.write_cells(sheet, cells)
            book.save()

    def sel_bahan(self, kode: str, header: str) -> tuple[int, int]:
        grid = self.grid(SEK)
        head = grid[L.BAHAN_HEADER_ROW - 1]
        row = next(r for r in range(L.BAHAN_DATA_ROW, len(grid) + 1)
                   if grid[r - 1][head.index("Kode")] == kode)
        return row, head.index(header) + 1

    def isi_bahan(self, kode: str, **by_header: object) -> str:
        """Type into the staff sheet; returns the cell of the first header."""
        cells, first = {}, None
        for header, value in by_header.items():
            r, c = self.sel_bahan(kode, header)
            cells[(r, c)] = value
            first = first or f"{openpyxl.utils.get_column_letter(c)}{r}"
        self.tulis(SEK, cells)
        return first

    def sel_ref(self, sheet: str, kode: str, header: str) -> tuple[int, int]:
        grid = self.grid(sheet)
        head = grid[L.REF_HEADER_ROW - 1]
        row = next(r for r in range(L.REF_DATA_ROW, len(grid) + 1)
                   if grid[r - 1][head.index("Kode")] == kode)
        return row, head.index(header) + 1

    def ketik(self, sheet: str, headers: tuple[str, ...], row: int, **values) -> None:
        """One row of a step sheet, by header ('_' for a space)."""
        self.tulis(sheet, {(row, headers.index(h.replace("_", " ")) + 1): v
                           for h, v in values.items()})

    def validasi(self, n: int = 1) -> list[Temuan]:
        """The operation as `kinerja-xl validasi` runs it; a stop gives its findings."""
        try:
            with open_workbook(str(self.path), write=True) as book:
                hasil = validasi(book, n, outputs=OutputsAdapter())
                book.save()
        except WorkbookError as exc:
            assert exc.exit_code == 2
            return list(exc.temuan)
        return hasil.temuan

    def status(self) -> list[Temuan]:
        with open_workbook(str(self.path), write=True) as book:
            hasil = status(book, now=t(30, 12), outputs=OutputsAdapter())
            book.save()
        return hasil.temuan

    def sidik_sek(self) -> str:
        with open_workbook(str(self.path)) as book:
            snap = read_snapshot(book)
        return sidik(snap, snap.ref.units["SEK"], 1)

    def hapus_lembar(self, name: str) -> None:
        """The sheet removed from the workbook as Excel would (its names go too)."""
        src = self.path.read_bytes()
        with zipfile.ZipFile(self.path) as z:
            items = [(i, z.read(i.filename)) for i in z.infolist()]
        root = etree.fromstring(dict((i.filename, d) for i, d in items)["xl/workbook.xml"])
        sheet = next(s for s in root.iter(f"{{{NS}}}sheet") if s.get("name") == name)
        sheet.getparent().remove(sheet)
        for d in list(root.iter(f"{{{NS}}}definedName")):
            if name in (d.text or "") or d.get("localSheetId") is not None:
                d.getparent().remove(d)
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        with zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in items:
                out.writestr(info, xml if info.filename == "xl/workbook.xml" else data)
        assert self.path.read_bytes() != src


# --- the scenarios: each returns (findings, attributes the kind's finding must have) ------
Hasil = tuple[list[Temuan], dict]


def _realisasi(value) -> Callable[[Kasus], Hasil]:
    def run(k: Kasus) -> Hasil:
        sel = k.isi_bahan(KODE, **{L.realisasi_h(1): value})
        return k.validasi(), {"lembar": SEK, "sel": sel, "kode": KODE}
    return run


def _kode_diganti(k: Kasus) -> Hasil:
    r, c = k.sel_bahan(KODE, "Kode")
    k.tulis(SEK, {(r, c): "SEK-99"})
    return k.validasi(), {"lembar": SEK, "kode": "SEK-99"}


def _indikator_hilang(k: Kasus) -> Hasil:
    r, c = k.sel_bahan(KODE, "Kode")
    k.tulis(SEK, {(r, c): "SEK-99"})
    return k.validasi(), {"lembar": SEK, "kode": KODE}


def _kode_ganda(k: Kasus) -> Hasil:
    r, c = k.sel_bahan(KODE, "Kode")
    k.tulis(SEK, {(r + 1, c): KODE})
    return k.validasi(), {"lembar": SEK, "kode": KODE, "sel": f"A{r + 1}"}


def _rendah(k: Kasus) -> Hasil:
    k.isi_bahan(KODE, **{L.realisasi_h(1): 10})  # 40 % of 25
    r, c = k.sel_bahan(KODE, L.penghambat_h(1))
    return k.validasi(), {"kode": KODE, "sel": f"{openpyxl.utils.get_column_letter(c)}{r}"}


def _tinggi(k: Kasus) -> Hasil:
    k.isi_bahan(KODE, **{L.realisasi_h(1): 50, L.bukti_h(1): None})  # 200 % of 25
    r, c = k.sel_bahan(KODE, L.bukti_h(1))
    return k.validasi(), {"kode": KODE, "sel": f"{openpyxl.utils.get_column_letter(c)}{r}"}


def _bukti_kosong(k: Kasus) -> Hasil:
    sel = k.isi_bahan(KODE, **{L.bukti_h(1): None})
    return k.validasi(), {"kode": KODE, "sel": sel}


def _target_ra(value) -> Callable[[Kasus], Hasil]:
    def run(k: Kasus) -> Hasil:
        r, c = k.sel_ref(L.RA, KODE, L.target_h(1))
        k.tulis(L.RA, {(r, c): value})
        return k.validasi(), {"kode": KODE, "lembar": SEK}
    return run


def _ra_tidak_konsisten(k: Kasus) -> Hasil:
    r, c = k.sel_ref(L.RA, KODE, L.target_h(4))  # Nilai Akhir: TW IV must be the year's 100
    k.tulis(L.RA, {(r, c): 90})
    return k.validasi(), {"kode": KODE, "lembar": L.RA}


def _belum_mengajukan(k: Kasus) -> Hasil:
    k.tulis(SEK, {(L.STATUS_ROW, L.STATUS_FIRST_COL): L.STATUS_DRAF})
    return k.validasi(), {"lembar": SEK}


def _kolom_hilang(k: Kasus) -> Hasil:
    r, c = k.sel_bahan(KODE, L.realisasi_h(1))
    k.tulis(SEK, {(L.BAHAN_HEADER_ROW, c): "Capaian TW I"})
    return k.validasi(), {"lembar": SEK, "sel": f"A{L.BAHAN_HEADER_ROW}"}


def _lembar_hilang(k: Kasus) -> Hasil:
    k.hapus_lembar(SEK)
    return k.validasi(), {"lembar": SEK}


def _koreksi_tidak_sah(k: Kasus) -> Hasil:
    k.ketik(L.KOREKSI_KASI, L.KOREKSI_HEADERS, L.STEP_DATA_ROW, Triwulan=1, Kode=KODE,
            Kolom="Target", Nilai_koreksi=30, Alasan="x", Oleh="Kasi")
    return k.validasi(), {"lembar": L.KOREKSI_KASI, "sel": f"A{L.STEP_DATA_ROW}"}


def _riwayat_rusak(k: Kasus) -> Hasil:
    k.validasi()  # writes the first Riwayat row
    top = L.RIWAYAT_LAYOUT.data_row
    col = L.RIWAYAT_HEADERS.index("Ringkasan") + 1
    assert k.grid(L.RIWAYAT)[top - 1][col - 1]
    k.tulis(L.RIWAYAT, {(top, col): "Validasi TW I: 0 error, 0 peringatan"})
    return k.validasi(), {"lembar": L.RIWAYAT}


def _unit_tidak_dikenal(k: Kasus) -> Hasil:
    r, c = k.sel_ref(L.PK, KODE, "Unit")
    k.tulis(L.PK, {(r, c): "SEK-XX"})
    return k.validasi(), {"lembar": L.PK, "kode": KODE,
                          "sel": f"{openpyxl.utils.get_column_letter(c)}{r}"}


def _skala_rusak(k: Kasus) -> Hasil:
    # The name of the first band erased: which predicate is >= 91 % is no longer known.
    k.tulis(L.PENGATURAN, {(L.REF_DATA_ROW, L.SKALA_FIRST_COL + 1): None})
    return k.validasi(), {"lembar": L.PENGATURAN}


def _isian_wajib_kosong(k: Kasus) -> Hasil:
    r, c = k.sel_ref(L.PK, KODE, "Satuan")
    k.tulis(L.PK, {(r, c): None})
    return k.validasi(), {"lembar": L.PK, "kode": KODE,
                          "sel": f"{openpyxl.utils.get_column_letter(c)}{r}"}


def _isian_ganda(k: Kasus) -> Hasil:
    # The second unit given the first one's Kode singkat.
    col = L.UNIT_HEADERS.index("Kode singkat") + 1
    first = k.grid(L.UNIT)[L.REF_DATA_ROW - 1][col - 1]
    k.tulis(L.UNIT, {(L.REF_DATA_ROW + 1, col): first})
    return k.validasi(), {"lembar": L.UNIT,
                          "sel": f"{openpyxl.utils.get_column_letter(col)}{L.REF_DATA_ROW + 1}"}


def _pengaturan_kosong(k: Kasus) -> Hasil:
    row = L.REF_DATA_ROW + L.SETTING_KEYS.index("Pemerintah")
    k.tulis(L.PENGATURAN, {(row, 2): None})
    return k.validasi(), {"lembar": L.PENGATURAN, "sel": f"B{row}"}


def _impor_tabel(text: str, where: dict, **opsi) -> Callable[[Kasus], Hasil]:
    """`impor` of a realisation table a person typed; a stop gives its findings."""
    def run(k: Kasus) -> Hasil:
        table = k.tmp / "realisasi.csv"
        table.write_text(text, encoding="utf-8")
        try:
            with open_workbook(str(k.path), write=True) as book:
                hasil = impor(book, table, 1, **opsi)
                book.save()
        except WorkbookError as exc:
            assert exc.exit_code == 2
            return list(exc.temuan), where
        return hasil.temuan, where
    return run


def _putusan(keputusan: str, sidik_fn: Callable[[Kasus], str]) -> Callable[[Kasus], None]:
    def write(k: Kasus) -> None:
        k.ketik(L.PEMERIKSAAN_KADIN, L.PEMERIKSAAN_HEADERS, L.STEP_DATA_ROW, Kode_unit="SEK",
                Triwulan=1, Keputusan=keputusan, Sidik=sidik_fn(k))
    return write


def _kedaluwarsa(k: Kasus) -> Hasil:
    _putusan("Disetujui", lambda k: "0" * 16)(k)
    return k.validasi(), {"lembar": L.PEMERIKSAAN_KADIN, "sel": f"E{L.STEP_DATA_ROW}"}


def _dikembalikan(k: Kasus) -> Hasil:
    _putusan("Dikembalikan", Kasus.sidik_sek)(k)
    return k.validasi(), {"lembar": L.PEMERIKSAAN_KADIN, "sel": f"C{L.STEP_DATA_ROW}"}


def _diubah_setelah_disetujui(k: Kasus) -> tuple[list[Temuan], str]:
    _putusan("Disetujui", Kasus.sidik_sek)(k)
    assert not any(x.tingkat == "error" and x.lembar == SEK for x in k.validasi())  # locks
    sel = k.isi_bahan(KODE, **{L.realisasi_h(1): 23})
    return k.validasi(), sel


def _data_berubah(k: Kasus) -> Hasil:
    found, _ = _diubah_setelah_disetujui(k)
    return found, {"lembar": L.PEMERIKSAAN_KADIN, "sel": f"E{L.STEP_DATA_ROW}"}


def _nilai_berubah(k: Kasus) -> Hasil:
    found, sel = _diubah_setelah_disetujui(k)
    return found, {"lembar": SEK, "sel": sel, "kode": KODE}


def _melewati_batas(k: Kasus) -> Hasil:
    # Staff were told to submit by 3 April; they submitted on 5 April.
    k.ketik(L.PEMBAGIAN_TUGAS, L.PEMBAGIAN_HEADERS, L.STEP_DATA_ROW, Triwulan=1, Kode=KODE,
            Batas_waktu=t(3, 16), Mulai=t(2, 8), Selesai=t(2, 8, 15))
    return k.status(), {"lembar": L.PEMBAGIAN_TUGAS, "sel": f"D{L.STEP_DATA_ROW}"}


def _melebihi_waktu_baku(k: Kasus) -> Hasil:
    # Step 4 took two hours; its waktu baku is one hour.
    k.ketik(L.KOREKSI_KASI, L.KOREKSI_HEADERS, L.STEP_DATA_ROW, Triwulan=1, Kode=KODE,
            Kolom="Realisasi", Nilai_koreksi=25, Alasan="Salah hitung", Oleh="Kasi",
            Mulai=t(6, 8), Selesai=t(6, 10))
    return k.status(), {"lembar": L.STATUS_SOP}


def _salinan(k: Kasus, ubah: Callable[[openpyxl.worksheet.worksheet.Worksheet], None] | None,
             kali: int) -> list[Temuan]:
    with open_workbook(str(k.path)) as book:
        copies = [Path(r["berkas"]) for r in bagikan(book, 2, k.tmp / "salinan",
                                                         outputs=OutputsAdapter()).baris]
    copy = next(p for p in copies if "_IKP_" in p.name)
    wb = openpyxl.load_workbook(copy)
    ws = wb.worksheets[0]
    head = {c.value: c.column for c in ws[L.BAHAN_HEADER_ROW] if c.value}
    ws.cell(row=L.BAHAN_DATA_ROW, column=head[L.realisasi_h(2)]).value = 61
    if ubah:
        ubah(ws)
    wb.save(copy)
    for _ in range(kali):
        with open_workbook(str(k.path), write=True) as book:
            hasil = kumpulkan(book, [str(copy)], True, 2)
            book.save()
    return hasil.temuan


def _salinan_ditolak(k: Kasus) -> Hasil:
    def target_diubah(ws):
        head = {c.value: c.column for c in ws[L.BAHAN_HEADER_ROW] if c.value}
        ws.cell(row=L.BAHAN_DATA_ROW, column=head[L.target_h(2)]).value = 1
    return _salinan(k, target_diubah, 1), {}


def _makro_berubah(k: Kasus) -> Hasil:
    # The tool's own xlwings.conf key changed, as a program that rewrote the file might.
    k.tulis(L.XLWINGS_CONF, {(1, 2): "modul_lain"})
    return k.status(), {"lembar": None}


def _salinan_sudah(k: Kasus) -> Hasil:
    return _salinan(k, None, 2), {}


def _buku_kerja_rusak(k: Kasus) -> Hasil:
    broken = k.tmp / "Rusak.xlsm"
    broken.write_bytes(k.path.read_bytes()[:5000])
    return gabung(k.tmp / "Kabupaten.xlsx", [k.path, broken]).temuan, {}


def _tautan_berputar(k: Kasus) -> Hasil:
    loop = k.tmp / "Putar.xlsm"
    loop.symlink_to(loop.name)  # a link to itself, given by name
    return gabung(k.tmp / "Kabupaten.xlsx", [k.path, loop]).temuan, {}


# --- electronic signatures --------------------------------------------------------------
def _pdf(k: Kasus, damage: Callable[[bytes], bytes] | None = None, signed: bool = True,
         roots: str = "ca") -> list[Temuan]:
    from kinerja_xl import tte
    ca = CA()
    src = minimal_pdf(k.tmp / "laporan.pdf")
    pdf = tte.sign_pdf(src, k.tmp / "ttd.pdf", ca.p12(k.tmp / "ttd.p12"), PASSWORD) \
        if signed else src
    if damage:
        pdf.write_bytes(damage(pdf.read_bytes()))
    root = (ca if roots == "ca" else CA("Root Lain")).pem(k.tmp / "akar.pem")
    return tte.temuan_verifikasi(tte.verify_pdf(pdf, [root]), True)


def _flip_content(data: bytes) -> bytes:
    out = bytearray(data)
    out[data.index(b"Laporan kinerja halaman 1") + 3] ^= 0x01
    return bytes(out)


def _flip_signature_value(data: bytes) -> bytes:
    """The document digest still matches; the signature over it does not."""
    from asn1crypto import cms
    m = re.search(rb"/Contents\s*<([0-9a-fA-F]+)>", data)
    info = cms.ContentInfo.load(bytes.fromhex(m[1].decode()))
    signer = info["content"]["signer_infos"][0]
    value = bytearray(signer["signature"].native)
    value[10] ^= 0x01  # inside r of the ECDSA (r, s)
    signer["signature"] = bytes(value)
    hexa = info.dump().hex().encode().ljust(len(m[1]), b"0")
    return data[:m.start(1)] + hexa + data[m.end(1):]


# --- PK Perubahan --------------------------------------------------------------------------
def _tabel_perubahan(k: Kasus, name: str, ganti: tuple[str, str] | None = None,
                     buang: str | None = None) -> Path:
    """The sample PK or RA table as a revised one: a text replaced, a code's row left out."""
    out = []
    for line in contoh_path(name).read_text(encoding="utf-8").splitlines():
        if buang and line.startswith(buang + ","):
            continue
        out.append(line.replace(*ganti) if ganti else line)
    path = k.tmp / f"perubahan_{name}"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def _pk_perubahan(k: Kasus, pk: Path, ra: Path | None = None,
                  tanggal: dt.date = dt.date(2026, 10, 5)) -> list[Temuan]:
    """`kinerja-xl pk-perubahan` as run on 6 October; a refusal gives its findings."""
    from kinerja_xl.ops.pk_perubahan import pk_perubahan
    try:
        with open_workbook(str(k.path), write=True) as book:
            hasil = pk_perubahan(book, pk, ra, tanggal, "APBD Perubahan",
                                 today=dt.date(2026, 10, 6))
            book.save()
    except WorkbookError as exc:
        assert exc.exit_code == 2
        return list(exc.temuan)
    return hasil.temuan


def _setujui_tw1(k: Kasus) -> None:
    """The Kadin approves SEK's TW I on 15 April; validasi records and locks it."""
    k.ketik(L.PEMERIKSAAN_KADIN, L.PEMERIKSAAN_HEADERS, L.STEP_DATA_ROW, Kode_unit="SEK",
            Triwulan=1, Keputusan="Disetujui", Sidik=k.sidik_sek(), Selesai=t(15, 9))
    k.validasi()


RA_SEK01 = ("SEK-01,Penyusunan dokumen perencanaan,25,50,75,",
            "SEK-01,Penyusunan dokumen perencanaan,30,50,80,")  # TW I 25 → 30, TW III → 80


def _target_tetap(k: Kasus) -> Hasil:
    """A PK Perubahan on 5 October restating SEK-01's TW I target (approved 15 April)
    beside a new TW III target."""
    _setujui_tw1(k)
    found = _pk_perubahan(k, contoh_path("pk.csv"), _tabel_perubahan(k, "ra.csv", RA_SEK01))
    return found, {"lembar": L.RA, "sel": f"C{L.REF_DATA_ROW + 3}", "kode": KODE}


def _target_disetujui(k: Kasus) -> Hasil:
    """The same RA dated 10 April, before the approval of 15 April: refused."""
    _setujui_tw1(k)
    found = _pk_perubahan(k, contoh_path("pk.csv"), _tabel_perubahan(k, "ra.csv", RA_SEK01),
                          dt.date(2026, 4, 10))
    return found, {"lembar": None, "sel": "C5", "kode": KODE}


def _pk_indikator_hilang(k: Kasus) -> Hasil:
    return _pk_perubahan(k, _tabel_perubahan(k, "pk.csv", buang=KODE)), {"kode": KODE}


def _pk_indikator_baru(k: Kasus) -> Hasil:
    pk = _tabel_perubahan(k, "pk.csv", (f"{KODE},", "SEK-09,"))
    return _pk_perubahan(k, pk), {"lembar": None, "sel": "A5", "kode": "SEK-09"}


def _pk_kolom_tetap(k: Kasus) -> Hasil:
    pk = _tabel_perubahan(k, "pk.csv", ("tepat waktu,%,", "tepat waktu,Dokumen,"))
    return _pk_perubahan(k, pk), {"lembar": None, "sel": "F5", "kode": KODE}


def _pk_ra_hilang(k: Kasus) -> Hasil:
    ra = _tabel_perubahan(k, "ra.csv", buang=KODE)
    return _pk_perubahan(k, contoh_path("pk.csv"), ra), {"kode": KODE}


SKENARIO: dict[str, Callable[[Kasus], Hasil]] = {
    "bukan_angka": _realisasi("12,5a"),
    "tanda_strip": _realisasi("-"),
    "nilai_negatif": _realisasi(-5),
    "realisasi_kosong": _realisasi(None),
    "kode_tidak_dikenal": _kode_diganti,
    "kode_ganda": _kode_ganda,
    "indikator_hilang": _indikator_hilang,
    "capaian_rendah_tanpa_penjelasan": _rendah,
    "data_berubah_setelah_disetujui": _data_berubah,
    "nilai_disetujui_berubah": _nilai_berubah,
    "riwayat_rusak": _riwayat_rusak,
    "lembar_hilang": _lembar_hilang,
    "kolom_hilang": _kolom_hilang,
    "isian_tidak_sah": _koreksi_tidak_sah,
    "unit_tidak_dikenal": _unit_tidak_dikenal,
    "skala_rusak": _skala_rusak,
    "salinan_ditolak": _salinan_ditolak,
    "buku_kerja_rusak": _buku_kerja_rusak,
    "tautan_berputar": _tautan_berputar,
    "tte_tidak_ada": lambda k: (_pdf(k, signed=False), {}),
    "tte_tidak_utuh": lambda k: (_pdf(k, _flip_content), {"kode": "TTE"}),
    "tte_tidak_sah": lambda k: (_pdf(k, _flip_signature_value), {"kode": "TTE"}),
    "tte_cakupan": lambda k: (_pdf(k, lambda d: d + b"\n% tambahan\n"), {"kode": "TTE"}),
    "tte_tidak_tepercaya": lambda k: (_pdf(k, roots="lain"), {"kode": "TTE"}),
    "target_kosong": _target_ra(None),
    "capaian_tidak_terdefinisi": _target_ra(0),
    "ra_tidak_konsisten": _ra_tidak_konsisten,
    "capaian_tinggi_tanpa_keterangan": _tinggi,
    "persen_lebih_100": _realisasi(150),
    "mirip_pecahan": _realisasi(0.5),
    "besaran_janggal": _realisasi(2),
    "bukti_kosong": _bukti_kosong,
    "unit_belum_mengajukan": _belum_mengajukan,
    "persetujuan_kedaluwarsa": _kedaluwarsa,
    "laporan_dikembalikan": _dikembalikan,
    "melebihi_waktu_baku": _melebihi_waktu_baku,
    "melewati_batas_waktu": _melewati_batas,
    "salinan_sudah_dikumpulkan": _salinan_sudah,
    "makro_berubah": _makro_berubah,
    "isian_wajib_kosong": _isian_wajib_kosong,
    "isian_ganda": _isian_ganda,
    "pengaturan_kosong": _pengaturan_kosong,
    "pemisah_ambigu": _impor_tabel(f"Kode,Realisasi\n{KODE},28.125\n",
                                   {"lembar": None, "sel": "B2"}),
    "pemisah_bertentangan": _impor_tabel(f"Kode,Realisasi\n{KODE},\"12,5\"\n",
                                         {"lembar": None, "sel": "B2"}, desimal="titik"),
    "galat_excel": _impor_tabel(f"Kode,Realisasi\n{KODE},#DIV/0!\n",
                                {"lembar": None, "sel": "B2"}),
    "kolom_diabaikan": _impor_tabel(f"Kode,Realisasi,PIC\n{KODE},24,Budi\n",
                                    {"lembar": None, "sel": "C1"}),
    "baris_dilewati": _impor_tabel(f"Kode,Realisasi\n{KODE},24\n,5\nSEK-02,1\n",
                                   {"lembar": None, "sel": "A3"}),
    # '11.500' in a file whose other text number has a decimal point: read 11,5, said so.
    "pemisah_diputuskan": _impor_tabel(f'Kode,Realisasi\n{KODE},"75.5"\nSEK-02,"11.500"\n',
                                       {"lembar": None, "sel": "B3"}),
    # An Evaluasi Renja form whose indicator cell numbers two indicators beside one value.
    "indikator_berbutir": _impor_tabel(
        '"Kode","Program/Kegiatan","Indikator Kinerja","Satuan",'
        '"Target Kinerja dan Anggaran Renja Tahun Berjalan yang Dievaluasi K","Rp",'
        '"Realisasi Kinerja pada Triwulan I K","Rp"\n'
        f'"{KODE}","Program X","1. Indeks A 2. Indeks B","%","90","","24",""\n',
        {"lembar": None, "sel": "C2"}),
    "target_triwulan_tetap": _target_tetap,
    "pk_perubahan_target_disetujui": _target_disetujui,
    "pk_perubahan_indikator_hilang": _pk_indikator_hilang,
    "pk_perubahan_indikator_baru": _pk_indikator_baru,
    "pk_perubahan_kolom_tetap": _pk_kolom_tetap,
    "pk_perubahan_ra_hilang": _pk_ra_hilang,
}


def test_every_kind_has_a_scenario():
    assert sorted(SKENARIO) == sorted(KATALOG)


@pytest.mark.parametrize("kind", list(SKENARIO))
def test_kind_is_emitted_by_the_real_code_path(kind, diajukan, tmp_path):
    found, where = SKENARIO[kind](Kasus(diajukan, tmp_path))
    mine = [f for f in found if f.kode_temuan == kind]
    assert mine, f"{kind} not among {sorted({f.kode_temuan for f in found})}"
    assert any(all(getattr(f, a) == v for a, v in where.items()) for f in mine), \
        (where, [f.as_dict() for f in mine])
    assert all(f.tingkat == KATALOG[kind].tingkat for f in mine)


@pytest.mark.parametrize("kind", ["skala_rusak", "unit_tidak_dikenal"])
def test_broken_reference_stops_with_exit_2_naming_the_cell(kind, diajukan, tmp_path, capsys):
    """A scale or a PK the reports cannot be computed with stops the run (exit 2), the
    message names the sheet and cell, and the workbook is left as it was."""
    from kinerja_xl import cli
    k = Kasus(diajukan, tmp_path)
    found, where = SKENARIO[kind](k)  # leaves the broken reference in the workbook
    before = k.path.read_bytes()
    capsys.readouterr()
    code = cli.main(["validasi", str(k.path), "--triwulan", "1"])
    err = capsys.readouterr().err
    assert code == 2 and k.path.read_bytes() == before
    f = next(f for f in found if f.kode_temuan == kind)
    assert f"Lembar '{where['lembar']}' sel {f.sel}" in f.pesan
    assert f.sel in err and "Traceback" not in err


def test_a_lock_recorded_as_prose_still_names_the_changed_cell(diajukan, tmp_path):
    """A quarter locked before Riwayat records carried data: its row holds the approved
    values as prose ('… Nilai disetujui: kode;target;… | …'), still read cell by cell."""
    from kinerja_xl.ops.inti import keputusan
    from kinerja_xl.ops.inti.riwayat import Riwayat
    k = Kasus(diajukan, tmp_path)
    sid = k.sidik_sek()
    _putusan("Disetujui", lambda k: sid)(k)
    with open_workbook(str(k.path), write=True) as book:
        snap = read_snapshot(book)
        bidang = snap.ref.units["SEK"]
        nilai = keputusan.nilai_disetujui(snap, bidang, 1)["nilai_disetujui"]
        prosa = " | ".join(";".join([kode] + v) for kode, v in nilai.items())
        riwayat = Riwayat(book)
        riwayat.append("8", "kunci", f"Isian {bidang.nama} TW I dikunci setelah disetujui. "
                       f"Nilai disetujui: {prosa}", keputusan.tanda_kunci(bidang, 1, sid))
        riwayat.flush()
        book.save()
    sel = k.isi_bahan(KODE, **{L.realisasi_h(1): 23})
    found = [(t.kode_temuan, t.lembar, t.sel, t.kode) for t in k.validasi()]
    assert ("nilai_disetujui_berubah", SEK, sel, KODE) in found
    with open_workbook(str(k.path)) as book:
        assert [r.aksi for r in Riwayat(book).rows].count("kunci") == 1
