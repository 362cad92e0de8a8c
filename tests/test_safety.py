"""Data safety: locks, atomic save with backup, limits and hostile files."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kinerja_xl.io import open_workbook, safety
from kinerja_xl.io.base import WorkbookError

NAME = "LaporanKinerja.xlsm"


@pytest.fixture
def book(tmp_path):
    path = tmp_path / NAME
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.active.append(["Kode", "Nilai"])
    wb.active.append(["K1", 10])
    wb.save(path)
    return str(path)


def snapshot(folder):
    return sorted(os.listdir(folder))


def change_and_save(path):
    with open_workbook(path, write=True) as wb:
        wb.write_region("Data", 2, [["K2", 20]])
        wb.save()


# --- locks ----------------------------------------------------------------------------
@pytest.mark.parametrize("lock", ["~$" + NAME, "~$" + NAME[2:], f".~lock.{NAME}#"])
def test_office_lock_refuses_write(book, tmp_path, lock):
    (tmp_path / lock).write_bytes(b"user")
    with pytest.raises(WorkbookError, match=NAME) as err:
        open_workbook(book, write=True)
    assert "sedang dibuka" in err.value.pesan and err.value.exit_code == 2
    assert lock in err.value.pesan
    with open_workbook(book) as wb:        # reading is fine while Excel has it open
        assert wb.read("Data")[1] == ["K1", 10]


def test_office_lock_appearing_before_save(book, tmp_path):
    raw = open(book, "rb").read()
    with open_workbook(book, write=True) as wb:
        wb.write_region("Data", 2, [["K9", 90]])
        (tmp_path / ("~$" + NAME)).write_bytes(b"user")
        with pytest.raises(WorkbookError, match="Excel"):
            wb.save()
    assert open(book, "rb").read() == raw


def test_own_lock_blocks_a_second_run(book, tmp_path):
    with open_workbook(book, write=True):
        lock = tmp_path / f".~kinerja.{NAME}.lock"
        assert lock.exists() and f"pid={os.getpid()}" in lock.read_text()
        with pytest.raises(WorkbookError, match="kinerja-xl lain") as err:
            open_workbook(book, write=True)
        assert NAME in err.value.pesan
    assert not lock.exists()
    with open_workbook(book, write=True):   # released: a new run may start
        pass


def test_stale_own_lock_is_taken_over(book, tmp_path):
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = int(proc.stdout)
    lock = tmp_path / f".~kinerja.{NAME}.lock"
    import socket
    lock.write_text(f"pid={dead}\nhost={socket.gethostname()}\nuser=x\ntime=2020-01-01T00:00:00\n")
    with open_workbook(book, write=True):
        assert f"pid={os.getpid()}" in lock.read_text()
    assert not lock.exists()


def _age(path, seconds: float) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_recent_lock_from_another_host_is_respected(book, tmp_path):
    """Another computer's pid cannot be checked: its lock stands while it is recent."""
    lock = tmp_path / f".~kinerja.{NAME}.lock"
    lock.write_text("pid=4242\nhost=komputer-lain\nuser=budi\ntime=2026-03-01T08:00:00\n")
    _age(lock, 3600)
    raw = open(book, "rb").read()
    with pytest.raises(WorkbookError) as err:
        change_and_save(book)
    # Who holds it, since when, and which file to delete if nobody does.
    for fact in (NAME, "budi", "4242", "2026-03-01T08:00:00", lock.name):
        assert fact in err.value.pesan, fact
    assert err.value.exit_code == 2
    assert open(book, "rb").read() == raw and lock.exists()


def test_old_lock_from_another_host_is_taken_over(book, tmp_path):
    lock = tmp_path / f".~kinerja.{NAME}.lock"
    lock.write_text("pid=4242\nhost=komputer-lain\nuser=budi\ntime=2026-03-01T08:00:00\n")
    _age(lock, 13 * 3600)  # older than the 12 hours after which it counts as abandoned
    change_and_save(book)
    assert openpyxl.load_workbook(book)["Data"]["A2"].value == "K2"
    assert not lock.exists()


def test_fresh_empty_lock_is_respected(book, tmp_path):
    """An empty lock may be another run between creating and writing it."""
    lock = tmp_path / f".~kinerja.{NAME}.lock"
    lock.write_bytes(b"")
    raw = open(book, "rb").read()
    with pytest.raises(WorkbookError) as err:
        change_and_save(book)
    assert NAME in err.value.pesan and lock.name in err.value.pesan
    assert open(book, "rb").read() == raw and lock.exists()


def test_old_empty_lock_is_taken_over(book, tmp_path):
    """An empty lock older than a minute is a crash between create and write."""
    lock = tmp_path / f".~kinerja.{NAME}.lock"
    lock.write_bytes(b"")
    _age(lock, 120)
    change_and_save(book)
    assert openpyxl.load_workbook(book)["Data"]["A2"].value == "K2"
    assert not lock.exists()


def test_lock_replaced_by_another_run_is_not_removed(book, tmp_path):
    lock = tmp_path / f".~kinerja.{NAME}.lock"
    with open_workbook(book, write=True):
        lock.write_text("pid=4242\nhost=komputer-lain\nuser=budi\n")
    assert lock.read_text().startswith("pid=4242")  # not ours any more: left alone


def test_lock_with_a_garbled_pid_from_this_host_is_taken_over(book, tmp_path):
    import socket
    lock = tmp_path / f".~kinerja.{NAME}.lock"
    lock.write_text(f"pid=bukan-angka\nhost={socket.gethostname()}\n")
    change_and_save(book)
    assert openpyxl.load_workbook(book)["Data"]["A2"].value == "K2"
    assert not lock.exists()


def test_lock_that_cannot_be_removed_stops_the_run(book, tmp_path):
    """Something that is not a lock file sits where ours goes (here a folder, old
    enough to look abandoned): the run stops, naming it, instead of looping."""
    lock = tmp_path / f".~kinerja.{NAME}.lock"
    lock.mkdir()
    _age(lock, 13 * 3600)
    raw = open(book, "rb").read()
    with pytest.raises(WorkbookError) as err:
        change_and_save(book)
    assert NAME in err.value.pesan and lock.name in err.value.pesan
    assert open(book, "rb").read() == raw and lock.is_dir()


def test_lock_that_cannot_be_created_is_a_clear_error(tmp_path):
    """A lock name beyond the file system's limit (255 bytes) cannot be created."""
    name = "L" * (255 - len(".xlsm")) + ".xlsm"
    path = tmp_path / name
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.save(path)
    raw = path.read_bytes()
    with pytest.raises(WorkbookError) as err:
        change_and_save(str(path))
    assert "berkas kunci" in err.value.pesan and name in err.value.pesan
    assert path.read_bytes() == raw


def test_file_changed_by_someone_else_is_not_overwritten(book):
    with open_workbook(book, write=True) as wb:
        wb.write_region("Data", 2, [["K2", 20]])
        other = openpyxl.load_workbook(book)
        other["Data"]["C1"] = "orang lain"
        other.save(book)
        os.utime(book, ns=(1, 1))
        raw = open(book, "rb").read()
        with pytest.raises(WorkbookError, match="diubah program lain"):
            wb.save()
    assert open(book, "rb").read() == raw


# --- atomic save and backup -------------------------------------------------------------------
def test_save_keeps_a_backup_of_the_previous_version(book, tmp_path):
    raw = open(book, "rb").read()
    change_and_save(book)
    backups = safety.backups_of(book)
    assert len(backups) == 1
    assert os.path.dirname(backups[0]) == str(tmp_path / "cadangan")
    assert os.path.basename(backups[0]).startswith("LaporanKinerja.") and backups[0].endswith(".xlsm")
    assert open(backups[0], "rb").read() == raw
    assert open(book, "rb").read() != raw


def test_backups_are_pruned(book, monkeypatch):
    monkeypatch.setattr(safety, "BACKUP_KEEP", 2)
    for i in range(4):
        with open_workbook(book, write=True) as wb:
            wb.write_region("Data", 2, [["K", i]])
            wb.save()
    assert len(safety.backups_of(book)) == 2


def test_failing_replace_leaves_original(book, tmp_path, monkeypatch):
    raw = open(book, "rb").read()
    before = snapshot(tmp_path)
    monkeypatch.setattr(safety, "REPLACE_WAIT", 0.001)

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Access is denied", dst)

    monkeypatch.setattr(os, "replace", refuse)
    with open_workbook(book, write=True) as wb:
        wb.write_region("Data", 2, [["K2", 20]])
        with pytest.raises(WorkbookError, match="Berkas asli tidak diubah") as err:
            wb.save()
        assert NAME in err.value.pesan
        monkeypatch.undo()
        # the session is still usable: the next save goes through
        wb.save()
    assert [f for f in snapshot(tmp_path) if ".tmp" in f] == []
    assert open(book, "rb").read() != raw
    assert before == [NAME]


def test_disk_full_while_writing_leaves_original(book, tmp_path, monkeypatch):
    raw = open(book, "rb").read()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with open_workbook(book, write=True) as wb:
        wb.write_region("Data", 2, [["K2", 20]])
        with pytest.raises(WorkbookError, match="ruang disk penuh"):
            wb.save()
    assert open(book, "rb").read() == raw
    assert snapshot(tmp_path) == [NAME]


def test_replace_is_retried_while_windows_holds_the_file(book, monkeypatch):
    monkeypatch.setattr(safety, "REPLACE_WAIT", 0.001)
    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) < 3:
            raise PermissionError(errno.EACCES, "sharing violation", dst)
        return real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    change_and_save(book)
    assert len(calls) == 3
    assert openpyxl.load_workbook(book)["Data"]["A2"].value == "K2"


def test_saved_file_keeps_permissions(book):
    os.chmod(book, 0o640)
    change_and_save(book)
    assert os.stat(book).st_mode & 0o777 == 0o640


# --- limits ------------------------------------------------------------------------------------
def add_member(path, name, data, compress=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "a", compress) as zf:
        zf.writestr(name, data)


def test_zip_bomb_is_refused(book):
    add_member(book, "xl/media/zeros.bin", b"\0" * (30 * 1024 * 1024))
    assert os.path.getsize(book) < 1024 * 1024
    with pytest.raises(WorkbookError, match=r"100:1") as err:
        open_workbook(book)
    assert NAME in err.value.pesan


def test_part_too_large_is_refused(book, monkeypatch):
    # the size limit is independent of the ratio: a stored (uncompressed) part
    monkeypatch.setattr(safety, "MAX_PART_BYTES", 64 * 1024)
    add_member(book, "xl/media/big.bin", os.urandom(100 * 1024), zipfile.ZIP_STORED)
    with pytest.raises(WorkbookError, match="terlalu besar"):
        open_workbook(book)


def rewrite(path, name, fn):
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            zf.writestr(info, fn(data) if info.filename == name else data)


DTD = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'


def test_entity_declarations_in_workbook_xml(book):
    rewrite(book, "xl/workbook.xml", lambda d: d.replace(b"<workbook", DTD + b"<workbook", 1))
    with pytest.raises(WorkbookError, match="DOCTYPE") as err:
        open_workbook(book)
    assert NAME in err.value.pesan and "xl/workbook.xml" in err.value.pesan


def test_entity_declarations_in_a_sheet(book):
    rewrite(book, "xl/worksheets/sheet1.xml",
            lambda d: d.replace(b"<worksheet", DTD + b"<worksheet", 1).replace(b"K1", b"&b;"))
    with open_workbook(book) as wb:
        with pytest.raises(WorkbookError, match="DOCTYPE"):
            wb.read("Data")


def test_malformed_xml(book):
    rewrite(book, "xl/worksheets/sheet1.xml", lambda d: d[:len(d) // 2])
    with open_workbook(book) as wb:
        with pytest.raises(WorkbookError, match="bukan XML yang sah"):
            wb.read("Data")


# --- not a workbook ----------------------------------------------------------------------------
def test_not_a_zip(tmp_path):
    path = tmp_path / "catatan.xlsm"
    path.write_text("Kode,Nilai\nK1,10\n")
    with pytest.raises(WorkbookError, match=r"'catatan\.xlsm' bukan buku kerja"):
        open_workbook(str(path))


def test_truncated_zip(book):
    raw = open(book, "rb").read()
    with open(book, "wb") as fh:
        fh.write(raw[: len(raw) * 2 // 3])
    with pytest.raises(WorkbookError, match=f"{NAME}.*(rusak|terpotong)"):
        open_workbook(book)


def test_corrupt_member_data(book):
    raw = bytearray(open(book, "rb").read())
    with zipfile.ZipFile(book) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 2
    raw[start:start + 20] = b"\xff" * 20
    open(book, "wb").write(bytes(raw))
    with open_workbook(book) as wb:
        with pytest.raises(WorkbookError, match=f"{NAME}.*rusak"):
            wb.read("Data")


def test_directory(tmp_path):
    folder = tmp_path / "Laporan.xlsm"
    folder.mkdir()
    with pytest.raises(WorkbookError, match=r"'Laporan\.xlsm' adalah folder"):
        open_workbook(str(folder))


def test_missing_file(tmp_path):
    with pytest.raises(WorkbookError, match=r"'tidak-ada\.xlsm' tidak ditemukan"):
        open_workbook(str(tmp_path / "tidak-ada.xlsm"))


def test_encrypted_workbook(tmp_path):
    path = tmp_path / "rahasia.xlsm"
    # the start of an OLE compound file holding an encrypted OOXML package
    path.write_bytes(safety.OLE_MAGIC + bytes(504) + "EncryptionInfo".encode("utf-16-le")
                     + bytes(1000))
    with pytest.raises(WorkbookError, match=r"'rahasia\.xlsm' dilindungi sandi"):
        open_workbook(str(path))


def test_old_xls(tmp_path):
    path = tmp_path / "lama.xls"
    path.write_bytes(safety.OLE_MAGIC + bytes(2000))
    with pytest.raises(WorkbookError, match=r"'lama\.xls' berformat Excel lama"):
        open_workbook(str(path))


def test_zip_without_workbook(tmp_path):
    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "bukan excel")
    with pytest.raises(WorkbookError, match=r"arsip\.xlsx"):
        open_workbook(str(path))


def test_errors_do_not_leave_our_lock(tmp_path):
    path = tmp_path / "catatan.xlsm"
    path.write_text("bukan zip")
    with pytest.raises(WorkbookError):
        open_workbook(str(path), write=True)
    assert not (tmp_path / ".~kinerja.catatan.xlsm.lock").exists()


def test_a_run_dying_while_it_takes_the_lock_leaves_no_empty_lock(tmp_path, monkeypatch):
    """A kill between creating the lock and writing its content left an empty lock
    that refused the next run; the lock now appears whole or not at all."""
    book = tmp_path / "Buku.xlsm"
    book.write_bytes(b"")
    lock = safety.OwnLock(str(book))

    def killed() -> str:
        raise SystemExit("dibunuh")

    monkeypatch.setattr(safety, "current_user", killed)
    with pytest.raises(SystemExit):
        lock.acquire()
    assert not os.path.exists(safety.own_lock_path(str(book)))
    assert [f for f in os.listdir(tmp_path) if f != "Buku.xlsm"] == []


def test_lock_without_hard_links_is_still_whole(tmp_path, monkeypatch):
    book = tmp_path / "Buku.xlsm"
    book.write_bytes(b"")

    def no_links(src, dst):
        raise OSError(errno.EPERM, "hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    lock = safety.OwnLock(str(book))
    lock.acquire()
    text = Path(safety.own_lock_path(str(book))).read_text(encoding="utf-8")
    assert f"pid={os.getpid()}" in text
    assert safety.OwnLock(str(book))._create() is False
    lock.release()
    assert not os.path.exists(safety.own_lock_path(str(book)))
