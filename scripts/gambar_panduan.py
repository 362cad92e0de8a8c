"""Regenerate the pictures of docs/panduan.md from the sample workbook.

    python scripts/gambar_panduan.py             # rewrite docs/gambar/*.png
    python scripts/gambar_panduan.py --keluaran DIR   # write somewhere else

Runs the demo (the whole SOP on the built-in sample) in a temporary folder, exports
the chosen sheets to PDF through LibreOffice and turns page 1 of each PDF into a PNG
(or the last page, where a report prints its chart) with poppler's `pdftoppm`. The
picture of an exported file comes from `ekspor` on the demo workbook, in which the
Kadin approved every quarter; the pictures of the Word drafts from `dokumen` on it,
printed by LibreOffice Writer.
Needs LibreOffice and poppler-utils.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
GAMBAR = ROOT / "docs" / "gambar"
RESOLUSI = 70
BATAS_BYTE = 250_000


class Gambar(NamedTuple):
    berkas: str        # PNG file name in docs/gambar
    lembar: str        # sheet exported
    resolusi: int = RESOLUSI                           # dpi for pdftoppm -r
    potong: tuple[int, int, int, int] | None = None   # x, y, W, H in pixels at `resolusi`
    sumber: str = "buku"  # "buku": the demo workbook; "awal": before the corrections;
    #                       "esakip": the file `ekspor` wrote; "dokumen-…": the Word
    #                       draft `dokumen` wrote (`lembar` unused)
    halaman: int | None = 1                            # page shown; None = the last


# Every picture docs/panduan.md uses; tests/test_panduan.py imports this list.
# The reports (9 Rekap …) are shown as a whole page at RESOLUSI; wide sheets are
# printed fit-to-page, so for them the top-left corner is cut out at a higher
# resolution to keep the text legible.
GAMBAR_PANDUAN: list[Gambar] = [
    Gambar("bahan-infra.png", "3 Bahan INFRA", 250, (120, 130, 1100, 200)),
    Gambar("koreksi-kasi.png", "4 Koreksi Kasi", 100, (40, 45, 1090, 115)),
    Gambar("laporan-infra.png", "5 Laporan INFRA", 250, (130, 130, 1300, 230)),
    Gambar("kabid-tik.png", "7 Kabid TIK", 250, (120, 120, 1300, 440)),
    Gambar("pemeriksaan-kadin.png", "8 Pemeriksaan Kadin", 100, (40, 45, 1090, 115)),
    Gambar("rekap-tw1.png", "9 Rekap TW I"),
    Gambar("rekap-tahunan.png", "9 Rekap Tahunan"),
    Gambar("rekap-grafik.png", "9 Rekap Tahunan", halaman=None),
    Gambar("temuan.png", "Temuan", 100, (40, 45, 1090, 175), "awal"),
    Gambar("ekspor-esakip.png", "Capaian Kinerja", 130, (80, 90, 1340, 440), "esakip"),
    # `lembar` here is the table periksa-tabel reads (a real form of tests/korpus).
    Gambar("periksa-tabel.png", "tests/korpus/evaluasi_renja_bappeda_deli_serdang_2025.xlsx",
           sumber="periksa"),
    Gambar("dokumen-triwulan.png", "", sumber="dokumen-triwulan"),
    Gambar("dokumen-lkjip.png", "", sumber="dokumen-lkjip"),
]

NAMA_BERKAS = [g.berkas for g in GAMBAR_PANDUAN]


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines()
                    if line.startswith("Pages:")))


def _png(pdf: Path, out_png: Path, resolusi: int, potong, halaman: int | None = 1) -> None:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm tidak ditemukan: sudo apt-get install poppler-utils")
    page = str(halaman or _pages(pdf))
    cmd = ["pdftoppm", "-png", "-r", str(resolusi), "-f", page, "-l", page, "-singlefile"]
    if potong is not None:
        x, y, w, h = potong
        cmd += ["-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h)]
    cmd += [str(pdf), str(out_png.with_suffix(""))]
    subprocess.run(cmd, check=True)
    size = out_png.stat().st_size
    if size >= BATAS_BYTE:
        raise SystemExit(f"{out_png.name} terlalu besar: {size} byte (batas {BATAS_BYTE})")


def _ekspor(workbook: Path, tmp: Path) -> dict[str, Path]:
    """TW II of the demo workbook (approved by the Kadin) exported as the guide shows."""
    from kinerja_xl.io import open_workbook
    from kinerja_xl.ops.ekspor import ekspor

    files = {"esakip": tmp / "Capaian_TW_II.xlsx"}
    with open_workbook(workbook) as book:
        ekspor(book, "esakip-capaian", files["esakip"], triwulan=2)
    return files


def _dokumen(workbook: Path, tmp: Path) -> dict[str, Path]:
    """The Word drafts of TW II and of the year, printed to PDF by LibreOffice Writer."""
    from kinerja_xl import soffice
    from kinerja_xl.io import open_workbook
    from kinerja_xl.ops.dokumen import dokumen

    pdfs = {}
    for name, triwulan in (("dokumen-triwulan", 2), ("dokumen-lkjip", None)):
        docx = tmp / f"{name}.docx"
        with open_workbook(workbook) as book:
            dokumen(book, docx, triwulan)
        profile = tmp / f"profil-{name}"
        soffice.seed_profile(profile)
        soffice.run(docx, tmp, profile, "pdf:writer_pdf_Export", 120, f"PDF {docx.name}")
        pdfs[name] = docx.with_suffix(".pdf")
    return pdfs


def _sebelum_koreksi(folder: Path) -> dict[str, Path]:
    """The sample with TW IV submitted and validated, before the late Bidang submits
    (the demo's own book ends with every finding settled)."""
    from kinerja_xl.build.builder import Sumber, build_file, contoh_path
    from kinerja_xl.io import open_workbook
    from kinerja_xl.ops.impor import impor
    from kinerja_xl.ops.validasi import validasi
    from kinerja_xl.outputs_adapter import OutputsAdapter

    folder.mkdir(parents=True)
    path = folder / "LaporanKinerja.xlsm"
    build_file(path, Sumber())
    for step in (lambda b: impor(b, contoh_path("realisasi_tw4.csv"), 4, ajukan=True),
                 lambda b: validasi(b, 4, outputs=OutputsAdapter())):
        with open_workbook(path, write=True) as book:
            step(book)
            book.save()
    return {"awal": path}


def _periksa_tabel(table: Path) -> list[str]:
    """What the Kasubbag sees in the terminal: `kinerja-xl periksa-tabel FORM`."""
    import contextlib
    import io

    from kinerja_xl.cli import main as cli
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli(["periksa-tabel", str(table)])
    return [f"$ kinerja-xl periksa-tabel {table.name}"] + out.getvalue().splitlines()


def _gambar_teks(lines: list[str], out_png: Path, lebar: int = 118) -> None:
    """Terminal text as a PNG (Pillow comes with pdfplumber; DejaVu Sans Mono with
    LibreOffice's fonts)."""
    import textwrap

    from PIL import Image, ImageDraw, ImageFont
    wrapped = [w for line in lines for w in (textwrap.wrap(line, lebar, subsequent_indent="    ")
                                             or [""])]
    try:
        font = ImageFont.truetype("DejaVuSansMono.ttf", 13)
    except OSError:
        font = ImageFont.load_default()
    step, margin = 17, 12
    w = int(font.getlength("M" * lebar)) + 2 * margin
    img = Image.new("L", (w, len(wrapped) * step + 2 * margin), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(wrapped):
        draw.text((margin, margin + i * step), line, font=font, fill=20 if i else 0)
    img.save(out_png, optimize=True)
    size = out_png.stat().st_size
    if size >= BATAS_BYTE:
        raise SystemExit(f"{out_png.name} terlalu besar: {size} byte (batas {BATAS_BYTE})")


def buat_gambar(keluaran: Path = GAMBAR) -> list[Path]:
    from kinerja_xl.ops.demo import run_demo
    from kinerja_xl.outputs_adapter import OutputsAdapter
    from kinerja_xl.pdf import export_sheet_pdf

    keluaran.mkdir(parents=True, exist_ok=True)
    dibuat = []
    with tempfile.TemporaryDirectory(prefix="kinerja-gambar-") as tmp:
        tmp = Path(tmp)
        hasil = run_demo(tmp / "demo", pdf=True, outputs=OutputsAdapter())
        sumber = {"buku": hasil.workbook, **_sebelum_koreksi(tmp / "awal"),
                  **_ekspor(hasil.workbook, tmp)}
        cetak = _dokumen(hasil.workbook, tmp)
        for g in GAMBAR_PANDUAN:
            if g.sumber == "periksa":
                out = keluaran / g.berkas
                _gambar_teks(_periksa_tabel(ROOT / g.lembar), out)
                dibuat.append(out)
                print(f"periksa-tabel {g.lembar} -> {out}")
                continue
            pdf = tmp / (Path(g.berkas).stem + ".pdf")
            if g.sumber in cetak:
                pdf = cetak[g.sumber]
            else:
                export_sheet_pdf(sumber[g.sumber], g.lembar, pdf)
            out = keluaran / g.berkas
            _png(pdf, out, g.resolusi, g.potong, g.halaman)
            dibuat.append(out)
            print(f"{g.lembar or g.sumber} -> {out}")
    if keluaran == GAMBAR:
        for lama in keluaran.glob("*.png"):
            if lama.name not in NAMA_BERKAS:
                lama.unlink()
    return dibuat


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--keluaran", type=Path, default=GAMBAR)
    args = p.parse_args(argv)
    buat_gambar(args.keluaran)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
