"""The result every command returns, and how it reads as text or as JSON.

An operation returns one `Hasil`: rows and findings as data, a few summary sentences,
and the sheets it wrote.  The CLI prints it with one printer (`commands/common.py`,
text or the JSON envelope of SPEC §4); the ribbon shows `ringkas(hasil)` in a message
box.  A run that could not happen at all (exit code 2) is `galat_json`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from . import temuan as T


@dataclass(frozen=True)
class TemuanLain:
    """Findings another command reports in full (e.g. `validasi`), here only counted,
    so each command prints its own findings once and points to the other."""
    perintah: str
    error: int = 0
    peringatan: int = 0

    @property
    def jumlah(self) -> int:
        return self.error + self.peringatan

    def as_json(self) -> dict[str, Any]:
        return {"perintah": self.perintah, "error": self.error, "peringatan": self.peringatan}


@dataclass
class Hasil:
    perintah: str
    berkas: str | None
    triwulan: int | None
    baris: list[dict[str, Any]] = field(default_factory=list)
    temuan: list[T.Temuan] = field(default_factory=list)
    ringkasan: list[str] = field(default_factory=list)
    diubah: list[str] = field(default_factory=list)
    # Lines shown as they are, before the summary (a report, cell-by-cell changes).
    rincian: list[str] = field(default_factory=list)
    lain: TemuanLain | None = None
    # Keys this command adds to the JSON envelope (e.g. "pdf", "diterapkan").
    tambahan: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        own = any(t.tingkat == T.ERROR for t in self.temuan)
        return 1 if own or (self.lain and self.lain.error) else 0

    def as_json(self) -> dict[str, Any]:
        out = {"perintah": self.perintah, "berkas": _str(self.berkas),
               "triwulan": self.triwulan, "baris": self.baris,
               "temuan": [temuan_json(t) for t in self.temuan]}
        if self.lain is not None:
            out["temuan_lain"] = self.lain.as_json()
        clash = set(self.tambahan) & set(out)
        if clash:
            raise ValueError(f"tambahan menimpa kunci baku: {sorted(clash)}")
        out.update(self.tambahan)
        return out


def hitung_lain(perintah: str, found: list[T.Temuan]) -> TemuanLain:
    errors = sum(t.tingkat == T.ERROR for t in found)
    return TemuanLain(perintah, errors, len(found) - errors)


# --- sentences --------------------------------------------------------------------------
_ENDS = ("?", "!", ":")


def kalimat(teks: str) -> str:
    """The message with exactly one full stop at its end ('..' never)."""
    body = str(teks).rstrip()
    while body.endswith(".") and not body.endswith("..."):
        body = body[:-1].rstrip()
    if body.endswith("..."):
        body = body.rstrip(".").rstrip()
    if not body or body.endswith(_ENDS):
        return body
    return body + "."


def temuan_json(t: T.Temuan) -> dict[str, Any]:
    d = t.as_dict()
    d["pesan"] = kalimat(d["pesan"])
    return d


def galat_json(perintah: str | None, berkas: Any, pesan: str,
               temuan: list[T.Temuan] | tuple = ()) -> dict[str, Any]:
    """The envelope of a run that could not happen (exit code 2)."""
    return {"perintah": perintah, "berkas": _str(berkas), "galat": {"pesan": kalimat(pesan)},
            "temuan": [temuan_json(t) for t in temuan]}


def json_default(value: Any) -> Any:
    """Values JSON has no word for, written the way the reports write them."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, PurePath):
        return str(value)
    raise TypeError(f"{type(value).__name__} tidak dapat ditulis sebagai JSON")


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


# --- text -------------------------------------------------------------------------------
def hitungan(found: list[T.Temuan]) -> str:
    errors = sum(t.tingkat == T.ERROR for t in found)
    return f"{errors} error, {len(found) - errors} peringatan"


def pokok(hasil: Hasil) -> list[str]:
    """The details and the summary sentences: what the command did."""
    return list(hasil.rincian) + [kalimat(s) for s in hasil.ringkasan if s]


def teks(hasil: Hasil) -> list[str]:
    """The whole result as lines for a terminal: details, summary, every own finding
    (errors first), the count of the others' findings, the sheets written."""
    lines = pokok(hasil)
    errors = [t for t in hasil.temuan if t.tingkat == T.ERROR]
    others = [t for t in hasil.temuan if t.tingkat != T.ERROR]
    lines += [f"[{t.tingkat}] {t.kode_temuan}: {kalimat(t.pesan)}" for t in errors + others]
    if hasil.temuan:
        lines.append(kalimat(hitungan(hasil.temuan)))
    if hasil.lain and hasil.lain.jumlah:
        lines.append(kalimat_lain(hasil.lain, hasil))
    if hasil.diubah:
        lines.append(kalimat("Lembar diperbarui: " + ", ".join(hasil.diubah)))
    return lines


def kalimat_lain(lain: TemuanLain, hasil: Hasil) -> str:
    where = f" {_arg(hasil.berkas)}" if hasil.berkas else ""
    tw = f" --triwulan {hasil.triwulan}" if hasil.triwulan else " --tahunan"
    return kalimat(f"{lain.jumlah} temuan {lain.perintah} lain ({lain.error} error, "
                   f"{lain.peringatan} peringatan) tidak diulang di sini; jalankan "
                   f"'kinerja-xl {lain.perintah}{where}{tw}' untuk rinciannya")


SUDAH_SESUAI = "Tidak ada perubahan: lembar sudah sesuai data terakhir."


def _arg(path: str) -> str:
    """A path as typed on a command line (quoted when it holds spaces)."""
    return f'"{path}"' if any(c.isspace() for c in path) else path


def ringkas(hasil: Hasil, lengkap: bool = False,
            tanpa_perubahan: str | None = SUDAH_SESUAI) -> str:
    """A short text for a message box: the summary, the findings as counts, the sheets.
    `lengkap` keeps every summary line (and the details) instead of the first;
    `tanpa_perubahan` is said when no sheet was written."""
    lines = pokok(hasil) if lengkap else [kalimat(s) for s in hasil.ringkasan[:1]]
    if hasil.temuan and hasil.perintah != "validasi":
        lines.append(kalimat(f"Temuan: {hitungan(hasil.temuan)}"))
    if hasil.lain and hasil.lain.jumlah:
        lines.append(kalimat(f"{hasil.lain.jumlah} temuan {hasil.lain.perintah} lain "
                             f"({hasil.lain.error} error, {hasil.lain.peringatan} peringatan); "
                             "jalankan Validasi untuk rinciannya di lembar Temuan"))
    if hasil.diubah:
        lines.append(kalimat("Lembar diperbarui: " + ", ".join(hasil.diubah)))
    elif tanpa_perubahan:
        lines.append(tanpa_perubahan)
    return "\n".join(lines)
