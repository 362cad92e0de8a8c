"""What every command shares: opening the workbook, the one printer, errors.

A command builds a `Hasil` (kinerja_xl/hasil.py) and hands it to `jalankan`, which
prints it — as text, or with `--json` as one JSON object — and returns the exit code:
0 fine, 1 findings of level error, 2 the command could not run.  On exit 2 `--json`
prints `{"perintah", "berkas", "galat": {"pesan"}, "temuan"}`, so stdout is never
empty.  A closed stdout after the work is done changes nothing about the exit code,
and the message on stderr says what was done.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from typing import Callable

from ..hasil import Hasil, galat_json, json_default, kalimat, teks
from ..teks import terbaca
from ..io.base import WorkbookError


def add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true",
                   help="keluaran berupa satu objek JSON di stdout")


def add_triwulan(p, required: bool = True, help: str = "triwulan 1 sampai 4") -> None:
    """`--triwulan N` on a parser or a group of one; every command declares it here."""
    p.add_argument("--triwulan", type=int, choices=(1, 2, 3, 4), required=required,
                   metavar="N", help=help)


def berkas_of(args: argparse.Namespace) -> str | None:
    """The file a command is about: its workbook, or else the file or folder it writes."""
    for name in ("berkas", "keluaran"):
        value = getattr(args, name, None)
        if value is not None:
            return str(value)
    return None


def jalankan(args: argparse.Namespace, perintah: str, kerja: Callable[[], Hasil]) -> int:
    """Run a command's work and print its result; the one path from work to output."""
    as_json = bool(getattr(args, "json", False))
    try:
        hasil = kerja()
    except WorkbookError as exc:
        return cetak_galat(perintah, berkas_of(args), exc.pesan, exc.exit_code, as_json,
                           exc.temuan)
    return cetak(hasil, as_json)


def run_on_file(args: argparse.Namespace, perintah: str, write: bool,
                fn: Callable) -> int:
    """Open the workbook, run the operation, save atomically, print the result."""
    return jalankan(args, perintah, lambda: on_file(args.berkas, write, fn))


def on_file(path: str, write: bool, fn: Callable) -> Hasil:
    from ..io import open_workbook

    with open_workbook(path, write=write) as book:
        hasil = fn(book)
        if write:
            book.save()
    return hasil


# --- the printer ----------------------------------------------------------------------
def cetak(hasil: Hasil, as_json: bool) -> int:
    """Print the result on stdout; return the command's exit code."""
    if sys.stdout is None:  # started with stdout closed
        _stdout_gone(hasil)
        return hasil.exit_code
    try:
        if as_json:
            text = json.dumps(hasil.as_json(), ensure_ascii=False, indent=1,
                              default=json_default)
        else:
            text = "\n".join(teks(hasil))
        tulis_baris(text)
    except BrokenPipeError:
        _stdout_gone(hasil)
    except Exception as exc:  # noqa: BLE001 — the work is done; say so, not "unchanged"
        return unexpected(exc, selesai=hasil, as_json=False)
    return hasil.exit_code


def cetak_galat(perintah: str | None, berkas: str | None, pesan: str, code: int,
                as_json: bool, temuan=(), quiet: bool = False) -> int:
    """A command that could not run: the message on stderr (unless `quiet`: already
    shown), and with --json the exit-2 envelope on stdout."""
    if not quiet:
        _say(kalimat(pesan))
    if as_json:
        try:
            tulis_baris(json.dumps(galat_json(perintah, berkas, pesan, temuan),
                              ensure_ascii=False, indent=1, default=json_default))
        except BrokenPipeError:
            _silence_stdout()
    return code


def tulis_baris(text: str) -> None:
    """A line on stdout, printable whatever the terminal (`_printable`)."""
    out = sys.stdout
    if out is None:
        raise BrokenPipeError
    if text:
        out.write(_printable(text, out) + "\n")
    out.flush()


def _printable(text: str, stream) -> str:
    """File names and arguments in any encoding the OS gives, and characters the
    terminal cannot show, are printed escaped, never a crash."""
    text = terbaca(text)
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = text.encode(encoding, "backslashreplace").decode(encoding, "replace")
    return text


def _say(text: str) -> None:
    """A line on stderr."""
    err = sys.stderr
    if err is not None:
        print(_printable(text, err), file=err)


def _stdout_gone(hasil: Hasil) -> None:
    """stdout was closed by the reader (`| head`, `| true`): the work stands."""
    _silence_stdout()
    done = f"Perintah {hasil.perintah} sudah selesai"
    if hasil.diubah:
        done += f" dan {hasil.berkas} disimpan (lembar diperbarui: {', '.join(hasil.diubah)})"
    _say(kalimat(f"{done}; keluaran tidak dapat ditulis karena stdout ditutup"))


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def unexpected(exc: BaseException, selesai: Hasil | None = None, as_json: bool = False,
               perintah: str | None = None, berkas: str | None = None) -> int:
    """An error nobody foresaw: a short Indonesian message, the details in a log file.

    `selesai`: the result of work already done (and saved); the message then says so
    instead of claiming the workbook is unchanged.
    """
    from ..io.safety import append_log
    try:
        log = append_log("".join(traceback.format_exception(exc)))
        where = f" Rincian teknis dicatat di {log}."
    except (OSError, ImportError):
        where = ""
    if os.environ.get("KINERJA_XL_DEBUG"):
        traceback.print_exception(exc)
    if selesai is not None:
        state = f"Perintah {selesai.perintah} sudah selesai"
        if selesai.diubah:
            state += f" dan {selesai.berkas} disimpan"
        state += ", tetapi hasilnya tidak dapat ditampilkan."
        code = selesai.exit_code
    else:
        state, code = "Buku kerja tidak diubah.", 2
    pesan = f"Terjadi galat yang tidak terduga ({type(exc).__name__}: {exc}). {state}{where}"
    if selesai is None and as_json:
        return cetak_galat(perintah, berkas, pesan, code, True)
    _say(pesan)
    return code


def add_tabel_options(p) -> None:
    """Options shared by every command that reads input tables."""
    p.add_argument("--kolom", action="append", metavar="'NAMA DI TABEL=NAMA KAMI'",
                   help="petakan judul kolom tabel ke nama kolom yang dikenal (boleh "
                        "berulang), misalnya --kolom \"Capaian TW=Realisasi\"")
    p.add_argument("--desimal", choices=("koma", "titik"),
                   help="pemisah desimal angka berupa teks di tabel: koma (12,5) atau "
                        "titik (12.5); tanpa ini ditentukan dari isi berkas")
    p.add_argument("--peta", metavar="PETA.toml",
                   help="baca tabel menurut peta yang disimpan periksa-tabel --simpan-peta "
                        "(lembar, kolom, baris yang dilewati, pemisah desimal)")


def tabel_opsi(args: argparse.Namespace) -> dict:
    """`kolom` and `desimal` for the library's table readers, a peta's reading merged in
    (an option typed on the command line wins); a bad --kolom or peta stops here,
    before any file is opened."""
    from ..tabel import peta as P
    from ..tabel.alias import parse_kolom_opsi
    kolom = parse_kolom_opsi(args.kolom)
    desimal = args.desimal
    if getattr(args, "peta", None):
        peta = P.baca(args.peta)
        kolom = P.gabung(kolom, peta, args.peta)
        desimal = desimal or peta.pemisah
    return {"kolom": kolom, "desimal": desimal}
