"""Under CI=true a missing real component fails the tests that need it; elsewhere they
skip.  Each case runs a few real tests in a child pytest with the component hidden:
LibreOffice by a PATH without it, a Python package by a stand-in that cannot be imported."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

TESTS = ROOT / "tests"

CASES = {
    "libreoffice": (None, [
        "test_workbook.py::test_preview_formulas_recalculated_by_libreoffice_equal_the_rules",
        "test_pdf.py::test_timeout_stops_libreoffice_with_a_clear_error",
        "test_tte.py::test_pdf_command_exports_signs_and_verifies"]),
    "pyhanko": ("pyhanko", ["test_tte.py"]),
    "openxml_audit": ("openxml_audit", ["test_vba_package.py::test_font_order_allowance_is_narrow"]),
    "oletools": ("oletools", ["test_vba_package.py::test_compression_round_trips_through_oletools"]),
    "msoffcrypto": ("msoffcrypto", ["test_hostile.py", "-k", "terenkripsi"]),
}


def _run(case: str, ci: bool, tmp_path: Path) -> dict[str, int]:
    module, args = CASES[case]
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    if module is None:  # no soffice anywhere on PATH
        env["PATH"] = str(tmp_path)
    else:  # a stand-in package that refuses to import, found before the real one
        stub = tmp_path / "stub" / module
        stub.mkdir(parents=True)
        (stub / "__init__.py").write_text(f"raise ImportError('{module} disembunyikan')\n")
        env["PYTHONPATH"] = os.pathsep.join([str(tmp_path / "stub"), str(ROOT)])
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "-o", "addopts=", *args], cwd=TESTS, env=env,
                         capture_output=True, text=True, timeout=600)
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    counts = {kind: int(n) for n, kind in re.findall(r"(\d+) (passed|failed|skipped|errors?)",
                                                     summary)}
    counts["error"] = counts.pop("errors", 0) + counts.pop("error", 0)
    counts["rc"] = run.returncode
    counts["_summary"] = summary or run.stderr[-500:]  # type: ignore[assignment]
    return counts


@pytest.mark.parametrize("case", sorted(CASES))
def test_missing_component_fails_under_ci(case, tmp_path):
    counts = _run(case, True, tmp_path)
    # openxml-audit is also a pytest plugin: without it pytest itself stops (rc != 0).
    assert counts["rc"] != 0 and counts.get("skipped", 0) == 0, counts
    assert counts.get("failed", 0) + counts["error"] > 0 or not counts.get("passed"), counts


@pytest.mark.parametrize("case", ["libreoffice", "pyhanko"])
def test_missing_component_skips_on_a_developer_machine(case, tmp_path):
    counts = _run(case, False, tmp_path)
    assert counts.get("skipped", 0) > 0, counts
    assert counts.get("failed", 0) == counts["error"] == counts.get("passed", 0) == 0, counts
