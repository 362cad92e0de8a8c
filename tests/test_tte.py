"""Electronic signature with the real pyHanko and a test PKI made here (no mocks).

Certificates are made with `cryptography`: a root CA and signer certificates,
valid or deliberately broken (expired, not yet valid, wrong key usage).
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from kinerja_xl import layout
from kinerja_xl.io.base import WorkbookError

CI = os.environ.get("CI") == "true"
try:
    import pyhanko  # noqa: F401
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID
except ImportError as exc:  # pragma: no cover - depends on the environment
    if CI:
        raise  # CI must have pyHanko: failing beats silently skipping
    pytest.skip(f"pyHanko not installed: {exc}", allow_module_level=True)

from kinerja_xl import tte  # noqa: E402
from kinerja_xl.commands import pdf as cmd_pdf  # noqa: E402
from kinerja_xl.commands import verifikasi as cmd_verifikasi  # noqa: E402

PASSWORD = b"Rahasia-123"
SIGNER = "Drs. Budi Santoso, M.Si."
NOW = dt.datetime.now(dt.timezone.utc)


# --- a test PKI -----------------------------------------------------------------
def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Uji Coba"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _key_usage(**on) -> x509.KeyUsage:
    flags = dict(digital_signature=False, content_commitment=False, key_encipherment=False,
                 data_encipherment=False, key_agreement=False, key_cert_sign=False,
                 crl_sign=False, encipher_only=False, decipher_only=False)
    flags.update(on)
    return x509.KeyUsage(**flags)


class CA:
    def __init__(self, cn: str = "Uji Root CA"):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.cert = (
            x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn))
            .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=30))
            .not_valid_after(NOW + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
            .sign(self.key, hashes.SHA256()))

    def pem(self, path: Path) -> Path:
        path.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))
        return path

    def p12(self, path: Path, cn: str = SIGNER, start_days: float = -1,
            end_days: float = 365, key_usage: x509.KeyUsage | None = None,
            password: bytes = PASSWORD) -> Path:
        """A signer certificate with its key, as the .p12 an official receives."""
        key = ec.generate_private_key(ec.SECP256R1())
        ku = key_usage or _key_usage(digital_signature=True, content_commitment=True)
        cert = (
            x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(self.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW + dt.timedelta(days=start_days))
            .not_valid_after(NOW + dt.timedelta(days=end_days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(ku, critical=True)
            .sign(self.key, hashes.SHA256()))
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            b"tte", key, cert, [self.cert], serialization.BestAvailableEncryption(password)))
        return path


def minimal_pdf(path: Path, pages: int = 2) -> Path:
    """A small valid A4-landscape PDF with text on each page (no LibreOffice needed)."""
    objs: list[bytes] = []
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} "
                "/MediaBox [0 0 841.89 595.28] >>".encode())
    font = 3 + 2 * pages
    for i in range(pages):
        objs.append(f"<< /Type /Page /Parent 2 0 R /Contents {4 + 2 * i} 0 R "
                    f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode())
        text = f"BT /F1 14 Tf 72 500 Td (Laporan kinerja halaman {i + 1}) Tj ET".encode()
        objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text))
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def run_command(module, argv: list[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="kinerja-xl")
    module.add_parser(parser.add_subparsers(dest="perintah"))
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = module.run(args)
    return code, out.getvalue(), err.getvalue()


# --- fixtures -------------------------------------------------------------------
@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = tmp_path_factory.mktemp("pki")
    ca = CA()
    (d / "sandi.txt").write_bytes(PASSWORD + b"\n")  # as an editor saves it
    return {"dir": d, "ca": ca, "ca_pem": ca.pem(d / "ca.pem"),
            "p12": ca.p12(d / "penandatangan.p12"), "sandi": d / "sandi.txt"}


@pytest.fixture(scope="module")
def signed(pki, tmp_path_factory):
    d = tmp_path_factory.mktemp("ttd")
    src = minimal_pdf(d / "laporan.pdf")
    out = tte.sign_pdf(src, d / "laporan-ttd.pdf", pki["p12"], PASSWORD)
    return out


@pytest.fixture
def tampered(signed, tmp_path):
    """The signed PDF with one byte flipped inside the signed content."""
    data = bytearray(signed.read_bytes())
    at = data.index(b"Laporan kinerja halaman 1") + 3
    data[at] ^= 0x01
    path = tmp_path / "diubah.pdf"
    path.write_bytes(bytes(data))
    return path


# --- signing and verifying ----------------------------------------------------------
def test_signed_pdf_is_intact_valid_trusted_and_covers_the_file(signed, pki):
    h = tte.verify_pdf(signed, [pki["ca_pem"]])
    assert h["jumlah_tanda_tangan"] == 1
    assert h["utuh"] and h["sah"] and h["terpercaya"]
    assert h["cakupan"] == "ENTIRE_FILE" and h["seluruh_berkas"]
    assert h["penandatangan"] == SIGNER
    when = dt.datetime.fromisoformat(h["waktu_tanda_tangan"])
    assert abs((when - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 600
    a, b, c, d = h["rentang_byte"]
    assert a == 0 and c + d == signed.stat().st_size == h["ukuran_berkas"]
    assert h["byte_tertandatangani"] == b + d


def test_signature_is_pades_with_a_visible_field_lower_right_of_last_page(signed):
    from pyhanko.pdf_utils.reader import PdfFileReader
    with signed.open("rb") as fh:
        reader = PdfFileReader(fh)
        sig = reader.embedded_signatures[0]
        assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
        widget = sig.sig_field
        x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
        kids = reader.root["/Pages"]["/Kids"]
        assert widget.raw_get("/P").idnum == kids.raw_get(len(kids) - 1).idnum
        assert x2 - x1 > 100 and y2 - y1 > 40          # visible, not a zero box
        assert x1 > 841.89 / 2 and y2 < 595.28 / 2      # lower right quadrant
        assert "/AP" in widget                          # it has an appearance


def test_custom_box_and_page(pki, tmp_path):
    src = minimal_pdf(tmp_path / "a.pdf", pages=3)
    out = tte.sign_pdf(src, tmp_path / "b.pdf", pki["p12"], PASSWORD,
                       field_box=(100, 100, 300, 160), page=0)
    from pyhanko.pdf_utils.reader import PdfFileReader
    with out.open("rb") as fh:
        reader = PdfFileReader(fh)
        widget = reader.embedded_signatures[0].sig_field
        assert [float(v) for v in widget["/Rect"]] == [100, 100, 300, 160]
        assert widget.raw_get("/P").idnum == reader.root["/Pages"]["/Kids"].raw_get(0).idnum


def test_without_trust_roots_it_is_not_trusted_but_still_intact(signed):
    h = tte.verify_pdf(signed)
    assert h["utuh"] and h["sah"] and not h["terpercaya"]


def test_a_foreign_root_is_not_trusted(signed, tmp_path):
    other = CA("Root Lain").pem(tmp_path / "lain.pem")
    h = tte.verify_pdf(signed, [other])
    assert h["utuh"] and not h["terpercaya"]


def test_one_flipped_byte_breaks_integrity(tampered, pki):
    h = tte.verify_pdf(tampered, [pki["ca_pem"]])
    assert h["utuh"] is False
    assert "berubah" in h["ringkasan"]


def test_appended_bytes_are_not_covered(signed, pki, tmp_path):
    path = tmp_path / "ditambah.pdf"
    path.write_bytes(signed.read_bytes() + b"\n% tambahan\n")
    h = tte.verify_pdf(path, [pki["ca_pem"]])
    assert h["utuh"] and not h["seluruh_berkas"] and h["cakupan"] != "ENTIRE_FILE"


def test_unsigned_pdf_has_no_signature(tmp_path):
    h = tte.verify_pdf(minimal_pdf(tmp_path / "polos.pdf"))
    assert h["jumlah_tanda_tangan"] == 0 and not h["utuh"]


def test_only_non_repudiation_is_enough(pki, tmp_path):
    p12 = pki["ca"].p12(tmp_path / "nr.p12", key_usage=_key_usage(content_commitment=True))
    out = tte.sign_pdf(minimal_pdf(tmp_path / "a.pdf"), tmp_path / "b.pdf", p12, PASSWORD)
    h = tte.verify_pdf(out, [pki["ca_pem"]])
    assert h["utuh"] and h["sah"] and h["terpercaya"]


# --- refusals before signing: each its own message ---------------------------------
REFUSALS = {
    "kedaluwarsa": (dict(start_days=-400, end_days=-1), "sudah kedaluwarsa sejak"),
    "belum_berlaku": (dict(start_days=5, end_days=400), "belum berlaku; berlaku mulai"),
    "penggunaan_kunci": (dict(key_usage=_key_usage(key_encipherment=True)),
                         "penggunaan kunci digitalSignature atau nonRepudiation tidak tercantum"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_certificate_refused_before_signing(case, pki, tmp_path):
    kwargs, message = REFUSALS[case]
    p12 = pki["ca"].p12(tmp_path / f"{case}.p12", **kwargs)
    out = tmp_path / "b.pdf"
    with pytest.raises(WorkbookError) as err:
        tte.sign_pdf(minimal_pdf(tmp_path / "a.pdf"), out, p12, PASSWORD)
    assert err.value.exit_code == 2
    assert message in err.value.pesan and SIGNER in err.value.pesan
    assert not out.exists()


def test_wrong_password(pki, tmp_path):
    with pytest.raises(WorkbookError) as err:
        tte.sign_pdf(minimal_pdf(tmp_path / "a.pdf"), tmp_path / "b.pdf", pki["p12"], b"salah")
    assert err.value.exit_code == 2
    assert "Sandi sertifikat TTE salah" in err.value.pesan
    assert "b'salah'" not in err.value.pesan


def test_not_a_pkcs12_file(tmp_path):
    bogus = tmp_path / "bukan.p12"
    bogus.write_bytes(b"bukan sertifikat")
    with pytest.raises(WorkbookError, match="bukan sertifikat PKCS#12"):
        tte.open_certificate(bogus, PASSWORD)


def test_password_file_keeps_inner_spaces_but_drops_the_line_end(tmp_path):
    f = tmp_path / "s.txt"
    f.write_bytes(b" a b \r\n")
    assert tte.read_password_file(f) == b" a b "


# --- the commands -------------------------------------------------------------------
CLI_REFUSALS = dict(REFUSALS, sandi_salah=(None, "Sandi sertifikat TTE salah"))


@pytest.mark.parametrize("case", sorted(CLI_REFUSALS))
def test_pdf_command_refuses_bad_certificates_with_exit_2(case, pki, tmp_path):
    kwargs, message = CLI_REFUSALS[case]
    p12 = pki["p12"] if kwargs is None else pki["ca"].p12(tmp_path / "x.p12", **kwargs)
    sandi = pki["sandi"]
    if case == "sandi_salah":
        sandi = tmp_path / "salah.txt"
        sandi.write_text("bukan-sandinya\n")
    out = tmp_path / "x.pdf"
    # The certificate is checked before the export, so no workbook is even opened.
    code, stdout, err = run_command(cmd_pdf, [
        "pdf", str(tmp_path / "tidak-dibuka.xlsm"), "--lembar", layout.rekap_tw(1),
        "-o", str(out), "--tte", str(p12), "--sandi-file", str(sandi)])
    assert code == 2 and stdout == ""
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_password_is_never_taken_from_the_command_line(pki, tmp_path):
    parser = argparse.ArgumentParser(prog="kinerja-xl")
    cmd_pdf.add_parser(parser.add_subparsers(dest="perintah"))
    with redirect_stderr(io.StringIO()), pytest.raises(SystemExit):
        parser.parse_args(["pdf", "x.xlsm", "--lembar", "L", "-o", "o.pdf",
                           "--tte", str(pki["p12"]), "--sandi", "Rahasia-123"])


def test_verifikasi_command_exit_codes_and_report(signed, tampered, pki, tmp_path):
    code, out, _ = run_command(cmd_verifikasi, ["verifikasi", str(signed),
                                                "--akar", str(pki["ca_pem"])])
    assert code == 0
    assert f"Penanda tangan     : {SIGNER}" in out
    assert "Utuh               : ya" in out and "Cakupan            : seluruh berkas" in out

    # Without --akar trust is not required, and the report says it was not checked.
    code, out, _ = run_command(cmd_verifikasi, ["verifikasi", str(signed)])
    assert code == 0 and "tidak diperiksa" in out

    code, out, _ = run_command(cmd_verifikasi, ["verifikasi", str(tampered),
                                                "--akar", str(pki["ca_pem"])])
    assert code == 1 and "Utuh               : TIDAK" in out

    other = CA("Root Lain").pem(tmp_path / "lain.pem")
    code, out, _ = run_command(cmd_verifikasi, ["verifikasi", str(signed), "--akar", str(other),
                                                "--json"])
    doc = json.loads(out)
    assert code == 1
    assert [t["kode_temuan"] for t in doc["temuan"]] == ["tte_tidak_tepercaya"]


def test_verifikasi_json_shape(tampered, pki):
    code, out, _ = run_command(cmd_verifikasi, ["verifikasi", str(tampered), "--akar",
                                                str(pki["ca_pem"]), "--json"])
    doc = json.loads(out)
    assert code == 1
    assert set(doc) == {"perintah", "berkas", "triwulan", "baris", "temuan"}
    assert doc["perintah"] == "verifikasi" and doc["triwulan"] is None
    assert doc["baris"][0]["utuh"] is False
    f = doc["temuan"][0]
    assert set(f) == {"kode_temuan", "tingkat", "lembar", "sel", "kode", "pesan"}
    assert f["kode_temuan"] == "tte_tidak_utuh" and f["tingkat"] == "error"


def test_verifikasi_unreadable_file_exit_2(tmp_path):
    bad = tmp_path / "bukan.pdf"
    bad.write_text("bukan pdf")
    code, out, err = run_command(cmd_verifikasi, ["verifikasi", str(bad)])
    assert code == 2 and out == "" and "bukan PDF yang dapat dibaca" in err
    code, _, err = run_command(cmd_verifikasi, ["verifikasi", str(tmp_path / "tidak-ada.pdf")])
    assert code == 2 and "Traceback" not in err


def test_verifikasi_unsigned_pdf_exit_1(tmp_path):
    code, out, _ = run_command(cmd_verifikasi, ["verifikasi",
                                                str(minimal_pdf(tmp_path / "p.pdf"))])
    assert code == 1 and "tidak bertanda tangan" in out


# --- end to end: export with LibreOffice, sign, verify -------------------------------
def test_pdf_command_exports_signs_and_verifies(pki, tmp_path):
    if shutil.which("soffice") is None:
        pytest.fail("soffice not installed") if CI else pytest.skip("soffice not installed")
    import sys
    sys.path.insert(0, str(Path(__file__).parent))  # works whether tests/ is a package or not
    from test_pdf import REKAP, make_workbook
    wb = make_workbook(tmp_path / "Laporan.xlsx")
    out = tmp_path / "rekap-ttd.pdf"
    code, stdout, err = run_command(cmd_pdf, [
        "pdf", str(wb), "--lembar", REKAP, "-o", str(out), "--tte", str(pki["p12"]),
        "--sandi-file", str(pki["sandi"]), "--json"])
    assert code == 0, err
    row = json.loads(stdout)["baris"][0]
    assert row["ditandatangani"] and row["penandatangan"] == SIGNER
    h = tte.verify_pdf(out, [pki["ca_pem"]])
    assert h["utuh"] and h["sah"] and h["terpercaya"] and h["seluruh_berkas"]
    code, _, _ = run_command(cmd_verifikasi, ["verifikasi", str(out), "--akar",
                                              str(pki["ca_pem"])])
    assert code == 0
    # The visible field sits in the blank space between the jabatan and the name.
    from pyhanko.pdf_utils.reader import PdfFileReader
    with out.open("rb") as fh:
        x1, y1, x2, y2 = (float(v) for v in
                          PdfFileReader(fh).embedded_signatures[0].sig_field["/Rect"])
    words = word_boxes(out, page=2)
    above, name = words["LUMAJANG"], words["BUDI"]  # last line of the jabatan; the name
    assert name[3] <= y1 < y2 <= above[1]   # below the jabatan, above the name
    assert x1 <= name[0] and y2 - y1 >= 30


def word_boxes(pdf: Path, page: int) -> dict[str, tuple[float, float, float, float]]:
    """Each word's box as (left, bottom, right, top) in PDF coordinates (origin
    lower left, like /Rect); for a repeated word the last one wins."""
    import re
    import subprocess
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', html).group(1))
    boxes = {}
    for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
            html):
        boxes[text] = (float(x0), height - float(y1), float(x1), height - float(y0))
    return boxes


def test_signature_space_is_the_first_gap_above_the_name():
    """Pure layout logic on word boxes (top-left origin), no PDF needed."""
    def line(y, x0, x1, text):
        return (x0, y, x1, y + 12, text)
    words = [
        line(100, 300, 500, "Sidik"),              # report footer text, then a wide gap
        line(200, 350, 420, "Lumajang,"),
        line(214, 350, 520, "KEPALA"),
        line(270, 360, 470, "BUDI"),               # blank space 226..270 above the name
        line(284, 350, 450, "Pembina"),
        line(298, 350, 380, "NIP."),
    ]
    x1, y1, x2, y2 = tte._space_above_nip(words, 842, 595)
    assert (595 - y2, 595 - y1) == (228, 268)       # inside the gap, 2 pt clear
    assert x1 <= 350 and x2 >= 520
    assert tte._space_above_nip([line(298, 350, 380, "Halaman")], 842, 595) is None


def test_a_second_signature_keeps_the_first_standing(signed, pki, tmp_path):
    twice = tte.sign_pdf(signed, tmp_path / "dua.pdf", pki["p12"], PASSWORD, page=0)
    h = tte.verify_pdf(twice, [pki["ca_pem"]])
    first, second = h["tanda_tangan"]
    assert (first["medan"], second["medan"]) == ("TTE", "TTE2")
    assert first["utuh"] and not first["seluruh_berkas"]
    assert first["perubahan_sesudahnya"] == "FORM_FILLING" and first["perubahan_diizinkan"]
    assert second["seluruh_berkas"]
    code, _, _ = run_command(cmd_verifikasi, ["verifikasi", str(twice), "--akar",
                                              str(pki["ca_pem"])])
    assert code == 0


def test_page_out_of_range(pki, tmp_path):
    with pytest.raises(WorkbookError, match="Halaman 5 tidak ada: PDF a.pdf berisi 2 halaman"):
        tte.sign_pdf(minimal_pdf(tmp_path / "a.pdf"), tmp_path / "b.pdf", pki["p12"],
                     PASSWORD, page=4)
    assert not (tmp_path / "b.pdf").exists()
    assert not list(tmp_path.glob(".kinerja-*"))
