"""Step 9: the quarterly and annual reports (`9 Rekap TW I…IV`, `9 Rekap Tahunan`)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from .. import layout as L
from .. import teks
from ..halaman import baris_grafik, kapasitas, pecah_untuk_tanda_tangan
from ..hasil import Hasil
from ..io.base import Workbook
from ..io.cells import area_ref
from ..rules import Ringkasan, bulatkan, format_angka, ringkasan
from ..tinggi_baris import HURUF_KOP, Huruf, kolom_tabel, tinggi_baris, tinggi_garis, \
    tinggi_judul, tinggi_kop, tinggi_tabel
from .inti.snapshot import Snapshot
from .inti.blok import Plan
from .inti.hitung import HasilTahunan, HasilTriwulan, hasil_tahunan, hasil_triwulan, number, \
    report_order, sidik_tahunan, sidik_triwulan, tahunan_sementara
from .inti.jalankan import mulai, selesai, status_tahunan, status_triwulan
from . import validasi as val

SECTION_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _f(x) -> float | int | None:
    return number(x)


def _persen(x) -> float | None:
    """A percentage as shown: rounded to the cent."""
    b = bulatkan(x)
    return None if b is None else float(b)


# --- JSON rows (the contract of `rekap --json`) ----------------------------------------
def json_row_triwulan(h: HasilTriwulan) -> dict[str, Any]:
    return {"kode": h.ind.kode, "indikator": h.ind.nama, "satuan": h.ind.satuan,
            "arah": h.ind.arah, "agregasi": h.ind.agregasi, "unit": h.unit.kode,
            "bidang": h.bidang.kode, "target": _f(h.target), "realisasi": _f(h.realisasi),
            "capaian": h.capaian.as_float(), "predikat": h.predikat,
            "target_sd": _f(h.target_sd), "realisasi_sd": _f(h.realisasi_sd),
            "capaian_sd": h.capaian_sd.as_float(), "predikat_sd": h.predikat_sd,
            "progres_sd": _persen(h.progres_sd), "diajukan": h.q.diajukan}


def json_row_tahunan(h: HasilTahunan) -> dict[str, Any]:
    return {"kode": h.ind.kode, "indikator": h.ind.nama, "satuan": h.ind.satuan,
            "arah": h.ind.arah, "agregasi": h.ind.agregasi, "unit": h.unit.kode,
            "bidang": h.bidang.kode, "target": _f(h.target), "target_awal": _f(h.target_awal),
            "realisasi": _f(h.realisasi), "realisasi_tw": [_f(v) for v in h.realisasi_tw],
            "capaian": h.capaian.as_float(), "predikat": h.predikat,
            "realisasi_tahun_lalu": _f(h.ind.realisasi_tahun_lalu),
            "target_renstra": _f(h.ind.target_renstra),
            "capaian_renstra": h.capaian_renstra.as_float()}


# --- sheet rows --------------------------------------------------------------------------
def _row_tw(no: int, h: HasilTriwulan) -> dict[str, Any]:
    t = h.q.teks
    return {L.NO_H: no, L.KODE_H: h.ind.kode, L.SASARAN_H: h.ind.sasaran, L.INDIKATOR_H: h.ind.nama,
            L.SATUAN_H: h.ind.satuan, L.UNIT_H: h.unit.nama, L.TARGET_H: _f(h.target),
            L.REALISASI_H: _f(h.realisasi), L.CAPAIAN_PERSEN_H: h.capaian.as_float(),
            L.PREDIKAT_H: h.predikat, L.TARGET_SD_H: _f(h.target_sd),
            L.REALISASI_SD_H: _f(h.realisasi_sd), L.CAPAIAN_SD_PERSEN_H: h.capaian_sd.as_float(),
            L.PREDIKAT_SD_H: h.predikat_sd, L.PROGRES_SD_H: _persen(h.progres_sd),
            L.FAKTOR_PENDUKUNG_H: t.get("pendukung"),
            L.FAKTOR_PENGHAMBAT_H: t.get("penghambat"), L.TINDAK_LANJUT_H: t.get("tindak")}


def _row_tahunan(no: int, h: HasilTahunan) -> dict[str, Any]:
    lalu = h.ind.realisasi_tahun_lalu
    change = None
    if lalu is not None and h.realisasi is not None:
        change = _f(h.realisasi - type(h.realisasi)(str(lalu)))
    return {L.NO_H: no, L.KODE_H: h.ind.kode, L.SASARAN_H: h.ind.sasaran, L.INDIKATOR_H: h.ind.nama,
            L.SATUAN_H: h.ind.satuan, L.UNIT_H: h.unit.nama, L.TARGET_H: _f(h.target),
            **{L.realisasi_tw_h(n): _f(v) for n, v in zip(L.TRIWULAN, h.realisasi_tw,
                                                          strict=True)},
            L.REALISASI_H: _f(h.realisasi), L.CAPAIAN_PERSEN_H: h.capaian.as_float(),
            L.PREDIKAT_H: h.predikat, L.REALISASI_TAHUN_LALU_H: _f(lalu),
            L.PERUBAHAN_THD_TAHUN_LALU_H: change,
            L.TARGET_AKHIR_RENSTRA_H: _f(h.ind.target_renstra),
            L.CAPAIAN_THD_RENSTRA_PERSEN_H: h.capaian_renstra.as_float(),
            L.TARGET_AWAL_REKAP_H: _f(h.target_awal)}


def teks_rata_rata(label: str, r: Ringkasan) -> str:
    """The average line of a report section (also in the Word document, ops/dokumen.py)."""
    rata = "-" if r.rata is None else f"{format_angka(r.rata, 2)} %"
    return (f"Rata-rata capaian {label}: {rata} ({r.jumlah} indikator, "
            f"{r.sangat_rendah} Sangat Rendah)")


# Row kinds printed in bold (their conditional format): measured in bold.
TEBAL = {L.BARIS_BAGIAN, L.BARIS_RATA, L.BARIS_JUDUL, L.BARIS_NAMA}


class Sheet:
    """Rows of one report sheet, each placed by header, with the hidden row-kind
    marker (`layout.BARIS_*`) after the last column."""

    def __init__(self, spec: L.Generated):
        self.spec = spec
        self.width = spec.marker_col
        self.rows: list[list[Any]] = []
        self.tanda_tangan = 0  # index of the signature block's first row (its date)

    def add(self, values: dict[str, Any], kind: str | None) -> None:
        if kind is not None and kind not in L.BARIS:
            raise ValueError(f"unknown row kind {kind!r}")
        self.rows.append(self.spec.row(values) + [kind])

    def text(self, header: str, value: Any, kind: str | None = None) -> None:
        self.add({header: value}, kind)

    def blank(self) -> None:
        self.add({}, None)

    def heights(self) -> list[float]:
        """Each row's height for its wrapped text (see tinggi_baris)."""
        fonts = [Huruf(10, True) if row[-1] in TEBAL else None for row in self.rows]
        return tinggi_tabel(self.rows, kolom_tabel(self.spec), fonts)


TABEL = {L.BARIS_BAGIAN, L.BARIS_INDIKATOR, L.BARIS_RATA}


def tanda_tangan(snap: Snapshot, today: dt.date) -> tuple[str, str, Any, Any, str]:
    """The signature block's lines: place and date, jabatan, name, pangkat, NIP
    (the report sheets and the Word document, ops/dokumen.py)."""
    ref = snap.ref
    atur = ref.pengaturan
    tempat = atur.tempat   # no sample town when the office has not set one
    tanggal = atur.tanggal_laporan or today
    jabatan = teks.jabatan(atur.jabatan_penandatangan or ref.kepala, atur.status_penandatangan)
    return (f"{tempat}, {teks.tanggal(tanggal)}" if tempat else teks.tanggal(tanggal), jabatan,
            atur.nama_penandatangan or "(nama penandatangan)", atur.pangkat_penandatangan,
            f"NIP. {teks.nip(atur.nip_penandatangan or '')}")


def _signature(sheet: Sheet, snap: Snapshot, today: dt.date) -> None:
    col = sheet.spec.tanda_tangan
    tanggal, jabatan, nama, pangkat, nip = tanda_tangan(snap, today)
    sheet.blank()
    sheet.tanda_tangan = len(sheet.rows)
    sheet.text(col, tanggal)
    sheet.text(col, jabatan, L.BARIS_JUDUL)
    for _ in range(3):
        sheet.blank()
    sheet.text(col, nama, L.BARIS_NAMA)
    sheet.text(col, pangkat)
    sheet.text(col, nip)


def kop_surat(snap: Snapshot) -> list[Any]:
    """The letterhead's lines (REKAP_KOP_ROWS of them, None where empty), from
    Pengaturan; the report sheets and the Word document (ops/dokumen.py) print them."""
    ref = snap.ref
    atur = ref.pengaturan
    cetak = atur.cetak_kop
    kop = [(atur.pemerintah or "").upper(), (atur.instansi or "").upper(), atur.alamat, None,
           None] if cetak else [None] * L.REKAP_KOP_ROWS
    kosong = [k for k in ref.pengaturan_kosong()
              if k in (L.PEMERINTAH_KUNCI, L.INSTANSI_KUNCI, L.ALAMAT_KUNCI)]
    if cetak and kosong:
        # A report never goes out under an empty or borrowed letterhead.
        kop = ["KOP SURAT BELUM DIISI", f"Isi {', '.join(kosong)} di lembar Pengaturan",
               None, None, None]
    return kop


def _kop(snap: Snapshot, title: str, status: str, akhiran: str = ""
         ) -> dict[tuple[int, int], Any]:
    ref = snap.ref
    cells = {(r + 1, 1): v for r, v in enumerate(kop_surat(snap))}
    cells[(L.REKAP_TITLE_ROW, 1)] = f"{title} TAHUN {ref.tahun}{akhiran}"
    cells[(L.REKAP_TITLE_ROW + 1, 1)] = f"{ref.pengaturan.instansi or ''} — {status}"
    return cells


def _kop_heights(cells: dict[tuple[int, int], Any], spec: L.Generated) -> dict[int, float]:
    return tinggi_kop([cells.get((r, 1)) for r in range(1, len(HURUF_KOP) + 1)], spec)


def _chart(p: Plan, sheet_name: str, spec: L.Generated, pairs: list[tuple[str, Any]]) -> int:
    """The chart's data: one row per indicator that has a capaian (the codes as text)."""
    rows = [L.GRAFIK.row({L.GRAFIK_KODE_H: str(k), L.GRAFIK_CAPAIAN_PERSEN_H: v,
                          L.GRAFIK_TARGET_100_H: L.GRAFIK_SERATUS})
            for k, v in pairs if v is not None]
    p.block(sheet_name, spec.data_row, rows, len(L.GRAFIK), left=spec.chart_col)
    return len(rows)


# Rows above the table: the letterhead (its lines, the rule), the title (14 pt) and
# its subtitle (11 pt); others have Excel's default 15 pt.
def _line(size: float) -> float:
    return tinggi_baris([], minimum=tinggi_garis(Huruf(size)))


def _tinggi_atas(spec: L.Generated, kop: dict[int, float]) -> dict[int, float]:
    return {**kop, L.REKAP_GARIS_KOP: L.REKAP_GARIS_KOP_TINGGI,
            L.REKAP_TITLE_ROW: _line(14), L.REKAP_TITLE_ROW + 1: _line(11),
            spec.header_row: tinggi_judul(spec)}


def _pages(p: Plan, sheet_name: str, spec: L.Generated, sheet: "Sheet", bars: int,
           kop: dict[int, float], width: int | None = None) -> None:
    """Print the report whole: the signature block on one page with the last table
    rows (a manual break before those rows when needed), then the chart on a page of
    its own; the print area ends under the chart.  `width`: the printed columns (the
    annual report leaves its last column out when it is empty)."""
    width = width or len(spec)
    heights = sheet.heights()
    tinggi = _tinggi_atas(spec, kop)
    tinggi.update({spec.data_row + i: h for i, h in enumerate(heights)})
    last = spec.data_row + len(sheet.rows) - 1
    tabel = [spec.data_row + i for i, row in enumerate(sheet.rows) if row[-1] in TABEL]
    lebar = [k.lebar for k in kolom_tabel(spec)][:width]
    blok = (spec.data_row + sheet.tanda_tangan, last)  # date … NIP, the last row
    breaks = []
    before = pecah_untuk_tanda_tangan(tinggi, last, kapasitas(lebar), spec.header_row, blok,
                                      tabel)
    if before is not None:
        breaks.append(before)
    chart_row = last + 2
    n = baris_grafik(lebar, tinggi[spec.header_row])
    breaks.append(chart_row)
    p.page_breaks(sheet_name, breaks)
    p.chart(sheet_name, chart_row + 1, bars)
    p.block(sheet_name, spec.data_row, sheet.rows, sheet.width,
            heights=heights + [15.0] * (n + 1))
    p.name(L.PRINT_AREA, area_ref(sheet_name, 1, 1, chart_row + n - 1, width), sheet_name)


def _footer(sheet: Sheet, sidik_data: str, head: str) -> None:
    sheet.blank()
    sheet.text(L.NO_H, f"Sidik data laporan: {sidik_data}")
    sheet.text(L.NO_H, f"Kepala rantai Riwayat: {head}")


def _table(sheet: Sheet, snap: Snapshot, hasil, row_of, json_of):
    """Sections (SKPD first, then each Bidang) with their averages, and the Dinas
    average; returns the JSON rows and the chart pairs."""
    json_rows: list[dict[str, Any]] = []
    chart: list[tuple[str, Any]] = []
    all_caps = []
    no = 0
    for i, (label, inds) in enumerate(report_order(snap)):
        sheet.add({L.NO_H: SECTION_LETTERS[i % 26], L.KODE_H: label}, L.BARIS_BAGIAN)
        caps = []
        for ind in inds:
            no += 1
            h = hasil(ind)
            sheet.add(row_of(no, h), L.BARIS_INDIKATOR)
            json_rows.append(json_of(h))
            chart.append((ind.kode, h.capaian.as_float()))
            caps.append(h.capaian.bulat)
        all_caps += caps
        sheet.add({L.KODE_H: teks_rata_rata(label, ringkasan(caps, snap.ref.skala))}, L.BARIS_RATA)
    sheet.add({L.KODE_H: teks_rata_rata("Dinas", ringkasan(all_caps, snap.ref.skala))},
              L.BARIS_RATA)
    return json_rows, chart


def plan_triwulan(snap: Snapshot, n: int, head: str, status: str, today: dt.date
                  ) -> tuple[Plan, list[dict[str, Any]]]:
    spec = L.REKAP
    name = L.rekap_tw(n)
    sheet = Sheet(spec)
    json_rows, chart = _table(sheet, snap, lambda ind: hasil_triwulan(snap, ind, n), _row_tw,
                              json_row_triwulan)
    _footer(sheet, sidik_triwulan(snap, n), head)
    _quarter_notes(sheet, snap, n)
    _signature(sheet, snap, today)
    p = Plan()
    kop = _kop(snap, f"LAPORAN KINERJA TRIWULAN {L.ROMAWI[n]}", status)
    heights = _kop_heights(kop, spec)
    p.fixed(name, kop, heights)
    _pages(p, name, spec, sheet, _chart(p, name, spec, chart), heights)
    return p, json_rows


def _quarter_notes(sheet: Sheet, snap: Snapshot, n: int) -> None:
    """The report lists faktor pendukung/penghambat and tindak lanjut per indicator in
    the table; a status line tells whether each Bidang's data was approved."""
    from .inti.keputusan import pemeriksaan
    sheet.blank()
    sheet.text(L.NO_H, f"Pemeriksaan {snap.ref.kepala}:", L.BARIS_JUDUL)
    for p in pemeriksaan(snap, n):
        sheet.text(L.NO_H, f"{p.bidang.nama}: {p.keadaan_singkat}")


def plan_tahunan(snap: Snapshot, head: str, today: dt.date,
                 status: str = L.STATUS_TAHUNAN) -> tuple[Plan, list[dict[str, Any]]]:
    """`status` other than STATUS_TAHUNAN (a provisional report) goes into the title."""
    spec = L.REKAP_TAHUNAN_LAYOUT
    name = L.REKAP_TAHUNAN
    sheet = Sheet(spec)
    json_rows, chart = _table(sheet, snap, lambda ind: hasil_tahunan(snap, ind), _row_tahunan,
                              json_row_tahunan)
    _footer(sheet, sidik_tahunan(snap), head)
    _signature(sheet, snap, today)
    p = Plan()
    akhiran = "" if status == L.STATUS_TAHUNAN else f" — {status}"
    kop = _kop(snap, "LAPORAN KINERJA TAHUNAN", status, akhiran)
    heights = _kop_heights(kop, spec)
    p.fixed(name, kop, heights)
    p.fixed(name, _target_headers(snap, spec))
    # Without a PK Perubahan the empty "Target awal" column is not printed (it can be
    # left out only while it is the last column).
    hide = not _berubah(snap) and spec.col(L.TARGET_AWAL_REKAP_H) == len(spec)
    _pages(p, name, spec, sheet, _chart(p, name, spec, chart), heights,
           len(spec) - 1 if hide else len(spec))
    return p, json_rows


def _berubah(snap: Snapshot) -> bool:
    return any(i.berubah for i in snap.ref.indikator)


def _target_headers(snap: Snapshot, spec: L.Generated) -> dict[tuple[int, int], Any]:
    """After a PK Perubahan the report shows the first and the revised target."""
    target = L.TARGET_PERUBAHAN if _berubah(snap) else L.TARGET_H
    return {(spec.header_row, spec.col(L.TARGET_H)): target}


# --- the operation ---------------------------------------------------------------------
def rekap_triwulan(book: Workbook, triwulan: int | None = None,
                   today: dt.date | None = None) -> Hasil:
    ctx = mulai(book, today)
    n = ctx.snap.ref.triwulan(triwulan)
    status = status_triwulan(ctx.snap, n)

    plan, rows = plan_triwulan(ctx.snap, n, ctx.riwayat.anchor, status, ctx.today)
    found, lain = val.own_and_validation(ctx, val.findings_triwulan(ctx.snap, n))
    summary = f"Rekap {L.tw(n)} ({status})"
    written = selesai(ctx, plan, "9", "rekap", summary, sidik_triwulan(ctx.snap, n))
    return Hasil("rekap", book.path, n, rows, found, [summary], written, lain=lain)


def rekap_tahunan(book: Workbook, today: dt.date | None = None) -> Hasil:
    ctx = mulai(book, today)
    sementara = tahunan_sementara(ctx.snap)
    status = status_tahunan(ctx.snap)
    plan, rows = plan_tahunan(ctx.snap, ctx.riwayat.anchor, ctx.today, status)
    found, lain = val.own_and_validation(ctx, val.findings_tahunan(ctx.snap))
    summary = f"Rekap tahunan ({status})" if sementara else "Rekap tahunan"
    written = selesai(ctx, plan, "9", "rekap_tahunan", summary, sidik_tahunan(ctx.snap))
    return Hasil("rekap", book.path, None, rows, found, [summary], written, lain=lain,
                 tambahan={"status": status, "sementara": sementara})
