"""Fixtures for the input-table tests: the built-in sample tables written again in the
shapes offices keep them (title block, merged multi-row header, numbered columns,
group rows, a total row and a signature block, several sheets; CSV in both separator
conventions), and LibreOffice's own .xls/.ods copies of the spreadsheet."""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from kinerja_xl import layout as L
from kinerja_xl.build.builder import contoh_path

ANGKA = {"pk": ("Target tahunan", "Pagu anggaran", "Realisasi tahun lalu",
                "Target akhir Renstra"),
         "ra": tuple(L.target_h(n) for n in L.TRIWULAN)}
# A character outside ASCII, so the encodings are exercised.
PENANDATANGAN = "Dr. André Fauzi, S.Kom., M.M."


def data_bersih() -> dict[str, tuple[list[str], list[list]]]:
    """{table: (header, rows)} with numbers as Decimal, text as str, empty as None."""
    out = {}
    for name in ("unit", "pk", "ra", "pengaturan"):
        with open(contoh_path(f"{name}.csv"), encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], []
        for row in rows[1:]:
            line = []
            for h, v in zip(header, row):
                if v == "":
                    line.append(None)
                elif h in ANGKA.get(name, ()):
                    line.append(Decimal(v.replace(".", "").replace(",", ".")))
                elif name == "pengaturan" and v.startswith("Dr. "):
                    line.append(PENANDATANGAN)
                else:
                    line.append(v)
            body.append(line)
        out[name] = (header, body)
    return out


def tulis_csv_bersih(data, folder: Path) -> dict[str, Path]:
    """The reference shape: the project's own CSV convention (comma, decimal comma)."""
    return tulis_csv(data, folder, ",", "koma", "utf-8")


def _teks_angka(x: Decimal, desimal: str, ribuan: bool) -> str:
    s = format(x, "f")
    whole, _, frac = s.partition(".")
    if ribuan and len(whole) > 3:
        groups = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = ("." if desimal == "koma" else ",").join(groups)
    if not frac:
        return whole
    return whole + ("," if desimal == "koma" else ".") + frac


def tulis_csv(data, folder: Path, delimiter: str, desimal: str, encoding: str,
              ribuan: bool = False) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, (header, rows) in data.items():
        path = folder / f"{name}.csv"
        with open(path, "w", encoding=encoding, newline="") as fh:
            w = csv.writer(fh, delimiter=delimiter)
            w.writerow(header)
            for row in rows:
                w.writerow(["" if v is None else _teks_angka(v, desimal, ribuan)
                            if isinstance(v, Decimal) else v for v in row])
        paths[name] = path
    return paths


def _judul(ws, judul: str, baris: int = 3) -> None:
    ws.cell(1, 1, "PEMERINTAH KABUPATEN CONTOH")
    ws.cell(2, 1, judul)
    if baris > 3:
        ws.cell(3, 1, "Tahun Anggaran 2026")


def _ttd(ws, row: int, col: int) -> None:
    ws.cell(row, col, "Lumajang, 2 Januari 2026")
    ws.cell(row + 1, col, "Kepala Dinas")
    ws.cell(row + 4, col, "NIP. 197001011995031002")


def _persen(ws, cell, satuan: str, value) -> None:
    """% indicators' numbers as a spreadsheet keeps them: a fraction shown as percent."""
    if isinstance(value, Decimal) and satuan == "%":
        cell.value = float(value / 100)
        cell.number_format = "0.0%" if value % 1 else "0%"
    elif isinstance(value, Decimal):
        cell.value = float(value)


def tulis_xlsx(data, path: Path) -> Path:
    """One workbook, a cover sheet first, then a sheet per table in office shapes."""
    wb = Workbook()
    cover = wb.active
    cover.title = "Petunjuk"
    cover["A1"] = "Petunjuk pengisian"
    cover["A2"] = "Isi lembar Unit, PK, RA dan Pengaturan."
    satuan = {}

    # Unit: three title rows, header in row 5, a numbered row, signature block.
    header, rows = data["unit"]
    ws = wb.create_sheet("Unit")
    _judul(ws, "DAFTAR UNIT KERJA", 4)
    ws.cell(5, 1, "No")
    for c, h in enumerate(header, start=2):
        ws.cell(5, c, h)
    for c in range(1, len(header) + 2):
        ws.cell(6, c, c)
    for i, row in enumerate(rows):
        ws.cell(7 + i, 1, i + 1)
        for c, v in enumerate(row, start=2):
            ws.cell(7 + i, c, v)
    _ttd(ws, 7 + len(rows) + 2, 6)

    # PK: a header of two merged rows ("Target" over "Tahunan"/"Akhir Renstra"),
    # names from real forms, a group row per Sasaran, a total row.
    header, rows = data["pk"]
    ws = wb.create_sheet("PK")
    _judul(ws, "PERJANJIAN KINERJA")
    names = {"Kode": "Kode Indikator", "Indikator": "Indikator Kinerja",
             "Target tahunan": ("Target", "Tahunan"),
             "Target akhir Renstra": ("Target", "Akhir Renstra"),
             "Pagu anggaran": "Pagu", "Realisasi tahun lalu": "Realisasi tahun lalu"}
    order = ["Kode", "Level", "Unit", "Sasaran", "Indikator", "Satuan", "Arah", "Agregasi",
             "Target tahunan", "Target akhir Renstra", "Pagu anggaran",
             "Realisasi tahun lalu", "Target akhir Renstra"][:-1]
    top = 5
    for c, h in enumerate(order, start=1):
        name = names.get(h, h)
        if isinstance(name, tuple):
            ws.cell(top, c, name[0])
            ws.cell(top + 1, c, name[1])
        else:
            ws.cell(top, c, name)
            ws.merge_cells(start_row=top, start_column=c, end_row=top + 1, end_column=c)
    t = order.index("Target tahunan") + 1
    ws.merge_cells(start_row=top, start_column=t, end_row=top, end_column=t + 1)
    for c in range(1, len(order) + 1):
        ws.cell(top + 2, c, f"({c})")
    r = top + 3
    sasaran = None
    for row in rows:
        v = dict(zip(header, row))
        satuan[v["Kode"]] = v["Satuan"]
        if v["Sasaran"] != sasaran:
            sasaran = v["Sasaran"]
            ws.cell(r, 4, f"Sasaran: {sasaran}")
            r += 1
        for c, h in enumerate(order, start=1):
            cell = ws.cell(r, c)
            value = v.get(h)
            if h in ("Target tahunan", "Target akhir Renstra", "Realisasi tahun lalu"):
                _persen(ws, cell, v["Satuan"], value)
            elif isinstance(value, Decimal):
                cell.value = float(value)
            else:
                cell.value = value
        r += 1
    ws.cell(r, 1, "Jumlah")
    ws.cell(r, order.index("Pagu anggaran") + 1, "=SUM(K8:K60)")
    _ttd(ws, r + 2, 5)

    # RA: "Target" merged over "TW I … TW IV", Kode and Rencana aksi merged down,
    # an empty row and the signature block.
    header, rows = data["ra"]
    ws = wb.create_sheet("RA")
    _judul(ws, "RENCANA AKSI", 4)
    top = 6
    for c, h in enumerate(("Kode", "Rencana Kegiatan"), start=1):
        ws.cell(top, c, h)
        ws.merge_cells(start_row=top, start_column=c, end_row=top + 1, end_column=c)
    ws.cell(top, 3, "Target")
    ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=6)
    for n in L.TRIWULAN:
        ws.cell(top + 1, 2 + n, f"Triwulan {L.ROMAWI[n]}")
        ws.cell(top + 1, 2 + n).alignment = Alignment(horizontal="center")
    for i, row in enumerate(rows):
        v = dict(zip(header, row))
        ws.cell(top + 2 + i, 1, v["Kode"])
        ws.cell(top + 2 + i, 2, v["Rencana aksi"])
        for n in L.TRIWULAN:
            _persen(ws, ws.cell(top + 2 + i, 2 + n), satuan[v["Kode"]], v[L.target_h(n)])
    _ttd(ws, top + 2 + len(rows) + 1, 4)

    # Pengaturan: typed as text, as the sample's own CSV has it.
    header, rows = data["pengaturan"]
    ws = wb.create_sheet("Pengaturan")
    ws.cell(1, 1, "PENGATURAN")
    for c, h in enumerate(header, start=1):
        ws.cell(3, c, h)
    for i, row in enumerate(rows):
        for c, v in enumerate(row, start=1):
            ws.cell(4 + i, c, v).number_format = "@"
    wb.save(path)
    return path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def konversi(src: Path, fmt: str, outdir: Path) -> Path:
    """LibreOffice's own conversion (a temporary profile, no display)."""
    exe = soffice()
    assert exe, "LibreOffice (soffice) tidak terpasang"
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "profil"
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    subprocess.run([exe, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                    "--norestore", "--convert-to", fmt, "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, env=env, timeout=240)
    out = outdir / (src.stem + "." + fmt)
    assert out.is_file(), f"LibreOffice tidak menghasilkan {out.name}"
    return out


# --- the Permendagri 86/2017 Evaluasi Renja form ----------------------------------------
RENJA_KOLOM = (
    ("No",), ("Sasaran",), ("Kode",),
    ("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan",),
    ("Indikator Kinerja Program (outcome)/ Kegiatan (output)",), ("Satuan",),
    ("Target Renstra Perangkat Daerah pada Tahun 2026 (Akhir Periode Renstra PD)", 2),
    ("Realisasi Capaian Kinerja Renstra PD sampai dengan Renja PD Tahun Lalu (2025)", 2),
    ("Target Kinerja dan Anggaran Renja PD Tahun Berjalan (2026) yang Dievaluasi", 2),
    ("Realisasi Kinerja Pada Triwulan", 8),
    ("Realisasi Capaian Kinerja dan Anggaran Renja PD yang Dievaluasi", 2),
    ("Unit Perangkat Daerah Penanggung Jawab",), ("Keterangan",),
)
# (sasaran, kode, program/kegiatan, indikator, satuan, renstra K, renja K, renja Rp,
#  [TW I K, TW I Rp, TW II K, TW II Rp])
RENJA_BARIS = [
    (None, "2.16", "Urusan Pemerintahan Bidang Komunikasi dan Informatika", None, None,
     None, None, None, []),
    ("Meningkatnya layanan informasi publik", "2.16.02",
     "Program Informasi dan Komunikasi Publik",
     "Persentase OPD yang memutakhirkan informasi di portal", "%", 100, 90, 1200000000,
     [60, 250000000, 70, 300000000]),
    (None, "2.16.02.2.01", "Kegiatan Pengelolaan Informasi dan Komunikasi Publik",
     "1. Jumlah informasi publik yang dipublikasikan 2. Jumlah konten media sosial",
     "1. Informasi 2. Konten", None, "1. 1200 2. 960", 800000000,
     ["1. 300 2. 240", 200000000, "1. 310 2. 250", 210000000]),
    (None, "2.16.02.2.01.0001",
     "Sub Kegiatan Pengelolaan Konten dan Perencanaan Media Komunikasi Publik",
     "Jumlah konten yang diproduksi", "Konten", None, 500, 150000000,
     [120, 40000000, 130, 41000000]),
    ("Meningkatnya tata kelola SPBE", "2.16.03", "Program Aplikasi Informatika",
     "Indeks SPBE", "Indeks", 3.5, 3.1, 2000000000, [None, 100000000, None, 150000000]),
    (None, "2.16.03.2.02", "Kegiatan Pengelolaan e-Government",
     "Jumlah aplikasi yang terintegrasi", "Aplikasi", None, None, 500000000, []),
]


def tulis_renja(path: Path, urutan: list[int] | None = None, rp_juta: bool = False) -> Path:
    """The form as a Badan fills it: a title block, a header of three merged rows, a
    numbered row, program/kegiatan/sub kegiatan rows, a total row and signatures."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Evaluasi Renja"
    ws["A1"] = "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH LINGKUP KABUPATEN CONTOH"
    ws.merge_cells("A1:X1")
    ws["A2"] = "Renja Perangkat Daerah Kabupaten Contoh Periode Pelaksanaan: 2026"
    ws["A3"] = "Perangkat Daerah : Dinas Komunikasi dan Informatika"
    ws["A4"] = ("Indikator dan target kinerja Perangkat Daerah yang mengacu pada sasaran "
                "RKPD: Meningkatnya kualitas pelayanan publik")
    c = 1
    for item in RENJA_KOLOM:
        name, span = item[0], (item[1] if len(item) > 1 else 1)
        ws.cell(5, c, name)
        if span == 1:
            ws.merge_cells(start_row=5, start_column=c, end_row=7, end_column=c)
        elif span == 2:
            ws.merge_cells(start_row=5, start_column=c, end_row=6, end_column=c + 1)
            ws.cell(7, c, "K")
            juta = rp_juta and name.startswith("Target Kinerja")
            ws.cell(7, c + 1, "Rp. (juta)" if juta else "Rp.")
        else:
            ws.merge_cells(start_row=5, start_column=c, end_row=5, end_column=c + span - 1)
            for q in range(4):
                ws.cell(6, c + 2 * q, ("I", "II", "III", "IV")[q])
                ws.merge_cells(start_row=6, start_column=c + 2 * q, end_row=6,
                               end_column=c + 2 * q + 1)
                ws.cell(7, c + 2 * q, "K")
                ws.cell(7, c + 2 * q + 1, "Rp.")
        c += span
    for col in range(1, c):
        ws.cell(8, col, col)
    baris = [RENJA_BARIS[i] for i in (urutan or range(len(RENJA_BARIS)))]
    r = 9
    for i, (sas, kode, prog, ind, sat, renstra, k, rp, tw) in enumerate(baris):
        ws.cell(r, 1, i + 1)
        if rp_juta and rp is not None:
            rp = rp / 1_000_000
        for col, v in ((2, sas), (3, kode), (4, prog), (5, ind), (6, sat), (7, renstra),
                       (11, k), (12, rp)):
            ws.cell(r, col, v)
        for j, v in enumerate(tw):
            ws.cell(r, 13 + j, v)
        ws.cell(r, 23, "Bidang IKP")
        r += 1
    ws.cell(r, 1, "JUMLAH")
    ws.cell(r, 12, "=SUM(L9:L14)")
    ws.cell(r + 2, 20, "Lumajang, 10 Januari 2027")
    ws.cell(r + 3, 20, "Kepala Dinas Komunikasi dan Informatika")
    ws.cell(r + 6, 20, "NIP. 197001011995031002")
    wb.save(path)
    return path


ESAKIP_KOLOM = ("Kode Indikator", "Realisasi TW", "Kendala yg Dihadapi",
                "Solusi yg Telah Dilakukan", "Rencana Tindak Lanjut", "PIC Tindak Lanjut",
                "Batas Waktu TL", "Link Bukti Dukung Kinerja",
                "Link Bukti Dukung Rencana Tindak Lanjut Triwulan Sebelumnya")


def tulis_esakip(path: Path, baris: list[tuple]) -> Path:
    """The e-SAKIP application's "Template Import Capaian Kinerja", as downloaded."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Template"
    ws.append(ESAKIP_KOLOM)
    for row in baris:
        ws.append(row)
    wb.save(path)
    return path
