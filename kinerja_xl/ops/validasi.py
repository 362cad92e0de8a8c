"""`validasi` (step 4): findings on the data of a quarter (or of the year), as data,
written to the Temuan sheet.

Each operation reports its own findings; konsolidasi and rekap count the quarter's
validation findings (`Hasil.lain`, `own_and_validation`) instead of repeating them:
`validasi` lists them.
"""
from __future__ import annotations

from decimal import Decimal

from .. import layout as L
from .. import temuan as T
from ..hasil import Hasil, hitung_lain
from ..io.base import Link, Workbook
from ..io.cells import cell_ref
from ..rules import implausible, looks_like_fraction, ra_konsisten
from ..tinggi_baris import kolom_tabel, tinggi_tabel
from .inti.snapshot import Isian, Snapshot
from .inti.blok import Plan
from .inti.hitung import hasil_tahunan, hasil_triwulan, memo, sidik_triwulan, tahunan_sementara, \
    triwulan_terakhir_diajukan
from .inti.jalankan import Konteks, mulai, selesai
from .inti.outputs import Outputs


def _ambang(snap: Snapshot) -> tuple[Decimal, Decimal]:
    ref = snap.ref
    return (Decimal(str(ref.pengaturan.ambang_rendah)),
            Decimal(str(ref.pengaturan.ambang_tinggi)))


def _staff_cell(snap: Snapshot, kode: str, header: str) -> tuple[str | None, str | None]:
    where = snap.lokasi.get(kode)
    if where is None:
        return None, None
    sheet, row = where
    col = snap.kolom.get(sheet, {}).get(header)
    return sheet, (cell_ref(row, col) if col else cell_ref(row, 1))


def _isian_findings(isian: Isian | None, kode: str, target, satuan: str) -> list[T.Temuan]:
    if isian is None or isian.angka is None:
        return []
    a = isian.angka
    at = dict(lembar=isian.lembar, sel=isian.sel, kode=kode)
    if a.masalah == "tanda_strip":
        return [T.buat("tanda_strip", **at)]
    if a.masalah == "negatif" or (a.nilai is not None and a.nilai < 0):
        return [T.buat("nilai_negatif", teks=isian.raw, **at)]
    if a.masalah or a.nilai is None:
        return [T.buat("bukan_angka", teks=isian.raw, **at)]
    found = []
    if satuan.strip() == "%" and a.nilai > 100:
        found.append(T.buat("persen_lebih_100", nilai=a.nilai, **at))
    if target is not None and looks_like_fraction(a.nilai, target, satuan):
        found.append(T.buat("mirip_pecahan", nilai=a.nilai, target=target, **at))
    elif target is not None and implausible(a.nilai, target):
        found.append(T.buat("besaran_janggal", nilai=a.nilai, target=target, **at))
    return found


def findings_triwulan(snap: Snapshot, n: int) -> list[T.Temuan]:
    ref = snap.ref
    low, high = _ambang(snap)
    found: list[T.Temuan] = list(snap.temuan)
    found += _unsubmitted(snap, n)
    found += _reference_findings(snap)
    for ind in ref.indikator:
        sheet = L.bahan(ref.units[ind.unit].kode_singkat)
        if ind.kode not in snap.lokasi:
            if sheet in snap.kolom:
                found.append(T.buat("indikator_hilang", lembar=sheet, kode=ind.kode))
            continue
        h = hasil_triwulan(snap, ind, n)
        q = h.q
        if not q.diajukan:
            continue
        target = ind.target_tw[n - 1]
        # A staff cell the Kasi or Kabid corrected is no longer what the report uses:
        # its finding is settled by the correction (itself checked when read).
        dikoreksi = {k.kolom for k in q.koreksi}
        if L.REALISASI_H not in dikoreksi:
            found += _isian_findings(q.realisasi, ind.kode, target, ind.satuan)
        if L.REALISASI_ANGGARAN_H not in dikoreksi:
            found += _isian_findings(q.anggaran, ind.kode, None, "")
        found += _capaian_findings(snap, h.capaian, h.target, h.realisasi, ind, n, low, high, q)
    return found


def _capaian_findings(snap, cap, target, realisasi, ind, n, low, high, q) -> list[T.Temuan]:
    found = []
    kode = ind.kode
    sheet, real_cell = _staff_cell(snap, kode, L.realisasi_h(n))
    at = dict(lembar=sheet, kode=kode, triwulan=n)
    if cap.alasan == "realisasi_kosong" and (q.realisasi is None):
        found.append(T.buat("realisasi_kosong", sel=real_cell, **at))
    elif cap.alasan == "target_kosong":
        found.append(T.buat("target_kosong", sel=real_cell, **at))
    elif cap.alasan in ("target_nol", "realisasi_nol"):
        found.append(T.buat("capaian_tidak_terdefinisi", sel=real_cell, alasan=cap.alasan, **at))
    value = cap.bulat
    if value is not None and value < low and not (q.teks.get("penghambat") and q.teks.get("tindak")):
        _, cell = _staff_cell(snap, kode, L.penghambat_h(n))
        found.append(T.buat("capaian_rendah_tanpa_penjelasan", sel=cell, capaian=value,
                            ambang=low, **at))
    if value is not None and value > high and not q.teks.get("bukti"):
        _, cell = _staff_cell(snap, kode, L.bukti_h(n))
        found.append(T.buat("capaian_tinggi_tanpa_keterangan", sel=cell, capaian=value,
                            ambang=high, **at))
    if q.realisasi is not None and not q.teks.get("bukti"):
        _, cell = _staff_cell(snap, kode, L.bukti_h(n))
        found.append(T.buat("bukti_kosong", sel=cell, **at))
    return found


def _unsubmitted(snap: Snapshot, n: int) -> list[T.Temuan]:
    found = []
    for unit in snap.ref.reporting_units():
        sheet = L.bahan(unit.kode_singkat)
        if sheet not in snap.kolom:
            continue
        if snap.status[unit.kode][n - 1] != L.STATUS_DIAJUKAN:
            cell = cell_ref(L.STATUS_ROW, L.STATUS_FIRST_COL + n - 1)
            found.append(T.buat("unit_belum_mengajukan", lembar=sheet, sel=cell,
                                unit=unit.nama, triwulan=n))
    return found


def pengaturan_findings(snap: Snapshot) -> list[T.Temuan]:
    """Letterhead and signatory settings left empty (a workbook built from tables
    without a Pengaturan table): one peringatan naming every such key."""
    kosong = snap.ref.pengaturan_kosong()
    if not kosong:
        return []
    row = L.REF_DATA_ROW + L.SETTING_KEYS.index(kosong[0])
    return [T.buat("pengaturan_kosong", lembar=L.PENGATURAN, sel=f"B{row}",
                   kunci=", ".join(kosong))]


def _reference_findings(snap: Snapshot) -> list[T.Temuan]:
    # the same for every quarter (an annual validation asks four times): made once
    m = memo(snap, "referensi")
    if "temuan" not in m:
        m["temuan"] = _reference_findings_baru(snap)
    return list(m["temuan"])


def _reference_findings_baru(snap: Snapshot) -> list[T.Temuan]:
    found = pengaturan_findings(snap)
    for i, ind in enumerate(snap.ref.indikator):
        if not ra_konsisten(ind.target_tw, ind.target_tahunan, ind.agregasi,
                            snap.ref.konvensi(ind)):
            found.append(T.buat("ra_tidak_konsisten", lembar=L.RA,
                                sel=f"C{L.REF_DATA_ROW + i}", kode=ind.kode,
                                target_tahunan=ind.target_tahunan, agregasi=ind.agregasi))
    return found


def findings_tahunan(snap: Snapshot) -> list[T.Temuan]:
    """Every quarter's findings once, then the annual capaian thresholds.

    Before every unit submitted TW IV the report is provisional: its findings are
    those of the quarters submitted so far, each quarter's thresholds included, and the
    year's capaian, not final yet, asks for no explanation (a mid-year Jumlah is always
    "low")."""
    low, high = _ambang(snap)
    seen: set[tuple] = set()
    found: list[T.Temuan] = []
    sementara = tahunan_sementara(snap)
    quarters = L.TRIWULAN[:triwulan_terakhir_diajukan(snap)] if sementara else L.TRIWULAN
    per_quarter = [findings_triwulan(snap, n) for n in quarters]
    if not per_quarter:  # nothing submitted yet: what was read and the PK/RA tables
        per_quarter = [list(snap.temuan) + _reference_findings(snap)]
    for quarter in per_quarter:
        for t in quarter:
            if not sementara and t.kode_temuan in ("capaian_rendah_tanpa_penjelasan",
                                                   "capaian_tinggi_tanpa_keterangan"):
                continue
            key = (t.kode_temuan, t.lembar, t.sel, t.kode, t.pesan)
            if key not in seen:
                seen.add(key)
                found.append(t)
    if sementara:
        return found
    for ind in snap.ref.indikator:
        h = hasil_tahunan(snap, ind)
        value = h.capaian.bulat
        last = snap.data[ind.kode][3]
        if value is not None and value < low and not (last.teks.get("penghambat")
                                                       and last.teks.get("tindak")):
            sheet, cell = _staff_cell(snap, ind.kode, L.penghambat_h(4))
            found.append(T.buat("capaian_rendah_tanpa_penjelasan", lembar=sheet, sel=cell,
                                kode=ind.kode, capaian=value, ambang=low, triwulan="tahunan"))
        if value is not None and value > high and not last.teks.get("bukti"):
            sheet, cell = _staff_cell(snap, ind.kode, L.bukti_h(4))
            found.append(T.buat("capaian_tinggi_tanpa_keterangan", lembar=sheet, sel=cell,
                                kode=ind.kode, capaian=value, ambang=high, triwulan="tahunan"))
    return found


def temuan_rows(found: list[T.Temuan]) -> list[list[object]]:
    rows = []
    for i, t in enumerate(found, start=1):
        link = Link(t.lembar, t.sel, "Buka sel").formula() if (t.lembar and t.sel) else None
        rows.append(L.TEMUAN_LAYOUT.row({
            L.NO_H: i, L.KODE_TEMUAN_H: t.kode_temuan, L.TINGKAT_H: t.tingkat, L.LEMBAR_H: t.lembar,
            L.SEL_H: t.sel, L.KODE_H: t.kode, L.PESAN_H: t.pesan, L.TAUTAN_H: link}))
    return rows


def sort_findings(found: list[T.Temuan]) -> list[T.Temuan]:
    order = {"error": 0, "peringatan": 1}
    return sorted(found, key=lambda t: order.get(t.tingkat, 2))


# --- the operation ---------------------------------------------------------------------
def validasi(book: Workbook, triwulan: int | None = None, tahunan: bool = False, *,
             outputs: Outputs) -> Hasil:
    ctx = mulai(book)
    n = ctx.snap.ref.triwulan(triwulan)
    found = ctx.temuan + (findings_tahunan(ctx.snap) if tahunan
                          else findings_triwulan(ctx.snap, n)) + outputs.periksa_makro(book)
    found = sort_findings(_dedupe(found))
    plan = Plan()
    rows = temuan_rows(found)
    plan.block(L.TEMUAN, L.TEMUAN_LAYOUT.data_row, rows, len(L.TEMUAN_HEADERS),
               heights=tinggi_tabel(rows, kolom_tabel(L.TEMUAN_LAYOUT)))
    errors = sum(t.tingkat == "error" for t in found)
    what = "tahunan" if tahunan else L.tw(n)
    summary = f"Validasi {what}: {errors} error, {len(found) - errors} peringatan"
    written = selesai(ctx, plan, "4", "validasi", summary, sidik_triwulan(ctx.snap, n))
    return Hasil("validasi", book.path, None if tahunan else n, [], found, [summary], written)


def _dedupe(found: list[T.Temuan]) -> list[T.Temuan]:
    seen, out = set(), []
    for t in found:
        if _key(t) not in seen:
            seen.add(_key(t))
            out.append(t)
    return out


def _key(t: T.Temuan) -> tuple:
    return (t.kode_temuan, t.lembar, t.sel, t.kode, t.pesan)


def own_and_validation(ctx: Konteks, validation: list[T.Temuan]):
    """This run's own findings in full — Riwayat, approvals, and the sheets, columns
    and rows it could not read (its output lacks them) — and the rest of the
    validation findings counted: they still decide the exit code."""
    own = sort_findings(_dedupe(ctx.temuan + ctx.snap.temuan))
    keys = {_key(t) for t in own}
    rest = [t for t in _dedupe(validation) if _key(t) not in keys]
    return own, hitung_lain("validasi", rest)
