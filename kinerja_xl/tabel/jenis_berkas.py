"""What a table file is, from its content, never from its name.

Web applications send HTML tables named `.xls`; Excel's "Unicode Text" is UTF-16 with
tabs; a `.xlsx` may be an old OLE `.xls`. The first bytes (and, for a zip or an OLE
file, the names inside) say which reader applies; a file that is none of them is named
for what it is, in Indonesian, never in a library's words.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..rows import TableError

XLSX, ODS, XLS, HTML, TEKS = "xlsx", "ods", "xls", "html", "teks"
NAMA_FORMAT = {XLSX: "buku kerja Excel (XLSX/XLSM)", ODS: "lembar kerja ODS",
               XLS: "buku kerja Excel lama (XLS)", HTML: "tabel HTML", TEKS: "teks (CSV)"}

_OLE = bytes.fromhex("d0cf11e0a1b11ae1")
_BUKAN_TABEL = (
    (b"%PDF", "dokumen PDF"), (b"\x89PNG", "gambar PNG"), (b"\xff\xd8\xff", "gambar JPEG"),
    (b"GIF8", "gambar GIF"), (b"Rar!", "arsip RAR"), (b"7z\xbc\xaf", "arsip 7-Zip"),
    (b"\x1f\x8b", "arsip gzip"), (b"{\\rtf", "dokumen RTF"),
)
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|table|body|head|meta)\b", re.IGNORECASE)
_XML_SS = b"urn:schemas-microsoft-com:office:spreadsheet"


def kenali(path: Path) -> str:
    """One of XLSX, ODS, XLS, HTML, TEKS; a TableError naming what the file is otherwise."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64 * 1024)
    except OSError as exc:
        raise TableError(f"Berkas {path.name} tidak dapat dibaca "
                         f"({exc.strerror or type(exc).__name__}).") from None
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip(path)
    if head.startswith(_OLE):
        return _ole(path)
    for magic, what in _BUKAN_TABEL:
        if head.startswith(magic):
            raise TableError(_bukan(path, what))
    teks = _awal_teks(head)
    if teks is not None:
        sample = teks.lstrip()[:4096].encode("utf-8", "replace")
        if _XML_SS in head or (sample.startswith(b"<?xml") and _XML_SS in sample):
            raise TableError(
                f"Berkas {path.name} adalah XML Spreadsheet 2003 (sering dikirim aplikasi web "
                "dengan nama .xls). Buka di Excel atau LibreOffice, simpan sebagai .xlsx, lalu "
                "coba lagi.")
        if _HTML.search(sample):
            return HTML
        return TEKS
    raise TableError(_bukan(path, "berkas biner yang tidak dikenal"))


def _bukan(path: Path, what: str) -> str:
    return (f"Berkas {path.name} adalah {what}, bukan tabel. Yang dapat dibaca: CSV, XLSX, "
            "XLSM, XLS, ODS, atau tabel HTML yang disimpan aplikasi web.")


def _awal_teks(head: bytes) -> str | None:
    """The start of a text file in the encodings offices produce; None for binary."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head.decode("utf-16", "replace")
        except UnicodeDecodeError:
            return None
    if b"\x00" in head[:4096]:
        return None
    return head.decode("utf-8", "replace")


def _zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "mimetype" in names:
                mime = z.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mime == "application/vnd.oasis.opendocument.spreadsheet":
                    return ODS
                if "opendocument.text" in mime:
                    raise TableError(_bukan(path, "dokumen teks ODT"))
            if any(n.startswith("xl/") for n in names) and "[Content_Types].xml" in names:
                return XLSX
            if any(n.startswith("word/") for n in names):
                raise TableError(_bukan(path, "dokumen Word (DOCX)"))
            if any(n.startswith("ppt/") for n in names):
                raise TableError(_bukan(path, "presentasi PowerPoint"))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise TableError(f"Berkas {path.name} rusak atau terpotong (paket zip tidak "
                         "utuh). Simpan ulang dari programnya, lalu coba lagi.") from None
    raise TableError(_bukan(path, "arsip ZIP"))


def _ole(path: Path) -> str:
    import olefile
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(s).casefold() for s in ole.listdir()}
    except (OSError, ValueError) as exc:  # olefile's own errors are OSError subclasses
        raise TableError(f"Berkas {path.name} rusak (berkas OLE tidak utuh).") from exc
    if "encryptedpackage" in streams:
        raise TableError(f"Berkas {path.name} dilindungi sandi pembukaan. Buka di Excel, "
                         "hapus sandinya (File > Info > Protect Workbook > Encrypt with "
                         "Password), simpan, lalu coba lagi.")
    if streams & {"workbook", "book"}:
        return XLS
    if "worddocument" in streams:
        raise TableError(_bukan(path, "dokumen Word lama (DOC)"))
    raise TableError(_bukan(path, "berkas OLE yang bukan buku kerja Excel"))
