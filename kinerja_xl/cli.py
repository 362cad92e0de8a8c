"""`kinerja-xl`: a thin command-line shell over the library (see ops/)."""
from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__

# Each module in commands/ adds one sub-command: add_parser(subparsers), run(args) -> int.
COMMANDS = ("buat", "impor", "validasi", "konsolidasi", "rekap", "pdf", "verifikasi")
OPTIONAL = ("status", "demo", "bagikan", "kumpulkan", "gabung")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kinerja-xl",
        description="SOP Pengumpulan Data Kinerja: validasi, konsolidasi, rekap triwulan dan "
                    "tahunan, PDF dan TTE, langsung pada berkas buku kerja (tanpa Excel).")
    p.add_argument("--versi", action="version", version=f"kinerja-xl {__version__}")
    sub = p.add_subparsers(dest="perintah", metavar="PERINTAH")
    for name in COMMANDS + OPTIONAL:
        try:
            module = importlib.import_module(f"kinerja_xl.commands.{name}")
        except ModuleNotFoundError as exc:
            if name in OPTIONAL and exc.name == f"kinerja_xl.commands.{name}":
                continue
            raise
        module.add_parser(sub)
        sub.choices[module.PERINTAH].set_defaults(_run=module.run)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "_run", None):
        p.print_help()
        return 2
    try:
        return args._run(args)
    except KeyboardInterrupt:
        print("Dibatalkan.", file=sys.stderr)
        return 2
    except Exception as exc:  # the last guard: a person never sees a traceback
        from .commands.common import unexpected
        return unexpected(exc)


if __name__ == "__main__":
    sys.exit(main())
