"""bagikan → staff fill the copies → kumpulkan, against importing into the master."""
from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from kinerja_xl import layout as L
from kinerja_xl.build.builder import Sumber, build_bytes, load_referensi
from kinerja_xl.cli import main
from kinerja_xl.io import open_workbook
from kinerja_xl.ops.inti.snapshot import read_snapshot
from kinerja_xl.ops.bagikan import META_SHEET, bagikan
from kinerja_xl.ops.inti.hitung import hasil_triwulan, sidik
from kinerja_xl.ops.kumpulkan import kumpulkan
from kinerja_xl.outputs_adapter import OutputsAdapter

# What staff type for TW I: code -> (realisasi, keterangan).
ISIAN = {"SEK-01": (24, "Rekap data TW 1"), "UK-01": ("-", "strip diketik"),
         "UK-02": (0.5, "Dokumen pendukung"), "IKP-01": (55.5, "Portal"),
         "TIK-01": ("12,5", "teks angka"), "S-01": (None, "belum ada")}


@pytest.fixture(scope="module")
def master_bytes() -> bytes:
    return build_bytes(load_referensi(Sumber()))


@pytest.fixture
def master(tmp_path, master_bytes) -> Path:
    path = tmp_path / "Master.xlsm"
    path.write_bytes(master_bytes)
    return path


def _bagikan(master: Path, folder: Path, n: int = 1) -> list[Path]:
    with open_workbook(master) as book:
        hasil = bagikan(book, n, folder, outputs=OutputsAdapter())
    return [Path(r["berkas"]) for r in hasil.baris]


def _columns(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[L.BAHAN_HEADER_ROW] if c.value}


def _fill(copies: list[Path], isian: dict, n: int = 1,
          status: str | None = L.STATUS_DIAJUKAN) -> None:
    """Type values into the copies the way a person would, with openpyxl, and choose
    the quarter's Status (Diajukan: the staff submit; None: left as handed out)."""
    for path in copies:
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        cols = _columns(ws)
        for r in range(L.BAHAN_DATA_ROW, ws.max_row + 1):
            kode = ws.cell(row=r, column=cols["Kode"]).value
            if kode in isian:
                real, ket = isian[kode]
                ws.cell(row=r, column=cols[L.realisasi_h(n)]).value = real
                ws.cell(row=r, column=cols[L.bukti_h(n)]).value = ket
        if status is not None:
            ws.cell(row=L.STATUS_ROW, column=L.STATUS_FIRST_COL + n - 1).value = status
        wb.save(path)


def _kumpulkan(master: Path, paths, apply=True, n=None):
    with open_workbook(master, write=True) as book:
        hasil = kumpulkan(book, [str(p) for p in paths], apply, n)
        book.save()
    return hasil


def _riwayat_rows(path: Path) -> list[list]:
    with open_workbook(path) as book:
        grid = book.read(L.RIWAYAT)
    return [r for r in grid[L.RIWAYAT_LAYOUT.data_row - 1:] if any(v is not None for v in r)]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_copy_holds_one_unit_sheet_protected_without_macros(master, tmp_path):
    copies = _bagikan(master, tmp_path / "salinan")
    assert len(copies) == 12 and all(p.suffix == ".xlsx" for p in copies)
    path = next(p for p in copies if "_IKP_" in p.name)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["3 Bahan IKP", META_SHEET]
    assert wb[META_SHEET].sheet_state == "veryHidden"
    ws = wb["3 Bahan IKP"]
    assert ws.protection.sheet
    assert ws.cell(row=L.BAHAN_DATA_ROW, column=1).protection.locked
    assert not ws.cell(row=L.BAHAN_DATA_ROW, column=_columns(ws)[L.realisasi_h(1)]).protection.locked
    assert ws.data_validations.dataValidation and ws.conditional_formatting
    assert L.NAME_RUMUS_NEGATIF in wb.defined_names
    meta = dict(list(wb[META_SHEET].values)[1:])
    assert meta["Unit"] == "IKP" and meta["Tahun"] == 2026 and meta["Triwulan"] == 1
    assert len(meta["Checksum"]) == 64
    import zipfile
    assert not any("vba" in n.lower() for n in zipfile.ZipFile(path).namelist())


def test_bagikan_does_not_overwrite_a_copy_already_there(master, tmp_path):
    copies = _bagikan(master, tmp_path / "s")
    _fill(copies, ISIAN)
    before = {p: _sha(p) for p in copies}
    _bagikan(master, tmp_path / "s")
    assert {p: _sha(p) for p in copies} == before


def test_kumpulkan_gives_the_same_figures_as_impor(master, tmp_path, capsys):
    direct = tmp_path / "Langsung.xlsm"
    shutil.copy(master, direct)
    copies = _bagikan(master, tmp_path / "salinan")
    _fill(copies, ISIAN)
    assert main(["kumpulkan", str(master), str(tmp_path / "salinan"), "--ya"]) == 0
    # The same values into the master directly, all units submitted.
    csv = tmp_path / "real.csv"
    lines = ["Kode,Realisasi,Keterangan"]
    for kode, (real, ket) in ISIAN.items():
        # One decimal separator per file (the comma, as in "12,5"): a file mixing
        # 0.5 and 12,5 is refused by impor.
        text = "" if real is None else str(real).replace(".", ",")
        lines.append(f'{kode},"{text}",{ket}')
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["impor", str(direct), "--realisasi", str(csv), "--triwulan", "1",
                 "--ajukan"]) in (0, 1)
    with open_workbook(master) as a, open_workbook(direct) as b:
        sa, sb = read_snapshot(a), read_snapshot(b)
    for ind in sa.ref.indikator:
        qa, qb = sa.kuartal(ind.kode, 1), sb.kuartal(ind.kode, 1)
        if ind.kode in ISIAN:
            assert qa.diajukan and qb.diajukan
            assert qa.realisasi_akhir == qb.realisasi_akhir, ind.kode
            assert qa.teks == qb.teks, ind.kode
            assert (qa.realisasi.raw if qa.realisasi else None) == \
                   (qb.realisasi.raw if qb.realisasi else None)
            ha, hb = hasil_triwulan(sa, ind, 1), hasil_triwulan(sb, ind, 1)
            assert (ha.capaian.nilai, ha.predikat) == (hb.capaian.nilai, hb.predikat)
    assert sa.kuartal("IKP-01", 1).realisasi_akhir == 55.5
    assert sa.kuartal("TIK-01", 1).realisasi_akhir == 12.5
    # A returned copy counts as submitted, even for a unit whose values were not touched.
    assert all(s[0] == L.STATUS_DIAJUKAN for s in sa.status.values())
    assert [r[4] for r in _riwayat_rows(master)].count("kumpulkan") == 12


def test_without_terminal_and_without_ya_nothing_is_applied(master, tmp_path, monkeypatch,
                                                            capsys):
    copies = _bagikan(master, tmp_path / "s")
    _fill(copies, ISIAN)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    before = _sha(master)
    assert main(["kumpulkan", str(master), str(tmp_path / "s")]) == 0
    out, err = capsys.readouterr()
    assert "→ 24" in out and "IKP-01" in out
    assert "TIDAK diterapkan" in out  # the summary says it, in its place
    assert _sha(master) == before


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_yes_at_a_terminal_applies(master, tmp_path, monkeypatch, capsys):
    copies = _bagikan(master, tmp_path / "s")
    _fill(copies, ISIAN)
    monkeypatch.setattr("sys.stdin", _Terminal("y\n"))
    assert main(["kumpulkan", str(master), str(tmp_path / "s")]) == 0
    with open_workbook(master) as book:
        assert read_snapshot(book).kuartal("SEK-01", 1).realisasi_akhir == 24


def test_collected_twice_is_recognised_and_changes_nothing(master, tmp_path):
    copies = _bagikan(master, tmp_path / "s")
    _fill(copies, ISIAN)
    first = _kumpulkan(master, copies)
    assert all(r["status"] == "diterima" for r in first.baris)
    rows, before = _riwayat_rows(master), _sha(master)
    second = _kumpulkan(master, copies)
    assert all(r["status"] == "sama" and not r["perubahan"] for r in second.baris)
    assert {t.kode_temuan for t in second.temuan} == {"salinan_sudah_dikumpulkan"}
    assert "sudah dikumpulkan, tidak ada perubahan" in second.temuan[0].pesan
    assert _riwayat_rows(master) == rows
    assert second.diubah == [] and second.exit_code == 0
    assert _sha(master) == before


def _one(copies, singkat):
    return next(p for p in copies if f"_{singkat}_" in p.name)


def _refused(hasil) -> str:
    (row,) = hasil.baris
    assert row["status"] == "ditolak"
    assert any(t.kode_temuan == "salinan_ditolak" for t in hasil.temuan)
    assert hasil.exit_code == 1
    return row["alasan"]


def test_tampered_prefilled_cell_is_refused_with_the_cell(master, tmp_path):
    path = _one(_bagikan(master, tmp_path / "s"), "IKP")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws.cell(row=L.BAHAN_DATA_ROW, column=_columns(ws)[L.target_h(1)]).value = 1
    ws.cell(row=L.BAHAN_DATA_ROW, column=_columns(ws)[L.realisasi_h(1)]).value = 1
    wb.save(path)
    before = _sha(master)
    alasan = _refused(_kumpulkan(master, [path]))
    assert "diubah" in alasan and "E10" in alasan
    assert _sha(master) == before


def test_copy_from_another_year_is_refused(master, tmp_path):
    other = tmp_path / "2027.xlsm"
    other.write_bytes(build_bytes(load_referensi(Sumber(tahun=2027))))
    path = _one(_bagikan(other, tmp_path / "s"), "IKP")
    assert "tahun 2027" in _refused(_kumpulkan(master, [path]))


def test_copy_from_another_instansi_is_refused(master, tmp_path):
    ref = load_referensi(Sumber())
    ref.pengaturan["Instansi"] = "Dinas Kesehatan"
    other = tmp_path / "Dinkes.xlsm"
    other.write_bytes(build_bytes(ref))
    path = _one(_bagikan(other, tmp_path / "s"), "IKP")
    assert "instansi lain" in _refused(_kumpulkan(master, [path]))


def _relabel(path: Path, **meta) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[META_SHEET]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in meta:
            row[1].value = meta[row[0].value]
    wb.save(path)


def test_copy_of_another_unit_is_refused(master, tmp_path):
    copies = _bagikan(master, tmp_path / "s")
    path = _one(copies, "IKP")
    _relabel(path, Unit="TIK")  # IKP's sheet passed off as TIK's
    assert "kode singkat" in _refused(_kumpulkan(master, [path]))
    path = _one(copies, "SEK")
    _relabel(path, Unit="XYZ")
    assert "tidak melapor" in _refused(_kumpulkan(master, [path]))


def test_copy_of_another_quarter_and_stranger_files_are_refused(master, tmp_path):
    path = _one(_bagikan(master, tmp_path / "s", n=2), "IKP")
    assert "triwulan 2" in _refused(_kumpulkan(master, [path], n=1))
    plain = tmp_path / "lain.xlsx"
    openpyxl.Workbook().save(plain)
    assert "bukan salinan" in _refused(_kumpulkan(master, [plain]))
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"bukan zip")
    assert "rusak.xlsx" in _refused(_kumpulkan(master, [broken]))


def test_two_filled_copies_of_one_unit_are_both_refused_and_named(master, tmp_path):
    path = _one(_bagikan(master, tmp_path / "s"), "IKP")
    _fill([path], {"IKP-01": (30, "laporan")})
    twin = tmp_path / "kembar.xlsx"
    shutil.copy(path, twin)
    before = _sha(master)
    hasil = _kumpulkan(master, [path, twin])
    assert [r["status"] for r in hasil.baris] == ["ditolak", "ditolak"]
    for row in hasil.baris:
        assert path.name in row["alasan"] and "kembar.xlsx" in row["alasan"]
        assert "diubah" in row["alasan"] and "tidak ada yang diterapkan" in row["alasan"]
    assert _sha(master) == before


def test_an_unfilled_copy_never_submits_nor_counts_as_a_second_copy(master, tmp_path):
    copies = _bagikan(master, tmp_path / "s")
    sek = _one(copies, "SEK")
    untouched = tmp_path / "tidak_disentuh.xlsx"
    shutil.copy(sek, untouched)
    # Saved again with nothing typed (openpyxl rewrites every part).
    _fill([sek], {}, status=None)
    before = _sha(master)
    hasil = _kumpulkan(master, copies + [untouched])
    assert {r["status"] for r in hasil.baris} == {"belum diisi"}
    assert all(not r["perubahan"] for r in hasil.baris)
    assert _sha(master) == before
    with open_workbook(master) as book:
        assert read_snapshot(book).status["SEK"][0] == L.STATUS_DRAF
    # One filled copy beside an unfilled one of the same unit is taken.
    _fill([sek], ISIAN)
    hasil = _kumpulkan(master, [sek, untouched])
    assert [r["status"] for r in hasil.baris] == ["diterima", "belum diisi"]


def test_draft_copy_is_taken_but_not_submitted(master, tmp_path):
    copies = _bagikan(master, tmp_path / "s")
    _fill([_one(copies, "SEK")], ISIAN, status=L.STATUS_DRAF)
    hasil = _kumpulkan(master, [_one(copies, "SEK")])
    assert hasil.baris[0]["status"] == "draf"
    with open_workbook(master) as book:
        snap = read_snapshot(book)
    assert snap.status["SEK"][0] == L.STATUS_DRAF
    assert snap.kuartal("SEK-01", 1).realisasi.nilai == 24


def test_approved_quarter_is_never_overwritten(master, tmp_path):
    copies = _bagikan(master, tmp_path / "s")
    _fill(copies, ISIAN)
    _kumpulkan(master, copies)
    # The Kadin approves the Sekretariat's TW I with its current sidik.
    with open_workbook(master, write=True) as book:
        snap = read_snapshot(book)
        sid = sidik(snap, snap.ref.units["SEK"], 1)
        book.write_cells(L.PEMERIKSAAN_KADIN, {(L.STEP_DATA_ROW, 1): "SEK",
                                              (L.STEP_DATA_ROW, 2): 1,
                                              (L.STEP_DATA_ROW, 3): "Disetujui",
                                              (L.STEP_DATA_ROW, 5): sid})
        book.save()
    path = _one(_bagikan(master, tmp_path / "baru"), "SEK")
    _fill([path], {"SEK-01": (99, "diubah setelah disetujui")})
    alasan = _refused(_kumpulkan(master, [path]))
    assert "disetujui" in alasan
    with open_workbook(master) as book:
        assert read_snapshot(book).kuartal("SEK-01", 1).realisasi.nilai == 24


def test_ribbon_entry_takes_a_folder(master, tmp_path):
    copies = _bagikan(master, tmp_path / "s")
    _fill(copies, ISIAN)
    hasil = _kumpulkan(master, [tmp_path / "s"])
    assert len(hasil.baris) == 12 and "3 Bahan SEK" in hasil.diubah
    assert hasil.as_json()["perintah"] == "kumpulkan"


# --- the one collect flow of the CLI and the ribbon -------------------------------------------
def _flow(master: Path, folder: Path, answer):
    from kinerja_xl.ops.kumpulkan import kumpulkan_dengan_konfirmasi
    asked = []

    def konfirmasi(pratinjau):
        asked.append(pratinjau)
        return answer

    with open_workbook(master, write=True) as book:
        hasil = kumpulkan_dengan_konfirmasi(book, [str(folder)], konfirmasi)
        if hasil.diubah:
            book.save()
    return hasil, asked


def test_flow_applies_only_on_a_yes_and_asks_only_when_something_changes(master, tmp_path):
    _fill(_bagikan(master, tmp_path / "s"), ISIAN)
    before = _sha(master)
    for answer in (False, "Tidak ada yang dapat ditanya."):
        hasil, asked = _flow(master, tmp_path / "s", answer)
        (pratinjau,) = asked
        assert any("→ 24" in line for line in pratinjau.rincian)
        assert pratinjau.diubah == [] and hasil.tambahan == {"diterapkan": False}
        assert hasil.ringkasan[-1] == (answer or "Dibatalkan: perubahan tidak diterapkan.")
        assert _sha(master) == before
    hasil, asked = _flow(master, tmp_path / "s", True)
    assert len(asked) == 1 and hasil.tambahan == {"diterapkan": True}
    assert "3 Bahan SEK" in hasil.diubah and _sha(master) != before
    with open_workbook(master) as book:
        assert read_snapshot(book).kuartal("SEK-01", 1).realisasi_akhir == 24
    # Collected already: nothing would change, so nobody is asked.
    hasil, asked = _flow(master, tmp_path / "s", True)
    assert asked == [] and hasil.tambahan == {"diterapkan": False} and hasil.diubah == []
