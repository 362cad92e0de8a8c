"""The command line as a person (or a script) meets it: the exit-2 envelope, a closed
stdout, argparse in Indonesian, file modes under the umask, each command's own
findings, and messages ending with one full stop."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import OWN_VECTORS, ROOT
from kinerja_xl import layout as L
from kinerja_xl import temuan as T
from kinerja_xl.cli import COMMANDS, OPTIONAL, main
from kinerja_xl.commands.common import jalankan
from kinerja_xl.io.base import WorkbookError
from kinerja_xl.io import open_workbook

CI = os.environ.get("CI") == "true"
ENVELOPE_2 = {"perintah", "berkas", "galat", "temuan"}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(sample_submitted, tmp_path) -> Path:
    dst = tmp_path / "LaporanKinerja.xlsm"
    shutil.copy(sample_submitted, dst)
    return dst


# --- exit 2 with --json: the envelope -------------------------------------------------
def test_bad_input_table_gives_the_exit_2_envelope(tmp_path, capsys):
    unit = tmp_path / "unit.csv"
    unit.write_text("Nama,Nilai\nx,1\n", encoding="utf-8")  # no Kode column
    src = OWN_VECTORS / "contoh"
    target = tmp_path / "Baru.xlsm"
    code, out, err = run(capsys, "buat", target, "--unit", unit, "--pk", src / "pk.csv",
                         "--ra", src / "ra.csv", "--json")
    assert code == 2 and not target.exists()
    doc = json.loads(out)
    assert set(doc) == ENVELOPE_2
    assert doc["perintah"] == "buat" and doc["berkas"] == str(target)
    assert "unit.csv" in doc["galat"]["pesan"] and doc["galat"]["pesan"].endswith(".")
    # The table's problems travel as findings: one per missing column.
    assert [(t["kode_temuan"], t["lembar"]) for t in doc["temuan"]] == [("kolom_hilang", None)] * 3
    assert ["Kode unit" in doc["temuan"][0]["pesan"], "Jenis" in doc["temuan"][1]["pesan"]] == \
        [True, True]
    assert "unit.csv" in err  # the person reading the terminal sees it too


def test_unreadable_file_gives_the_exit_2_envelope(tmp_path, capsys):
    bad = tmp_path / "Rusak.xlsm"
    bad.write_bytes(b"bukan buku kerja")
    code, out, err = run(capsys, "validasi", bad, "--triwulan", 1, "--json")
    assert code == 2
    doc = json.loads(out)
    assert set(doc) == ENVELOPE_2 and doc["perintah"] == "validasi"
    assert doc["berkas"] == str(bad) and "Rusak.xlsm" in doc["galat"]["pesan"]
    assert doc["temuan"] == [] and "Traceback" not in err


def test_the_envelope_carries_the_findings_that_stopped_the_run(capsys):
    stop = [T.buat("kode_tidak_dikenal", lembar="realisasi.csv", sel="A3", kode="ZZ-9"),
            T.buat("kode_ganda", lembar="realisasi.csv", sel="A4", kode="IP-01")]

    def kerja():
        raise WorkbookError("Tabel realisasi.csv tidak dapat dipakai.", temuan=stop)

    args = argparse.Namespace(berkas="Contoh.xlsm", json=True)
    capsys.readouterr()
    assert jalankan(args, "impor", kerja) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["galat"] == {"pesan": "Tabel realisasi.csv tidak dapat dipakai."}
    assert [(t["kode_temuan"], t["sel"], t["kode"]) for t in doc["temuan"]] == \
        [("kode_tidak_dikenal", "A3", "ZZ-9"), ("kode_ganda", "A4", "IP-01")]


def test_a_bad_command_line_with_json_still_prints_the_envelope(capsys):
    code, out, err = run(capsys, "validasi", "x.xlsm", "--triwulan", "9", "--json")
    assert code == 2
    doc = json.loads(out)
    assert set(doc) == ENVELOPE_2 and doc["perintah"] == "validasi"
    assert "--triwulan" in doc["galat"]["pesan"]


# --- a closed stdout never produces a false statement -------------------------------------
def _child(args: list[str], **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "kinerja_xl", *args], cwd=ROOT, env=env,
                            stderr=subprocess.PIPE, text=True, **kw)


def _temuan_rows(path: Path) -> list:
    with open_workbook(path) as wb:
        grid = wb.read(L.TEMUAN)
    return [r for r in grid[L.TEMUAN_LAYOUT.data_row - 1:] if r and any(r)]


def test_reader_gone_before_the_output_the_save_stands(book, tmp_path):
    twin = tmp_path / "Kembar.xlsm"
    shutil.copy(book, twin)
    normal = subprocess.run([sys.executable, "-m", "kinerja_xl", "validasi", str(twin),
                             "--triwulan", "1"], cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    before = _sha(book)
    # `kinerja-xl validasi … | true`, with the reader certainly gone before the write.
    r, w = os.pipe()
    os.close(r)
    proc = _child(["validasi", str(book), "--triwulan", "1"], stdout=w)
    os.close(w)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == normal.returncode == 1, (normal.stderr, err)
    assert _sha(book) != before and _temuan_rows(book) == _temuan_rows(twin)
    assert "tidak diubah" not in err and "Traceback" not in err and "Exception" not in err
    assert "validasi sudah selesai" in err and "disimpan" in err and "stdout ditutup" in err


def test_started_with_stdout_closed_the_save_stands(book):
    before = _sha(book)
    proc = _child(["konsolidasi", str(book), "--triwulan", "1"],
                  stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err  # the validation errors of TW I, as with a stdout
    assert _sha(book) != before
    assert "tidak diubah" not in err and "Traceback" not in err
    assert "konsolidasi sudah selesai" in err and "disimpan" in err


def test_a_refusal_with_the_reader_gone_is_still_a_refusal(tmp_path):
    bad = tmp_path / "Rusak.xlsm"
    bad.write_bytes(b"bukan buku kerja")
    r, w = os.pipe()
    os.close(r)
    proc = _child(["validasi", str(bad), "--triwulan", "1", "--json"], stdout=w)
    os.close(w)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "Rusak.xlsm" in err
    assert "Traceback" not in err and "Exception" not in err and "sudah selesai" not in err


# --- argparse in Indonesian ------------------------------------------------------------
# Every phrase argparse prints on its own, in English.
ENGLISH = re.compile(
    r"usage|positional arguments|options:|optional arguments|show this help|"
    r"show program's version|invalid|choose from|required|unrecognized|expected|"
    r"not allowed|ambiguous|error:|\bargument\b|\barguments\b|ignored explicit",
    re.I)

BAD_LINES = [
    ["validasi", "Contoh.xlsm", "--triwulan", "x"],            # invalid int value
    ["validasi", "Contoh.xlsm", "--triwulan", "7"],            # invalid choice
    ["validasi"],                                              # required arguments
    ["validasi", "Contoh.xlsm"],                               # one of … is required
    ["rekap", "Contoh.xlsm", "--triwulan", "1", "--tahunan"],  # not allowed with
    ["validasi", "Contoh.xlsm", "--triwulan", "1", "--lain"],  # unrecognized
    ["validasi", "Contoh.xlsm", "--triwulan"],                 # expected one argument
    ["tidak-ada"],                                             # invalid choice (command)
    ["pdf", "x.xlsm", "--lembar", "L", "-o", "o.pdf", "--halaman", "dua"],
    ["gabung", "K.xlsx"],                                      # expected at least one
    ["bagikan", "x.xlsm", "--triwulan", "1", "-o", "s", "--t"],  # ambiguous option
]


@pytest.mark.parametrize("argv", BAD_LINES, ids=lambda a: " ".join(a))
def test_argparse_errors_are_indonesian(argv, capsys):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert "Penggunaan: kinerja-xl" in err and ": galat: " in err
    assert not ENGLISH.search(err), err
    assert err.rstrip().endswith(".") and not err.rstrip().endswith("..")


@pytest.mark.parametrize("argv", [[]] + [[c.replace("_", "-")] for c in COMMANDS + OPTIONAL],
                         ids=lambda a: " ".join(a) or "kinerja-xl")
def test_help_is_indonesian(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        main([*argv, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Penggunaan: kinerja-xl")
    assert "opsi:" in out and "tampilkan bantuan ini lalu keluar" in out
    assert not ENGLISH.search(out), out


# --- output files: the umask decides ---------------------------------------------------------
@pytest.fixture(params=[0o022, 0o027], ids=["umask022", "umask027"])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_pdf_is_written_with_the_users_umask(umask, tmp_path, capsys):
    if shutil.which("soffice") is None:
        pytest.fail("soffice not installed") if CI else pytest.skip("soffice not installed")
    from test_pdf import REKAP, make_workbook
    wb = make_workbook(tmp_path / "Laporan.xlsx")
    out = tmp_path / "keluar" / "rekap.pdf"
    code, _, err = run(capsys, "pdf", wb, "--lembar", REKAP, "-o", out)
    assert code == 0, err
    assert _mode(out) == 0o666 & ~umask
    assert [p.name for p in out.parent.iterdir()] == ["rekap.pdf"]  # no temporary left


def test_new_workbook_follows_the_umask_a_saved_one_keeps_its_mode(umask, tmp_path, capsys):
    new = tmp_path / "Baru.xlsm"
    code, _, err = run(capsys, "buat", new, "--contoh")
    assert code == 0, err
    assert _mode(new) == 0o666 & ~umask
    os.chmod(new, 0o664)  # shared with the group by its owner
    code, out, err = run(capsys, "validasi", new, "--triwulan", "1")
    assert code != 2 and "Lembar diperbarui" in out, err  # the file was rewritten
    assert _mode(new) == 0o664


# --- each command prints its own findings, the others' as a count ------------------------------
def _finding_lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if re.match(r"\[(error|peringatan)\] ", ln)]


@pytest.mark.parametrize("argv", [["konsolidasi", "--triwulan", "1"],
                                  ["rekap", "--triwulan", "1"]], ids=lambda a: a[0])
def test_konsolidasi_and_rekap_count_validation_findings(argv, book, capsys):
    code_v, out_v, _ = run(capsys, "validasi", book, "--triwulan", 1)
    validation = _finding_lines(out_v)
    errors = sum(ln.startswith("[error]") for ln in validation)
    assert code_v == 1 and errors and len(validation) > errors

    code, out, err = run(capsys, argv[0], book, *argv[1:])
    assert not set(_finding_lines(out)) & set(validation), out
    assert (f"{len(validation)} temuan validasi lain ({errors} error, "
            f"{len(validation) - errors} peringatan)") in out
    assert f"jalankan 'kinerja-xl validasi {book} --triwulan 1'" in out
    assert code == 1  # SPEC §4: findings of level error, even when only counted

    code, out, _ = run(capsys, argv[0], book, *argv[1:], "--json")
    doc = json.loads(out)
    assert doc["temuan"] == []
    assert doc["temuan_lain"] == {"perintah": "validasi", "error": errors,
                                  "peringatan": len(validation) - errors}


# --- one full stop -------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [["validasi", "--triwulan", "1"],
                                  ["konsolidasi", "--triwulan", "1"],
                                  ["rekap", "--triwulan", "1"], ["rekap", "--tahunan"]],
                         ids=lambda a: " ".join(a))
def test_every_message_line_ends_with_one_full_stop(argv, book, capsys):
    _, out, _ = run(capsys, argv[0], book, *argv[1:])
    lines = out.splitlines()
    assert lines
    for ln in lines:
        assert ln.endswith(".") and not ln.endswith(".."), ln


def test_kalimat():
    from kinerja_xl.hasil import kalimat
    assert kalimat("Selesai") == "Selesai."
    assert kalimat("Selesai.") == "Selesai."
    assert kalimat("ditolak: berkas rusak.. ") == "ditolak: berkas rusak."
    assert kalimat("Tunggu...") == "Tunggu."
    assert kalimat("Terapkan?") == "Terapkan?"


def test_the_hint_quotes_a_file_name_with_spaces(book, tmp_path, capsys):
    spaced = tmp_path / "Laporan Kinerja 2026.xlsm"
    shutil.copy(book, spaced)
    _, out, _ = run(capsys, "konsolidasi", spaced, "--triwulan", 1)
    assert f"'kinerja-xl validasi \"{spaced}\" --triwulan 1'" in out
