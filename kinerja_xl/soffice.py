"""LibreOffice run headless for one conversion: a report to PDF, a staff copy saved
as `.ods`/`.xls` back to `.xlsx` (so the reader sees number formats).

Each run gets its own temporary profile (recalculate on load, Indonesian locale, no
macros) and its own process group, so a hung conversion can be killed whole and a
second run never hands its job to a running instance.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Sequence

from .io.base import WorkbookError

INSTALL_HINT = (
    "LibreOffice tidak ditemukan, jadi PDF tidak dapat dibuat tanpa Excel.\n"
    "Linux: pasang dengan `sudo apt-get install libreoffice-calc-nogui`.\n"
    "Windows: pasang LibreOffice (https://www.libreoffice.org), atau buka buku kerja "
    "di Excel dan tekan tombol Ekspor PDF pada tab Laporan Kinerja."
)

# Where Windows and macOS installers put soffice when it is not on PATH.
_KNOWN_LOCATIONS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)

# The temporary profile: recalculate every formula on load (cached values may be
# stale), Indonesian locale, and no macros ever run.
_PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N">\
<prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>id-ID</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def find_soffice() -> str | None:
    """The LibreOffice executable, or None.  `KINERJA_SOFFICE` overrides."""
    override = os.environ.get("KINERJA_SOFFICE")
    if override:
        return override if Path(override).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _KNOWN_LOCATIONS:
        if Path(candidate).exists():
            return candidate
    return None


def seed_profile(profile: Path) -> None:
    user = profile / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(_PROFILE_XCU, encoding="utf-8")


def command(soffice: str, src: Path | Sequence[Path], outdir: Path, profile: Path,
            target: str) -> list[str]:
    """`target` as --convert-to takes it, e.g. 'pdf:calc_pdf_Export:{…}' or 'xlsx';
    several `src` files are converted by one run."""
    srcs = [src] if isinstance(src, (str, os.PathLike)) else list(src)
    return [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless", "--invisible", "--nologo", "--nodefault", "--norestore",
        "--nolockcheck",
        "--convert-to", target,
        "--outdir", str(outdir),
        *(str(p) for p in srcs),
    ]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # A second soffice on the same display/session would hand the job over to a
    # running instance; the per-process profile prevents that, and no X is needed.
    env.pop("DISPLAY", None)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    return env


def run(src: Path | Sequence[Path], outdir: Path, profile: Path, target: str, timeout: float,
        what: str) -> bytes:
    """Run one conversion; return soffice's stderr for error messages.  `what` names
    the job in messages ("Ekspor PDF lembar 'X'", "Membaca salinan 'Y'")."""
    soffice = find_soffice()
    if soffice is None:
        raise WorkbookError(INSTALL_HINT)
    cmd = command(soffice, src, outdir, profile, target)
    kwargs: dict = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE,
                    "env": _env(), "cwd": str(outdir)}
    if sys.platform == "win32":
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        kwargs["start_new_session"] = True  # its own group, so a kill reaches soffice.bin
    try:
        proc = subprocess.Popen(cmd, **kwargs)
    except OSError as exc:
        raise WorkbookError(f"LibreOffice tidak dapat dijalankan ({exc}).\n{INSTALL_HINT}") from None
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise WorkbookError(
            f"{what} melebihi batas waktu {timeout:g} detik dan dihentikan. Coba lagi, atau "
            "naikkan batas waktunya.") from None
    if proc.returncode != 0:
        raise WorkbookError(f"{what} gagal di LibreOffice (kode {proc.returncode}): {tail(err)}")
    return err


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        if sys.platform == "win32":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)],
                           capture_output=True, check=False)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def tail(err: bytes, limit: int = 400) -> str:
    text = err.decode("utf-8", "replace").strip()
    # javaldx's warning is noise on machines without Java.
    lines = [ln for ln in text.splitlines() if "javaldx" not in ln]
    return "\n".join(lines)[-limit:] or "tidak ada keterangan"
