"""`Riwayat`: the append-only history, each row chained to the one before by SHA-256.

What the chain detects: an edited, deleted, inserted or reordered row anywhere
before the last row, and — against a chain head printed on a signed report — any
change up to that head.  What it does not: rows removed from the end after the last
anchored head, or a whole chain rewritten by someone who recomputes every hash
(only the printed, signed head guards against that).  docs/sop.md says the same
for the people who rely on it.

Structured records.  A row that carries data the program reads back (a PK
Perubahan's replaced targets) keeps its `Ringkasan` readable: first the sentence for
people, then on a line of its own `Data: ` and the data as JSON (`tulis_rekaman`);
a record longer than a cell continues in further rows of the same sidik, each part
after the first marked "(bagian i/n)".  `rekaman` joins a record's rows and returns
its text and its data; a row written before records carried data (prose only) has
data None, and its reader (`target_sebelum` for a PK Perubahan) reads the prose.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from ... import layout as L
from ... import temuan as T
from ...io.base import Workbook
from ...teks import terbaca
from ...tinggi_baris import kolom_tabel, tinggi_tabel

AWAL = "0" * 64  # the 'previous hash' of the first row
FIELDS = L.RIWAYAT_HEADERS[:-1]  # every column but Hash
# Rows that change no data: a report or the findings regenerated, the workbook's sheets
# brought to a new contract version (`perbarui`, ops/inti/migrasi.py).
REPORT_ACTIONS = frozenset({"rekap", "rekap_tahunan", "validasi", "status", "perbarui"})

# Where a row's time comes from: the computer's clock, or a simulated one while the
# demo replays a year of the SOP in seconds (its rows then carry the year's times).
JAM: contextvars.ContextVar[Callable[[], dt.datetime] | None] = \
    contextvars.ContextVar("kinerja_jam", default=None)


@dataclass
class Baris:
    no: int
    waktu: str
    pengguna: str
    langkah: str
    aksi: str
    ringkasan: str
    sidik: str
    hash: str

    def values(self) -> list[object]:
        return L.RIWAYAT_LAYOUT.row({
            L.NO_H: self.no, L.WAKTU_H: self.waktu, L.PENGGUNA_H: self.pengguna,
            L.LANGKAH_H: self.langkah, L.AKSI_H: self.aksi, L.RINGKASAN_H: self.ringkasan,
            L.SIDIK_H: self.sidik, L.HASH_H: self.hash})


def row_hash(previous: str, no: int, waktu: str, pengguna: str, langkah: str, aksi: str,
             ringkasan: str, sidik: str) -> str:
    text = "\x1f".join([previous, str(no), waktu, pengguna, langkah, aksi, ringkasan, sidik])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def tanda(*parts: object) -> str:
    """The fingerprint a Riwayat row carries for a decision or an event, so a rerun
    can tell it has already recorded it."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(terbaca(text).encode("utf-8")).hexdigest()


def waktu_baris(row: "Baris") -> dt.datetime | None:
    """The time a row was written (rows store it as text, 'YYYY-MM-DD hh:mm:ss')."""
    try:
        return dt.datetime.strptime(row.waktu.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


class Riwayat:
    def __init__(self, book: Workbook):
        self.book = book
        self.rows: list[Baris] = []
        self.new: list[Baris] = []
        grid = book.read(L.RIWAYAT) if L.RIWAYAT in book.sheet_names() else []
        for r in range(L.RIWAYAT_LAYOUT.data_row - 1, len(grid)):
            line = list(grid[r]) + [None] * 8
            if all(v is None for v in line[:8]):
                continue
            no = line[0]
            try:
                no = int(float(no))
            except (TypeError, ValueError):
                no = 0
            self.rows.append(Baris(no, *(_text(v) for v in line[1:8])))

    @property
    def head(self) -> str:
        rows = self.rows + self.new
        return rows[-1].hash if rows else AWAL

    @property
    def anchor(self) -> str:
        """The head printed on reports: the chain up to the last row that records a
        decision or a change of data.  Rows that only say a report or the findings
        were regenerated are left out, or every report would print a new head and
        each rekap would change the others on every run."""
        for row in reversed(self.rows + self.new):
            if row.aksi not in REPORT_ACTIONS:
                return row.hash
        return AWAL

    def verify(self) -> list[T.Temuan]:
        """Every row's hash must follow from its content and the row before it."""
        previous = AWAL
        for i, row in enumerate(self.rows, start=1):
            expected = row_hash(previous, row.no, row.waktu, row.pengguna, row.langkah,
                                row.aksi, row.ringkasan, row.sidik)
            if row.no != i or row.hash != expected:
                excel_row = L.RIWAYAT_LAYOUT.data_row + i - 1
                return [T.buat("riwayat_rusak", lembar=L.RIWAYAT, sel=f"A{excel_row}",
                               baris=excel_row)]
            previous = row.hash
        return []

    @property
    def semua(self) -> list[Baris]:
        """Every row, those written by this run (not yet flushed) last."""
        return self.rows + self.new

    def seen(self, aksi: str, sidik: str) -> bool:
        return any(r.aksi == aksi and r.sidik == sidik for r in self.rows + self.new)

    def cari(self, sidik: str, *aksi: str) -> Baris | None:
        """The last row with this sidik (and one of these aksi, when given)."""
        for r in reversed(self.semua):
            if r.sidik == sidik and (not aksi or r.aksi in aksi):
                return r
        return None

    def rekaman(self, sidik: str, aksi: str) -> "Rekaman | None":
        """The record of this sidik and aksi, its rows joined (`rekaman` below)."""
        found = rekaman([b for b in self.semua if b.sidik == sidik], aksi)
        return found[-1] if found else None

    def memuat_kepala(self, head: str) -> bool:
        """Whether a chain head printed on an earlier report is still in the chain.
        A valid chain that no longer contains it lost rows at its end (or was rebuilt)."""
        return head == AWAL or any(r.hash == head for r in self.rows)

    def append(self, langkah: str, aksi: str, ringkasan: str, sidik: str,
               waktu: dt.datetime | None = None) -> Baris:
        no = len(self.rows) + len(self.new) + 1
        jam = JAM.get() or dt.datetime.now
        stamp = (waktu or jam()).strftime("%Y-%m-%d %H:%M:%S")
        # stored as the cell will hold it, so the chain verifies when read back
        user, ringkasan = terbaca(self.book.user()), terbaca(ringkasan)
        h = row_hash(self.head, no, stamp, user, langkah, aksi, ringkasan, sidik)
        row = Baris(no, stamp, user, langkah, aksi, ringkasan, sidik, h)
        self.new.append(row)
        return row

    def flush(self) -> None:
        """Write only the new rows below the existing ones (append-only)."""
        if not self.new:
            return
        top = L.RIWAYAT_LAYOUT.data_row + len(self.rows)
        rows = [r.values() for r in self.new]
        self.book.write_region(L.RIWAYAT, top, rows)
        heights = tinggi_tabel(rows, kolom_tabel(L.RIWAYAT_LAYOUT))
        self.book.set_row_heights(L.RIWAYAT, {top + i: h for i, h in enumerate(heights)})
        self.rows.extend(self.new)
        self.new = []


# --- structured records ------------------------------------------------------------------
DATA_PENANDA = "\nData: "
# A cell holds 32,767 characters; longer records continue in the next row.
PANJANG_SEL = 30000


@dataclass
class Rekaman:
    """One record of Riwayat (the rows of one aksi and sidik, joined)."""
    sidik: str
    waktu: str
    teks: str                       # what people read
    data: dict[str, Any] | None     # None: written as prose only (before data was kept)


def tulis_rekaman(teks: str, data: Mapping[str, Any] | None = None) -> list[str]:
    """The `Ringkasan` of each row of a record: the text for people, then the data."""
    if data is not None:
        teks += DATA_PENANDA + json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
    if len(teks) <= PANJANG_SEL:
        return [teks]
    size = PANJANG_SEL - 20
    parts = [teks[i:i + size] for i in range(0, len(teks), size)]
    return [f"(bagian {i}/{len(parts)}) {p}" for i, p in enumerate(parts, start=1)]


def _sambung(rows: list[Baris]) -> str:
    text = ""
    for r in rows:
        body = r.ringkasan
        if body.startswith("(bagian "):
            body = body.split(") ", 1)[1]
        text += body
    return text


def rekaman(rows: list[Baris], aksi: str) -> list[Rekaman]:
    """Every record of `aksi`, in order; data None for a record written as prose."""
    groups: dict[str, list[Baris]] = {}
    for r in rows:
        if r.aksi == aksi:
            groups.setdefault(r.sidik, []).append(r)
    out = []
    for sid, group in groups.items():
        text = _sambung(group)
        teks, sep, payload = text.partition(DATA_PENANDA)
        data = None
        if sep:
            try:
                data = json.loads(payload)
            except ValueError:
                data = None
            if not isinstance(data, dict):
                teks, data = text, None
        out.append(Rekaman(sid, group[0].waktu, teks, data))
    return out


# --- PK Perubahan records ----------------------------------------------------------------
AKSI_PK = "pk_perubahan"
KOLOM_SEBELUM = (L.KODE_H, L.TARGET_TAHUNAN_H) + tuple(L.target_h(n) for n in L.TRIWULAN) + (
    L.PAGU_ANGGARAN_H,)
# The prose of the rows written before records carried data (read, never written).
_PROSA_TETAP = "Triwulan tetap: "
_PROSA_TARGET = "Target sebelum: "


def data_pk(tanggal: dt.date, alasan: str, tetap: Mapping[str, list[int]],
            target: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The data of a PK Perubahan record: the quarters found approved per Bidang (which
    keep their targets) and the targets it replaces, per code in the order of `kolom`."""
    return {"tanggal": tanggal.isoformat(), "alasan": alasan,
            "triwulan_tetap": {b: list(ns) for b, ns in tetap.items()},
            "kolom": list(KOLOM_SEBELUM[1:]),
            "target_sebelum": {k: [v[h] for h in KOLOM_SEBELUM[1:]] for k, v in target.items()}}


def target_sebelum(rows: list[Baris]) -> list[dict[str, Any]]:
    """Every PK Perubahan in Riwayat, in order, with the targets it replaced and the
    quarters it found approved (which keep those targets):
    [{"sidik", "waktu", "target": {kode: {"Target tahunan": "960", …}},
      "tetap": {(bidang, quarter), …}}]."""
    out = []
    for r in rekaman(rows, AKSI_PK):
        if r.data is not None:
            kolom = r.data.get("kolom", [])
            # By place, not by name: the names are the headers of the contract the
            # record was written under, and a header renamed since (a step of
            # ops/inti/migrasi) keeps its place in KOLOM_SEBELUM.
            if len(kolom) == len(KOLOM_SEBELUM) - 1:
                kolom = KOLOM_SEBELUM[1:]
            target = {k: dict(zip(kolom, v, strict=True))
                      for k, v in r.data.get("target_sebelum", {}).items()}
            tetap = {(b, int(n)) for b, ns in r.data.get("triwulan_tetap", {}).items()
                     for n in ns}
        else:
            target, tetap = _prosa_pk(r.teks)
        out.append({"sidik": r.sidik, "waktu": r.waktu, "target": target, "tetap": tetap})
    return out


def _prosa_pk(text: str) -> tuple[dict[str, dict[str, str]], set[tuple[str, int]]]:
    """A record written as prose: '… Triwulan tetap: SEK=1,2; IKP=1. Target sebelum:
    kode;tahunan;TW I;TW II;TW III;TW IV;pagu | …'."""
    table = text.split(_PROSA_TARGET, 1)[1] if _PROSA_TARGET in text else ""
    target = {}
    for entry in table.split(" | "):
        fields = entry.split(";")
        if len(fields) == len(KOLOM_SEBELUM):
            target[fields[0]] = dict(zip(KOLOM_SEBELUM[1:], fields[1:], strict=True))
    tetap = set()
    if _PROSA_TETAP in text:
        part = text.split(_PROSA_TETAP, 1)[1].split(". " + _PROSA_TARGET, 1)[0]
        for entry in part.split("; "):
            bidang, _, quarters = entry.partition("=")
            tetap |= {(bidang, int(n)) for n in quarters.split(",") if n.isdigit()}
    return target, tetap
