"""Data safety for the file adapter: locks, limits, safe XML and atomic save.

Everything here raises `WorkbookError` with an Indonesian message that names the
file, so the CLI can print it and exit 2 instead of showing a traceback.

Lock files we honour (all beside the workbook):
- Excel: `~$<name>`; Excel drops the first two characters of long names, so
  `~$<name[2:]>` is checked too.
- LibreOffice and WPS: `.~lock.<name>#`.
- Another run of this tool: `.~kinerja.<name>.lock`, created with O_EXCL and
  holding the pid, host, user and time; a lock whose process is gone is stale and
  taken over.

Backups: before a save replaces the file, the previous version is copied to
`cadangan/<stem>.<YYYYmmdd-HHMMSS><suffix>` beside the workbook (so it opens in
Excel as it is); the newest `BACKUP_KEEP` backups of each workbook are kept.
"""
from __future__ import annotations

import datetime as _dt
import errno
import getpass
import os
import re
import shutil
import socket
import stat
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable, IO

from lxml import etree

from .base import WorkbookError
from .cells import col_number

# --- limits -------------------------------------------------------------------
MAX_PART_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
# Tiny parts compress absurdly well ("<a/>" repeated); only parts big enough to
# hurt are judged by their ratio.
RATIO_MIN_BYTES = 1024 * 1024
MAX_ROWS = 100_000
MAX_GRID_CELLS = 20_000_000
MAX_COLS = 16_384
# A whole package: how many members, and how much they unpack to together.
MAX_ENTRIES = 10_000
MAX_PACKAGE_BYTES = 1024 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")

BACKUP_DIR = "cadangan"
BACKUP_KEEP = 10
REPLACE_RETRIES = 10
REPLACE_WAIT = 0.2  # seconds, doubled up to ~1 s between tries
# A lock of ours from another host cannot be checked by pid; after this long it
# is considered abandoned.
FOREIGN_LOCK_MAX_AGE = 12 * 3600


def nama(path: str | os.PathLike) -> str:
    """The file name as shown to the user."""
    return os.path.basename(os.fspath(path)) or os.fspath(path)


# --- opening the package --------------------------------------------------------
def open_package(path: str) -> zipfile.ZipFile:
    """Open the workbook as a zip, turning every way it can fail into a clear error."""
    n = nama(path)
    if not os.path.exists(path):
        raise WorkbookError(f"Berkas '{n}' tidak ditemukan ({path}).")
    if os.path.isdir(path):
        raise WorkbookError(f"'{n}' adalah folder, bukan berkas buku kerja Excel.")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise WorkbookError(f"Berkas '{n}' tidak dapat dibaca: {exc.strerror or exc}.") from exc
    if head.startswith(OLE_MAGIC):
        raise WorkbookError(_ole_message(path))
    if not head.startswith(ZIP_MAGICS):
        raise WorkbookError(
            f"Berkas '{n}' bukan buku kerja Excel (.xlsm/.xlsx): isinya bukan paket zip.")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise WorkbookError(
            f"Berkas '{n}' rusak atau terpotong (paket zip tidak utuh): {exc}.") from exc
    except OSError as exc:
        raise WorkbookError(f"Berkas '{n}' tidak dapat dibaca: {exc.strerror or exc}.") from exc
    try:
        check_members(zf, path)
    except BaseException:
        zf.close()
        raise
    return zf


def _ole_message(path: str) -> str:
    """An OLE file is either an encrypted OOXML workbook or an old .xls."""
    n = nama(path)
    try:
        with open(path, "rb") as fh:
            blob = fh.read(4 * 1024 * 1024)
    except OSError:
        blob = b""
    if "EncryptionInfo".encode("utf-16-le") in blob:
        return (f"Berkas '{n}' dilindungi sandi (terenkripsi). Buka di Excel, hapus sandi "
                "pembukaan berkas (File > Info > Protect Workbook > Encrypt with Password), "
                "simpan, lalu coba lagi.")
    return (f"Berkas '{n}' berformat Excel lama (.xls) atau bukan buku kerja .xlsm/.xlsx. "
            "Simpan ulang sebagai .xlsm dari Excel, lalu coba lagi.")


def check_members(zf: zipfile.ZipFile, path: str) -> None:
    """Refuse zip bombs and encrypted members before anything is decompressed: too
    many members, a member or the whole package unpacking too big, or too densely."""
    n = nama(path)
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise WorkbookError(
            f"Berkas '{n}' berisi {len(infos):,} bagian (batas {MAX_ENTRIES:,} bagian); "
            "berkas ditolak.".replace(",", "."))
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > MAX_PACKAGE_BYTES:
        raise WorkbookError(
            f"Berkas '{n}' terlalu besar setelah dibuka ({total // (1024 * 1024)} MB, batas "
            f"{MAX_PACKAGE_BYTES // (1024 * 1024)} MB); berkas ditolak.")
    if total >= RATIO_MIN_BYTES and total > MAX_RATIO * max(packed, 1):
        raise WorkbookError(
            f"Berkas '{n}' dimampatkan lebih dari {MAX_RATIO}:1 (kemungkinan bom zip); "
            "berkas ditolak.")
    for info in infos:
        if info.flag_bits & 0x1:
            raise WorkbookError(f"Berkas '{n}' berisi bagian terenkripsi ({info.filename}).")
        if info.file_size > MAX_PART_BYTES:
            raise WorkbookError(
                f"Berkas '{n}': bagian {info.filename} terlalu besar "
                f"({info.file_size // (1024 * 1024)} MB, batas {MAX_PART_BYTES // (1024 * 1024)} MB).")
        if info.file_size >= RATIO_MIN_BYTES and \
                info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise WorkbookError(
                f"Berkas '{n}': bagian {info.filename} dimampatkan lebih dari "
                f"{MAX_RATIO}:1 (kemungkinan bom zip); berkas ditolak.")


def read_part(zf: zipfile.ZipFile, name: str, path: str) -> bytes:
    """Read one member, never more than the limit even if the header lies."""
    n = nama(path)
    try:
        with zf.open(name) as fh:
            data = fh.read(MAX_PART_BYTES + 1)
    except KeyError as exc:
        raise WorkbookError(f"Berkas '{n}' tidak lengkap: bagian {name} tidak ada.") from exc
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        # zlib.error is not an OSError subclass; it surfaces here as BadZipFile or error
        raise WorkbookError(f"Berkas '{n}' rusak: bagian {name} tidak dapat dibaca ({exc}).") from exc
    except Exception as exc:  # zlib.error and friends from a damaged stream
        raise WorkbookError(f"Berkas '{n}' rusak: bagian {name} tidak dapat dibaca ({exc}).") from exc
    if len(data) > MAX_PART_BYTES:
        raise WorkbookError(f"Berkas '{n}': bagian {name} melebihi batas ukuran.")
    return data


# --- safe XML -------------------------------------------------------------------------
_ROOT_START = re.compile(rb"<[^?!]")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    # No DTD loading, no entity expansion, no network: a hostile part cannot make
    # us fetch or expand anything.  huge_tree stays off (libxml2's own limits).
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                           dtd_validation=False, huge_tree=False, remove_blank_text=False)


def prolog(data: bytes) -> bytes:
    """The bytes before the root element (declaration, comments), kept on re-save."""
    m = _ROOT_START.search(data)
    return data[:m.start()] if m else b""


def _as_utf8(data: bytes) -> bytes:
    """The part's text as UTF-8 bytes for the scan (a part may be UTF-16)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data.replace(b"\x00", b"")
    return data


def check_no_dtd(data: bytes, path: str, part: str) -> None:
    """No DOCTYPE or ENTITY declaration anywhere in the part (not only before the
    root element: a parser is not the only program that reads it)."""
    if _DTD.search(_as_utf8(data)):
        raise WorkbookError(
            f"Berkas '{nama(path)}': bagian {part} berisi deklarasi DOCTYPE/ENTITY; "
            "berkas ditolak demi keamanan.")


def parse_xml(data: bytes, path: str, part: str) -> etree._Element:
    check_no_dtd(data, path, part)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise WorkbookError(
            f"Berkas '{nama(path)}' rusak: bagian {part} bukan XML yang sah ({exc}).") from exc
    doc = root.getroottree().docinfo
    if doc.doctype or doc.internalDTD is not None:
        raise WorkbookError(
            f"Berkas '{nama(path)}': bagian {part} berisi deklarasi DOCTYPE/ENTITY; "
            "berkas ditolak demi keamanan.")
    return root


def read_xml(zf: zipfile.ZipFile, name: str, path: str) -> etree._Element:
    """One member read within the limits and parsed safely: the one way a part of a
    package someone brought (workbook, copy, table, PDF input) becomes a tree."""
    return parse_xml(read_part(zf, name, path), path, name)


# --- declared dimensions --------------------------------------------------------------
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_CELL_R = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d{1,7})[\"']")


def check_extent(rows: int, cols: int, path: str, where: str) -> None:
    """Refuse a sheet whose cells span more than the limits, before any grid of
    that size is made (a 5 KB file may declare 1,048,576 × 16,384 cells)."""
    if rows > MAX_ROWS or cols > MAX_COLS or rows * cols > MAX_GRID_CELLS:
        b, k, mb, ms = (f"{x:,}".replace(",", ".") for x in (rows, cols, MAX_ROWS,
                                                              MAX_GRID_CELLS))
        raise WorkbookError(
            f"Berkas '{nama(path)}': {where} mencakup {b} baris × {k} kolom (batas {mb} "
            f"baris dan {ms} sel); berkas ditolak. Hapus isi atau format yang jauh dari "
            "tabel (Ctrl+End menunjukkannya), simpan, lalu coba lagi.")


def check_dimension(ref: str, path: str, where: str) -> None:
    """A declared range ('A1:XFD1048576') within the limits."""
    ends = [_CELL_REF.match(x.strip()) for x in ref.split(":")]
    if not ref or not all(ends):
        return  # no usable declaration: the cells themselves decide
    rows = max(int(m.group(2)) for m in ends)
    cols = max(col_number(m.group(1)) for m in ends)
    check_extent(rows, cols, path, where)


def _check_xlsx_sheet(data: bytes, path: str, part: str) -> None:
    m = _DIMENSION.search(data, 0, 64 * 1024)
    if m:
        check_dimension(m.group(1).decode("ascii", "replace"), path, f"bagian {part}")
    rows = cols = 0
    for m in _CELL_R.finditer(data):
        rows = max(rows, int(m.group(2)))
        cols = max(cols, col_number(m.group(1).decode("ascii")))
    check_extent(rows, cols, path, f"bagian {part}")


_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _repeat(el: etree._Element, attr: str) -> int:
    try:
        return max(int(el.get(f"{{{_ODS_TABLE}}}{attr}", "1")), 1)
    except ValueError:
        return 1


def _check_ods_content(root: etree._Element, path: str, part: str) -> None:
    """Each table's extent as a reader expands it: repeated rows and columns count
    wherever a cell holds something (LibreOffice's trailing empty repeats do not)."""
    t = f"{{{_ODS_TABLE}}}"
    for table in root.iter(t + "table"):
        rows = cols = r = 0
        for row in table.iter(t + "table-row"):
            rep_r = _repeat(row, "number-rows-repeated")
            c = 0
            for cell in row:
                rep_c = _repeat(cell, "number-columns-repeated")
                if cell.get(f"{{{_ODS_OFFICE}}}value-type") is not None or len(cell):
                    rows, cols = r + rep_r, max(cols, c + rep_c)
                c += rep_c
            r += rep_r
        name = table.get(t + "name") or "?"
        check_extent(rows, cols, path, f"lembar '{name}' ({part})")


def open_table_package(path: str | os.PathLike) -> zipfile.ZipFile:
    """An XLSX/XLSM or ODS table opened with the workbook's limits, checked before a
    reader sees it: members (count, sizes, ratios, encryption), every XML part free
    of DOCTYPE/ENTITY, and each sheet's declared and used range within MAX_ROWS,
    MAX_COLS and MAX_GRID_CELLS.  The caller closes the returned zip.  Raises
    WorkbookError naming the file and the limit."""
    path = os.fspath(path)
    zf = open_package(path)
    try:
        for info in zf.infolist():
            name = info.filename
            low = name.lower()
            if info.is_dir() or not (low.endswith(".xml") or low.endswith(".rels")):
                continue
            data = read_part(zf, name, path)
            check_no_dtd(data, path, name)
            if low.startswith("xl/worksheets/") and low.count("/") == 2:
                _check_xlsx_sheet(data, path, name)
            elif low == "content.xml":
                _check_ods_content(parse_xml(data, path, name), path, name)
    except BaseException:
        zf.close()
        raise
    return zf


# --- locks ----------------------------------------------------------------------------
def excel_lock_names(name: str) -> list[str]:
    names = ["~$" + name]
    if len(name) > 2:
        names.append("~$" + name[2:])
    return names


def office_lock_names(name: str) -> list[str]:
    return excel_lock_names(name) + [f".~lock.{name}#"]


def own_lock_path(path: str) -> str:
    d, n = os.path.split(os.path.abspath(path))
    return os.path.join(d, f".~kinerja.{n}.lock")


def check_office_locks(path: str) -> None:
    """Refuse while Excel, LibreOffice or WPS has the file open."""
    d, n = os.path.split(os.path.abspath(path))
    for lock in office_lock_names(n):
        if os.path.exists(os.path.join(d, lock)):
            app = "LibreOffice/WPS" if lock.startswith(".~lock.") else "Excel/WPS"
            raise WorkbookError(
                f"Berkas '{n}' sedang dibuka di {app} (ada berkas kunci '{lock}'). "
                f"Tutup berkas itu dulu, lalu jalankan lagi. Jika tidak ada yang membukanya, "
                f"hapus berkas kunci '{lock}' di folder yang sama.")


def check_writable(path: str) -> None:
    """Refuse a file the user marked read-only (the rename would silently replace it)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing or unreadable: opening it reports that
    if stat.S_ISREG(mode) and not mode & stat.S_IWUSR:
        n = nama(path)
        raise WorkbookError(
            f"Berkas '{n}' bertanda hanya-baca (read-only); tidak ada yang diubah. Hilangkan "
            "tanda hanya-baca di Properties berkas itu, lalu jalankan lagi.")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":
        # os.kill(pid, 0) would terminate the process on Windows; ask instead.
        import ctypes
        from ctypes import wintypes
        k32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = k32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # access denied: it exists
        try:
            code = wintypes.DWORD()
            if not k32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            k32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _read_lock(lock: str) -> dict[str, str]:
    try:
        with open(lock, encoding="utf-8", errors="replace") as fh:
            lines = fh.read(4096).splitlines()
    except OSError:
        return {}
    info = {}
    for line in lines:
        k, _, v = line.partition("=")
        info[k.strip()] = v.strip()
    return info


def _is_stale(info: dict[str, str], lock: str) -> bool:
    try:
        pid = int(info.get("pid", ""))
    except ValueError:
        pid = -1
    if info.get("host") == socket.gethostname():
        return not _pid_alive(pid)
    try:
        age = time.time() - os.path.getmtime(lock)
    except OSError:
        return False
    if not info:
        # An empty lock from a crash between create and write.
        return age > 60
    return age > FOREIGN_LOCK_MAX_AGE


class OwnLock:
    """Our exclusive lock beside the workbook, held from open-for-write to close."""

    def __init__(self, path: str):
        self.path = path
        self.lock = own_lock_path(path)
        self.held = False

    def acquire(self) -> None:
        for _ in range(2):
            try:
                made = self._create()
            except OSError as exc:
                raise WorkbookError(
                    f"Tidak dapat membuat berkas kunci untuk '{nama(self.path)}' "
                    f"({exc.strerror or exc}); apakah foldernya hanya-baca?") from exc
            if made:
                self.held = True
                return
            info = _read_lock(self.lock)
            if _is_stale(info, self.lock):
                _unlink_quiet(self.lock)
                continue
            raise WorkbookError(self._busy_message(info))
        raise WorkbookError(self._busy_message(_read_lock(self.lock)))

    def _create(self) -> bool:
        """Create the lock with its content in one step (False: it exists already).

        The content is written to a temporary file first and linked to the lock's
        name, so a run killed at any moment leaves either no lock or a whole one that
        names its dead process, never an empty lock that blocks the next run.  Where
        the file system has no hard links the lock is created, then written."""
        content = (f"pid={os.getpid()}\nhost={socket.gethostname()}\n"
                   f"user={current_user()}\n"
                   f"time={_dt.datetime.now().isoformat(timespec='seconds')}\n")
        tmp = f"{self.lock}.{os.getpid()}.tmp"
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(content)
            try:
                os.link(tmp, self.lock)
                return True
            except FileExistsError:
                return False
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP,
                                     errno.EXDEV, errno.EMLINK):
                    raise
        finally:
            _unlink_quiet(tmp)
        try:
            fd = os.open(self.lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        return True

    def _busy_message(self, info: dict[str, str]) -> str:
        who = info.get("user") or "pengguna lain"
        since = info.get("time", "?")
        return (f"Berkas '{nama(self.path)}' sedang diproses oleh kinerja-xl lain "
                f"({who}, pid {info.get('pid', '?')}, sejak {since}). Tunggu sampai selesai. "
                f"Jika tidak ada proses lain yang berjalan, hapus berkas kunci "
                f"'{os.path.basename(self.lock)}'.")

    def release(self) -> None:
        if self.held:
            # Only remove the lock if it is still ours.
            if _read_lock(self.lock).get("pid") == str(os.getpid()):
                _unlink_quiet(self.lock)
            self.held = False


def current_user() -> str:
    try:
        u = getpass.getuser()
        if u:
            return u
    except Exception:  # no pwd entry, no env: fall through
        pass
    for var in ("USERNAME", "USER", "LOGNAME"):
        if os.environ.get(var):
            return os.environ[var]
    return "tidak diketahui"


def _unlink_quiet(p: str) -> None:
    try:
        os.unlink(p)
    except OSError:
        pass


# --- atomic save ------------------------------------------------------------------------
def file_stamp(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return (st.st_mtime_ns, st.st_size)


def _os_message(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "ruang disk penuh"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "akses ditolak (berkas dibuka program lain atau folder hanya-baca)"
    return exc.strerror or str(exc)


def atomic_write(path: str, write: Callable[[IO[bytes]], None], backup: bool = True,
                 before_replace: Callable[[], None] | None = None) -> str | None:
    """Write a new version of `path` through `write(fileobj)` and swap it in.

    The new content goes to a temporary file in the same folder (same file system,
    so the final rename is atomic), is fsynced, the previous version is copied to
    the backup folder, and only then the temporary file replaces the original.  A
    failure anywhere leaves the original untouched and no temporary file behind.
    `before_replace` runs just before the swap (to close handles Windows would
    otherwise keep on the original).  Returns the backup path (or None).
    """
    path = os.path.realpath(path)
    d, n = os.path.split(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".~kinerja.{n}.", suffix=".tmp", dir=d)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        _copy_mode(path, tmp)
        bak = make_backup(path) if backup else None
        if before_replace is not None:
            before_replace()
        _replace(tmp, path)
        tmp = None
        _fsync_dir(d)
        return bak
    except OSError as exc:
        raise WorkbookError(
            f"Gagal menyimpan '{n}': {_os_message(exc)}. Berkas asli tidak diubah.") from exc
    finally:
        if tmp is not None:
            _unlink_quiet(tmp)


def _copy_mode(src: str, dst: str) -> None:
    """Give the new file the old one's mode (a new file: the usual 0666 - umask),
    not the private 0600 of a temporary file."""
    try:
        if os.path.exists(src):
            mode = os.stat(src).st_mode & 0o7777
        else:
            mask = os.umask(0o022)
            os.umask(mask)
            mode = 0o666 & ~mask
        os.chmod(dst, mode)
    except OSError:
        pass  # the temp file's own mode is acceptable


def _replace(src: str, dst: str) -> None:
    """os.replace, retried: Windows refuses while a scanner or indexer holds dst."""
    wait = REPLACE_WAIT
    for attempt in range(REPLACE_RETRIES):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == REPLACE_RETRIES - 1:
                raise
            time.sleep(wait)
            wait = min(wait * 2, 1.0)


def _fsync_dir(d: str) -> None:
    if os.name == "nt":
        return
    try:
        fd = os.open(d, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def backup_dir(path: str) -> str:
    return os.path.join(os.path.dirname(os.path.realpath(path)), BACKUP_DIR)


def make_backup(path: str) -> str:
    """Copy the current file to cadangan/<stem>.<timestamp><suffix>; prune old ones."""
    p = Path(path)
    folder = Path(backup_dir(path))
    made = not folder.exists()
    folder.mkdir(exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{p.stem}.{stamp}{p.suffix}"
    k = 1
    while target.exists():
        k += 1
        target = folder / f"{p.stem}.{stamp}-{k}{p.suffix}"
    try:
        shutil.copy2(path, target)
    except BaseException:
        # a refused save leaves nothing behind: no half copy, no empty cadangan/
        _unlink_quiet(str(target))
        if made:
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    _prune_backups(folder, p)
    return str(target)


def backups_of(path: str) -> list[str]:
    """Existing backups of `path`, oldest first."""
    p = Path(os.path.realpath(path))
    folder = Path(backup_dir(path))
    if not folder.is_dir():
        return []
    pat = re.compile(re.escape(p.stem) + r"\.(\d{8}-\d{6})(?:-(\d+))?" + re.escape(p.suffix) + "$")
    found = []
    for f in folder.iterdir():
        m = pat.match(f.name)
        if m:
            # Order by the stamp in the name: copy2 keeps the original's mtime.
            found.append(((m.group(1), int(m.group(2) or 1)), str(f)))
    return [f for _, f in sorted(found)]


def _prune_backups(folder: Path, p: Path) -> None:
    old = backups_of(str(p))
    for f in old[:-BACKUP_KEEP]:
        _unlink_quiet(f)


# --- the error log ----------------------------------------------------------------------
APP_NAME = "kinerja-xl"
LOG_NAME = "galat.log"


def log_galat_path() -> Path:
    """The error log in the user's own log folder (platformdirs: ~/.local/state/
    kinerja-xl/log on Linux, %LOCALAPPDATA%\\kinerja-xl\\Logs on Windows), never a
    shared temporary folder where another user could plant a link under a fixed name."""
    from platformdirs import user_log_dir
    return Path(user_log_dir(APP_NAME, appauthor=False)) / LOG_NAME


def append_log(text: str) -> str:
    """Append `text` to the error log; return its path.  The folder is created private
    (0700); a folder that is a link or belongs to another user is refused, and the log
    is opened without following a link (O_NOFOLLOW).  Raises OSError."""
    log = log_galat_path()
    folder = str(log.parent)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    st = os.lstat(folder)
    if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
        raise OSError(errno.EPERM, "folder log bukan milik pengguna ini", folder)
    if stat.S_IMODE(st.st_mode) & 0o077:
        os.chmod(folder, 0o700)
    flags = (os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_CLOEXEC", 0))
    fd = os.open(log, flags, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as fh:
        fh.write(text)
    return str(log)
