"""Score the reader on the real forms in tests/korpus/: every file read as its kind calls
for, through the commands a user runs, every expected number compared.

Each `<name>.xlsx` has `<name>.expected.json` (worked out cell by cell, independently
of this project: see korpus/README.md). The kind of a file follows from what its
expected table holds, so a form added later is scored without code here:

- rows with an annual target and quarterly realisation → an Evaluasi Renja form:
  `buat --pk FILE`, `impor --realisasi FILE --triwulan N` for every quarter it holds,
  then `ekspor --format datar` gives the workbook's numbers;
- rows with a code and one quarter's realisation only → the e-SAKIP template: a PK
  carrying those codes as `Kode e-SAKIP`, then `impor` of that quarter;
- rows with targets per year → a Renstra table: `periksa-tabel --sebagai pk --tahun Y`
  for every year, then `buat --tahun Y`, which must build or refuse saying what to do.

Used by tests/test_korpus.py (every file exact or refused with one next step) and
benchmarks/korpus.py (the score).
"""
from __future__ import annotations

import contextlib
import io
import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

KORPUS = Path(__file__).resolve().parent / "korpus"


@dataclass
class Skor:
    berkas: str
    jenis: str
    cocok: int = 0
    jumlah: int = 0
    selisih: list[str] = field(default_factory=list)
    ditolak: str | None = None        # the refusal a user sees, when refused
    langkah: str | None = None        # the one next step the refusal names

    def periksa(self, apa: str, kami: Any, harap: Any) -> None:
        self.jumlah += 1
        if sama(kami, harap):
            self.cocok += 1
        else:
            self.selisih.append(f"{apa}: dibaca {kami!r}, seharusnya {harap!r}")

    @property
    def tepat(self) -> bool:
        return self.ditolak is None and self.jumlah > 0 and self.cocok == self.jumlah


def sama(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return _teks(a) == _teks(b)
    if a is None or b is None:
        return a is None and b is None
    return float(a) == float(b) and not math.isnan(float(a))


def _teks(v: Any) -> str:
    return " ".join(str(v).split()) if v is not None else ""


def berkas_korpus() -> list[Path]:
    return sorted(KORPUS.glob("*.xlsx"))


def harapan(path: Path) -> dict:
    return json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))


def jenis_berkas(exp: dict) -> str:
    rows = exp["tabel"][0]["baris_indikator"]
    if any(r.get("target_per_tahun") for r in rows):
        return "renstra"
    if all(r.get("target") is None and r.get("indikator") is None for r in rows):
        return "esakip"
    return "renja"


def jalankan(args: list[str]) -> tuple[int, str, str]:
    from kinerja_xl.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def skala(anggaran: dict) -> int:
    satuan = str(anggaran.get("satuan") or "").casefold()
    if "miliar" in satuan:
        return 10 ** 9
    if "juta" in satuan:
        return 10 ** 6
    if "ribu" in satuan:
        return 10 ** 3
    return 1


def kali(v: Any, factor: int) -> Any:
    if v is None or isinstance(v, str) or factor == 1:
        return v
    return float(Decimal(repr(float(v))) * factor)


def datar(book: Path, tmp: Path) -> dict[tuple[str, str], dict]:
    from openpyxl import load_workbook
    out = tmp / "datar.xlsx"
    code, o, e = jalankan(["ekspor", book, "--format", "datar", "-o", out])
    assert code == 0, o + e
    ws = load_workbook(out, read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and "Kode" in r and "Periode" in r)
    names = rows[head]
    result = {}
    for r in rows[head + 1:]:
        d = dict(zip(names, r))
        if d.get("Kode"):
            result[(str(d["Kode"]), str(d["Periode"]))] = d
    return result


def _langkah(pesan: str) -> str | None:
    """The next step a refusal names: a command option or an edit of a named cell."""
    m = re.search(r"(--\w[\w-]*|periksa-tabel|tambahkan kolom [^.;]+|tulis [^.;]+)", pesan)
    return m.group(1) if m else None


def skor_renja(path: Path, exp: dict, tmp: Path) -> Skor:
    from kinerja_xl.tabel.renja import baca_renja, cocok_renja
    from kinerja_xl import layout as L

    s = Skor(path.name, "renja")
    book = tmp / "korpus.xlsm"
    code, out, err = jalankan(["buat", book, "--pk", path, "--json"])
    if code != 0:
        s.ditolak, s.langkah = err.strip(), _langkah(err)
        return s
    tabel = exp["tabel"][0]
    rows = tabel["baris_indikator"]
    quarters = [q for q in "1234" if any(r["tw"].get(q) is not None or
                                        (r.get("anggaran") or {}).get("tw", {}).get(q) is not None
                                        for r in rows)]
    for q in quarters:
        code, out, err = jalankan(["impor", book, "--realisasi", path, "--triwulan", q,
                                   "--ajukan"])
        if code != 0:
            s.ditolak, s.langkah = f"impor TW {q}: " + (err or out).strip(), _langkah(err)
            return s
    nilai = datar(book, tmp)
    reading = baca_renja(cocok_renja(path))
    kode_of: dict[int, list[str]] = {}
    for ind in reading.indikator:
        kode_of.setdefault(ind.row, []).append(ind.kode)
    lewat = {r for r, _ in reading.dilewati}
    for e in rows:
        b = e["baris"]
        if e.get("target") is None:
            # No target for the year: not a PK indicator; it must be listed, not lost.
            s.periksa(f"baris {b} dilewati dan disebut", b in lewat, True)
            continue
        kode = (kode_of.get(b) or [None])[0]
        if kode is None or (kode, L.PERIODE_TAHUNAN) not in nilai:
            s.periksa(f"baris {b} dibaca", None, e["indikator"])
            continue
        if e.get("kode"):
            s.periksa(f"baris {b} Kode", kode == e["kode"] or kode.startswith(e["kode"] + "-"),
                      True)
        th = nilai[(kode, L.PERIODE_TAHUNAN)]
        f = skala(e.get("anggaran") or {})
        s.periksa(f"baris {b} Indikator", th["Indikator"], e["indikator"])
        s.periksa(f"baris {b} Satuan", th["Satuan"], e["satuan"])
        s.periksa(f"baris {b} Target", th["Target"], e["target"])
        s.periksa(f"baris {b} Pagu", th["Pagu anggaran"], kali(e["anggaran"]["target"], f))
        renstra = [k for k in e if k.startswith("target_renstra")]
        if renstra:
            s.periksa(f"baris {b} Target akhir Renstra", th["Target akhir Renstra"],
                      e[renstra[0]])
        for q in quarters:
            tw = nilai[(kode, L.tw(int(q)))]
            s.periksa(f"baris {b} Realisasi TW {q}", tw["Realisasi"], e["tw"].get(q))
            s.periksa(f"baris {b} Realisasi anggaran TW {q}", tw["Realisasi anggaran"],
                      kali(e["anggaran"]["tw"].get(q), f))
    return s


def skor(path: Path, tmp: Path) -> Skor:
    exp = harapan(path)
    kind = jenis_berkas(exp)
    return {"renja": skor_renja, "esakip": skor_esakip, "renstra": skor_renstra}[kind](
        path, exp, tmp)


def skor_esakip(path: Path, exp: dict, tmp: Path) -> Skor:
    """The template carries codes only: a PK with those codes as Kode e-SAKIP, built by
    `buat` from a plain CSV, then `impor` of the quarter the file holds."""
    from kinerja_xl import layout as L
    s = Skor(path.name, "esakip")
    rows = exp["tabel"][0]["baris_indikator"]
    q = next(q for q in "1234" if any(r["tw"].get(q) is not None for r in rows))
    unit = tmp / "unit.csv"
    unit.write_text("Kode unit,Nama unit,Jenis,Induk,Kode singkat\n"
                    "SEK,Sekretariat,Sekretariat,,SEK\n", encoding="utf-8")
    pk = tmp / "pk.csv"
    lines = ["Kode,Kode e-SAKIP,Level,Unit,Indikator,Satuan,Arah,Agregasi,Target tahunan"]
    for i, r in enumerate(rows, start=1):
        lines.append(f"K{i:02d},{r['kode']},Sekretariat,SEK,Indikator {r['kode']},Angka,"
                     "Positif,Jumlah,100")
    pk.write_text("\n".join(lines) + "\n", encoding="utf-8")
    book = tmp / "esakip.xlsm"
    code, out, err = jalankan(["buat", book, "--unit", unit, "--pk", pk])
    assert code == 0, out + err
    code, out, err = jalankan(["impor", book, "--realisasi", path, "--triwulan", q,
                               "--ajukan"])
    if code != 0:
        s.ditolak, s.langkah = (err or out).strip(), _langkah(err)
        return s
    nilai = datar(book, tmp)
    teks = {"kendala": "Faktor penghambat", "rencana_tindak_lanjut": "Tindak lanjut",
            "link_bukti_dukung_kinerja": "Keterangan"}
    for i, r in enumerate(rows, start=1):
        tw = nilai[(f"K{i:02d}", L.tw(int(q)))]
        s.periksa(f"baris {r['baris']} Realisasi TW {q}", tw["Realisasi"], r["tw"][q])
        for key, col in teks.items():
            s.periksa(f"baris {r['baris']} {col}", tw[col], r.get(key))
    return s


def skor_renstra(path: Path, exp: dict, tmp: Path) -> Skor:
    """Targets per year: for every year, `periksa-tabel` must show the year's target and
    allocation columns and every number as it would be written; `buat --tahun` either
    builds or refuses with one step to take."""
    s = Skor(path.name, "renstra")
    tabel = exp["tabel"][0]
    spec = f"{path}::{tabel['sheet']}"
    rows = tabel["baris_indikator"]
    years = sorted({y for r in rows for y in r["target_per_tahun"]})
    for y in years:
        code, out, err = jalankan(["periksa-tabel", spec, "--sebagai", "pk", "--tahun", y,
                                   "--json", "--semua"])
        if code == 2:       # could not read at all (1: read, with error findings)
            s.ditolak, s.langkah = (err or out).strip(), _langkah(err)
            return s
        bacaan = json.loads(out)
        by_row = {b["baris"]: b for b in bacaan["baris_terbaca"]}
        for e in rows:
            b = by_row.get(e["baris"])
            s.periksa(f"{y} baris {e['baris']} dibaca", b is not None, True)
            if b is None:
                continue
            s.periksa(f"{y} baris {e['baris']} Indikator", b["nilai"].get("Indikator"),
                      e["indikator"])
            s.periksa(f"{y} baris {e['baris']} Target", b["asli"].get("Target tahunan"),
                      e["target_per_tahun"][y])
            f = skala(e.get("anggaran") or {})
            s.periksa(f"{y} baris {e['baris']} Alokasi", b["nilai"].get("Pagu anggaran"),
                      kali(e["anggaran"]["per_tahun"].get(y), f))
    book = tmp / "renstra.xlsm"
    code, out, err = jalankan(["buat", book, "--pk", spec, "--tahun", years[0]])
    if code != 0:
        s.ditolak, s.langkah = err.strip(), _langkah(err)
    return s
