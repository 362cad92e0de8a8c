"""`kinerja-xl`: a thin command-line shell over the library (see ops/).

Exit codes (SPEC §4): 0 fine, 1 findings of level error, 2 the command could not run
(a bad input table or command line, an unreadable or locked file).  A closed stdout
does not change the exit code of work that was done; stderr then says what was done.
"""
from __future__ import annotations

import importlib
import sys

from . import __version__
from .commands.argumen import ArgumenSalah, Parser

# Each module in commands/ adds one sub-command: add_parser(subparsers), run(args) -> int.
# Names as typed; the module of "pk-perubahan" is commands/pk_perubahan.py.
COMMANDS = ("buat", "impor", "validasi", "konsolidasi", "rekap", "pdf", "verifikasi",
            "perbarui", "ekspor", "periksa-tabel", "dokumen")
OPTIONAL = ("status", "demo", "bagikan", "kumpulkan", "gabung", "pk-perubahan")


def parser() -> Parser:
    p = Parser(
        prog="kinerja-xl",
        description="SOP Pengumpulan Data Kinerja: validasi, konsolidasi, rekap triwulan dan "
                    "tahunan, PDF dan TTE, langsung pada berkas buku kerja (tanpa Excel).")
    p.add_argument("--versi", action="version", version=f"kinerja-xl {__version__}",
                   help="tampilkan versi program lalu keluar")
    sub = p.add_subparsers(dest="perintah", metavar="PERINTAH", title="perintah")
    for name in COMMANDS + OPTIONAL:
        try:
            module = importlib.import_module(f"kinerja_xl.commands.{name.replace('-', '_')}")
        except ModuleNotFoundError as exc:
            if name in OPTIONAL and exc.name == f"kinerja_xl.commands.{name.replace('-', '_')}":
                continue
            raise
        module.add_parser(sub)
        sub.choices[module.PERINTAH].set_defaults(_run=module.run)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    p = parser()
    try:
        args = p.parse_args(argv)
    except ArgumenSalah as exc:
        if "--json" in argv:
            from .commands.common import cetak_galat
            # The message is on stderr already; stdout gets the envelope only.
            perintah = next((a for a in argv if a in COMMANDS + OPTIONAL), None)
            return cetak_galat(perintah, None, exc.pesan, 2, True, quiet=True)
        return 2
    if not getattr(args, "_run", None):
        p.print_help()
        return 2
    try:
        return args._run(args)
    except KeyboardInterrupt:
        from .commands.common import berkas_of, cetak_galat
        return cetak_galat(args.perintah, berkas_of(args), "Dibatalkan.", 2,
                           bool(getattr(args, "json", False)))
    except Exception as exc:  # the last guard: a person never sees a traceback
        from .commands.common import berkas_of, unexpected
        return unexpected(exc, as_json=bool(getattr(args, "json", False)),
                          perintah=args.perintah, berkas=berkas_of(args))


if __name__ == "__main__":
    sys.exit(main())
