"""argparse in Indonesian, without gettext catalogues.

argparse writes its own words ("usage:", "options", "invalid choice", …) in English
unless a translation catalogue is installed.  `Parser` gives its help texts and group
titles in Indonesian, and `terjemahkan` turns each of argparse's error messages into
Indonesian by its pattern; a message with no pattern is shown as it is, and the test
of the CLI fails on it, so a new Python's new wording is noticed.
"""
from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from ..hasil import kalimat
from ..teks import terbaca

USAGE = "Penggunaan: "
JENIS = {"int": "bilangan bulat", "float": "angka", "str": "teks"}


class ArgumenSalah(SystemExit):
    """The command line could not be read (exit code 2); `pesan` is in Indonesian."""

    def __init__(self, pesan: str):
        super().__init__(2)
        self.pesan = pesan


class Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # prefix '' (not None) is argparse composing a sub-command's prog: keep it.
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose every word the user sees is Indonesian."""

    def __init__(self, *args, add_help: bool = True, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumen posisi"
        self._optionals.title = "opsi"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="tampilkan bantuan ini lalu keluar")

    def error(self, message: str) -> NoReturn:
        pesan = kalimat(terbaca(terjemahkan(message)))
        self.print_usage(sys.stderr)
        print(f"{self.prog}: galat: {pesan}", file=sys.stderr)
        raise ArgumenSalah(pesan)


def _int_value(m: re.Match) -> str:
    return f"nilai {JENIS.get(m[1], m[1])} tidak sah: {m[2]}"


# argparse's messages (Python 3.9 to 3.13), most specific first.
_POLA: tuple[tuple[str, object], ...] = (
    (r"argument (.+?): (.+)", lambda m: f"argumen {m[1]}: {terjemahkan(m[2])}"),
    (r"the following arguments are required: (.+)", "argumen berikut wajib diisi: {1}"),
    (r"one of the arguments (.+) is required", "salah satu argumen {1} wajib diisi"),
    (r"unrecognized arguments: (.+)", "argumen tidak dikenal: {1}"),
    (r"invalid choice: (.+?) \(choose from (.+)\)", "pilihan tidak sah: {1} (pilihan: {2})"),
    (r"invalid (\w+) value: (.+)", _int_value),
    (r"not allowed with argument (.+)", "tidak boleh dipakai bersama argumen {1}"),
    (r"expected one argument", "memerlukan satu nilai"),
    (r"expected at most one argument", "paling banyak satu nilai"),
    (r"expected at least one argument", "memerlukan sedikitnya satu nilai"),
    (r"expected (\d+) arguments?", "memerlukan {1} nilai"),
    (r"ambiguous option: (.+?) could match (.+)", "opsi {1} ambigu, bisa berarti {2}"),
    (r"ignored explicit argument (.+)", "argumen {1} diabaikan"),
    (r"unexpected option string: (.+)", "opsi tidak terduga: {1}"),
    (r"can't open '(.+)': (.+)", "'{1}' tidak dapat dibuka: {2}"),
)


def terjemahkan(message: str) -> str:
    """argparse's English message in Indonesian (unchanged when no pattern fits)."""
    for pattern, template in _POLA:
        m = re.fullmatch(pattern, message, re.S)
        if m:
            if callable(template):
                return template(m)
            return template.format(m[0], *m.groups())
    return message
