"""A run killed in the middle of its save, and two runs at once, on real child processes."""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kinerja_xl.cli import main
from kinerja_xl.io import open_workbook, safety

from conftest import OWN_VECTORS, ROOT

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def submitted(tmp_path_factory, contoh_master) -> Path:
    path = tmp_path_factory.mktemp("kill") / "Contoh.xlsm"
    shutil.copy(contoh_master, path)
    assert main(["impor", str(path), "--realisasi", str(OWN_VECTORS / "contoh" / "realisasi_tw1.csv"),
                 "--triwulan", "1", "--ajukan"]) in (0, 1)
    return path


def child(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "kinerja_xl", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def opens(path: Path) -> None:
    with open_workbook(path) as wb:
        for sheet in wb.sheet_names():
            wb.read(sheet)


def test_kill_during_save_leaves_old_or_new(submitted, tmp_path):
    rng = random.Random(20260331)
    # How long a full run takes here, so the kills land across the whole run, save included.
    probe = tmp_path / "probe" / "Contoh.xlsm"
    probe.parent.mkdir()
    shutil.copy(submitted, probe)
    t0 = time.monotonic()
    p = child("konsolidasi", str(probe), "--triwulan", "1")
    p.communicate(timeout=60)
    full = time.monotonic() - t0
    assert p.returncode in (0, 1)
    old_digest = digest(submitted)
    outcomes = {"lama": 0, "baru": 0}
    for i in range(15):
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        book = folder / "Contoh.xlsm"
        shutil.copy(submitted, book)
        p = child("konsolidasi", str(book), "--triwulan", "1")
        time.sleep(rng.uniform(0.3, 1.1) * full)
        p.send_signal(signal.SIGKILL)
        p.communicate(timeout=30)
        opens(book)
        now = digest(book)
        if now == old_digest:
            outcomes["lama"] += 1
        else:
            # a finished save (the new workbook opened above; its Riwayat stamps the
            # time, so it is not byte-equal to the probe), the previous one kept as a backup
            backups = safety.backups_of(str(book))
            assert backups, "a replaced workbook without a backup"
            assert digest(Path(backups[-1])) == old_digest
            outcomes["baru"] += 1
        leftovers = [f for f in os.listdir(folder) if f.endswith(".tmp")]
        # a killed run may leave its temporary file; the workbook itself is never it
        assert all(f.startswith(".~kinerja.") for f in leftovers)
        # and the next run is not blocked by the dead run's lock
        again = child("validasi", str(book), "--triwulan", "1")
        _, err = again.communicate(timeout=60)
        assert again.returncode in (0, 1), err
        assert "Traceback" not in err
    assert sum(outcomes.values()) == 15


def test_two_runs_at_once(submitted, tmp_path):
    book = tmp_path / "Contoh.xlsm"
    shutil.copy(submitted, book)
    runs = [child("konsolidasi", str(book), "--triwulan", "1") for _ in range(3)]
    results = [(p.wait(timeout=60), *p.communicate()) for p in runs]
    for code, out, err in results:
        assert "Traceback" not in err, err
        assert code in (0, 1, 2), err
        if code == 2:
            assert "Contoh.xlsm" in err and "sedang diproses oleh kinerja-xl lain" in err, err
    assert any(code in (0, 1) for code, _, _ in results)
    opens(book)
    assert not os.path.exists(safety.own_lock_path(str(book)))
