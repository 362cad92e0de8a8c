"""Shared fixtures: built workbooks (real .xlsm files) and the test vectors."""
from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OWN_VECTORS = ROOT / "tests" / "vectors"
IN_CI = os.environ.get("CI") == "true"


def need(tool_present: bool, what: str) -> None:
    """Missing real component: fail under CI, skip on a developer's machine."""
    if tool_present:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true")
    pytest.skip(f"{what} not installed")


def need_module(name: str):
    """Import a real component the tests use; under CI its absence fails the test."""
    try:
        return importlib.import_module(name)
    except ImportError:
        need(False, name)


UNO_DRIVER = ROOT / "tests" / "lo_uno" / "driver.py"
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-uno imports only here


def uno_available() -> bool:
    import shutil
    import subprocess
    if not (shutil.which("soffice") and os.path.exists(SYSTEM_PYTHON)):
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"],
                          capture_output=True).returncode == 0


def libreoffice(script: dict, timeout: float = 180) -> None:
    """Run one UNO script (tests/lo_uno/driver.py) in a real LibreOffice Calc."""
    import json
    import subprocess
    need(uno_available(), "LibreOffice with python3-uno")
    proc = subprocess.run([SYSTEM_PYTHON, str(UNO_DRIVER)], input=json.dumps(script),
                          capture_output=True, text=True, timeout=timeout)
    try:
        report = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise AssertionError(f"UNO driver failed: {proc.stdout}\n{proc.stderr}") from None
    assert report.get("ok"), report


@pytest.fixture(scope="session")
def sample_master(tmp_path_factory) -> Path:
    from kinerja_xl.build.builder import Sumber, build_file
    path = tmp_path_factory.mktemp("master") / "LaporanKinerja.xlsm"
    build_file(path, Sumber())
    return path


@pytest.fixture
def sample_book(sample_master, tmp_path) -> Path:
    """A fresh copy of the built sample workbook for one test."""
    dst = tmp_path / "LaporanKinerja.xlsm"
    shutil.copy(sample_master, dst)
    return dst


@pytest.fixture(scope="session")
def contoh_master(tmp_path_factory) -> Path:
    from kinerja_xl.build.builder import Sumber, build_file
    src = OWN_VECTORS / "contoh"
    path = tmp_path_factory.mktemp("contoh") / "Contoh.xlsm"
    build_file(path, Sumber(src / "unit.csv", src / "pk.csv", src / "ra.csv"))
    return path


@pytest.fixture
def contoh_book(contoh_master, tmp_path) -> Path:
    dst = tmp_path / "Contoh.xlsm"
    shutil.copy(contoh_master, dst)
    return dst


@pytest.fixture(scope="session")
def master_libreoffice(sample_master, tmp_path_factory):
    """The sample master opened in a real LibreOffice (one run): `disimpan` saved as
    .xlsm untouched; `persen` then saved again after 24% was typed into the General-
    formatted F10 of `3 Bahan SEK`.  Shared: copy before changing."""
    from types import SimpleNamespace
    folder = tmp_path_factory.mktemp("master_lo")
    out = SimpleNamespace(disimpan=folder / "disimpan_libreoffice.xlsm",
                          persen=folder / "persen_libreoffice.xlsm")
    libreoffice({"open": str(sample_master), "steps": [
        {"save_as": str(out.disimpan), "format": "xlsm"},
        {"sheet": "3 Bahan SEK"}, {"unprotect": True}, {"clear_format": "F10"},
        {"type": {"F10": "24%"}}, {"save_as": str(out.persen), "format": "xlsm"}]})
    return out


def _submitted(master: Path, folder: Path, realisasi: Path) -> Path:
    from kinerja_xl.cli import main
    path = folder / master.name
    shutil.copy(master, path)
    assert main(["impor", str(path), "--realisasi", str(realisasi), "--triwulan", "1",
                 "--ajukan"]) in (0, 1)
    return path


@pytest.fixture(scope="session")
def sample_submitted(tmp_path_factory, sample_master) -> Path:
    """The built-in sample with TW I imported and submitted: its seeded mistakes give
    validation findings of both levels.  Shared: copy it before changing it."""
    from kinerja_xl.build.builder import contoh_path
    return _submitted(sample_master, tmp_path_factory.mktemp("diajukan"),
                      contoh_path("realisasi_tw1.csv"))


@pytest.fixture(scope="session")
def contoh_submitted(tmp_path_factory, contoh_master) -> Path:
    """The example workbook with TW I imported and submitted.  Shared: copy it before
    changing it."""
    return _submitted(contoh_master, tmp_path_factory.mktemp("contoh_diajukan"),
                      OWN_VECTORS / "contoh" / "realisasi_tw1.csv")


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo run once, its reports exported to PDF (test_demo, test_halaman_pdf)."""
    from kinerja_xl.ops.demo import run_demo
    from kinerja_xl.outputs_adapter import OutputsAdapter
    need(bool(shutil.which("soffice") or shutil.which("libreoffice")), "LibreOffice")
    return run_demo(tmp_path_factory.mktemp("demo"), pdf=True, outputs=OutputsAdapter())


def preview_by_libreoffice(rows: list[dict], tmp_path: Path, **preview) -> list[str]:
    """The staff sheet's capaian preview formula over vector rows (target, realisasi,
    arah, rumus), recalculated by a real LibreOffice; one text per row, as its CSV
    export shows it ("" for an empty result)."""
    import csv
    import subprocess
    from openpyxl import Workbook
    from kinerja_xl.build.formulas import capaian_preview

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    need(bool(soffice), "LibreOffice")
    wb = Workbook()
    ws = wb.active
    ws.title = "V"
    for i, r in enumerate(rows, start=1):
        ws.cell(row=i, column=1, value=float(r["target"]) if r["target"] else None)
        ws.cell(row=i, column=2, value=float(r["realisasi"]) if r["realisasi"] else None)
        ws.cell(row=i, column=3, value=r["arah"])
        ws.cell(row=i, column=4, value=r["rumus"])
        ws.cell(row=i, column=5, value=capaian_preview(f"A{i}", f"B{i}", f"C{i}", f"D{i}",
                                                       **preview))
    src = tmp_path / "v.xlsx"
    wb.save(src)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false",
                    "--outdir", str(tmp_path / "out"), str(src)],
                   check=True, capture_output=True, timeout=180)
    with open(tmp_path / "out" / "v.csv", encoding="utf-8") as fh:
        got = list(csv.reader(fh))
    assert len(got) == len(rows) > 0
    return [line[4] if len(line) > 4 else "" for line in got]
