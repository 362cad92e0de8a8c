"""What each column of an evaluation form holds, from its header as a person reads it.

A header is the stack of texts above a column, top-down, merged cells copied to every
column they cover ("Realisasi Kinerja Pada Triwulan" / "II" / "Rp."). Each column gets
the role that fits it best over all roles, scored, never the first that matches:
"Satuan Indikator Kinerja" is a Satuan column although it names "Indikator", because
a header's first word says what its column holds. Flattened headers (one row,
"Realisasi Kinerja pada Triwulan I K", "Rp", "II K", …, as a CSV export writes them)
carry the group and the quarter over from the column before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import layout as L

# Roles. Quarter roles are f"tw{n}_{UKURAN}", target roles f"{KELOMPOK}_{UKURAN}".
K, RP, PERSEN = "k", "rp", "persen"
TAHUNAN, RENSTRA, RPJMD = "renja", "renstra", "rpjmd"
KODE, NO, INDIKATOR, SATUAN, SASARAN, PROGRAM = (
    "kode", "no", "indikator", "satuan", "sasaran", "program")

NAMA_PERAN = {KODE: L.KODE_H, INDIKATOR: L.INDIKATOR_H, SATUAN: L.SATUAN_H, SASARAN: L.SASARAN_H,
              PROGRAM: "Program/Kegiatan", f"{TAHUNAN}_{K}": "Target tahun berjalan (K)",
              f"{TAHUNAN}_{RP}": "Target anggaran tahun berjalan (Rp)",
              f"{RENSTRA}_{K}": "Target akhir Renstra (K)",
              f"{RENSTRA}_{RP}": "Target anggaran akhir Renstra (Rp)",
              **{f"tw{n}_{u}": f"Realisasi Triwulan {r} ({t})"
                 for n, r in L.ROMAWI.items()
                 for u, t in ((K, "K"), (RP, "Rp"), (PERSEN, "%"))}}

_Q = r"(iv|iii|ii|i|[1-4])"
_UKURAN = {K: r"k|kinerja|fisik", RP: r"rp\.?|rupiah|anggaran|keuangan", PERSEN: r"%|persen"}
_UKURAN_RE = {u: re.compile(rf"^(?:{p})(?:\s*[.:]?\s*\([^)]*\))?$") for u, p in _UKURAN.items()}
_EKOR = re.compile(rf"(?:^|\s){_Q}?\s*\b(k|rp\.?|%)\s*(?:\([^)]*\))?\s*$")
_TW_DI = re.compile(rf"\b(?:triwulan|tw|trw)\.?\s*-?\s*{_Q}\b")
_TW_SAJA = re.compile(rf"^{_Q}$")
_TW_UKURAN = re.compile(rf"^{_Q}\s+(k|rp\.?|%)(?:\s*\([^)]*\))?$")


def norm(teks: object) -> str:
    return " ".join(str(teks).casefold().split()) if teks is not None else ""


def ukuran(seg: str) -> str | None:
    """'K' → k, 'Rp. (000)' → rp, '%' → persen; None for other texts."""
    s = norm(seg)
    for u, pat in _UKURAN_RE.items():
        if pat.match(s):
            return u
    return None


@dataclass(frozen=True)
class Label:
    """A column's header, read: its texts, and the quarter and measure they name."""
    segmen: tuple[str, ...]
    triwulan: int | None
    ukuran: str | None

    @property
    def teks(self) -> str:
        return " / ".join(self.segmen)


def baca_label(segmen: list[str], sebelum: Label | None) -> Label:
    """The label of a column; `sebelum` is the column to its left, whose group and
    quarter a flattened sub-header ('Rp', 'II K') continues."""
    segs = [s for s in (" ".join(str(x).split()) for x in segmen) if s]
    if not segs:
        return Label((), None, None)
    low = [norm(s) for s in segs]
    u = ukuran(low[-1]) if len(low) > 1 else None
    q = None
    for s in low:
        m = _TW_DI.search(s) or _TW_SAJA.match(s)
        if m:
            q = L.baca_tw(m.group(1))
    # a flattened label: 'Realisasi … Triwulan I K', 'II K', 'Rp'
    alone_u = ukuran(low[-1]) if len(low) == 1 else None
    m = _TW_UKURAN.match(low[-1])
    if m and sebelum is not None and len(low) == 1:
        q, u = L.baca_tw(m.group(1)), ukuran(m.group(2))
        return Label(_induk(sebelum) + (segs[-1],), q, u)
    if alone_u and sebelum is not None and sebelum.segmen and len(low) == 1:
        return Label(_induk(sebelum) + (segs[-1],), sebelum.triwulan, alone_u)
    if u is None:
        m = _EKOR.search(low[-1])
        if m and len(low[-1]) > len(m.group(0)) + 2:
            u = ukuran(m.group(2))
            if m.group(1) and q is None:
                q = L.baca_tw(m.group(1))
    return Label(tuple(segs), q, u)


def _induk(label: Label) -> tuple[str, ...]:
    """The group texts of a label, without its own last (measure) text."""
    if label.ukuran is not None and len(label.segmen) > 1:
        return label.segmen[:-1]
    return label.segmen


def calon(label: Label) -> list[tuple[str, int]]:
    """(role, score) pairs a column could take; 3 = its header says so, 1 = a hint."""
    if not label.segmen:
        return []
    head = norm(label.segmen[0])
    teks = norm(" ".join(label.segmen))
    out: list[tuple[str, int]] = []
    u, q = label.ukuran, label.triwulan
    if u is not None and q is not None and ("realisasi" in teks or "triwulan" in teks) \
            and "capaian" not in head.split()[:2] and "tingkat" not in head:
        out.append((f"tw{q}_{u}", 3))
    elif u in (K, RP) and "target" in teks and "realisasi" not in teks:
        if re.search(r"tahun berjalan|dievaluasi|\brenja\b|\brkpd\b|tahun ini|\bpk\b", teks):
            out.append((f"{TAHUNAN}_{u}", 3))
        elif re.search(r"renstra|akhir periode", teks):
            out.append((f"{RENSTRA}_{u}", 3))
        elif "rpjmd" in teks:
            out.append((f"{RPJMD}_{u}", 1))
        else:
            out.append((f"{TAHUNAN}_{u}", 2))
    if re.match(r"^kode\b", head):
        out.append((KODE, 3))
    if re.fullmatch(r"(?:no|nomor)\.?(?: urut)?", head):
        out.append((NO, 3))
    if re.match(r"^satuan\b", head):
        out.append((SATUAN, 3))
    if re.match(r"^(?:nama\s+)?indikator\b", head) or head in ("iku", "ikk"):
        out.append((INDIKATOR, 3))
    elif "indikator" in head and len(head) < 120:
        out.append((INDIKATOR, 1))
    if re.match(r"^sasaran\b", head):
        strong = re.match(r"^sasaran\s+(?:perangkat daerah|pd|strategis|program|kegiatan)", head)
        out.append((SASARAN, 3 if strong else 1))
    if re.search(r"\bprogram\b|\bkegiatan\b|\burusan\b", head) and not re.match(
            r"^(?:indikator|sasaran|target|realisasi|satuan|kode)", head):
        out.append((PROGRAM, 2))
    return out


def tetapkan(label: dict[int, Label], paksa: dict[int, str] | None = None
             ) -> tuple[dict[str, int], int]:
    """Each role to the column that fits it best (ties: the leftmost), each column at
    most one role; `paksa` (column → role, from --kolom or a peta) wins. Returns
    (role → column, total score)."""
    paksa = paksa or {}
    pairs = sorted([(-s, c, r) for c, lab in label.items() if c not in paksa
                    for r, s in calon(lab)] + [(-4, c, r) for c, r in paksa.items()])
    peran: dict[str, int] = {}
    used: set[int] = set()
    skor = 0
    for neg, c, r in pairs:
        if r in peran or c in used:
            continue
        peran[r] = c
        used.add(c)
        skor -= neg
    return peran, skor


def kolom_kode(label: dict[int, Label], first: int) -> list[int]:
    """The Kode column and those right of it sharing its merged header."""
    cols = [first]
    c = first + 1
    while c in label and label[c].segmen == label[first].segmen:
        cols.append(c)
        c += 1
    return cols
