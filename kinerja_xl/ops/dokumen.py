"""`dokumen`: the Laporan Kinerja as a Word draft, so nobody retypes the numbers.

- `triwulan(book, n, out)`: the quarterly report — the quarter's table per Bidang as
  `9 Rekap TW …` shows it (with the to-date figures), the factors and follow-ups the
  units wrote, the findings left open, and the approval state (FINAL or BELUM FINAL,
  as the PDF prints it; a quarter not approved says so on the first page).
- `tahunan(book, out)`: the LKjIP draft in the outline of PermenPAN-RB 53/2014:
  Ikhtisar Eksekutif, Bab I Pendahuluan, Bab II Perencanaan Kinerja, Bab III
  Akuntabilitas Kinerja (A. capaian per sasaran with drafted comparisons, B.
  realisasi anggaran), Bab IV Penutup, Lampiran (the PK and its Rencana Aksi).

Every number comes from the rows `rekap --json` gives for the same period (the same
`hasil_triwulan` / `hasil_tahunan` and `json_row_*`), spelled in Indonesian; the
averages are the rekap's (`rules.ringkasan`), the budget figures `rules.serapan` and
`rules.efisiensi`.  What only the office can write (Bab I, the national standard,
the programmes, Bab IV) is a marked placeholder, never invented text.  The document
carries the report's sidik (first page and every footer), so a reader can tie it to
the signed PDF.  The workbook is only read; the file is written through `io`.
"""
from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from .. import layout as L
from ..hasil import Hasil
from ..io.base import Workbook, WorkbookError
from ..io.paket import gambar_lembar
from ..io.dokumen import (Dokumen, Isian, Judul, Kolom, Paragraf, Peringatan, PisahHalaman,
                          Tabel, TandaTangan, tulis_docx)
from ..rules import NEGATIF, bulatkan, as_decimal, efisiensi, format_angka, ringkasan, serapan
from . import validasi as val
from .ekspor import keluaran
from .inti.snapshot import Snapshot, read_snapshot
from .inti.hitung import (HasilTahunan, HasilTriwulan, hasil_tahunan, hasil_triwulan,
                     report_order, sidik_tahunan, sidik_triwulan)
from .inti.jalankan import status_tahunan, status_triwulan
from .inti.keputusan import pemeriksaan
from .rekap import SECTION_LETTERS, json_row_tahunan, json_row_triwulan, kop_surat, \
    tanda_tangan, teks_rata_rata

KOSONG = "-"
TEKS = (("pendukung", L.FAKTOR_PENDUKUNG_H), ("penghambat", L.FAKTOR_PENGHAMBAT_H),
        ("tindak", L.TINDAK_LANJUT_H))


# --- spelling numbers ------------------------------------------------------------------
def angka(x: Any) -> str:
    """A value as the workbook holds it, in Indonesian notation; '-' when missing."""
    return KOSONG if x is None else format_angka(x)


def persen(x: Any) -> str:
    """A percentage with two decimals (capaian, serapan): '85,50'."""
    return KOSONG if x is None else format_angka(x, 2)


def _persen_kalimat(x: Any) -> str:
    return f"{persen(x)} %"


def _nilai(x: Any, satuan: str | None) -> str:
    """A value with its Satuan in a sentence: '310 Informasi', '99,5 %'."""
    text = angka(x)
    sat = (satuan or "").strip()
    if not sat or x is None:
        return text
    return f"{text} %" if sat in ("%", "persen") else f"{text} {sat}"


def _kolom(lebar_teks: float, *spec: tuple[str, float, bool]) -> list[Kolom]:
    """Columns; a width of 0 shares what the fixed columns leave of the text width."""
    tetap = sum(w for _, w, _ in spec)
    lentur = [s for s in spec if s[1] == 0]
    sisa = (lebar_teks - tetap) / len(lentur) if lentur else 0
    return [Kolom(j, w or sisa, a) for j, w, a in spec]


def _awal(snap: Snapshot, judul: str, status: str, sidik: str, lanskap: bool,
          subjek: str, logo: bytes | None) -> Dokumen:
    ref = snap.ref
    dok = Dokumen(judul=judul, kop=[str(k) for k in kop_surat(snap) if k], sidik=sidik,
                  lanskap=lanskap, subjek=subjek, logo=logo)
    dok.add(Paragraf(judul, tebal=True, tengah=True),
            Paragraf(f"{ref.pengaturan.instansi or ''} — {status}", tengah=True),
            Paragraf(f"Sidik data laporan: {sidik}", tengah=True))
    return dok


def _tanda_tangan(snap: Snapshot, today: dt.date) -> TandaTangan:
    tanggal, jabatan, nama, pangkat, nip = tanda_tangan(snap, today)
    return TandaTangan(tanggal, jabatan, str(nama), None if pangkat is None else str(pangkat),
                       nip)


# --- the quarterly report ----------------------------------------------------------------
def _kolom_triwulan(lebar: float) -> list[Kolom]:
    return _kolom(lebar, (L.NO_H, 9, False), (L.KODE_H, 15, False), (L.INDIKATOR_H, 0, False),
                  (L.UNIT_H, 23, False), (L.SATUAN_H, 16, False), (L.TARGET_H, 16, True),
                  (L.REALISASI_H, 16, True), (L.CAPAIAN_PERSEN_H, 15, True),
                  (L.PREDIKAT_H, 17, False),
                  (L.TARGET_SD_H, 16, True), (L.REALISASI_SD_H, 16, True),
                  (L.CAPAIAN_SD_PERSEN_H, 15, True), (L.PREDIKAT_SD_H, 17, False),
                  (L.PROGRES_SD_H, 16, True))


def _baris_triwulan(no: int, r: dict[str, Any], unit: str) -> list[str]:
    return [str(no), r["kode"], r["indikator"], unit, r["satuan"] or "", angka(r["target"]),
            angka(r["realisasi"]), persen(r["capaian"]), r["predikat"] or KOSONG,
            angka(r["target_sd"]), angka(r["realisasi_sd"]), persen(r["capaian_sd"]),
            r["predikat_sd"] or KOSONG, persen(r["progres_sd"])]


def dokumen_triwulan(snap: Snapshot, n: int, today: dt.date, logo: bytes | None = None
                     ) -> tuple[Dokumen, list[dict[str, Any]], str]:
    """The quarterly report as a document, the rows of `rekap --json`, the status."""
    ref = snap.ref
    tw = f"TRIWULAN {L.ROMAWI[n]}"
    status = status_triwulan(snap, n)
    sid = sidik_triwulan(snap, n)
    judul = f"LAPORAN KINERJA {tw} TAHUN {ref.tahun}"
    dok = _awal(snap, judul, status, sid, True, f"Laporan kinerja {L.tw(n)} {ref.tahun}", logo)
    periksa = pemeriksaan(snap, n)
    if status != L.STATUS_FINAL:
        belum = [p for p in periksa if not p.disetujui]
        rincian = "; ".join(f"{p.bidang.nama}: {p.keadaan}" for p in belum)
        dok.add(Peringatan(
            f"BELUM FINAL: data {L.tw(n)} belum disetujui {ref.kepala} untuk semua unit "
            f"teratas{' (' + rincian + ')' if rincian else ''}. Angka dalam draf ini dapat "
            "berubah; jangan ditandatangani sebelum disetujui."))
    lebar = dok.lebar_teks()

    dok.add(Judul(f"A. Capaian Kinerja {L.tw(n)}", 1))
    rows: list[dict[str, Any]] = []
    hasil: list[HasilTriwulan] = []
    semua = []
    no = 0
    for i, (label, inds) in enumerate(report_order(snap)):
        dok.add(Judul(f"{SECTION_LETTERS[i % 26]}. {label}", 2))
        baris, caps = [], []
        for ind in inds:
            no += 1
            h = hasil_triwulan(snap, ind, n)
            r = json_row_triwulan(h)
            rows.append(r)
            hasil.append(h)
            baris.append(_baris_triwulan(no, r, h.unit.nama))
            caps.append(h.capaian.bulat)
        semua += caps
        rata = teks_rata_rata(label, ringkasan(caps, ref.skala))
        dok.add(Tabel(_kolom_triwulan(lebar), baris + [[rata] + [""] * 13],
                      tebal=frozenset({len(baris)}), lebar_penuh=frozenset({len(baris)})))
    dok.add(Paragraf(teks_rata_rata("Dinas", ringkasan(semua, ref.skala)), tebal=True))

    dok.add(Judul("B. Faktor Pendukung, Faktor Penghambat dan Tindak Lanjut", 1))
    faktor = [[h.ind.kode, h.ind.nama] + [h.q.teks.get(k) or "" for k, _ in TEKS]
              for h in hasil if any(h.q.teks.get(k) for k, _ in TEKS)]
    if faktor:
        dok.add(Tabel(_kolom(lebar, (L.KODE_H, 15, False), (L.INDIKATOR_H, 50, False),
                             *((j, 0, False) for _, j in TEKS)), faktor))
    else:
        dok.add(Paragraf(f"Belum ada faktor pendukung, faktor penghambat atau tindak lanjut "
                         f"yang ditulis unit untuk {L.tw(n)}."))

    dok.add(Judul("C. Temuan yang Belum Diselesaikan", 1))
    found = val.sort_findings(list(snap.temuan) + val.findings_triwulan(snap, n))
    if found:
        dok.add(Paragraf(f"Temuan validasi {L.tw(n)} yang masih ada pada buku kerja "
                         f"({sum(t.tingkat == 'error' for t in found)} error, "
                         f"{sum(t.tingkat != 'error' for t in found)} peringatan):"))
        dok.add(Tabel(_kolom(lebar, (L.TINGKAT_H, 20, False), (L.KODE_TEMUAN_H, 42, False),
                             (L.KODE_H, 16, False), ("Lembar / sel", 45, False),
                             ("Pesan", 0, False)),
                      [[t.tingkat, t.kode_temuan, t.kode or "",
                        " ".join(x for x in (t.lembar, t.sel) if x), t.pesan] for t in found]))
    else:
        dok.add(Paragraf(f"Tidak ada temuan validasi yang terbuka untuk {L.tw(n)}."))

    dok.add(Judul("D. Status Persetujuan", 1))
    dok.add(Paragraf(f"Status laporan: {status}.", tebal=True))
    dok.add(Tabel(_kolom(lebar, ("Unit teratas", 0, False),
                         (f"Pemeriksaan {ref.kepala}", 0, False)),
                  [[p.bidang.nama, p.keadaan] for p in periksa]
                  or [[b.nama, "belum diperiksa"] for b in ref.induk_units()]))
    dok.add(_tanda_tangan(snap, today))
    return dok, rows, status


# --- the LKjIP --------------------------------------------------------------------------
def _per_sasaran(hasil: list[HasilTahunan]) -> list[tuple[str, list[HasilTahunan]]]:
    groups: dict[str, list[HasilTahunan]] = {}
    for h in hasil:
        groups.setdefault(h.ind.sasaran or "(sasaran belum diisi di lembar PK)", []).append(h)
    return list(groups.items())


def _rata(hs: Iterable[HasilTahunan], snap: Snapshot):
    return ringkasan([h.capaian.bulat for h in hs], snap.ref.skala)


def _anggaran(snap: Snapshot, h: HasilTahunan) -> Decimal | None:
    """The year's budget realisation: the sum of the quarters' (None when none)."""
    values = [as_decimal(q.anggaran_akhir) for q in snap.data[h.ind.kode]]
    values = [v for v in values if v is not None]
    return sum(values, Decimal(0)) if values else None


def _jumlah(values: Iterable[Any]) -> Decimal | None:
    values = [as_decimal(v) for v in values if v is not None]
    return sum(values, Decimal(0)) if values else None


def _ada_anggaran(hs: list[HasilTahunan], anggaran: dict[str, Decimal | None]) -> bool:
    return any(h.ind.pagu is not None or anggaran[h.ind.kode] is not None for h in hs)


def _perubahan(h: HasilTahunan) -> Decimal | None:
    lalu = as_decimal(h.ind.realisasi_tahun_lalu)
    if lalu is None or h.realisasi is None:
        return None
    return as_decimal(h.realisasi) - lalu


def _kalimat(h: HasilTahunan, tahun: int) -> list[str]:
    """Comparisons 1–3 of Bab III A for one indicator, with the numbers."""
    sat = h.ind.satuan
    out = []
    if h.capaian.bulat is None:
        real = ("realisasi belum diisi" if h.realisasi is None
                else f"realisasi {_nilai(h.realisasi, sat)}")
        target = ("target belum diisi" if h.target is None
                  else f"target {_nilai(h.target, sat)}")
        out.append(f"{target[0].upper()}{target[1:]}, {real}; capaian belum dapat dihitung.")
    else:
        out.append(f"Target {_nilai(h.target, sat)}, realisasi {_nilai(h.realisasi, sat)}, "
                   f"capaian {_persen_kalimat(h.capaian.bulat)} (predikat {h.predikat}).")
    lalu = h.ind.realisasi_tahun_lalu
    beda = _perubahan(h)
    if lalu is None:
        out.append(f"Realisasi tahun {tahun - 1} tidak tercatat di lembar PK.")
    elif beda is None:
        out.append(f"Realisasi tahun {tahun - 1} {_nilai(lalu, sat)}; realisasi tahun ini "
                   "belum ada.")
    elif beda == 0:
        out.append(f"Realisasi sama dengan tahun {tahun - 1} ({_nilai(lalu, sat)}).")
    else:
        arah = "naik" if beda > 0 else "turun"
        baik = (beda > 0) == (h.ind.arah != NEGATIF)
        out.append(f"Dibanding tahun {tahun - 1} ({_nilai(lalu, sat)}), realisasi {arah} "
                   f"{angka(abs(beda))} poin, artinya {'membaik' if baik else 'menurun'} "
                   f"untuk indikator ber-arah {h.ind.arah.lower()}.")
    if h.ind.target_renstra is None:
        out.append("Target akhir Renstra tidak tercatat di lembar PK.")
    else:
        cr = h.capaian_renstra.bulat
        out.append(f"Terhadap target akhir Renstra {_nilai(h.ind.target_renstra, sat)}, "
                   + (f"realisasi tahun ini mencapai {_persen_kalimat(cr)}." if cr is not None
                      else "capaian belum dapat dihitung."))
    return out


def _teks_tahun(snap: Snapshot, kode: str, kunci: str) -> list[tuple[int, str]]:
    seen, out = set(), []
    for n in L.TRIWULAN:
        text = snap.kuartal(kode, n).teks.get(kunci)
        if text and str(text).strip() and str(text).strip() not in seen:
            seen.add(str(text).strip())
            out.append((n, str(text).strip()))
    return out


def dokumen_tahunan(snap: Snapshot, today: dt.date, logo: bytes | None = None
                    ) -> tuple[Dokumen, list[dict[str, Any]], str]:
    """The LKjIP draft as a document, the rows of `rekap --tahunan --json`, the status."""
    ref = snap.ref
    tahun = ref.tahun
    instansi = ref.pengaturan.instansi or ""
    status = status_tahunan(snap)
    sid = sidik_tahunan(snap)
    judul = f"LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) TAHUN {tahun}"
    dok = _awal(snap, judul, status, sid, False, f"LKjIP {tahun}", logo)
    if status != L.STATUS_TAHUNAN:
        dok.add(Peringatan(f"{status}: belum semua unit mengajukan data {L.tw(4)}; angka "
                           "tahunan dalam draf ini masih dapat berubah."))
    lebar = dok.lebar_teks()
    hasil: list[HasilTahunan] = []
    rows: list[dict[str, Any]] = []
    for _, inds in report_order(snap):
        for ind in inds:
            h = hasil_tahunan(snap, ind)
            hasil.append(h)
            rows.append(json_row_tahunan(h))
    sasaran = _per_sasaran(hasil)
    berubah = any(h.ind.berubah for h in hasil)

    # Ikhtisar Eksekutif
    dok.add(Judul("Ikhtisar Eksekutif", 1))
    semua = _rata(hasil, snap)
    diukur_teks = (f"Sebanyak {semua.jumlah} indikator dapat diukur capaiannya, dengan "
                   f"rata-rata capaian {_persen_kalimat(semua.rata)}." if semua.rata is not None
                   else "Belum ada indikator yang dapat diukur capaiannya.")
    dok.add(Paragraf(
        f"Perjanjian Kinerja {instansi} tahun {tahun} memuat {len(hasil)} indikator kinerja "
        f"pada {len(sasaran)} sasaran. {diukur_teks}"))
    hitung = Counter(h.predikat for h in hasil if h.predikat)
    dok.add(Tabel(_kolom(lebar, (L.PREDIKAT_H, 60, False), ("Jumlah indikator", 40, True)),
                  [[nama, angka(hitung.get(nama, 0))] for _, nama in ref.skala.bands]))
    rata_sasaran = [(s, _rata(hs, snap)) for s, hs in sasaran]
    diukur = [(s, r) for s, r in rata_sasaran if r.rata is not None]
    if diukur:
        terbaik = max(diukur, key=lambda x: x[1].rata)
        terlemah = min(diukur, key=lambda x: x[1].rata)
        dok.add(Paragraf(
            f"Sasaran dengan rata-rata capaian tertinggi: {terbaik[0]} "
            f"({_persen_kalimat(terbaik[1].rata)}); terendah: {terlemah[0]} "
            f"({_persen_kalimat(terlemah[1].rata)})."))
    dok.add(Isian("Ringkasan capaian, keberhasilan dan permasalahan utama tahun ini."))

    # Bab I
    dok.add(PisahHalaman(), Judul("Bab I Pendahuluan", 1))
    dok.add(Isian("Latar belakang; tugas, fungsi dan struktur organisasi; isu strategis "
                  "dan permasalahan utama; sistematika laporan."))

    # Bab II
    dok.add(Judul("Bab II Perencanaan Kinerja", 1))
    dok.add(Isian("Rencana Strategis: tujuan, sasaran dan indikator kinerja utama."))
    dok.add(Paragraf(f"Perjanjian Kinerja tahun {tahun} ditetapkan dengan {len(hasil)} "
                     f"indikator pada {len(sasaran)} sasaran berikut."))
    spec = [(L.NO_H, 8, False), (L.SASARAN_H, 0, False), (L.INDIKATOR_H, 0, False),
            (L.SATUAN_H, 15, False)]
    if berubah:
        spec.append((L.TARGET_AWAL_REKAP_H, 18, True))
    spec += [("Target" if not berubah else L.TARGET_PERUBAHAN, 18, True),
             ("Pagu anggaran (Rp)", 26, True)]
    pk_rows = []
    for i, (h, r) in enumerate(zip(hasil, rows, strict=True), start=1):
        row = [str(i), h.ind.sasaran or "", r["indikator"], r["satuan"] or ""]
        if berubah:
            row.append(angka(r["target_awal"]))
        pk_rows.append(row + [angka(r["target"]), angka(h.ind.pagu)])
    dok.add(Tabel(_kolom(lebar, *spec), pk_rows))

    # Bab III A
    dok.add(PisahHalaman(), Judul("Bab III Akuntabilitas Kinerja", 1))
    dok.add(Judul("A. Capaian Kinerja Organisasi", 2))
    dok.add(Paragraf(f"Capaian diukur dengan membandingkan realisasi terhadap target; "
                     f"predikat menurut skala pada lembar {L.PENGATURAN}."))
    by_kode = {r["kode"]: r for r in rows}
    for no, (nama, hs) in enumerate(sasaran, start=1):
        dok.add(Judul(f"Sasaran {no}: {nama}", 3))
        r_s = _rata(hs, snap)
        dok.add(Tabel(_kolom(lebar, (L.KODE_H, 16, False), (L.INDIKATOR_H, 0, False),
                             (L.SATUAN_H, 16, False), (L.TARGET_H, 18, True),
                             (L.REALISASI_H, 18, True), (L.CAPAIAN_PERSEN_H, 18, True),
                             (L.PREDIKAT_H, 21, False)),
                      [[r["kode"], r["indikator"], r["satuan"] or "", angka(r["target"]),
                        angka(r["realisasi"]), persen(r["capaian"]), r["predikat"] or KOSONG]
                       for r in (by_kode[h.ind.kode] for h in hs)]
                      + [[teks_rata_rata(f"sasaran {no}", r_s)] + [""] * 6],
                      tebal=frozenset({len(hs)}), lebar_penuh=frozenset({len(hs)})))
        dok.add(Tabel(_kolom(lebar, (L.KODE_H, 16, False), (L.INDIKATOR_H, 0, False),
                             (f"Realisasi {tahun - 1}", 20, True),
                             (f"Realisasi {tahun}", 20, True),
                             ("Perubahan", 19, True), (L.TARGET_AKHIR_RENSTRA_H, 20, True),
                             (L.CAPAIAN_THD_RENSTRA_PERSEN_H, 20, True)),
                      [[r["kode"], r["indikator"], angka(r["realisasi_tahun_lalu"]),
                        angka(r["realisasi"]), angka(_perubahan(h)), angka(r["target_renstra"]),
                        persen(r["capaian_renstra"])]
                       for h, r in ((h, by_kode[h.ind.kode]) for h in hs)]))
        for h in hs:
            dok.add(Paragraf(f"{h.ind.kode} — {h.ind.nama}", tebal=True))
            dok.add(Paragraf(" ".join(_kalimat(h, tahun))))
            for kunci, label in TEKS:
                for n, text in _teks_tahun(snap, h.ind.kode, kunci):
                    dok.add(Paragraf(text, label=f"{label} ({L.tw(n)}): "))
        dok.add(Isian(f"Perbandingan sasaran {no} dengan standar nasional (bila ada); "
                      "analisis penyebab keberhasilan atau kegagalan dan solusi; efisiensi "
                      "penggunaan sumber daya; program dan kegiatan yang menunjang."))

    # Bab III B
    dok.add(Judul("B. Realisasi Anggaran", 2))
    anggaran = {h.ind.kode: _anggaran(snap, h) for h in hasil}
    dok.add(Paragraf("Realisasi anggaran tahun ini adalah jumlah realisasi anggaran "
                     "triwulan I sampai IV yang diisi unit; serapan = realisasi / pagu × 100."))

    def _baris_anggaran(label: str, hs: list[HasilTahunan]) -> list[str]:
        pagu = _jumlah(h.ind.pagu for h in hs)
        real = _jumlah(anggaran[h.ind.kode] for h in hs)
        return [label, angka(pagu), angka(real), persen(bulatkan(serapan(real, pagu)))]

    def kolom_ang(judul: str) -> list[Kolom]:
        return _kolom(lebar, (judul, 0, False), ("Pagu (Rp)", 32, True),
                      ("Realisasi (Rp)", 32, True), ("Serapan (%)", 22, True))
    dok.add(Paragraf("Per sasaran:", tebal=True))
    dok.add(Tabel(kolom_ang(L.SASARAN_H), [_baris_anggaran(s, hs) for s, hs in sasaran
                                         if _ada_anggaran(hs, anggaran)]))
    units: dict[str, list[HasilTahunan]] = {}
    for h in hasil:
        units.setdefault(h.unit.nama, []).append(h)
    dok.add(Paragraf("Per unit:", tebal=True))
    dok.add(Tabel(kolom_ang("Unit"), [_baris_anggaran(u, hs) for u, hs in units.items()
                                      if _ada_anggaran(hs, anggaran)]))
    dok.add(Paragraf("Capaian kinerja dan serapan anggaran (efisiensi = capaian − serapan, "
                     "dalam poin):", tebal=True))
    efis = []
    for h in hasil:
        if h.ind.pagu is None:
            continue
        s = bulatkan(serapan(anggaran[h.ind.kode], h.ind.pagu))
        efis.append([h.ind.kode, h.ind.nama, persen(h.capaian.bulat), persen(s),
                     persen(bulatkan(efisiensi(h.capaian.bulat, s)))])
    if efis:
        dok.add(Tabel(_kolom(lebar, (L.KODE_H, 16, False), (L.INDIKATOR_H, 0, False),
                             ("Capaian kinerja (%)", 24, True),
                             ("Serapan anggaran (%)", 24, True),
                             ("Efisiensi (poin)", 22, True)), efis))
    else:
        dok.add(Paragraf("Belum ada pagu anggaran di lembar PK."))

    # Bab IV
    dok.add(Judul("Bab IV Penutup", 1))
    dok.add(Isian("Simpulan umum atas capaian kinerja, permasalahan dan kendala, serta "
                  "langkah perbaikan tahun berikutnya."))
    dok.add(_tanda_tangan(snap, today))

    # Lampiran
    dok.add(PisahHalaman(), Judul("Lampiran: Perjanjian Kinerja dan Rencana Aksi", 1))
    lamp = []
    for h, r in zip(hasil, rows, strict=True):
        lamp.append([r["kode"], r["indikator"], r["satuan"] or ""]
                    + [angka(as_decimal(t)) for t in h.ind.target_tw] + [angka(r["target"])])
    dok.add(Tabel(_kolom(lebar, (L.KODE_H, 16, False), (L.INDIKATOR_H, 0, False),
                         (L.SATUAN_H, 15, False),
                         *((L.target_h(n), 16, True) for n in L.TRIWULAN),
                         (L.TARGET_TAHUNAN_H, 18, True)), lamp))
    return dok, rows, status


def _logo(book: Workbook) -> bytes | None:
    """The letterhead's logo as the report sheets print it (the builder placed the
    picture of Pengaturan's `Logo` on them); None without one."""
    if not book.path or not os.path.isfile(book.path):
        return None
    try:
        return gambar_lembar(book.path, L.rekap_tw(1))
    except WorkbookError:
        return None


# --- the operation ---------------------------------------------------------------------
def dokumen(book: Workbook, out: str | Path, triwulan: int | None = None,
            today: dt.date | None = None) -> Hasil:
    """The one entry point the CLI and the ribbon call: `triwulan` None is the LKjIP."""
    out = keluaran(book, out, (".docx",))
    snap = read_snapshot(book)
    today = today or dt.date.today()
    logo = _logo(book)
    if triwulan is None:
        dok, rows, status = dokumen_tahunan(snap, today, logo)
        apa = f"Draf LKjIP {snap.ref.tahun}"
    else:
        if triwulan not in L.TRIWULAN:
            raise WorkbookError("--triwulan harus 1 sampai 4.")
        dok, rows, status = dokumen_triwulan(snap, triwulan, today, logo)
        apa = f"Draf laporan kinerja {L.tw(triwulan)} {snap.ref.tahun}"
    tulis_docx(out, dok)
    summary = [f"{apa} ({status}) ditulis ke {out}: {len(rows)} indikator, sidik "
               f"{dok.sidik[:12]}…"]
    return Hasil("dokumen", book.path, triwulan, rows, list(snap.temuan), summary,
                 tambahan={"keluaran": str(out), "status": status, "sidik": dok.sidik})
