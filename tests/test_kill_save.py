"""A run killed in the middle of its save, and two runs at once, on real child processes.

One run is killed for real (SIGKILL at a moment near the end of a run, when it is
saving); every other stage of the save is reached for certain by a child process that
dies (`os._exit`, no cleanup, like a kill) at that exact point of `io/safety.py`:
a timed kill loop would need dozens of runs to land on each of them.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kinerja_xl.cli import main
from kinerja_xl.io import open_workbook, safety

from conftest import ROOT

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def submitted(contoh_submitted) -> Path:
    return contoh_submitted


def child(*args: str, mati_di: str | None = None) -> subprocess.Popen:
    """`kinerja-xl ARGS` in a child process; with `mati_di` the child dies at that stage
    of the save (see DIE)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if mati_di is None:
        cmd = [sys.executable, "-m", "kinerja_xl", *args]
    else:
        cmd = [sys.executable, "-c", DIE, mati_di, *args]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


# The child's death points, in the order of a save: before it (work done, lock held),
# with the temporary file written, after the backup, just before and just after the
# swap.  os._exit runs no `finally` and releases nothing, as a kill.
DIE = textwrap.dedent("""
    import os, sys
    from kinerja_xl.io import safety
    from kinerja_xl.io.xlsx_adapter import FileWorkbook
    stage = sys.argv[1]

    def die(*_a, **_k):
        os._exit(9)

    def then_die(fn):
        def wrapped(*a, **k):
            fn(*a, **k)
            os._exit(9)
        return wrapped

    if stage == "sebelum_simpan":
        FileWorkbook.save = die
    elif stage == "berkas_sementara":
        real = safety.atomic_write
        safety.atomic_write = lambda path, write, **k: real(path, then_die(write), **k)
    elif stage == "cadangan":
        safety.make_backup = then_die(safety.make_backup)
    elif stage == "sebelum_ganti":
        safety._replace = die
    elif stage == "sesudah_ganti":
        safety._replace = then_die(safety._replace)
    from kinerja_xl.cli import main
    sys.exit(main(sys.argv[2:]))
""")
STAGES = {"sebelum_simpan": "lama", "berkas_sementara": "lama", "cadangan": "lama",
          "sebelum_ganti": "lama", "sesudah_ganti": "baru"}


def opens(path: Path) -> None:
    with open_workbook(path) as wb:
        for sheet in wb.sheet_names():
            wb.read(sheet)


def _old_or_new(book: Path, old_digest: str) -> str:
    """The workbook opens and is the old one, or a finished save with the old one kept
    as a backup; nothing but the save's own temporary file is left beside it; the next
    run is not blocked by the dead run's lock."""
    opens(book)
    if digest(book) == old_digest:
        outcome = "lama"
    else:
        backups = safety.backups_of(str(book))
        assert backups, "a replaced workbook without a backup"
        assert digest(Path(backups[-1])) == old_digest
        outcome = "baru"
    leftovers = [f for f in os.listdir(book.parent) if f.endswith(".tmp")]
    assert all(f.startswith(".~kinerja.") for f in leftovers)
    assert main(["validasi", str(book), "--triwulan", "1"]) in (0, 1)
    return outcome


@pytest.mark.parametrize("stage", list(STAGES))
def test_death_at_each_stage_of_the_save_leaves_old_or_new(stage, submitted, tmp_path, capsys):
    book = tmp_path / "Contoh.xlsm"
    shutil.copy(submitted, book)
    old_digest = digest(book)
    p = child("konsolidasi", str(book), "--triwulan", "1", mati_di=stage)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 9, err
    assert _old_or_new(book, old_digest) == STAGES[stage]
    if stage == "berkas_sementara":  # the dead run's temporary file is there, not used
        assert [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]


def test_one_real_kill_during_a_run(submitted, tmp_path, capsys):
    # How long a full run takes here, so the kill lands late in the run, at its save.
    probe = tmp_path / "probe" / "Contoh.xlsm"
    probe.parent.mkdir()
    shutil.copy(submitted, probe)
    t0 = time.monotonic()
    p = child("konsolidasi", str(probe), "--triwulan", "1")
    p.communicate(timeout=120)
    full = time.monotonic() - t0
    assert p.returncode in (0, 1)
    book = tmp_path / "Contoh.xlsm"
    shutil.copy(submitted, book)
    old_digest = digest(book)
    p = child("konsolidasi", str(book), "--triwulan", "1")
    time.sleep(0.9 * full)
    p.send_signal(signal.SIGKILL)
    p.communicate(timeout=30)
    assert _old_or_new(book, old_digest) in ("lama", "baru")


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
