"""The reference data of a Dinas: units, indicators (PK + RA) and settings.

Built from rows (an input table for `buat`, or the reference sheets of a workbook)
and checked on the way in; every problem names where it was found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from . import layout as L
from .io.base import Grid
from .rules import Skala, SKALA_BAWAAN, parse_angka, skala_dari_tabel
from .tables import Row, TableError, rows_from_grid

KODE_SINGKAT = re.compile(r"^[A-Za-z0-9-]{1,12}$")


@dataclass
class Unit:
    kode: str
    nama: str
    jenis: str
    induk: str | None
    kode_singkat: str
    nama_pejabat: str | None = None
    nip: str | None = None
    jabatan: str | None = None

    @property
    def is_induk(self) -> bool:
        return self.jenis in L.JENIS_INDUK


@dataclass
class Indikator:
    kode: str
    level: str
    unit: str
    sasaran: str | None
    nama: str
    satuan: str
    arah: str
    agregasi: str
    target_tahunan: float | None
    pagu: float | None = None
    realisasi_tahun_lalu: float | None = None
    target_renstra: float | None = None
    rencana_aksi: str | None = None
    target_tw: list[float | None] = field(default_factory=lambda: [None] * 4)


@dataclass
class Referensi:
    units: dict[str, Unit]
    indikator: list[Indikator]
    pengaturan: dict[str, Any]
    skala: Skala = SKALA_BAWAAN

    # --- lookups ---------------------------------------------------------
    def unit_of(self, ind: Indikator) -> Unit:
        return self.units[ind.unit]

    def bidang_of(self, unit: Unit) -> Unit:
        """The Sekretariat/Bidang a unit belongs to (itself for those)."""
        if unit.is_induk or not unit.induk:
            return unit
        return self.units[unit.induk]

    def induk_units(self) -> list[Unit]:
        return [u for u in self.units.values() if u.is_induk]

    def reporting_units(self) -> list[Unit]:
        """Units that report at least one indicator, in Unit-sheet order."""
        used = {i.unit for i in self.indikator}
        return [u for u in self.units.values() if u.kode in used]

    def indikator_of_unit(self, unit: Unit) -> list[Indikator]:
        return [i for i in self.indikator if i.unit == unit.kode]

    def indikator_of_bidang(self, bidang: Unit) -> list[Indikator]:
        return [i for i in self.indikator
                if self.bidang_of(self.units[i.unit]).kode == bidang.kode]

    def setting(self, kunci: str, default: Any = None) -> Any:
        value = self.pengaturan.get(kunci)
        if value is None or (isinstance(value, str) and not value.strip()):
            return default
        return value

    @property
    def tahun(self) -> int:
        return int(float(self.setting("Tahun", 0) or 0))

    @property
    def rumus_negatif(self) -> str:
        value = str(self.setting(L.RUMUS_KUNCI, L.RUMUS_BAWAAN)).strip().upper()
        return value if value in L.RUMUS_NEGATIF else L.RUMUS_BAWAAN

    def triwulan_aktif(self) -> int:
        try:
            n = int(float(str(self.setting("Triwulan aktif", 1)).replace(",", ".")))
        except ValueError:
            n = 1
        return n if n in L.TRIWULAN else 1

    def ambang(self, kunci: str, default: float) -> float:
        value = parse_angka(self.setting(kunci, default)).nilai
        return default if value is None else value


# --- building from rows ------------------------------------------------------
class Problems:
    """Collects every problem of a table so a person can fix them in one go."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, row: Row, header: str | None, text: str) -> None:
        self.items.append(f"{row.where(header)}: {text}")

    def raise_if_any(self, title: str) -> None:
        if self.items:
            shown = self.items[:30]
            more = len(self.items) - len(shown)
            tail = f"\n  … dan {more} masalah lain." if more > 0 else ""
            raise TableError(f"{title}\n  " + "\n  ".join(shown) + tail)


def _number(row: Row, header: str, problems: Problems, required: bool = False) -> float | None:
    raw = row.get(header)
    if raw is None:
        if required:
            problems.add(row, header, f"{header} wajib diisi.")
        return None
    angka = parse_angka(raw)
    if angka.masalah not in (None, "negatif") or angka.nilai is None:
        problems.add(row, header, f"'{raw}' bukan angka.")
        return None
    if angka.nilai < 0:
        problems.add(row, header, f"{header} tidak boleh negatif ({raw}).")
    return angka.nilai


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _choice(row: Row, header: str, choices: Sequence[str], problems: Problems) -> str | None:
    value = _text(row.get(header))
    if value is None:
        problems.add(row, header, f"{header} wajib diisi ({' / '.join(choices)}).")
        return None
    for choice in choices:
        if value.casefold() == choice.casefold():
            return choice
    problems.add(row, header, f"{header} '{value}' tidak dikenal; pilih {' / '.join(choices)}.")
    return None


def units_from_rows(rows: list[Row]) -> dict[str, Unit]:
    problems = Problems()
    units: dict[str, Unit] = {}
    short_seen: dict[str, Row] = {}
    for row in rows:
        kode = _text(row.get("Kode unit"))
        if kode is None:
            problems.add(row, "Kode unit", "Kode unit wajib diisi.")
            continue
        if kode in units:
            problems.add(row, "Kode unit", f"Kode unit '{kode}' ganda.")
            continue
        jenis = _choice(row, "Jenis", L.JENIS_UNIT, problems)
        singkat = _text(row.get("Kode singkat"))
        if singkat is None:
            problems.add(row, "Kode singkat", "Kode singkat wajib diisi.")
        elif not KODE_SINGKAT.match(singkat):
            problems.add(row, "Kode singkat",
                         f"Kode singkat '{singkat}' harus 1–12 huruf, angka atau '-'.")
        elif singkat.upper() in short_seen:
            problems.add(row, "Kode singkat", f"Kode singkat '{singkat}' ganda.")
        else:
            short_seen[singkat.upper()] = row
        nama = _text(row.get("Nama unit"))
        if nama is None:
            problems.add(row, "Nama unit", "Nama unit wajib diisi.")
        nip = _text(row.get("NIP"))
        units[kode] = Unit(kode, nama or kode, jenis or "Seksi", _text(row.get("Induk")),
                           singkat or kode, _text(row.get("Nama pejabat")), nip,
                           _text(row.get("Jabatan")))
        units[kode]._row = row  # type: ignore[attr-defined]
    for unit in units.values():
        row = unit._row  # type: ignore[attr-defined]
        if unit.is_induk:
            continue
        if not unit.induk:
            problems.add(row, "Induk", f"Unit '{unit.kode}' ({unit.jenis}) wajib punya Induk.")
        elif unit.induk not in units:
            problems.add(row, "Induk", f"Induk '{unit.induk}' tidak ada di tabel Unit.")
        elif not units[unit.induk].is_induk:
            problems.add(row, "Induk", f"Induk '{unit.induk}' harus Sekretariat atau Bidang.")
    problems.raise_if_any("Tabel Unit bermasalah:")
    return units


def indikator_from_rows(pk_rows: list[Row], ra_rows: list[Row],
                        units: dict[str, Unit]) -> list[Indikator]:
    problems = Problems()
    result: dict[str, Indikator] = {}
    for row in pk_rows:
        kode = _text(row.get("Kode"))
        if kode is None:
            problems.add(row, "Kode", "Kode indikator wajib diisi.")
            continue
        if kode in result:
            problems.add(row, "Kode", f"Kode indikator '{kode}' ganda.")
            continue
        unit = _text(row.get("Unit"))
        if unit is None:
            problems.add(row, "Unit", "Unit wajib diisi.")
        elif unit not in units:
            problems.add(row, "Unit", f"Unit '{unit}' tidak ada di tabel Unit.")
        nama = _text(row.get("Indikator"))
        if nama is None:
            problems.add(row, "Indikator", "Nama indikator wajib diisi.")
        satuan = _text(row.get("Satuan"))
        if satuan is None:
            problems.add(row, "Satuan", "Satuan wajib diisi.")
        result[kode] = Indikator(
            kode=kode,
            level=_choice(row, "Level", L.LEVEL_PK, problems) or "Seksi",
            unit=unit or "",
            sasaran=_text(row.get("Sasaran")),
            nama=nama or kode,
            satuan=satuan or "",
            arah=_choice(row, "Arah", L.ARAH, problems) or L.POSITIF,
            agregasi=_choice(row, "Agregasi", L.AGREGASI, problems) or L.JUMLAH,
            target_tahunan=_number(row, "Target tahunan", problems, required=True),
            pagu=_number(row, "Pagu anggaran", problems),
            realisasi_tahun_lalu=_number(row, "Realisasi tahun lalu", problems),
            target_renstra=_number(row, "Target akhir Renstra", problems),
        )
    seen_ra: set[str] = set()
    for row in ra_rows:
        kode = _text(row.get("Kode"))
        if kode is None:
            problems.add(row, "Kode", "Kode wajib diisi.")
            continue
        if kode not in result:
            problems.add(row, "Kode", f"Kode '{kode}' tidak ada di tabel PK.")
            continue
        if kode in seen_ra:
            problems.add(row, "Kode", f"Kode '{kode}' ganda di tabel RA.")
            continue
        seen_ra.add(kode)
        ind = result[kode]
        ind.rencana_aksi = _text(row.get("Rencana aksi"))
        ind.target_tw = [_number(row, L.target_h(n), problems) for n in L.TRIWULAN]
    problems.raise_if_any("Tabel PK/RA bermasalah:")
    return list(result.values())


def pengaturan_from_rows(rows: list[Row]) -> dict[str, Any]:
    """Kunci/Nilai rows over the defaults; an unknown key is an error (a typo
    would otherwise be silently ignored)."""
    problems = Problems()
    values: dict[str, Any] = {s.kunci: s.bawaan for s in L.SETTINGS}
    known = {k.casefold(): k for k in L.SETTING_KEYS}
    for row in rows:
        kunci = _text(row.get("Kunci"))
        if kunci is None:
            continue
        key = known.get(kunci.casefold())
        if key is None:
            problems.add(row, "Kunci", f"Kunci '{kunci}' tidak dikenal.")
            continue
        values[key] = row.get("Nilai")
    problems.raise_if_any("Tabel Pengaturan bermasalah:")
    return values


def pengaturan_from_grid(grid: Grid) -> dict[str, Any]:
    """The settings of a workbook's `Pengaturan` sheet (the one reader of that sheet)."""
    return pengaturan_from_rows(rows_from_grid(grid, L.REF_HEADER_ROW, L.PENGATURAN_REQUIRED,
                                               L.PENGATURAN_REQUIRED, L.PENGATURAN, True))


def skala_from_rows(rows: list[tuple[Any, Any]], where: str) -> Skala:
    try:
        return skala_dari_tabel(rows)
    except ValueError as exc:
        raise TableError(f"{where}: skala predikat tidak valid: {exc}") from exc
