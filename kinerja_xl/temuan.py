"""Findings (temuan) as data: stable codes, levels and Indonesian message templates.

Codes are snake_case Indonesian words (`bukan_angka`, `riwayat_rusak`, …).  They are
part of the output contract (the `Temuan` sheet, `--json`): a code, once published,
keeps its meaning and is never reused.  `docs/temuan.md` is generated from `KATALOG`
by `scripts/gen_temuan_doc.py`, and a test keeps the two equal.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Mapping

from . import layout, rules

ERROR = "error"
PERINGATAN = "peringatan"
TINGKAT = (ERROR, PERINGATAN)


@dataclass(frozen=True)
class Jenis:
    """One kind of finding.  `templat` is a str.format template over the fields named
    in `isian` (`kode` is the finding's own indicator code); `bawaan` fills the fields
    a caller may leave out (the SPEC's default thresholds)."""
    kode_temuan: str
    tingkat: str
    isian: tuple[str, ...]
    templat: str
    uraian: str
    bawaan: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Temuan:
    kode_temuan: str
    tingkat: str
    lembar: str | None
    sel: str | None
    kode: str | None
    pesan: str

    def as_dict(self) -> dict:
        """The JSON shape of SPEC §4, keys in this order."""
        return {"kode_temuan": self.kode_temuan, "tingkat": self.tingkat,
                "lembar": self.lembar, "sel": self.sel, "kode": self.kode,
                "pesan": self.pesan}


def _jenis(kode_temuan: str, tingkat: str, isian: tuple[str, ...], templat: str,
           uraian: str, **bawaan: object) -> Jenis:
    return Jenis(kode_temuan, tingkat, isian, templat, uraian, MappingProxyType(bawaan))


_AMBANG_RENDAH = int(rules.AMBANG_RENDAH)
_AMBANG_TINGGI = int(rules.AMBANG_TINGGI)
_KEPALA = layout.JABATAN_KEPALA_BAWAAN  # Pengaturan's "Jabatan kepala" when given

# Order: errors first, then peringatan; within each, roughly the order a staff member
# meets them.  This is also the order of the table in docs/temuan.md.
_DAFTAR = (
    # --- error ----------------------------------------------------------------
    _jenis("bukan_angka", ERROR, ("teks",),
           "'{teks}' bukan angka. Tulis angka dengan koma desimal, misalnya 12,5.",
           "Isian sel angka tidak dapat dibaca sebagai angka (teks, tanggal, "
           "nilai logika, galat Excel, angka non-Latin)."),
    _jenis("tanda_strip", ERROR, (),
           "tanda '-' tidak dibaca sebagai 0. Isi 0 bila nilainya nol, atau kosongkan "
           "sel bila datanya belum ada.",
           "Tanda strip diketik di sel angka."),
    _jenis("nilai_negatif", ERROR, ("teks",),
           "nilai {teks} negatif; data kinerja tidak boleh bernilai negatif.",
           "Angka negatif di sel target, realisasi atau anggaran."),
    _jenis("realisasi_kosong", ERROR, ("triwulan", "kode"),
           "realisasi {triwulan} indikator {kode} kosong, padahal triwulan ini sudah "
           "diajukan dan ada targetnya.",
           "Triwulan sudah berstatus Diajukan, ada target, tetapi realisasi kosong."),
    _jenis("kode_tidak_dikenal", ERROR, ("kode",),
           "kode indikator '{kode}' tidak ada di lembar PK.",
           "Kode di lembar unit atau tabel impor tidak terdaftar di PK."),
    _jenis("kode_ganda", ERROR, ("kode",),
           "kode indikator '{kode}' tercatat lebih dari satu kali.",
           "Kode yang sama muncul dua kali di PK, RA, lembar unit atau tabel impor."),
    _jenis("indikator_hilang", ERROR, ("kode",),
           "indikator {kode} dari PK tidak ada di lembar unit pelapornya.",
           "Indikator PK tidak ditemukan di lembar 3 Bahan unitnya."),
    _jenis("capaian_rendah_tanpa_penjelasan", ERROR, ("triwulan", "kode", "capaian", "ambang"),
           "capaian {triwulan} indikator {kode} {capaian} % di bawah {ambang} %: Faktor "
           "penghambat dan Tindak lanjut wajib diisi.",
           "Capaian (dibulatkan) di bawah ambang rendah tanpa Faktor penghambat dan "
           "Tindak lanjut sekaligus.",
           ambang=_AMBANG_RENDAH),
    _jenis("data_berubah_setelah_disetujui", ERROR,
           ("unit", "triwulan", "sidik_disetujui", "sidik_sekarang", "kepala"),
           "data {unit} {triwulan} berubah setelah disetujui {kepala} (sidik "
           "disetujui {sidik_disetujui}, sidik sekarang {sidik_sekarang}).",
           "Sidik data triwulan yang sudah disetujui tidak lagi sama dengan sidik data "
           "sekarang.",
           kepala=_KEPALA),
    _jenis("nilai_disetujui_berubah", ERROR,
           ("kolom", "triwulan", "kode", "lama", "baru", "kepala"),
           "{kolom} {triwulan} indikator {kode} berubah setelah disetujui {kepala}: "
           "disetujui {lama}, sekarang {baru}.",
           "Satu isian yang sudah disetujui (dan dikunci) berubah; sel yang berubah "
           "disebut satu per satu.",
           kepala=_KEPALA),
    _jenis("riwayat_rusak", ERROR, ("baris",),
           "rantai hash Riwayat putus di baris {baris}: catatan riwayat telah diubah, "
           "disisipi atau dihapus.",
           "Hash sebuah baris Riwayat tidak cocok dengan isi baris itu dan baris "
           "sebelumnya."),
    _jenis("lembar_hilang", ERROR, (),
           "lembar ini tidak ditemukan di buku kerja.",
           "Lembar yang diperlukan tidak ada."),
    _jenis("kolom_hilang", ERROR, ("kolom",),
           "judul kolom '{kolom}' tidak ditemukan.",
           "Judul kolom yang diperlukan tidak ada di baris judul lembar atau tabel."),
    _jenis("isian_tidak_sah", ERROR, ("teks", "kolom", "pilihan"),
           "'{teks}' bukan isian yang sah untuk {kolom}; pilih salah satu: {pilihan}.",
           "Nilai di luar daftar pilihan (Arah, Agregasi, Level, Jenis, Status, "
           "Keputusan, rumus, …)."),
    _jenis("isian_wajib_kosong", ERROR, ("kolom",),
           "{kolom} wajib diisi.",
           "Sel wajib di tabel masukan atau lembar referensi (Kode, Unit, Indikator, "
           "Satuan, Target tahunan, …) kosong."),
    _jenis("isian_ganda", ERROR, ("kolom", "teks"),
           "{kolom} '{teks}' tercatat lebih dari satu kali.",
           "Kode unit atau Kode singkat yang sama muncul dua kali di tabel Unit."),
    _jenis("pemisah_ambigu", ERROR, ("teks", "alasan"),
           "'{teks}' dapat dibaca dua cara ({alasan}). Sebutkan pemisah desimal berkas "
           "ini: --desimal koma (12,5) atau --desimal titik (12.5).",
           "Angka berupa teks di tabel masukan yang terbaca berbeda dengan koma desimal "
           "dan titik desimal (28.125, 400,000), di berkas tanpa petunjuk pemisah atau "
           "dengan petunjuk untuk keduanya; tabel tidak dibaca."),
    _jenis("pemisah_bertentangan", ERROR, ("teks", "pemisah"),
           "'{teks}' tidak dapat dibaca dengan {pemisah} desimal yang berlaku untuk berkas "
           "ini.",
           "Angka berupa teks yang bertentangan dengan pemisah desimal pilihan "
           "(--desimal)."),
    _jenis("galat_excel", ERROR, ("teks",),
           "sel berisi galat {teks} (nilai tersimpan sebuah rumus). Perbaiki rumusnya di "
           "berkas asal, simpan, lalu ulangi.",
           "Sel tabel masukan berisi galat Excel (#DIV/0!, #REF!, #N/A, …) sebagai nilai "
           "rumusnya."),
    _jenis("unit_tidak_dikenal", ERROR, ("unit",),
           "unit '{unit}' tidak ada di lembar Unit.",
           "PK atau tabel lain menyebut unit yang tidak terdaftar; perintah berhenti "
           "(kode keluar 2) karena indikatornya tidak punya lembar unit dan Bidang."),
    _jenis("skala_rusak", ERROR, ("alasan",),
           "tabel skala predikat tidak dapat dipakai: {alasan}",
           "Tabel skala predikat di Pengaturan tidak sah; skala bawaan tidak dipakai "
           "diam-diam: perintah berhenti (kode keluar 2)."),
    _jenis("salinan_ditolak", ERROR, ("berkas", "alasan"),
           "salinan '{berkas}' ditolak: {alasan}",
           "Salinan lembar staf (kumpulkan) bukan milik buku kerja, unit, tahun atau "
           "triwulan ini, sel isian awalnya (kode, target) diubah, atau datanya sudah "
           "disetujui kepala perangkat daerah."),
    _jenis("buku_kerja_rusak", ERROR, ("berkas", "alasan"),
           "buku kerja '{berkas}' dilewati: {alasan}",
           "Buku kerja tidak dapat dibaca saat digabung (gabung); buku kerja lain tetap "
           "diproses."),
    # Electronic signature of a report PDF (verifikasi); `kode` names the signature field.
    _jenis("tte_tidak_ada", ERROR, (),
           "PDF ini tidak bertanda tangan elektronik.",
           "PDF yang diperiksa tidak memuat tanda tangan elektronik sama sekali."),
    _jenis("tte_tidak_utuh", ERROR, ("kode",),
           "tanda tangan {kode}: isi PDF telah berubah sesudah ditandatangani.",
           "Bagian PDF yang ditandatangani tidak lagi sama dengan yang ditandatangani."),
    _jenis("tte_tidak_sah", ERROR, ("kode",),
           "tanda tangan {kode} tidak sah.",
           "Isi PDF utuh, tetapi tanda tangan kriptografisnya atau sertifikatnya tidak "
           "sah (mis. penggunaan kunci tidak untuk tanda tangan)."),
    _jenis("tte_cakupan", ERROR, ("kode",),
           "tanda tangan {kode} tidak mencakup seluruh berkas: ada tambahan sesudah "
           "ditandatangani.",
           "Sesudah tanda tangan terakhir ada tambahan pada berkas, atau sesudah tanda "
           "tangan sebelumnya ada perubahan selain tanda tangan berikutnya."),
    _jenis("tte_tidak_tepercaya", ERROR, ("kode",),
           "sertifikat penanda tangan {kode} tidak berasal dari sertifikat akar yang "
           "diberikan.",
           "Dengan --akar: rantai sertifikat penanda tangan tidak berujung pada sertifikat "
           "akar yang diberikan."),
    # PK Perubahan (pk-perubahan): the revised tables against the PK in force.
    _jenis("pk_perubahan_indikator_hilang", ERROR, ("kode",),
           "indikator {kode} tidak ada di PK perubahan. Indikator tidak dapat dihapus lewat "
           "PK Perubahan (data dan persetujuan triwulannya bergantung padanya); cantumkan "
           "kembali, targetnya boleh diubah.",
           "Tabel PK perubahan tidak memuat indikator yang ada di PK yang berlaku."),
    _jenis("pk_perubahan_indikator_baru", ERROR, ("kode",),
           "indikator {kode} tidak ada di PK yang berlaku. PK Perubahan hanya mengubah "
           "target indikator yang ada; indikator baru tidak dapat ditambahkan di tengah "
           "tahun.",
           "Tabel PK perubahan memuat kode yang tidak ada di lembar PK."),
    _jenis("pk_perubahan_kolom_tetap", ERROR, ("kolom", "kode", "lama", "baru"),
           "{kolom} indikator {kode} berbeda dari PK yang berlaku ('{lama}' → '{baru}'). "
           "PK Perubahan hanya mengubah Target tahunan, Pagu anggaran, Rencana aksi dan "
           "target triwulan.",
           "Kolom PK selain target, pagu dan rencana aksi (Level, Unit, Sasaran, "
           "Indikator, Satuan, Arah, Agregasi, …) diubah di tabel PK perubahan."),
    _jenis("pk_perubahan_ra_hilang", ERROR, ("kode",),
           "kode {kode} tidak ada di RA perubahan, padahal RA yang berlaku memuat rencana "
           "aksinya. Cantumkan semua indikator RA.",
           "Tabel RA perubahan tidak memuat indikator yang punya rencana aksi di lembar RA."),
    _jenis("pk_perubahan_target_disetujui", ERROR,
           ("triwulan", "kode", "lama", "baru", "unit", "waktu", "tanggal"),
           "target {triwulan} indikator {kode} {lama} → {baru}, padahal {triwulan} {unit} "
           "sudah disetujui Kepala Dinas pada {waktu} (tidak sebelum tanggal perubahan "
           "{tanggal}) dengan target {lama}. Minta Kepala Dinas mengembalikan triwulan itu "
           "lebih dulu, atau pakai target yang disetujui di RA perubahan.",
           "PK Perubahan akan mengubah target triwulan yang disetujui pada atau sesudah "
           "tanggal perubahan, yaitu menulis ulang laporan yang sudah disetujui."),
    # --- peringatan -------------------------------------------------------------
    _jenis("target_kosong", PERINGATAN, ("triwulan", "kode"),
           "realisasi {triwulan} indikator {kode} terisi, tetapi targetnya kosong.",
           "Ada realisasi tanpa target, sehingga capaian tidak dapat dihitung."),
    _jenis("capaian_tidak_terdefinisi", PERINGATAN, ("triwulan", "kode", "alasan"),
           "capaian {triwulan} indikator {kode} tidak dapat dihitung: {alasan}.",
           "Capaian tak terdefinisi: target 0 untuk indikator positif, atau realisasi "
           "0 dengan rumus T/R."),
    _jenis("ra_tidak_konsisten", PERINGATAN, ("kode", "target_tahunan", "agregasi"),
           "target triwulan RA indikator {kode} tidak sesuai target tahunan PK "
           "{target_tahunan} menurut agregasi {agregasi}.",
           "Jumlah / nilai akhir / rata-rata target triwulan RA tidak sama dengan "
           "target tahunan PK."),
    _jenis("capaian_tinggi_tanpa_keterangan", PERINGATAN,
           ("triwulan", "kode", "capaian", "ambang"),
           "capaian {triwulan} indikator {kode} {capaian} % di atas {ambang} %: isi "
           "Bukti dukung/keterangan.",
           "Capaian (dibulatkan) di atas ambang tinggi tanpa keterangan.",
           ambang=_AMBANG_TINGGI),
    _jenis("persen_lebih_100", PERINGATAN, ("nilai",),
           "nilai {nilai} % melebihi 100 % untuk indikator bersatuan %.",
           "Nilai di atas 100 pada indikator dengan Satuan %."),
    _jenis("mirip_pecahan", PERINGATAN, ("nilai", "target"),
           "nilai {nilai} tampak seperti pecahan terhadap target {target}: untuk "
           "satuan % tulis 75 untuk 75 %, bukan 0,75. Nilai tetap dipakai apa adanya.",
           "Nilai 0 < x ≤ 1 terhadap target ≥ 10 pada indikator bersatuan %."),
    _jenis("besaran_janggal", PERINGATAN, ("nilai", "target"),
           "nilai {nilai} janggal dibanding target {target} (lebih dari 10 kali atau "
           "kurang dari sepersepuluhnya). Periksa pemisah: titik untuk ribuan, koma "
           "untuk desimal.",
           "Dengan target > 0: realisasi > 10 × target atau 0 < realisasi < target / 10."),
    _jenis("bukti_kosong", PERINGATAN, ("triwulan", "kode"),
           "Bukti dukung/keterangan {triwulan} indikator {kode} belum diisi.",
           "Realisasi diisi tanpa bukti dukung."),
    _jenis("unit_belum_mengajukan", PERINGATAN, ("unit", "triwulan"),
           "unit {unit} belum mengajukan data {triwulan}; indikatornya tampil kosong di "
           "laporan.",
           "Status triwulan di lembar unit belum Diajukan."),
    _jenis("persetujuan_kedaluwarsa", PERINGATAN,
           ("unit", "triwulan", "sidik_disetujui", "sidik_sekarang"),
           "persetujuan {unit} {triwulan} memakai sidik lama ({sidik_disetujui}); sidik "
           "sekarang {sidik_sekarang}. Salin sidik terbaru dari lembar 7 Kabid lalu "
           "setujui ulang.",
           "Sidik di lembar 8 Pemeriksaan Kadin tidak sama dengan sidik data sekarang, "
           "sehingga persetujuan tidak berlaku."),
    _jenis("laporan_dikembalikan", PERINGATAN, ("unit", "triwulan", "kepala"),
           "laporan {unit} {triwulan} dikembalikan {kepala}; laporan triwulan ini "
           "belum final.",
           "Unit teratas (tanpa Induk) berstatus Dikembalikan di lembar 8 Pemeriksaan "
           "Kadin.",
           kepala=_KEPALA),
    _jenis("melebihi_waktu_baku", PERINGATAN, ("langkah", "durasi", "waktu_baku"),
           "langkah {langkah} berlangsung {durasi} menit, melebihi waktu baku {waktu_baku} "
           "menit.",
           "Durasi langkah SOP (Selesai − Mulai) lebih lama dari waktu baku SOP."),
    _jenis("melewati_batas_waktu", PERINGATAN, ("langkah", "batas_waktu"),
           "langkah {langkah} selesai melewati batas waktu {batas_waktu}.",
           "Langkah SOP selesai (atau belum selesai) setelah batas waktunya."),
    _jenis("makro_berubah", PERINGATAN, ("alasan",),
           "makro buku kerja ini tidak sama dengan yang dibuat versi ini ({alasan}). "
           "Tombol pita di Excel bisa gagal; jalankan 'kinerja-xl perbarui BERKAS'.",
           "Proyek VBA, bagian pita (customUI) atau kunci xlwings.conf milik alat ini "
           "berbeda dari yang dibuat versi ini, mis. setelah disimpan oleh program lain."),
    _jenis("kolom_diabaikan", PERINGATAN, ("kolom",),
           "kolom {kolom} berisi data tetapi tidak dipakai.",
           "Kolom tabel masukan yang berisi data tetapi bukan kolom yang dikenal; "
           "petakan dengan --kolom \"NAMA DI TABEL=NAMA KAMI\" bila perlu."),
    _jenis("pemisah_diputuskan", PERINGATAN, ("teks", "nilai", "bukti"),
           "'{teks}' dibaca {nilai} karena berkas ini memakai titik desimal (mis. sel "
           "{bukti}). Bila maksudnya ribuan, tulis angka itu tanpa titik, atau perbaiki sel "
           "{bukti} lalu pakai --desimal koma.",
           "Angka teks seperti 11.500 yang menurut kebiasaan Indonesia ribuan, dibaca "
           "sebagai desimal karena sel lain berkas itu memakai titik desimal."),
    _jenis("indikator_berbutir", PERINGATAN, ("jumlah",),
           "sel ini memuat {jumlah} indikator bernomor tetapi satu nilai per kolom; dibaca "
           "sebagai satu indikator dengan seluruh teksnya. Bila memang beberapa indikator, "
           "tulis tiap indikator di barisnya sendiri dengan target dan realisasinya.",
           "Satu sel indikator berisi daftar bernomor (1. … 2. …) padahal sel target dan "
           "realisasinya berisi satu nilai: tidak dipecah."),
    _jenis("baris_dilewati", PERINGATAN, ("baris", "penanda"),
           "baris {baris} di dalam tabel tidak berisi {penanda} dan dilewati.",
           "Baris di antara baris data tabel masukan tanpa kode maupun indikator "
           "(judul kelompok, sub-judul)."),
    _jenis("pengaturan_kosong", PERINGATAN, ("kunci",),
           "pengaturan {kunci} belum diisi; laporan dicetak tanpa kop surat dan "
           "penandatangan sampai diisi di lembar Pengaturan.",
           "Buku kerja dibuat dari tabel tanpa --pengaturan: kunci kop surat dan "
           "penandatangan masih kosong."),
    _jenis("salinan_sudah_dikumpulkan", PERINGATAN, ("berkas",),
           "salinan '{berkas}' sudah dikumpulkan, tidak ada perubahan.",
           "Salinan yang sama dikumpulkan lagi: isinya sudah ada di buku kerja."),
    _jenis("target_triwulan_tetap", PERINGATAN, ("triwulan", "kode", "baru", "lama"),
           "target {triwulan} indikator {kode} pada RA perubahan ({baru}) tidak dipakai: "
           "{triwulan} sudah disetujui Kepala Dinas dengan target {lama}, yang tetap "
           "berlaku untuk triwulan itu.",
           "PK Perubahan (pk-perubahan) memuat target lain untuk triwulan yang sudah "
           "disetujui sebelum tanggal perubahan; triwulan itu tetap diukur dengan target "
           "yang berlaku saat disetujui."),
    _jenis("tautan_berputar", PERINGATAN, ("berkas",),
           "'{berkas}' dilewati: tautan simbolik yang berputar (menunjuk dirinya sendiri).",
           "Berkas yang disebut untuk gabung adalah tautan simbolik yang tidak pernah "
           "sampai ke berkas; dilewati seperti di dalam folder."),
)

KATALOG: Mapping[str, Jenis] = MappingProxyType({j.kode_temuan: j for j in _DAFTAR})

# Capaian.alasan in words, for capaian_tidak_terdefinisi.
URAIAN_ALASAN = MappingProxyType({
    "tidak_diukur": "triwulan ini tidak diukur",
    "realisasi_kosong": "realisasi kosong",
    "target_kosong": "target kosong",
    "target_nol": "target 0 untuk indikator positif",
    "realisasi_nol": "realisasi 0 dengan rumus T/R",
})


def buat(kode_temuan: str, *, lembar: str | None = None, sel: str | None = None,
         kode: str | None = None, **isi: object) -> Temuan:
    """A finding of a catalogued kind; the message starts with the sheet and cell.

    Numbers in `isi` are written the Indonesian way, `triwulan=2` as "TW II" and
    `alasan` codes of Capaian in words.  `isi` must hold exactly the kind's declared
    fields (less those with a default, less `kode`, which is given as `kode=`): a
    missing or unknown field is a programming error (KeyError), not a half-filled
    message.
    """
    jenis = KATALOG.get(kode_temuan)
    if jenis is None:
        raise KeyError(f"kode temuan tidak dikenal: {kode_temuan!r}")
    asing = set(isi) - set(jenis.isian)
    kurang = set(jenis.isian) - set(isi) - set(jenis.bawaan) - {"kode"}
    if "kode" in jenis.isian and kode is None:
        kurang.add("kode")
    if asing or kurang:
        raise KeyError(f"isian temuan {kode_temuan!r} tidak sesuai deklarasinya: "
                       f"kurang {sorted(kurang)}, tidak dikenal {sorted(asing)}")
    nilai = {**jenis.bawaan, **isi, "kode": kode}
    teks = jenis.templat.format(**{k: _tampil(k, v) for k, v in nilai.items()})
    return Temuan(jenis.kode_temuan, jenis.tingkat, lembar, sel, kode,
                  _lokasi(lembar, sel) + _kapital(teks))


def _lokasi(lembar: str | None, sel: str | None) -> str:
    if lembar and sel:
        return f"Lembar '{lembar}' sel {sel}: "
    if lembar:
        return f"Lembar '{lembar}': "
    if sel:
        return f"Sel {sel}: "
    return ""


def _kapital(teks: str) -> str:
    return teks[:1].upper() + teks[1:]


def _tampil(kunci: str, nilai: object) -> str:
    if nilai is None:
        return "(kosong)"
    if kunci == "triwulan" and isinstance(nilai, int) and nilai in layout.ROMAWI:
        return layout.tw(nilai)
    if kunci == "alasan" and nilai in URAIAN_ALASAN:
        return URAIAN_ALASAN[nilai]
    if isinstance(nilai, (int, float, Decimal)) and not isinstance(nilai, bool):
        # Capaian is always shown to the cent, as on the reports.
        return rules.format_angka(nilai, 2 if kunci == "capaian" else None)
    if isinstance(nilai, (list, tuple)):
        return ", ".join(_tampil("", v) for v in nilai)
    return str(nilai)


def tabel_markdown() -> str:
    """docs/temuan.md, generated from KATALOG."""
    baris = [
        "# Kode temuan",
        "",
        "Dibuat otomatis dari `kinerja_xl/temuan.py` oleh `scripts/gen_temuan_doc.py`;",
        "jangan disunting langsung.",
        "",
        "Kode temuan berupa kata snake_case berbahasa Indonesia dan stabil: kode yang",
        "sudah terbit tetap bermakna sama dan tidak dipakai ulang. Tingkat `error`",
        "membuat perintah keluar dengan kode 1; `peringatan` tidak. Pesan diawali nama",
        "lembar dan sel bila ada, misalnya: "
        f"\"{buat('bukan_angka', lembar='3 Bahan INFRA', sel='K12', teks='12,5a').pesan}\"",
        "",
        "| Kode temuan | Tingkat | Uraian | Isian | Templat pesan |",
        "|---|---|---|---|---|",
    ]
    for j in _DAFTAR:
        isian = ", ".join(f"`{n}`" for n in j.isian) or "-"
        baris.append(f"| `{j.kode_temuan}` | {j.tingkat} | {_sel_md(_uraian(j))} | "
                     f"{isian} | {_sel_md(j.templat)} |")
    return "\n".join(baris) + "\n"


def _uraian(j: Jenis) -> str:
    if not j.bawaan:
        return j.uraian
    isi = ", ".join(f"{k} = {_tampil(k, v)}" for k, v in j.bawaan.items())
    return f"{j.uraian} Bawaan: {isi}."


def _sel_md(teks: str) -> str:
    return teks.replace("|", "\\|")
