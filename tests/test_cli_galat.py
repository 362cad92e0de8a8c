"""The last guard of the CLI: an error nobody foresaw still ends in a short Indonesian
message, a log file with the details, exit code 2, no traceback, the workbook as it was."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import stat
from pathlib import Path

import pytest

from kinerja_xl.cli import main
from kinerja_xl.io import safety

from conftest import ROOT



def log_in(state: Path) -> Path:
    """The error log under XDG_STATE_HOME=state (platformdirs' user log folder)."""
    return state / "kinerja-xl" / "log" / "galat.log"

# A bug deep in the calculation, planted before the CLI is imported.
PLANTED = """
import sys
import kinerja_xl.rules as rules
def rusak(*args, **kwargs):
    raise ZeroDivisionError("galat tertanam")
rules.capaian = rusak
from kinerja_xl.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_unforeseen_error_in_a_real_run(sample_book, tmp_path):
    state = tmp_path / "state"
    before = _sha(sample_book)
    env = {**os.environ, "XDG_STATE_HOME": str(state), "PYTHONPATH": str(ROOT)}
    env.pop("KINERJA_XL_DEBUG", None)
    run = subprocess.run([sys.executable, "-c", PLANTED, "rekap", str(sample_book),
                          "--triwulan", "1"], capture_output=True, text=True, env=env,
                         timeout=300)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert "tidak terduga" in run.stderr and "ZeroDivisionError" in run.stderr
    assert str(log_in(state)) in run.stderr  # the message says where the details are
    assert len(run.stderr.strip().splitlines()) == 1  # short: one line
    # the user's own folder, private
    assert stat.S_IMODE(os.stat(log_in(state).parent).st_mode) == 0o700
    log = log_in(state).read_text(encoding="utf-8")
    assert "Traceback" in log and "galat tertanam" in log and "rusak" in log
    assert _sha(sample_book) == before
    assert not (sample_book.parent / f".~kinerja.{sample_book.name}.lock").exists()


def _plant(monkeypatch, exc: BaseException) -> None:
    def rusak(path):
        raise exc
    monkeypatch.setattr(safety, "check_writable", rusak)


def test_unforeseen_error_in_process_appends_to_the_log(sample_book, tmp_path, monkeypatch,
                                                          capsys):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.delenv("KINERJA_XL_DEBUG", raising=False)
    log_in(tmp_path).parent.mkdir(parents=True)
    log_in(tmp_path).write_text("catatan lama\n", encoding="utf-8")
    before = _sha(sample_book)
    _plant(monkeypatch, RuntimeError("pertama"))
    assert main(["validasi", str(sample_book), "--triwulan", "1"]) == 2
    _plant(monkeypatch, KeyError("kedua"))
    assert main(["konsolidasi", str(sample_book), "--triwulan", "1"]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert err.count("Terjadi galat yang tidak terduga") == 2
    assert "RuntimeError" in err and "KeyError" in err
    log = log_in(tmp_path).read_text(encoding="utf-8")
    assert log.startswith("catatan lama\n")  # appended, earlier records kept
    assert "pertama" in log and "kedua" in log
    assert _sha(sample_book) == before


def test_unwritable_log_still_gives_the_short_message(sample_book, tmp_path, monkeypatch,
                                                       capsys):
    blocked = tmp_path / "berkas-biasa"  # the log folder cannot be made under a file
    blocked.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    monkeypatch.delenv("KINERJA_XL_DEBUG", raising=False)
    _plant(monkeypatch, RuntimeError("tanpa log"))
    assert main(["rekap", str(sample_book), "--triwulan", "1"]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "tidak terduga" in err and "tanpa log" in err
    assert "Rincian teknis" not in err  # no promise of a log that was not written


def test_debug_variable_shows_the_traceback(sample_book, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setenv("KINERJA_XL_DEBUG", "1")
    _plant(monkeypatch, RuntimeError("untuk pengembang"))
    assert main(["rekap", str(sample_book), "--triwulan", "1"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "untuk pengembang" in err


def test_interrupt_is_a_short_message_and_exit_2(sample_book, monkeypatch, capsys):
    before = _sha(sample_book)
    _plant(monkeypatch, KeyboardInterrupt())
    assert main(["rekap", str(sample_book), "--triwulan", "1"]) == 2
    out, err = capsys.readouterr()
    assert err.strip() == "Dibatalkan." and "Traceback" not in out
    assert _sha(sample_book) == before


@pytest.mark.parametrize("argv", [[], ["rekap"]])
def test_missing_command_or_file_exits_2(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        code = main(argv)
        raise SystemExit(code)
    assert stop.value.code == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and (out + err).strip()
