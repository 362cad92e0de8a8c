"""Electronic signature (TTE): PAdES signing and verification with pyHanko.

The certificate comes as a PKCS#12 file the official supplies (BSrE issues them);
its password comes from a file or a prompt, never from the command line.  Every
reason a certificate cannot sign is checked before signing, each with its own
message, so nobody gets a signed PDF that no verifier would accept.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Sequence

from kinerja_xl import temuan as T
from kinerja_xl.io.base import WorkbookError

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")
# The office is in Lumajang: times shown to people are in WIB.
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")

FIELD_NAME = "TTE"
# Key usages that allow signing a document (RFC 5280: digitalSignature and
# nonRepudiation, the latter named contentCommitment in newer texts).
SIGNING_KEY_USAGES = {"digital_signature", "non_repudiation"}
# Default visible field: lower right of the page, in points (1/72 inch).
BOX_WIDTH, BOX_HEIGHT, BOX_MARGIN = 230.0, 75.0, 42.0

STAMP_TEXT = "Ditandatangani secara elektronik oleh:\n%(signer)s\nWaktu: %(ts)s"

COVERAGE_TEXT = {
    "ENTIRE_FILE": "seluruh berkas",
    "ENTIRE_REVISION": "hanya revisi yang ditandatangani; ada tambahan sesudahnya",
    "CONTENTS_ONLY": "hanya sebagian isi",
    "UNCLEAR": "tidak jelas",
}


def _need_pyhanko() -> None:
    try:
        import pyhanko  # noqa: F401
        import pyhanko_certvalidator  # noqa: F401
    except ImportError:
        raise WorkbookError(
            "Pustaka pyHanko belum terpasang, jadi tanda tangan elektronik tidak tersedia. "
            "Pasang dengan `pip install kinerja_xl[tte]`.") from None


def tanggal_wib(when: dt.datetime) -> str:
    """'15 Januari 2027 pukul 10.30 WIB'."""
    t = when.astimezone(WIB)
    return f"{t.day} {BULAN[t.month - 1]} {t.year} pukul {t.hour:02d}.{t.minute:02d} WIB"


# --- password -------------------------------------------------------------
def read_password_file(path) -> bytes:
    """The password is the file's content without its line ending."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise WorkbookError(f"Berkas sandi {path} tidak dapat dibaca ({exc.strerror or exc}).") from None
    return data.rstrip(b"\r\n")


def prompt_password(p12_path) -> bytes:
    import getpass
    try:
        return getpass.getpass(f"Sandi sertifikat TTE {Path(p12_path).name}: ").encode("utf-8")
    except (EOFError, KeyboardInterrupt):
        raise WorkbookError("Penandatanganan dibatalkan: sandi tidak dimasukkan.") from None


# --- the certificate and its checks ------------------------------------------
class Sertifikat:
    """A loaded PKCS#12: key, signer certificate and the chain that came with it."""

    def __init__(self, key, cert, chain):
        self.key = key
        self.cert = cert
        self.chain = list(chain)

    @property
    def nama(self) -> str:
        return common_name(self.cert)


def common_name(cert) -> str:
    from cryptography.x509.oid import NameOID
    attrs = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else cert.subject.rfc4514_string()


def load_p12(p12_path, password: bytes) -> Sertifikat:
    """Open the PKCS#12; a wrong password and a damaged file get different messages."""
    from cryptography.hazmat.primitives.serialization import pkcs12
    p12_path = Path(p12_path)
    try:
        data = p12_path.read_bytes()
    except OSError as exc:
        raise WorkbookError(
            f"Berkas sertifikat TTE {p12_path} tidak dapat dibaca ({exc.strerror or exc}).") from None
    if not _looks_like_pkcs12(data):
        raise WorkbookError(f"Berkas {p12_path} bukan sertifikat PKCS#12 (.p12/.pfx) yang sah.")
    attempts = [password] + ([None] if password == b"" else [])
    for attempt in attempts:
        try:
            key, cert, chain = pkcs12.load_key_and_certificates(data, attempt)
            break
        except (ValueError, TypeError):
            continue
    else:
        raise WorkbookError(
            f"Sandi sertifikat TTE salah untuk berkas {p12_path.name}. Periksa berkas "
            "sandinya: hanya sandi, tanpa spasi tambahan.")
    if key is None or cert is None:
        raise WorkbookError(
            f"Berkas {p12_path.name} tidak berisi kunci privat beserta sertifikatnya; "
            "gunakan berkas .p12 yang diterbitkan untuk penandatangan.")
    return Sertifikat(key, cert, chain or [])


def _looks_like_pkcs12(data: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12
    try:
        pfx = asn1_pkcs12.Pfx.load(data)
        pfx["auth_safe"]["content_type"].native  # forces parsing of the outer layer
        return True
    except Exception:  # asn1crypto raises several types for garbage input
        return False


def check_certificate(sert: Sertifikat, now: dt.datetime | None = None) -> None:
    """Refuse a certificate that is expired, not yet valid or not for signing."""
    from cryptography import x509
    now = now or dt.datetime.now(dt.timezone.utc)
    cert = sert.cert
    if cert.not_valid_after_utc < now:
        raise WorkbookError(
            f"Sertifikat TTE atas nama {sert.nama} sudah kedaluwarsa sejak "
            f"{tanggal_wib(cert.not_valid_after_utc)}. Minta sertifikat baru kepada "
            "penerbitnya (mis. BSrE) sebelum menandatangani.")
    if cert.not_valid_before_utc > now:
        raise WorkbookError(
            f"Sertifikat TTE atas nama {sert.nama} belum berlaku; berlaku mulai "
            f"{tanggal_wib(cert.not_valid_before_utc)}. Periksa tanggal dan jam komputer ini.")
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        boleh = ku.digital_signature or ku.content_commitment
    except x509.ExtensionNotFound:
        boleh = False  # certificates for officials always state their key usage
    if not boleh:
        raise WorkbookError(
            f"Sertifikat TTE atas nama {sert.nama} tidak diperuntukkan bagi tanda tangan "
            "dokumen: penggunaan kunci digitalSignature atau nonRepudiation tidak tercantum.")


def open_certificate(p12_path, password: bytes) -> Sertifikat:
    """Load and check: what the CLI calls before the (slow) PDF export."""
    _need_pyhanko()
    sert = load_p12(p12_path, password)
    check_certificate(sert)
    return sert


# --- signing ----------------------------------------------------------------
def _pyhanko_signer(sert: Sertifikat):
    from asn1crypto import keys, x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization as ser
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = lambda c: asn1_x509.Certificate.load(c.public_bytes(ser.Encoding.DER))  # noqa: E731
    key = keys.PrivateKeyInfo.load(sert.key.private_bytes(
        ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption()))
    return signers.SimpleSigner(
        signing_cert=der(sert.cert), signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([der(c) for c in sert.chain]))


def default_box(writer, page: int) -> tuple[float, float, float, float]:
    """Lower right corner of the page, inside the margins."""
    page_ref, _ = writer.find_page_for_modification(page)
    x0, y0, x1, _y1 = (float(v) for v in _inherited(page_ref.get_object(), "/MediaBox"))
    right = x1 - BOX_MARGIN
    bottom = y0 + BOX_MARGIN
    return (max(x0, right - BOX_WIDTH), bottom, right, bottom + BOX_HEIGHT)


# --- finding the blank space of the signature block ------------------------------
# The block on the report sheets reads: place and date, jabatan, blank space,
# nama, pangkat/golongan, "NIP. …".  The field goes into the blank space above
# the name, as a wet signature would.  Text positions come from poppler's
# pdftotext when it is installed; without it the default box is used.
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r'([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
MIN_SPACE = 24.0          # points: less than this is line spacing, not a signature space
SEARCH_ABOVE_NIP = 220.0  # points above the NIP line where the block can be


def find_signature_space(pdf_path, page: int = -1) -> tuple[float, float, float, float] | None:
    """The box (PDF points, lower-left origin) of the blank space above the
    signer's name on `page`, or None when there is no recognisable block."""
    pages = _words_per_page(pdf_path)
    if not pages:
        return None
    try:
        (width, height), words = pages[page]
    except IndexError:
        return None
    return _space_above_nip(words, width, height)


def _words_per_page(pdf_path):
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    try:
        html = subprocess.run([exe, "-bbox", str(pdf_path), "-"], capture_output=True,
                              timeout=60, check=True).stdout.decode("utf-8", "replace")
    except (subprocess.SubprocessError, OSError):
        return None
    pages = []
    for chunk in html.split("<page ")[1:]:
        size = _PAGE.match("<page " + chunk)
        if not size:
            continue
        words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t
                 in _WORD.findall(chunk)]
        pages.append(((float(size.group(1)), float(size.group(2))), words))
    return pages


def _lines(words):
    """Group words (top-left origin) into lines: (top, bottom, left, right)."""
    lines: list[list[float]] = []
    for x0, y0, x1, y1, _ in sorted(words, key=lambda w: (w[1], w[0])):
        if lines and abs(lines[-1][0] - y0) < 2:
            ln = lines[-1]
            ln[1], ln[2], ln[3] = max(ln[1], y1), min(ln[2], x0), max(ln[3], x1)
        else:
            lines.append([y0, y1, x0, x1])
    return lines


def _space_above_nip(words, width: float, height: float):
    nips = [w for w in words if w[4].upper().startswith("NIP")]
    if not nips:
        return None
    nip = max(nips, key=lambda w: w[1])  # the last NIP on the page is the signer's
    nip_line = [w for w in words if abs(w[1] - nip[1]) < 2 and w[0] >= nip[0] - 1]
    left, right = nip[0], max(w[2] for w in nip_line)
    # Words of the same column above the NIP line, within reach of the block.
    above = [w for w in words if w[3] <= nip[1] + 1 and w[1] >= nip[1] - SEARCH_ABOVE_NIP
             and w[2] >= left - 40 and w[0] <= right + 160]
    lines = _lines(above) + [[nip[1], nip[3], left, right]]
    # Walking up from the NIP line (past pangkat and nama), the first wide gap is
    # the signature space; a wider one further up would be above the block.
    found = [i for i in range(len(lines) - 2, -1, -1)
             if lines[i + 1][0] - lines[i][1] >= MIN_SPACE]
    if not found:
        return None
    i = found[0]
    top, bottom = lines[i][1] + 2, lines[i + 1][0] - 2
    col_left = min(ln[2] for ln in lines[i:])
    col_right = max(ln[3] for ln in lines[i:])
    w = max(BOX_WIDTH * 0.8, col_right - col_left)
    x0 = max(0.0, min(col_left, width - w))
    return (x0, height - bottom, min(width, x0 + w), height - top)


def _inherited(node, key):
    """A page attribute, looked up through the page tree (MediaBox is inheritable)."""
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return (0, 0, 595.28, 841.89)  # A4 portrait, the PDF default when none is given


def _check_page(writer, page: int, in_pdf: Path) -> None:
    count = int(writer.root["/Pages"]["/Count"])
    if not -count <= page < count:
        shown = page + 1 if page >= 0 else page
        raise WorkbookError(f"Halaman {shown} tidak ada: PDF {in_pdf.name} berisi {count} halaman.")


def _free_field_name(reader) -> str:
    from pyhanko.sign.fields import enumerate_sig_fields
    taken = {name for name, _, _ in enumerate_sig_fields(reader)}
    name, n = FIELD_NAME, 1
    while name in taken:
        n += 1
        name = f"{FIELD_NAME}{n}"
    return name


def sign_pdf(in_pdf, out_pdf, p12_path, password: bytes,
             field_box: Sequence[float] | None = None, page: int = -1,
             lokasi: str | None = None, alasan: str | None = None) -> Path:
    """Sign `in_pdf` (PAdES B-B) into `out_pdf` with a visible field; return out_pdf.

    field_box is (x1, y1, x2, y2) in points from the page's lower left corner.
    By default the field goes into the blank space of the signature block on
    `page` (the last page), or, when none is found, its lower right corner.  The certificate is
    checked first; every refusal is a WorkbookError with exit code 2.
    """
    sert = open_certificate(p12_path, password)
    if field_box is None:
        field_box = find_signature_space(in_pdf, page)
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    in_pdf, out_pdf = Path(in_pdf), Path(out_pdf)
    if not in_pdf.is_file():
        raise WorkbookError(f"Berkas PDF {in_pdf} tidak ditemukan.")
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".kinerja-", suffix=".pdf", dir=out_pdf.parent)
    try:
        with os.fdopen(fd, "wb") as out, in_pdf.open("rb") as inf:
            writer = IncrementalPdfFileWriter(inf, strict=False)
            _check_page(writer, page, in_pdf)
            box = tuple(field_box) if field_box else default_box(writer, page)
            name = _free_field_name(writer.prev)
            meta = signers.PdfSignatureMetadata(
                field_name=name, md_algorithm="sha256",
                subfilter=fields.SigSeedSubFilter.PADES,
                reason=alasan or "Pengesahan laporan kinerja", location=lokasi,
                name=sert.nama)
            pdf_signer = signers.PdfSigner(
                meta, signer=_pyhanko_signer(sert),
                stamp_style=TextStampStyle(stamp_text=STAMP_TEXT,
                                           timestamp_format="%d-%m-%Y %H:%M:%S %Z"),
                new_field_spec=fields.SigFieldSpec(sig_field_name=name, on_page=page, box=box))
            pdf_signer.sign_pdf(writer, output=out)
        os.replace(tmp_name, out_pdf)
    except (PdfError, OSError, ValueError) as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise WorkbookError(f"PDF {in_pdf} tidak dapat ditandatangani ({exc}).") from None
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return out_pdf


# --- verification -----------------------------------------------------------
def _load_roots(paths) -> list:
    from pyhanko.sign.general import load_cert_from_pemder
    roots = []
    for p in paths or ():
        try:
            roots.append(load_cert_from_pemder(str(p)))
        except Exception as exc:  # unreadable file or not a certificate
            raise WorkbookError(f"Sertifikat akar {p} tidak dapat dibaca ({exc}).") from None
    return roots


def verify_pdf(pdf_path, trust_roots: Sequence | None = None) -> dict[str, Any]:
    """Check every signature of the PDF (offline: no CRL/OCSP fetching).

    Returns {"berkas", "ukuran_berkas", "jumlah_tanda_tangan", "tanda_tangan": [...]}
    plus the keys of the last signature at the top level.  Per signature:
    medan, utuh (intact), sah (valid), terpercaya (trusted: chains to one of
    `trust_roots`; always False without them), cakupan (pyHanko's coverage
    level), seluruh_berkas (covers the entire file), penandatangan (subject CN),
    waktu_tanda_tangan (ISO 8601 or None), rentang_byte (the /ByteRange),
    byte_tertandatangani, perubahan_sesudahnya (pyHanko's modification level of
    what follows: NONE, LTA_UPDATES, FORM_FILLING, ANNOTATIONS, OTHER),
    perubahan_diizinkan (bool), ringkasan (Indonesian).

    `sah` is pyHanko's `valid` (the signature value checks out for the digest
    it carries); `utuh` tells whether that digest still matches the file.
    """
    _need_pyhanko()
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    pdf_path = Path(pdf_path)
    roots = _load_roots(trust_roots)
    try:
        data = pdf_path.read_bytes()
    except OSError as exc:
        raise WorkbookError(f"Berkas {pdf_path} tidak dapat dibaca ({exc.strerror or exc}).") from None
    import io
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, IndexError) as exc:
        raise WorkbookError(f"Berkas {pdf_path} bukan PDF yang dapat dibaca ({exc}).") from None
    with _quiet_pyhanko():
        hasil_list = [_verify_one(sig, roots, len(data)) for sig in sigs]
    hasil: dict[str, Any] = {"berkas": str(pdf_path), "ukuran_berkas": len(data),
                             "jumlah_tanda_tangan": len(hasil_list), "tanda_tangan": hasil_list}
    if hasil_list:
        hasil.update(hasil_list[-1])
    else:
        hasil.update({"utuh": False, "sah": False, "terpercaya": False,
                      "seluruh_berkas": False, "ringkasan": "PDF ini tidak bertanda tangan elektronik."})
    return hasil


@contextlib.contextmanager
def _quiet_pyhanko():
    """pyHanko logs a traceback for every chain it cannot build (e.g. without
    trust roots); the outcome is in the result, so keep the terminal clean."""
    loggers = [logging.getLogger(n) for n in ("pyhanko", "pyhanko_certvalidator")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def _verify_one(sig, roots: list, file_size: int) -> dict[str, Any]:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    # Explicit (possibly empty) roots: never fall back to the OS's TLS trust list.
    vc = ValidationContext(trust_roots=roots, allow_fetching=False)
    ku = KeyUsageConstraints(key_usage=set(SIGNING_KEY_USAGES), match_all_key_usages=False)
    byte_range = [int(v) for v in sig.sig_object.get("/ByteRange", [])]
    base = {"medan": sig.field_name, "rentang_byte": byte_range,
            "byte_tertandatangani": sum(byte_range[1::2]) if byte_range else 0}
    try:
        status = validate_pdf_signature(sig, vc, key_usage_settings=ku)
    except Exception as exc:  # a malformed signature must be reported, not crash
        return {**base, "utuh": False, "sah": False, "terpercaya": False, "cakupan": None,
                "seluruh_berkas": False, "penandatangan": None, "waktu_tanda_tangan": None,
                "perubahan_sesudahnya": None, "perubahan_diizinkan": False,
                "ringkasan": f"Tanda tangan tidak dapat diperiksa ({exc})."}
    cakupan = status.coverage.name if status.coverage is not None else None
    seluruh = cakupan == "ENTIRE_FILE" and bool(byte_range) \
        and byte_range[2] + byte_range[3] == file_size
    waktu = status.signer_reported_dt
    level = status.modification_level
    hasil = {
        **base,
        "utuh": bool(status.intact),
        "sah": bool(status.valid),
        "terpercaya": bool(status.trusted),
        "cakupan": cakupan,
        "seluruh_berkas": seluruh,
        "penandatangan": _asn1_common_name(status.signing_cert),
        "waktu_tanda_tangan": waktu.isoformat() if waktu else None,
        # What came after this signature (a later signature is FORM_FILLING) and
        # whether pyHanko's difference analysis allows it.
        "perubahan_sesudahnya": level.name if level is not None else None,
        "perubahan_diizinkan": bool(status.docmdp_ok),
    }
    hasil["ringkasan"] = _ringkasan(hasil)
    return hasil


# Later revisions that leave an earlier signature standing: another signature
# (a signature field being filled) or long-term validation data.
ALLOWED_LATER = ("FORM_FILLING", "LTA_UPDATES")


def followed_by_allowed_revisions(h: dict[str, Any]) -> bool:
    return (h["cakupan"] == "ENTIRE_REVISION" and h["perubahan_diizinkan"]
            and h["perubahan_sesudahnya"] in ALLOWED_LATER)


def temuan_verifikasi(hasil: dict[str, Any], with_roots: bool) -> list[T.Temuan]:
    """The verdict on a `verify_pdf` result: one finding per failed requirement,
    none when the PDF passes.  Trust is a requirement only when roots were given."""
    if not hasil["tanda_tangan"]:
        return [T.buat("tte_tidak_ada")]
    out = []
    last = len(hasil["tanda_tangan"]) - 1
    for n, t in enumerate(hasil["tanda_tangan"]):
        m = t["medan"]
        # An earlier signature is followed by the later ones: allowed additions
        # are fine; the last signature must cover the entire file.
        covered = t["seluruh_berkas"] or (n < last and followed_by_allowed_revisions(t))
        if not t["utuh"]:
            out.append(T.buat("tte_tidak_utuh", kode=m))
        elif not t["sah"]:
            out.append(T.buat("tte_tidak_sah", kode=m))
        if t["utuh"] and not covered:
            out.append(T.buat("tte_cakupan", kode=m))
        if with_roots and not t["terpercaya"]:
            out.append(T.buat("tte_tidak_tepercaya", kode=m))
    return out


def _asn1_common_name(cert) -> str | None:
    if cert is None:
        return None
    subject = cert.subject.native
    return subject.get("common_name") or cert.subject.human_friendly


def _ringkasan(h: dict[str, Any]) -> str:
    if not h["utuh"]:
        return "Isi PDF telah berubah sesudah ditandatangani: tanda tangan tidak berlaku."
    if not h["sah"]:
        return "Tanda tangan tidak sah (sertifikat atau tanda tangan kriptografisnya bermasalah)."
    if not h["seluruh_berkas"] and followed_by_allowed_revisions(h):
        return "Tanda tangan utuh dan sah; sesudahnya hanya ada tambahan yang diizinkan (mis. tanda tangan berikutnya)."
    if not h["seluruh_berkas"]:
        return "Tanda tangan utuh, tetapi tidak mencakup seluruh berkas: ada tambahan sesudah ditandatangani."
    if not h["terpercaya"]:
        return "Tanda tangan utuh dan sah; sertifikatnya belum diperiksa terhadap sertifikat akar tepercaya."
    return "Tanda tangan utuh, sah, dan sertifikatnya tepercaya."


# --- names and test certificates ------------------------------------------------
AKHIRAN_TTE = "_TTE"


def nama_tte(pdf) -> Path:
    """A signed PDF's name: the unsigned name with `_TTE` before `.pdf`, wherever it is
    made (CLI, ribbon, demo), so a signed and an unsigned copy are never confused."""
    pdf = Path(pdf)
    stem = pdf.stem[: -len(AKHIRAN_TTE)] if pdf.stem.endswith(AKHIRAN_TTE) else pdf.stem
    return pdf.with_name(stem + AKHIRAN_TTE + ".pdf")


NAMA_AKAR_UJI = "Akar Uji kinerja-xl (BUKAN BSrE)"
NAMA_SERTIFIKAT_UJI = "Sertifikat Uji kinerja-xl (BUKAN BSrE)"


def buat_sertifikat_uji(folder, hari: int = 30) -> tuple[Path, bytes, Path]:
    """A throw-away root and signer certificate for trying TTE out (the demo): returns
    the signer's .p12, its password and the root as PEM.  Their names say they are
    test certificates, not BSrE ones; no verifier trusts them without `--akar`."""
    import secrets

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Uji coba kinerja-xl"),
                          x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def usage(**on: bool) -> x509.KeyUsage:
        flags = dict(digital_signature=False, content_commitment=False,
                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                     key_cert_sign=False, crl_sign=False, encipher_only=False,
                     decipher_only=False)
        flags.update(on)
        return x509.KeyUsage(**flags)

    now = dt.datetime.now(dt.timezone.utc)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = (x509.CertificateBuilder().subject_name(name(NAMA_AKAR_UJI))
            .issuer_name(name(NAMA_AKAR_UJI)).public_key(root_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=hari))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(usage(key_cert_sign=True, crl_sign=True), critical=True)
            .sign(root_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(name(NAMA_SERTIFIKAT_UJI))
            .issuer_name(root.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=hari))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage(digital_signature=True, content_commitment=True),
                           critical=True)
            .sign(root_key, hashes.SHA256()))
    folder = Path(folder)
    sandi = secrets.token_hex(16).encode()
    p12 = folder / "sertifikat-uji.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"uji", key, cert, [root], serialization.BestAvailableEncryption(sandi)))
    akar = folder / "akar-uji.pem"
    akar.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    return p12, sandi, akar
