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
