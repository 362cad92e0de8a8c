"""What every workbook command shares: opening, output, errors."""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Callable

from ..io.base import WorkbookError


def add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true",
                   help="keluaran berupa satu objek JSON di stdout")


def add_triwulan(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("--triwulan", type=int, choices=(1, 2, 3, 4), required=required,
                   metavar="N", help="triwulan 1 sampai 4")


def print_hasil(hasil, as_json: bool) -> None:
    if as_json:
        print(json.dumps(hasil.as_json(), ensure_ascii=False, indent=1))
        return
    for line in hasil.ringkasan:
        print(line)
    errors = [t for t in hasil.temuan if t.tingkat == "error"]
    warnings = [t for t in hasil.temuan if t.tingkat != "error"]
    for t in errors + warnings:
        print(f"[{t.tingkat}] {t.kode_temuan}: {t.pesan}")
    print(f"{len(errors)} error, {len(warnings)} peringatan.")
    if hasil.diubah:
        print("Lembar diperbarui: " + ", ".join(hasil.diubah))


def run_on_file(path: str, write: bool, fn: Callable, as_json: bool) -> int:
    """Open the workbook, run the operation, save atomically; errors as messages."""
    from ..io import open_workbook

    try:
        with open_workbook(path, write=write) as book:
            hasil = fn(book)
            if write:
                book.save()
    except WorkbookError as exc:
        print(exc.pesan, file=sys.stderr)
        return exc.exit_code
    print_hasil(hasil, as_json)
    return hasil.exit_code


def unexpected(exc: BaseException) -> int:
    """An error nobody foresaw: a short Indonesian message, the details in a log file."""
    log = Path(tempfile.gettempdir()) / "kinerja-xl-galat.log"
    try:
        with open(log, "a", encoding="utf-8") as fh:
            traceback.print_exception(exc, file=fh)
        where = f" Rincian teknis dicatat di {log}."
    except OSError:
        where = ""
    if os.environ.get("KINERJA_XL_DEBUG"):
        traceback.print_exception(exc)
    print(f"Terjadi galat yang tidak terduga ({type(exc).__name__}: {exc}). Buku kerja tidak "
          f"diubah.{where}", file=sys.stderr)
    return 2
