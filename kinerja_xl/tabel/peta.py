"""A reading of a table, kept: `periksa-tabel --simpan-peta PETA.toml` writes what was
understood (sheet, header rows, column → our name, rows to skip, decimal separator,
unit) as a small file a person can edit; `buat`/`impor`/`periksa-tabel --peta PETA.toml`
read the same form with it next quarter.  A peta that no longer fits the file (a
header gone or renamed) is an error naming the header, never a silent other reading.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..rows import TableError
from . import pemisah_desimal as D
from .alias import KolomOpsi, kunci


@dataclass
class Peta:
    berkas: str
    lembar: str | None
    baris_judul: tuple[int, int]
    kolom: dict[str, str]                     # header text as read → our name
    lewati: list[int] = field(default_factory=list)
    pemisah: str | None = None
    unit: str | None = None
    jenis: str | None = None


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def tulis(peta: Peta, path: Path) -> None:
    lines = ["# Peta pembacaan tabel untuk kinerja-xl (buat/impor/periksa-tabel --peta).",
             "# Ubah nama kolom di kanan tanda = bila pembacaannya keliru; baris yang",
             "# tidak boleh dibaca sebagai data tulis di 'lewati'.",
             f"berkas = {_q(peta.berkas)}"]
    if peta.jenis:
        lines.append(f"jenis = {_q(peta.jenis)}")
    if peta.lembar:
        lines.append(f"lembar = {_q(peta.lembar)}")
    lines.append(f"baris_judul = [{peta.baris_judul[0]}, {peta.baris_judul[1]}]")
    if peta.pemisah:
        lines.append(f"pemisah_desimal = {_q(peta.pemisah)}   # koma atau titik")
    if peta.unit:
        lines.append(f"unit = {_q(peta.unit)}")
    lines.append(f"lewati = [{', '.join(str(r) for r in peta.lewati)}]")
    lines.append("")
    lines.append("[kolom]   # judul kolom di tabel = nama kolom kinerja-xl")
    for header, ours in peta.kolom.items():
        lines.append(f"{_q(header)} = {_q(ours)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def baca(path: str | Path) -> Peta:
    path = Path(path)
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise TableError(f"Peta {path.name} tidak ditemukan atau tidak dapat dibaca.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TableError(f"Peta {path.name} tidak sah ({_galat_toml(exc)}). Buat ulang "
                         "dengan kinerja-xl periksa-tabel … --simpan-peta.") from None
    kolom = data.get("kolom")
    judul = data.get("baris_judul")
    if not isinstance(kolom, dict) or not all(isinstance(v, str) for v in kolom.values()) or \
            not (isinstance(judul, list) and len(judul) == 2 and all(isinstance(x, int)
                                                                     for x in judul)):
        raise TableError(f"Peta {path.name} tidak lengkap: perlu baris_judul = [atas, bawah] "
                         "dan bagian [kolom]. Buat ulang dengan kinerja-xl periksa-tabel … "
                         "--simpan-peta.")
    pemisah = data.get("pemisah_desimal")
    if pemisah is not None and pemisah not in D.PILIHAN:
        raise TableError(f"Peta {path.name}: pemisah_desimal '{pemisah}' tidak dikenal; "
                         "tulis \"koma\" atau \"titik\".")
    lewati = data.get("lewati", [])
    if not isinstance(lewati, list) or not all(isinstance(r, int) for r in lewati):
        raise TableError(f"Peta {path.name}: lewati harus daftar nomor baris, mis. [15, 16].")
    return Peta(str(data.get("berkas", "")), data.get("lembar"), (judul[0], judul[1]),
                dict(kolom), lewati, pemisah, data.get("unit"), data.get("jenis"))


def _galat_toml(exc: Exception) -> str:
    text = str(exc)
    line = text.rsplit("(line ", 1)
    return f"baris {line[1].split(',')[0]}" if len(line) == 2 else "isinya bukan TOML"


def gabung(kolom: KolomOpsi, peta: Peta, path: str | Path) -> KolomOpsi:
    """The peta's columns under --kolom (an option given on the command line wins)."""
    out = KolomOpsi(kolom)
    out.asli, out.sumber = dict(kolom.asli), dict(kolom.sumber)
    for header, ours in peta.kolom.items():
        key = kunci(header)
        if key not in out:
            out.tambah(key, ours, header, f"peta {Path(path).name}")
    out.lewati = set(peta.lewati)
    out.lembar = peta.lembar
    out.unit = peta.unit
    return out
