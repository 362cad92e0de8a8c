"""`ekspor`: the workbook's figures in files other systems take, without retyping.

- `esakip_capaian`: the e-SAKIP application's "Template Import Capaian Kinerja" for
  one quarter, from the figures the Kadin approved (corrections of steps 4 and 6
  applied).  A quarter not approved for every Sekretariat/Bidang is refused unless
  the caller asks for a provisional file, and then the file and the summary say so.
- `datar`: one flat, typed table (a row per indicator × quarter and one per indicator
  for the year) for pandas, Power BI or a PivotTable.

The workbook is only read; the new file is written through the `io` package.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .. import layout as L
from .. import teks
from ..hasil import Hasil
from ..io.base import Workbook, WorkbookError
from ..io.tulis_tabel import Tabel, tulis_csv, tulis_xlsx
from ..rules import parse_angka
from .inti.snapshot import Snapshot, read_snapshot
from .inti.hitung import HasilTahunan, HasilTriwulan, hasil_tahunan, hasil_triwulan, number, \
    sidik, sidik_laporan
from .inti.keputusan import Pemeriksaan, pemeriksaan
from .status import waktu

FORMAT = ("esakip-capaian", "datar")


def keluaran(book: Workbook, out: str | Path, suffixes: tuple[str, ...]) -> Path:
    """The output file an operation writes beside the workbook (`ekspor`, `dokumen`):
    one of `suffixes`, never the workbook itself."""
    out = Path(out)
    if out.suffix.lower() not in suffixes:
        raise WorkbookError(f"Berkas keluaran '{out.name}' harus berakhiran "
                            f"{' atau '.join(suffixes)}.")
    if book.path and out.exists() and out.resolve() == Path(book.path).resolve():
        raise WorkbookError(f"Berkas keluaran '{out.name}' adalah buku kerja itu sendiri; "
                            "pilih nama lain.")
    return out


# --- e-SAKIP "Template Import Capaian Kinerja" ------------------------------------------
def _esakip_row(h: HasilTriwulan) -> dict[str, Any]:
    t = h.q.teks
    # The other columns (Solusi, PIC, Batas Waktu TL, link of last quarter's RTL) have no
    # source in the workbook and stay empty.
    return {L.KODE_INDIKATOR_H: h.ind.kode_esakip or h.ind.kode,
            L.REALISASI_TW_H: number(h.realisasi),
            L.KENDALA_H: t.get("penghambat"),
            L.RENCANA_TINDAK_LANJUT_H: t.get("tindak"),
            L.LINK_BUKTI_DUKUNG_KINERJA_H: t.get("bukti")}


def esakip_capaian(book: Workbook, out: str | Path, triwulan: int,
                   belum_final: bool = False, now: dt.datetime | None = None) -> Hasil:
    out = keluaran(book, out, (".xlsx",))
    snap = read_snapshot(book)
    n = triwulan
    periksa = pemeriksaan(snap, n)
    belum = [p for p in periksa if not p.disetujui]
    if belum and not belum_final:
        daftar = "; ".join(f"{p.bidang.nama}: {p.keadaan}" for p in belum)
        raise WorkbookError(
            f"{book.path}: {L.tw(n)} belum final — belum disetujui Kepala Dinas "
            f"(lembar '{L.PEMERIKSAAN_KADIN}'): {daftar}. Ekspor e-SAKIP hanya memuat angka "
            "yang sudah disetujui; tambahkan --belum-final untuk berkas sementara.")
    rows, kosong = [], []
    for ind in snap.ref.indikator:
        h = hasil_triwulan(snap, ind, n)
        if h.capaian.alasan == "tidak_diukur":
            continue
        rows.append(_esakip_row(h))
        if h.realisasi is None:
            kosong.append(ind.kode)
    status = L.STATUS_BELUM_FINAL if belum else L.STATUS_FINAL
    instansi = snap.ref.pengaturan.instansi or ""
    stamp = (now or dt.datetime.now()).replace(microsecond=0)
    notes = [(L.INSTANSI_KUNCI, instansi), ("Tahun", snap.ref.tahun), (L.TRIWULAN_H, L.tw(n)),
             ("Status", status + ("; angka sementara, jangan diunggah sebagai capaian resmi"
                                  if belum else "")),
             ("Sumber", Path(book.path or "").name),
             ("Sidik data", sidik_laporan([sidik(snap, b, n) for b in snap.ref.induk_units()])),
             ("Dibuat", stamp.strftime("%d/%m/%Y %H:%M"))]
    notes += [(f"Pemeriksaan {p.bidang.nama}", p.keadaan) for p in periksa]
    data = Tabel(L.ESAKIP_CAPAIAN_TABLE, rows)
    ket = Tabel(L.EKSPOR_KETERANGAN_TABLE, [{"Keterangan": k, "Nilai": v} for k, v in notes],
                bekukan=False)
    tulis_xlsx(out, [data, ket], f"Capaian Kinerja {instansi} {L.tw(n)} {snap.ref.tahun} "
               f"({status})")
    summary = [f"Ekspor e-SAKIP {L.tw(n)} ({status}): {len(rows)} indikator ke {out}."]
    if belum:
        summary.append("Berkas memuat angka yang belum disetujui Kepala Dinas ("
                       + "; ".join(f"{p.bidang.nama}: {p.keadaan}" for p in belum) + ").")
    if kosong:
        summary.append(f"{len(kosong)} indikator tanpa realisasi (Realisasi TW kosong): "
                       + ", ".join(kosong) + ".")
    baris = [{"kode_indikator": r[L.KODE_INDIKATOR_H], "realisasi_tw": r[L.REALISASI_TW_H]}
             for r in rows]
    return Hasil("ekspor", book.path, n, baris, list(snap.temuan), summary,
                 tambahan={"keluaran": str(out), "format": "esakip-capaian",
                           "final": not belum})


# --- the flat table ---------------------------------------------------------------------
def _koreksi_oleh(snap: Snapshot, h: HasilTriwulan) -> str | None:
    """Everyone whose correction of the realisation counted, step 4 before step 6."""
    if not h.q.diajukan:
        return None
    names = []
    for k in sorted(snap.koreksi, key=lambda k: (k.langkah, k.baris)):
        if (k.kode, k.triwulan, k.kolom) != (h.ind.kode, h.n, L.REALISASI_H):
            continue
        angka = parse_angka(k.nilai)
        if angka.nilai is not None and not angka.masalah:  # a bad value was not applied
            names.append(f"{k.oleh or '-'} (langkah {k.langkah})")
    return ", ".join(names) or None


def _keputusan_row(snap: Snapshot, p: Pemeriksaan) -> tuple[str, str | None,
                                                            dt.datetime | None]:
    if p.disetujui:
        state = L.DISETUJUI
    elif p.kedaluwarsa:
        state = L.KEPUTUSAN_KEDALUWARSA
    elif p.keputusan:
        state = p.keputusan
    else:
        return L.KEPUTUSAN_BELUM, None, None
    when = None
    for row in snap.step_rows.get(L.PEMERIKSAAN_KADIN, []):
        if row.row == p.baris:
            when = _waktu(row.get(L.SELESAI_H)) or _waktu(row.get(L.MULAI_H))
    who = None
    if state == L.DISETUJUI:
        ref = snap.ref
        atur = ref.pengaturan
        who = atur.nama_penandatangan or teks.jabatan(
            atur.jabatan_penandatangan or "Kepala Dinas", atur.status_penandatangan)
    return state, who, when


def _common(snap: Snapshot, h: HasilTriwulan | HasilTahunan, periode: str,
            n: int | None) -> dict[str, Any]:
    ind = h.ind
    return {L.TAHUN_H: snap.ref.tahun, L.PERIODE_H: periode, L.TRIWULAN_H: n, L.KODE_H: ind.kode,
            L.KODE_ESAKIP_H: ind.kode_esakip, L.SASARAN_H: ind.sasaran, L.INDIKATOR_H: ind.nama,
            L.SATUAN_H: ind.satuan, L.ARAH_H: ind.arah, L.AGREGASI_H: ind.agregasi,
            L.LEVEL_H: ind.level, L.KODE_UNIT_H: h.unit.kode, L.UNIT_H: h.unit.nama,
            L.KODE_BIDANG_H: h.bidang.kode, L.BIDANG_H: h.bidang.nama,
            L.TARGET_H: number(h.target), L.REALISASI_H: number(h.realisasi),
            L.CAPAIAN_PERSEN_H: h.capaian.as_float(), L.PREDIKAT_H: h.predikat,
            L.PAGU_ANGGARAN_H: number(ind.pagu)}


def _row_triwulan(snap: Snapshot, h: HasilTriwulan,
                  keputusan: dict[tuple[str, int], tuple]) -> dict[str, Any]:
    q, t = h.q, h.q.teks
    state, who, when = keputusan[(h.bidang.kode, h.n)]
    row = _common(snap, h, L.tw(h.n), h.n)
    row.update({
        L.REALISASI_DIAJUKAN_H: number(q.realisasi_diajukan),
        L.DIKOREKSI_OLEH_H: _koreksi_oleh(snap, h),
        L.TARGET_SD_H: number(h.target_sd), L.REALISASI_SD_H: number(h.realisasi_sd),
        L.CAPAIAN_SD_PERSEN_H: h.capaian_sd.as_float(), L.PREDIKAT_SD_H: h.predikat_sd,
        L.REALISASI_ANGGARAN_H: number(q.anggaran_akhir),
        L.STATUS_H: L.STATUS_DIAJUKAN if q.diajukan else L.STATUS_DRAF,
        L.DIAJUKAN_PADA_H: _waktu(snap.diajukan_pada.get(h.unit.kode, [None] * 4)[h.n - 1]),
        L.KEPUTUSAN_KADIN_H: state, L.DISETUJUI_OLEH_H: who, L.DIPUTUSKAN_PADA_H: when,
        L.SIDIK_H: sidik(snap, h.bidang, h.n), L.KETERANGAN_H: t.get("bukti"),
        L.FAKTOR_PENDUKUNG_H: t.get("pendukung"), L.FAKTOR_PENGHAMBAT_H: t.get("penghambat"),
        L.TINDAK_LANJUT_H: t.get("tindak")})
    return row


def _waktu(value: Any) -> dt.datetime | None:
    """A time cell read as the status board reads it; unreadable text stays out of a
    typed column (the status board names that cell)."""
    try:
        return waktu(value)
    except ValueError:
        return None


def _row_tahunan(snap: Snapshot, h: HasilTahunan, sid: str) -> dict[str, Any]:
    row = _common(snap, h, L.PERIODE_TAHUNAN, None)
    row.update({L.REALISASI_TAHUN_LALU_H: number(h.ind.realisasi_tahun_lalu),
                L.TARGET_AKHIR_RENSTRA_H: number(h.ind.target_renstra),
                L.CAPAIAN_THD_RENSTRA_PERSEN_H: h.capaian_renstra.as_float(), L.SIDIK_H: sid})
    return row


def datar_rows(snap: Snapshot) -> list[dict[str, Any]]:
    """Every indicator: its four quarters, then its year; keys are DATAR_HEADERS."""
    keputusan = {(p.bidang.kode, n): _keputusan_row(snap, p)
                 for n in L.TRIWULAN for p in pemeriksaan(snap, n)}
    sid_tahun = sidik_laporan([sidik(snap, b, q) for q in L.TRIWULAN
                               for b in snap.ref.induk_units()])
    rows = []
    for ind in snap.ref.indikator:
        for n in L.TRIWULAN:
            rows.append(_row_triwulan(snap, hasil_triwulan(snap, ind, n), keputusan))
        rows.append(_row_tahunan(snap, hasil_tahunan(snap, ind), sid_tahun))
    return [{h: row.get(h) for h in L.DATAR_HEADERS} for row in rows]


def datar(book: Workbook, out: str | Path, desimal: str = "koma") -> Hasil:
    out = keluaran(book, out, (".csv", ".xlsx"))
    snap = read_snapshot(book)
    rows = datar_rows(snap)
    tabel = Tabel(L.DATAR_TABLE, rows, nama_tabel=L.DATAR_TABEL, selebar_halaman=False)
    if out.suffix.lower() == ".csv":
        tulis_csv(out, tabel, desimal)
        how = f"CSV, pemisah '{L.CSV_DESIMAL[desimal][0]}', desimal {desimal}"
    else:
        tulis_xlsx(out, [tabel], f"Data kinerja {snap.ref.pengaturan.instansi or ''} "
                   f"{snap.ref.tahun}")
        how = "XLSX"
    n_ind = len(snap.ref.indikator)
    summary = [f"Tabel datar ({how}): {len(rows)} baris ({n_ind} indikator × 4 triwulan + "
               f"tahunan) ke {out}."]
    return Hasil("ekspor", book.path, None, rows, list(snap.temuan), summary,
                 tambahan={"keluaran": str(out), "format": "datar"})


def ekspor(book: Workbook, format: str, out: str | Path, triwulan: int | None = None,
           belum_final: bool = False, desimal: str = "koma") -> Hasil:
    """The one entry point the CLI and the ribbon call."""
    if format == "esakip-capaian":
        if triwulan is None:
            raise WorkbookError("Format esakip-capaian memerlukan --triwulan N (1 sampai 4).")
        return esakip_capaian(book, out, triwulan, belum_final)
    if format == "datar":
        if desimal not in L.CSV_DESIMAL:
            raise WorkbookError(f"--desimal '{desimal}' tidak dikenal; pilih "
                                f"{' atau '.join(L.CSV_DESIMAL)}.")
        return datar(book, out, desimal)
    raise WorkbookError(f"Format '{format}' tidak dikenal; pilih {' atau '.join(FORMAT)}.")
