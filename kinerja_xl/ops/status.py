"""`status`: the nine SOP steps for one quarter, as a board (`Status SOP`) and as data.

Each step gets a state (belum / berjalan / selesai), which of its inputs are present,
when it started and ended, its duration against the SOP's waktu baku, the deadline
that applies to it and its output.  The rules are written out in docs/sop.md; the
functions `_langkah1` … `_langkah9` below follow them one to one.

Times come from where people and the tool leave them: the Mulai/Selesai cells of the
step sheets people fill, the staff sheets' "Diajukan pada", and `Riwayat` for the
tool's own steps (5, 7, 9).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .. import layout as L
from .. import temuan as T
from ..io.base import Workbook
from ..sop import LANGKAH, Langkah
from ..rows import Row
from ..teks import parse_tanggal, tanggal
from ..tinggi_baris import kolom_tabel, tinggi_tabel
from .inti import keputusan
from .inti.blok import Plan
from .inti.hitung import sidik_triwulan
from .inti.jalankan import Hasil, Konteks, mulai, selesai
from .inti.outputs import Outputs
from .inti.riwayat import Baris, waktu_baris
from .validasi import pengaturan_findings

BELUM, BERJALAN, SELESAI = L.BELUM, L.BERJALAN, L.SELESAI


# --- times typed by people ------------------------------------------------------------
_FORMAT_WAKTU = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H.%M", "%d-%m-%Y %H:%M",
                 "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def waktu(value: Any) -> dt.datetime | None:
    """A date-time from a cell: a datetime (a date-formatted number), an Excel serial
    number (a cell someone reformatted), or text 'dd/mm/yyyy hh:mm' / a date alone.
    Unreadable text raises ValueError, so the caller can name the cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return (_EXCEL_EPOCH + dt.timedelta(days=float(value))).replace(microsecond=0)
        raise ValueError(value)
    text = " ".join(str(value).split())
    for fmt in _FORMAT_WAKTU:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            pass
    day = parse_tanggal(text)
    if day is None:
        raise ValueError(value)
    return dt.datetime.combine(day, dt.time())


def tampil_waktu(value: dt.datetime | None) -> str:
    if value is None:
        return "-"
    return f"{tanggal(value.date())} {value:%H:%M}"


# --- one step on the board ------------------------------------------------------------
@dataclass
class Papan:
    langkah: Langkah
    status: str = BELUM
    kurang: list[str] = field(default_factory=list)
    mulai: dt.datetime | None = None
    selesai: dt.datetime | None = None
    batas: dt.datetime | None = None
    terlambat: bool = False

    @property
    def durasi_menit(self) -> int | None:
        if self.mulai is None or self.selesai is None or self.selesai < self.mulai:
            return None
        return round((self.selesai - self.mulai).total_seconds() / 60)

    @property
    def melebihi(self) -> bool:
        d = self.durasi_menit
        return d is not None and d > self.langkah.waktu_baku_menit

    def as_dict(self) -> dict[str, Any]:
        s = self.langkah
        return {"no": s.no, "kegiatan": s.kegiatan, "pelaksana": s.pelaksana,
                "kelengkapan": list(s.kelengkapan), "kelengkapan_kurang": list(self.kurang),
                "mulai": _iso(self.mulai), "selesai": _iso(self.selesai),
                "durasi_menit": self.durasi_menit, "waktu_baku_menit": s.waktu_baku_menit,
                "melebihi": self.melebihi, "batas_waktu": _iso(self.batas),
                "terlambat": self.terlambat, "output": s.output, "status": self.status}

    def sheet_row(self) -> list[Any]:
        s = self.langkah
        return L.STATUS_SOP_LAYOUT.row({
            L.NO_H: s.no, L.KEGIATAN_H: s.kegiatan, L.PELAKSANA_H: s.pelaksana,
            L.KELENGKAPAN_H: "; ".join(s.kelengkapan),
            L.KELENGKAPAN_KURANG_H: "; ".join(self.kurang), L.MULAI_H: self.mulai,
            L.SELESAI_H: self.selesai, L.DURASI_MENIT_H: self.durasi_menit,
            L.WAKTU_BAKU_MENIT_H: s.waktu_baku_menit,
            L.MELEBIHI_WAKTU_BAKU_H: _ya(self.melebihi, self.durasi_menit is not None),
            L.BATAS_WAKTU_H: self.batas, L.TERLAMBAT_H: _ya(self.terlambat, bool(self.batas)),
            L.OUTPUT_H: s.output, L.STATUS_H: self.status})


def _ya(flag: bool, known: bool) -> str | None:
    return L.YA if flag else L.TIDAK if known else None


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


# --- reading what the board needs -------------------------------------------------------
_TW = re.compile(r"\bTW (IV|III|II|I)\b")


def _tw_of(ringkasan: str) -> int | None:
    m = _TW.search(ringkasan)
    return L.baca_tw(m.group(1)) if m else None


@dataclass
class _Bahan:
    """What the step rules read, gathered once."""
    ctx: Konteks
    n: int
    now: dt.datetime
    temuan: list[T.Temuan] = field(default_factory=list)

    def __post_init__(self) -> None:
        snap = self.ctx.snap
        self.sid = sidik_triwulan(snap, self.n)
        self.periksa = keputusan.pemeriksaan(snap, self.n)

    def rows(self, sheet: str) -> list[Row]:
        return [r for r in self.ctx.snap.step_rows.get(sheet, [])
                if L.baca_tw(r.get(L.TRIWULAN_H)) == self.n]

    def time(self, row: Row, header: str) -> dt.datetime | None:
        try:
            return waktu(row.values.get(header))
        except ValueError:
            self.temuan.append(T.buat("isian_tidak_sah", lembar=row.source, sel=row.cell(header),
                                      teks=row.values.get(header), kolom=header,
                                      pilihan="tanggal dan jam, misalnya 15/04/2026 08:00"))
            return None

    def riwayat(self, aksi: str) -> list[tuple[int, Baris]]:
        """The tool's runs of `aksi` for this quarter, with their place in the chain."""
        return [(i, r) for i, r in enumerate(self.ctx.riwayat.semua)
                if r.aksi == aksi and _tw_of(r.ringkasan) == self.n]

    def submitted(self) -> list[str]:
        snap = self.ctx.snap
        return [u.kode for u in snap.ref.reporting_units()
                if snap.status.get(u.kode, [L.STATUS_DRAF] * 4)[self.n - 1] == L.STATUS_DIAJUKAN]

    def not_submitted(self) -> list[str]:
        done = set(self.submitted())
        return [u.kode_singkat for u in self.ctx.snap.ref.reporting_units() if u.kode not in done]


def _human(papan: Papan, bahan: _Bahan, rows: list[Row]) -> None:
    """A step people record in rows: started at the earliest Mulai, ended at the latest
    Selesai once every row has one."""
    starts = [t for t in (bahan.time(r, "Mulai") for r in rows) if t]
    ends = [bahan.time(r, "Selesai") for r in rows]
    papan.mulai = min(starts) if starts else None
    done = bool(rows) and all(ends)
    papan.selesai = max(ends) if done else None  # type: ignore[type-var]
    papan.status = SELESAI if done else BERJALAN if rows else BELUM


def _tool(papan: Papan, bahan: _Bahan, aksi: str, final: bool = False) -> int | None:
    """A step the tool performs: started at its first run for the quarter, ended at the
    run whose output is current (same sidik as the data now; for step 9 also FINAL).
    Returns that run's place in the chain."""
    runs = bahan.riwayat(aksi)
    if not runs:
        papan.status = BELUM
        return None
    papan.mulai = waktu_baris(runs[0][1])

    def current(r: Baris) -> bool:
        return r.sidik == bahan.sid and (not final or f"({L.STATUS_FINAL})" in r.ringkasan)

    stale = [i for i, (_, r) in enumerate(runs) if not current(r)]
    after = runs[stale[-1] + 1:] if stale else runs
    if not after:
        papan.status = BERJALAN
        return None
    papan.status = SELESAI
    papan.selesai = waktu_baris(after[0][1])
    return after[0][0]


def _returned(bahan: _Bahan) -> list[str]:
    """Bidang the Kadin sent back whose rework is not done yet: no konsolidasi on the
    current data after the return, or the data still carries the returned sidik."""
    pending = []
    runs = bahan.riwayat("konsolidasi")
    for p in bahan.periksa:
        if p.keputusan != L.DIKEMBALIKAN:
            continue
        back = next((i for i, r in enumerate(bahan.ctx.riwayat.semua)
                     if r.sidik == p.tanda and r.aksi == "dikembalikan"), -1)
        redone = any(i > back and r.sidik == bahan.sid for i, r in runs)
        unchanged = p.sidik_disetujui is not None and p.sidik_disetujui == p.sidik_sekarang
        if not redone or unchanged:
            pending.append(p.bidang.kode_singkat)
    return pending


# --- the nine rules (docs/sop.md) --------------------------------------------------------
def _langkah1(p: Papan, b: _Bahan) -> None:
    ind = b.ctx.snap.ref.indikator
    if not ind:
        p.kurang.append("Perjanjian Kinerja")
    if not any(i.rencana_aksi or any(t is not None for t in i.target_tw) for i in ind):
        p.kurang.append("Rencana Aksi")
    _human(p, b, b.rows(L.DISPOSISI))


def _langkah2(p: Papan, b: _Bahan, board: dict[int, Papan]) -> None:
    if not b.rows(L.DISPOSISI):
        p.kurang.append("Disposisi")
    if board[1].kurang:
        p.kurang.append("PK dan RA")
    _human(p, b, b.rows(L.PEMBAGIAN_TUGAS))


def _langkah3(p: Papan, b: _Bahan) -> None:
    snap = b.ctx.snap
    if not b.rows(L.PEMBAGIAN_TUGAS):
        p.kurang.append("Catatan pembagian tugas")
    times = []
    for kode in b.submitted():
        try:
            times.append(waktu(snap.diajukan_pada[kode][b.n - 1]))
        except ValueError:
            times.append(None)
    known = [t for t in times if t]
    p.mulai = min(known) if known else None
    everyone = len(times) == len(snap.ref.reporting_units())
    p.selesai = max(known) if everyone and known else None
    p.status = SELESAI if everyone else BERJALAN if times else BELUM
    _batas_pembagian(p, b)


def _batas_pembagian(p: Papan, b: _Bahan) -> None:
    """The task division gives each indicator a deadline: its unit must submit by then."""
    snap = b.ctx.snap
    for row in b.rows(L.PEMBAGIAN_TUGAS):
        batas = b.time(row, L.BATAS_WAKTU_H)
        kode = str(row.get(L.KODE_H) or "").strip()
        if batas is None or kode not in snap.data:
            continue
        p.batas = min(p.batas, batas) if p.batas else batas
        unit = next(i.unit for i in snap.ref.indikator if i.kode == kode)
        try:
            sent = waktu(snap.diajukan_pada.get(unit, [None] * 4)[b.n - 1])
        except ValueError:
            sent = None
        if kode not in b.ctx.snap.lokasi or unit not in b.submitted():
            sent = None
        if (sent or b.now) > batas:
            p.terlambat = True
            b.temuan.append(T.buat("melewati_batas_waktu", lembar=row.source,
                                   sel=row.cell(L.BATAS_WAKTU_H), kode=kode, langkah=3,
                                   batas_waktu=tampil_waktu(batas)))


def _langkah4(p: Papan, b: _Bahan) -> None:
    if not b.submitted():
        p.kurang.append("Data laporan kinerja")
    rows = b.rows(L.KOREKSI_KASI)
    if rows:
        _human(p, b, rows)
    elif b.riwayat("konsolidasi"):
        p.status = SELESAI  # nothing to correct: the Kasi went on to step 5
    elif b.riwayat("validasi"):
        p.status = BERJALAN


def _langkah5(p: Papan, b: _Bahan) -> None:
    if not b.submitted():
        p.kurang.append("Draf data laporan kinerja")
    elif b.not_submitted():
        p.kurang.append("Draf data laporan kinerja (belum diajukan: "
                        + ", ".join(b.not_submitted()) + ")")
    _tool(p, b, "konsolidasi")


def _langkah6(p: Papan, b: _Bahan, board: dict[int, Papan], returned: list[str]) -> None:
    if not b.riwayat("konsolidasi"):
        p.kurang.append("Data laporan kinerja")
    rows = b.rows(L.KOREKSI_KABID)
    if rows:
        _human(p, b, rows)
    elif any(x.keputusan for x in b.periksa):
        p.status = SELESAI  # nothing to correct: the report went on to the Kadin
    elif board[5].status == SELESAI:
        p.status = BERJALAN
    if returned:
        p.status = BERJALAN
        p.selesai = None


def _langkah7(p: Papan, b: _Bahan, returned: list[str]) -> None:
    if not b.riwayat("konsolidasi"):
        p.kurang.append("Draf data laporan kinerja")
    _tool(p, b, "konsolidasi")
    if returned:
        p.status = BERJALAN
        p.selesai = None
        p.kurang.append(f"dikembalikan {b.ctx.snap.ref.kepala}: " + ", ".join(returned))
    _batas_disposisi(p, b)


def _batas_disposisi(p: Papan, b: _Bahan) -> None:
    """The disposisi's deadline is for what it asks: the Kabid/Sekretaris's report."""
    for row in b.rows(L.DISPOSISI):
        batas = b.time(row, L.BATAS_WAKTU_H)
        if batas is None:
            continue
        p.batas = min(p.batas, batas) if p.batas else batas
        if (p.selesai or b.now) > batas:
            p.terlambat = True
            b.temuan.append(T.buat("melewati_batas_waktu", lembar=row.source,
                                   sel=row.cell(L.BATAS_WAKTU_H), langkah=7,
                                   batas_waktu=tampil_waktu(batas)))


def _langkah8(p: Papan, b: _Bahan, board: dict[int, Papan]) -> None:
    if board[7].status != SELESAI:
        p.kurang.append("Hasil koreksi laporan kinerja")
    rows = [r for r in b.rows(L.PEMERIKSAAN_KADIN) if keputusan.keputusan_of(r.get(L.KEPUTUSAN_H))]
    _human(p, b, rows)
    if rows and not keputusan.final(b.periksa):
        p.status = BERJALAN
        p.selesai = None
    elif keputusan.final(b.periksa):
        p.status = SELESAI  # the decisions decide, even if a Selesai cell was left empty


def _langkah9(p: Papan, b: _Bahan) -> None:
    waiting = [x.bidang.kode_singkat for x in b.periksa if not x.disetujui]
    if waiting:
        p.kurang.append("Draf data laporan kinerja (belum disetujui: " + ", ".join(waiting) + ")")
    _tool(p, b, "rekap", final=True)


def papan(ctx: Konteks, n: int, now: dt.datetime) -> tuple[list[Papan], list[T.Temuan]]:
    b = _Bahan(ctx, n, now)
    board = {s.no: Papan(s) for s in LANGKAH}
    returned = _returned(b)
    _langkah1(board[1], b)
    _langkah2(board[2], b, board)
    _langkah3(board[3], b)
    _langkah4(board[4], b)
    _langkah5(board[5], b)
    _langkah6(board[6], b, board, returned)
    _langkah7(board[7], b, returned)
    _langkah8(board[8], b, board)
    _langkah9(board[9], b)
    for p in board.values():
        if p.melebihi:
            b.temuan.append(T.buat("melebihi_waktu_baku", lembar=L.STATUS_SOP,
                                   sel=f"H{L.STATUS_SOP_LAYOUT.data_row + p.langkah.no - 1}",
                                   langkah=p.langkah.no, durasi=p.durasi_menit,
                                   waktu_baku=p.langkah.waktu_baku_menit))
    return list(board.values()), b.temuan


# --- the sheet ---------------------------------------------------------------------------
_IDENTITAS = ((L.NOMOR_SOP_KUNCI, L.NOMOR_SOP_KUNCI),
              ("Tanggal pembuatan", L.TANGGAL_PEMBUATAN_SOP_KUNCI),
              ("Tanggal revisi", L.TANGGAL_REVISI_SOP_KUNCI),
              ("Tanggal pengesahan", L.TANGGAL_PENGESAHAN_SOP_KUNCI),
              (L.DISAHKAN_OLEH_KUNCI, L.DISAHKAN_OLEH_KUNCI))
_TOP = 3  # rows 3..7, between the title and the header row


def _identitas(ctx: Konteks, n: int, rows: list[Papan]) -> dict[tuple[int, int], Any]:
    """The SOP's number and dates (labels in B, values in C) and the quarter (E/F)."""
    ref = ctx.snap.ref
    cells: dict[tuple[int, int], Any] = {}
    for i, (label, key) in enumerate(_IDENTITAS):
        value = ref.setting(key)
        if isinstance(value, (dt.date, dt.datetime)):
            value = tanggal(value if isinstance(value, dt.date) else value.date())
        cells[(_TOP + i, 2)] = label
        cells[(_TOP + i, 3)] = value
    done = sum(p.status == SELESAI for p in rows)
    # Column F is date-formatted (Mulai): the year goes in as text, not as a number.
    right = (("Tahun", str(ref.tahun)), (L.TRIWULAN_H, L.tw(n)),
             ("Langkah selesai", f"{done} dari {len(rows)}"))
    for i, (label, value) in enumerate(right):
        cells[(_TOP + i, 5)] = label
        cells[(_TOP + i, 6)] = value
    return cells


def status(book: Workbook, triwulan: int | None = None,
           now: dt.datetime | None = None, *, outputs: Outputs) -> Hasil:
    ctx = mulai(book)
    n = ctx.snap.ref.triwulan(triwulan)
    rows, found = papan(ctx, n, (now or dt.datetime.now()).replace(microsecond=0))
    found += outputs.periksa_makro(book)
    found += pengaturan_findings(ctx.snap)
    plan = Plan()
    if L.STATUS_SOP in book.sheet_names():
        plan.fixed(L.STATUS_SOP, _identitas(ctx, n, rows))
        board = [p.sheet_row() for p in rows]
        plan.block(L.STATUS_SOP, L.STATUS_SOP_LAYOUT.data_row, board, len(L.STATUS_SOP_HEADERS),
                   heights=tinggi_tabel(board, kolom_tabel(L.STATUS_SOP_LAYOUT)))
    else:
        found.append(T.buat("lembar_hilang", lembar=L.STATUS_SOP))
    done = sum(p.status == SELESAI for p in rows)
    summary = f"Status SOP {L.tw(n)}: {done} dari {len(rows)} langkah selesai"
    sid = sidik_triwulan(ctx.snap, n)
    written = selesai(ctx, plan, "SOP", "status", summary, sid)
    lines = [summary] + [_line(p) for p in rows]
    return Hasil("status", book.path, n, [p.as_dict() for p in rows], _unik(ctx.temuan + found),
                 lines, written)


def _line(p: Papan) -> str:
    extra = []
    if p.durasi_menit is not None:
        extra.append(f"{p.durasi_menit}/{p.langkah.waktu_baku_menit} menit"
                     + (" MELEBIHI waktu baku" if p.melebihi else ""))
    if p.terlambat:
        extra.append(f"TERLAMBAT (batas {tampil_waktu(p.batas)})")
    if p.kurang:
        extra.append("kurang: " + "; ".join(p.kurang))
    tail = f" — {', '.join(extra)}" if extra else ""
    return f"{p.langkah.no}. [{p.status}] {p.langkah.kegiatan} ({p.langkah.pelaksana}){tail}"


def _unik(found: list[T.Temuan]) -> list[T.Temuan]:
    seen, out = set(), []
    for t in found:
        key = (t.kode_temuan, t.lembar, t.sel, t.kode, t.pesan)
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out
