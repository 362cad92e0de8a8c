"""`demo`: a year of the SOP on the built-in sample, all nine steps in every quarter.

Each quarter is walked as the people and the tool would, on a simulated clock (the
times people type and the times of `Riwayat` rows follow the quarter, so `Status SOP`
shows every step done with its duration against the waktu baku):

  1 the Kadin's disposition            `1 Disposisi`
  2 the Kabid's task division          `2 Pembagian Tugas`, one row per indicator
  3 staff input, submitted             `impor` of the quarter's table, with the
                                       seeded mistakes below; validation records
                                       them in `Riwayat` (before corrections)
  4 the Kasi's corrections             `4 Koreksi Kasi`, with reasons; validation
                                       again (after corrections)
  5 konsolidasi
  6 a Kabid's correction               `6 Koreksi Kabid`
  7 konsolidasi
  8 the Kadin approves each Bidang     `8 Pemeriksaan Kadin`, with the sidik of
                                       `7 Kabid …`; in TW II one Bidang is first
                                       returned, corrected (6) and consolidated (7)
  9 rekap (FINAL), and after TW IV the annual rekap

Seeded mistakes (each must show up as a finding; tests count them by code) and
what fixes them:
  TW I   IP-01 "1.2OO" (letter O for zero)            → bukan_angka       Kasi: 310
         UK-01 "-"                                     → tanda_strip       Kasi: 20
         IN-01 "0,99" for an uptime target of 99,5 %  → mirip_pecahan     Kasi: 99
  TW II  KP-03 "3.305" typed for an index of 3,30      → besaran_janggal   Kasi: 3,30
         PK-01 "112" for a percentage                  → persen_lebih_100  Kasi: 46
         AP-01 0 with no faktor penghambat             → capaian_rendah_tanpa_penjelasan
                                                         Kasi: penghambat, tindak lanjut
         IP-01 left out of a submitted quarter         → realisasi_kosong  Kasi: 305
  TW III IN-03 40 against 15 with no keterangan        → capaian_tinggi_tanpa_keterangan,
                                                         bukti_kosong      Kasi: keterangan
  TW IV  Bidang Statistik dan Persandian not submitted → unit_belum_mengajukan
                                                         its staff submit late

Where pyHanko is installed the annual PDF is also signed with a test certificate
made on the spot (its name says it is not a BSrE certificate); its root goes beside
the PDF as `akar-uji.pem`, for `kinerja-xl verifikasi … --akar akar-uji.pem`.
"""
from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .. import layout as L
from ..io import open_workbook
from ..rules import format_angka
from .inti import riwayat
from .inti.snapshot import read_snapshot
from .inti.hitung import sidik
from .impor import impor
from .konsolidasi import konsolidasi
from .inti.outputs import Outputs
from .rekap import rekap_tahunan, rekap_triwulan
from .validasi import validasi

SEEDED = {
    1: {"bukan_angka": "IP-01", "tanda_strip": "UK-01", "mirip_pecahan": "IN-01"},
    2: {"besaran_janggal": "KP-03", "persen_lebih_100": "PK-01",
        "capaian_rendah_tanpa_penjelasan": "AP-01", "realisasi_kosong": "IP-01"},
    3: {"capaian_tinggi_tanpa_keterangan": "IN-03", "bukti_kosong": "IN-03"},
    4: {"unit_belum_mengajukan": None},
}

# (kode, kolom, nilai, alasan) per quarter: what the Kasi/Kasubbag corrects (step 4).
KOREKSI_KASI = {
    1: [("IP-01", L.REALISASI_H, 310, "Huruf O terketik sebagai angka nol; menurut daftar "
         "publikasi TW I terbit 310 informasi"),
        ("UK-01", L.REALISASI_H, 20, "Tanda strip diisi karena rekap diklat belum masuk; "
         "menurut daftar hadir diklat 20 % pegawai"),
        ("IN-01", L.REALISASI_H, 99, "Uptime ditulis sebagai pecahan (0,99); dalam persen 99")],
    2: [("KP-03", L.REALISASI_H, 3.3, "Titik terbaca sebagai pemisah ribuan; indeks hasil "
         "survei 3,30"),
        ("PK-01", L.REALISASI_H, 46, "112 adalah realisasi dalam juta rupiah, bukan persen; "
         "serapan anggaran 46 %"),
        ("AP-01", L.FAKTOR_PENGHAMBAT_H, "Pengadaan server aplikasi baru selesai akhir Juni",
         "Capaian rendah wajib dijelaskan"),
        ("AP-01", L.TINDAK_LANJUT_H, "Pengembangan dua aplikasi dipercepat pada TW III",
         "Capaian rendah wajib disertai tindak lanjut"),
        ("IP-01", L.REALISASI_H, 305, "Baris IP-01 tertinggal saat impor; menurut daftar "
         "publikasi TW II terbit 305 informasi")],
    3: [("IN-03", "Keterangan", "Berita acara serah terima 25 titik akses program desa "
         "digital (tambahan dari APBD Perubahan)", "Capaian di atas 150 % wajib bukti dukung")],
    4: [("SD-03", "Keterangan", "Hasil penilaian mandiri Indeks KAMI, diverifikasi BSSN",
         "Bukti dukung dilengkapi")],
}

# (kode, kolom, nilai, alasan) per quarter: what a Kabid/Sekretaris corrects (step 6).
KOREKSI_KABID = {
    1: ("IKP-01", L.FAKTOR_PENDUKUNG_H, "Dukungan media lokal dalam penyebarluasan informasi",
        "Faktor pendukung dilengkapi"),
    2: ("TIK-01", L.FAKTOR_PENDUKUNG_H, "Jaringan fiber optik antarkantor selesai dibangun",
        "Faktor pendukung dilengkapi"),
    3: ("SPS-01", L.FAKTOR_PENDUKUNG_H, "Forum walidata pendukung berjalan setiap bulan",
        "Faktor pendukung dilengkapi"),
    4: ("SEK-01", L.TINDAK_LANJUT_H, "Rekomendasi evaluasi SAKIP ditindaklanjuti pada "
        "perencanaan tahun berikutnya", "Tindak lanjut dilengkapi"),
}

# TW II: the Kadin returns one Bidang once, with the reason; its Kabid answers (step 6).
DIKEMBALIKAN = (2, "IKP", "KP-03: jelaskan mengapa indeks kepuasan di bawah target",
                ("KP-03", L.FAKTOR_PENGHAMBAT_H, "Keluhan waktu tanggap pengaduan pada April "
                 "dan Mei karena petugas berkurang", "Menjawab catatan Kepala Dinas"))

SUSULAN = "realisasi_tw4_susulan.csv"  # the late Bidang's table (TW IV)


@dataclass
class DemoHasil:
    workbook: Path
    pdfs: list[Path] = field(default_factory=list)
    per_triwulan: dict[int, dict] = field(default_factory=dict)
    pdf_message: str | None = None
    ttd: Path | None = None          # the signed annual PDF
    akar: Path | None = None         # the test root certificate beside it
    ttd_message: str | None = None


class _Jalan:
    """One walk through the year: the workbook, the simulated clock, the next free row
    of each step sheet."""

    def __init__(self, path: Path, outputs: Outputs):
        self.path = path
        self.outputs = outputs
        self.now = dt.datetime(2026, 4, 1)
        self.rows: dict[str, int] = {}

    def at(self, when: dt.datetime) -> dt.datetime:
        self.now = when
        return when

    def op(self, fn: Callable[[Any], Any]) -> Any:
        token = riwayat.JAM.set(lambda: self.now)
        try:
            with open_workbook(self.path, write=True) as book:
                hasil = fn(book)
                book.save()
        finally:
            riwayat.JAM.reset(token)
        return hasil

    def tulis(self, sheet: str, rows: list[list[Any]]) -> None:
        """Append rows to a step sheet, as people type them."""
        with open_workbook(self.path, write=True) as book:
            if sheet not in self.rows:
                grid = book.read(sheet)
                used = [r for r in range(L.STEP_DATA_ROW, len(grid) + 1)
                        if any(v is not None for v in grid[r - 1])]
                self.rows[sheet] = (max(used) + 1) if used else L.STEP_DATA_ROW
            cells = {}
            for values in rows:
                r = self.rows[sheet]
                cells.update({(r, c): v for c, v in enumerate(values, start=1)})
                self.rows[sheet] = r + 1
            book.write_cells(sheet, cells)
            book.save()

    def sidik(self, kode_unit: str, n: int) -> str:
        with open_workbook(self.path) as book:
            snap = read_snapshot(book)
        return sidik(snap, snap.ref.units[kode_unit], n)


def _awal(n: int) -> dt.datetime:
    """The quarter's reporting starts on the 6th of the month after it, at 08:00."""
    return dt.datetime(2026 + (n == 4), 3 * n % 12 + 1, 6, 8, 0)


def _menit(t: dt.datetime, minutes: int) -> dt.datetime:
    return t + dt.timedelta(minutes=minutes)


def _walk_quarter(j: _Jalan, n: int, result: DemoHasil) -> None:
    t0 = _awal(n)
    day = dt.timedelta(days=1)
    with open_workbook(j.path) as book:
        ref = read_snapshot(book).ref
    induk = ref.induk_units()
    # 1: disposition
    j.tulis(L.DISPOSISI, [[n, "Sekretaris dan para Kepala Bidang",
                           f"Susun laporan data kinerja {L.tw(n)} tahun {ref.tahun} sesuai PK "
                           "dan RA", _menit(t0 + 10 * day, 480), t0, _menit(t0, 10)]])
    # 2: task division, one row per indicator
    t2 = _menit(t0, 60)
    j.tulis(L.PEMBAGIAN_TUGAS, [[n, ind.kode, f"Staf {ref.units[ind.unit].nama}",
                                 _menit(t0 + 5 * day, 480), t2, _menit(t2, 12)]
                                for ind in ref.indikator])
    # 3: staff input and submission, then the first validation
    j.op(lambda b: impor(b, j.outputs.contoh_path(f"realisasi_tw{n}.csv"), n, ajukan=True,
                         now=_menit(t0 + 2 * day, 120)))
    j.at(t0 + 3 * day)
    before = j.op(lambda b: validasi(b, n, outputs=j.outputs)).temuan
    # 4: the Kasi corrects what the validation found (and a late Bidang submits)
    t4 = _menit(t0 + 3 * day, 30)
    if n == 4:
        j.op(lambda b: impor(b, j.outputs.contoh_path(SUSULAN), n, ajukan=True,
                             now=_menit(t4, 10)))
    j.tulis(L.KOREKSI_KASI, [[n, kode, kolom, nilai, alasan, _kasi(ref, kode), t4, _menit(t4, 45)]
                             for kode, kolom, nilai, alasan in KOREKSI_KASI[n]])
    j.at(_menit(t4, 60))
    after = j.op(lambda b: validasi(b, n, outputs=j.outputs)).temuan
    # 5: konsolidasi
    j.at(_menit(t4, 90))
    j.op(lambda b: konsolidasi(b, n))
    # 6: a Kabid's correction, 7: konsolidasi
    t6 = _menit(t4, 120)
    kode, kolom, nilai, alasan = KOREKSI_KABID[n]
    j.tulis(L.KOREKSI_KABID, [[n, kode, kolom, nilai, alasan, _kabid(ref, kode), t6,
                               _menit(t6, 40)]])
    j.at(_menit(t6, 50))
    j.op(lambda b: konsolidasi(b, n))
    # 8: the Kadin examines each Bidang (one returned once in TW II)
    t8 = _menit(t6, 150)
    kadin = ref.pengaturan.nama_penandatangan or "Kepala Dinas"
    if n == DIKEMBALIKAN[0]:
        back, catatan, (k_kode, k_kolom, k_nilai, k_alasan) = DIKEMBALIKAN[1:]
        j.tulis(L.PEMERIKSAAN_KADIN, [[back, n, L.DIKEMBALIKAN, catatan, j.sidik(back, n), t8,
                                       _menit(t8, 20)]])
        j.at(_menit(t8, 25))
        j.op(lambda b: konsolidasi(b, n))  # records the return
        t6b = _menit(t8, 40)
        j.tulis(L.KOREKSI_KABID, [[n, k_kode, k_kolom, k_nilai, k_alasan,
                                   _kabid(ref, k_kode), t6b, _menit(t6b, 30)]])
        j.at(_menit(t6b, 40))
        j.op(lambda b: konsolidasi(b, n))
        t8 = _menit(t6b, 50)
    j.tulis(L.PEMERIKSAAN_KADIN, [[b.kode, n, L.DISETUJUI, f"Disetujui oleh {kadin}",
                                   j.sidik(b.kode, n), t8, _menit(t8, 30)] for b in induk])
    # 9: rekap, FINAL now that every Bidang is approved
    j.at(_menit(t8, 60))
    rows = j.op(lambda b: rekap_triwulan(b, n, today=j.now.date())).baris
    caps = [r["capaian"] for r in rows if r["capaian"] is not None]
    result.per_triwulan[n] = {
        "indikator": len(rows), "terukur": len(caps),
        "rata_capaian": round(sum(caps) / len(caps), 2) if caps else None,
        "temuan": dict(Counter(t.tingkat for t in before)),
        "kode_temuan": dict(Counter(t.kode_temuan for t in before)),
        "temuan_sesudah": dict(Counter(t.tingkat for t in after)),
        "kode_temuan_sesudah": dict(Counter(t.kode_temuan for t in after)),
    }


def _kasi(ref, kode: str) -> str:
    """The head of the indicator's own unit corrects it (step 4)."""
    ind = next(i for i in ref.indikator if i.kode == kode)
    return ref.units[ind.unit].nama_pejabat or ref.units[ind.unit].nama


def _kabid(ref, kode: str) -> str:
    ind = next(i for i in ref.indikator if i.kode == kode)
    bidang = ref.bidang_of(ref.units[ind.unit])
    return bidang.nama_pejabat or bidang.nama


def run_demo(out_dir: Path, pdf: bool = True, *, outputs: Outputs) -> DemoHasil:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "LaporanKinerja.xlsm"
    if path.exists():
        path.unlink()
    shutil.rmtree(out_dir / "cadangan", ignore_errors=True)
    outputs.build_contoh(path)
    result = DemoHasil(path)
    j = _Jalan(path, outputs)
    for n in L.TRIWULAN:
        _set_active_quarter(path, n)
        _walk_quarter(j, n, result)
    j.at(_menit(_awal(4) + dt.timedelta(days=5), 60))
    j.op(lambda b: rekap_tahunan(b, today=j.now.date()))
    from .status import status
    j.op(lambda b: status(b, 4, now=j.now, outputs=outputs))
    if pdf:
        _export_pdfs(result, out_dir, outputs)
        if result.pdfs:
            _sign(result, out_dir, outputs)
    return result


def _set_active_quarter(path: Path, n: int) -> None:
    with open_workbook(path, write=True) as book:
        row = L.REF_DATA_ROW + L.SETTING_KEYS.index(L.TRIWULAN_AKTIF_KUNCI)
        book.write_cells(L.PENGATURAN, {(row, 2): n})
        book.save()


def _export_pdfs(result: DemoHasil, out_dir: Path, outputs: Outputs) -> None:
    from ..io.base import WorkbookError
    try:
        result.pdfs.extend(outputs.export_pdfs(result.workbook, L.REKAP_SHEETS, out_dir))
    except WorkbookError as exc:
        result.pdf_message = exc.pesan


def _sign(result: DemoHasil, out_dir: Path, outputs: Outputs) -> None:
    """Sign the annual PDF with a test certificate made now, when pyHanko is there."""
    try:
        import pyhanko  # noqa: F401
    except ImportError:
        result.ttd_message = ("PDF tahunan tidak ditandatangani: pyHanko belum terpasang "
                              "(pip install 'kinerja_xl[tte]').")
        return
    akar = out_dir / "akar-uji.pem"
    result.ttd = outputs.sign_uji(result.pdfs[-1], "Contoh tanda tangan dengan sertifikat uji "
                                  "(bukan BSrE)", akar)
    result.akar = akar


def summary_lines(result: DemoHasil) -> list[str]:
    lines = [f"Buku kerja contoh: {result.workbook}"]
    for n, s in result.per_triwulan.items():
        rata = "-" if s["rata_capaian"] is None else f"{format_angka(s['rata_capaian'], 2)} %"
        lines.append(
            f"{L.tw(n)}: {s['indikator']} indikator ({s['terukur']} terukur), "
            f"rata-rata capaian {rata}, temuan sebelum koreksi: {s['temuan'].get('error', 0)} "
            f"error, {s['temuan'].get('peringatan', 0)} peringatan; sesudah koreksi: "
            f"{s['temuan_sesudah'].get('error', 0)} error, "
            f"{s['temuan_sesudah'].get('peringatan', 0)} peringatan")
    if result.pdfs:
        lines.append("PDF laporan: " + ", ".join(p.name for p in result.pdfs))
    elif result.pdf_message:
        lines.append("PDF tidak dibuat: " + result.pdf_message)
    if result.ttd:
        lines.append(f"PDF tahunan ditandatangani dengan sertifikat UJI (bukan BSrE): "
                     f"{result.ttd.name}; periksa dengan: kinerja-xl verifikasi "
                     f"{result.ttd.name} --akar {result.akar.name}")
    elif result.ttd_message:
        lines.append(result.ttd_message)
    return lines
