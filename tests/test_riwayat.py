"""`Riwayat`: the append-only, hash-chained history, and what its chain detects."""
from __future__ import annotations

import json
import shutil

import pytest

from kinerja_xl import cli
from kinerja_xl import layout as L
from kinerja_xl.build.builder import contoh_path
from kinerja_xl.io import open_workbook, safety
from kinerja_xl.ops.inti.riwayat import AWAL, Riwayat, row_hash

TOP = L.RIWAYAT_LAYOUT.data_row
WIDTH = len(L.RIWAYAT_HEADERS)


@pytest.fixture(scope="module")
def with_history(tmp_path_factory, sample_master):
    """The sample after impor, a disposisi and two konsolidasi runs: a few rows of history."""
    path = tmp_path_factory.mktemp("riwayat") / "sampel.xlsm"
    shutil.copy(sample_master, path)
    cli.main(["impor", str(path), "--realisasi", str(contoh_path("realisasi_tw1.csv")),
              "--triwulan", "1", "--ajukan"])
    with open_workbook(str(path), write=True) as book:
        book.write_cells(L.DISPOSISI, {(L.STEP_DATA_ROW, 1): 1, (L.STEP_DATA_ROW, 2): "Sekretaris",
                                       (L.STEP_DATA_ROW, 3): "Susun laporan TW I"})
        book.save()
    cli.main(["konsolidasi", str(path), "--triwulan", "1"])
    cli.main(["validasi", str(path), "--triwulan", "1"])
    return path


@pytest.fixture
def path(with_history, tmp_path):
    p = tmp_path / "kerja.xlsm"
    shutil.copy(with_history, p)
    return str(p)


def rows(path: str) -> list[list]:
    with open_workbook(path) as book:
        return [r.values() for r in Riwayat(book).rows]


def rewrite(path: str, new_rows: list[list]) -> None:
    """Someone rewrites the history region (unprotecting the sheet first)."""
    with open_workbook(path, write=True) as book:
        book.write_region(L.RIWAYAT, TOP, new_rows, width=WIDTH)
        book.save()


def broken(path: str, capsys) -> list[dict]:
    capsys.readouterr()
    cli.main(["validasi", path, "--triwulan", "1", "--json"])
    found = json.loads(capsys.readouterr().out)["temuan"]
    return [f for f in found if f["kode_temuan"] == "riwayat_rusak"]


def test_history_rows_are_chained(path):
    history = rows(path)
    assert [r[4] for r in history][:3] == ["impor", "disposisi", "konsolidasi"]
    previous = AWAL
    for i, r in enumerate(history, start=1):
        no, waktu, pengguna, langkah, aksi, ringkasan, sidik, h = r
        assert no == i and pengguna == safety.current_user()
        assert h == row_hash(previous, no, waktu, pengguna, langkah, aksi, ringkasan, sidik)
        previous = h


def test_intact_chain_has_no_finding_and_rows_are_only_appended(path, capsys):
    before = rows(path)
    assert broken(path, capsys) == []
    with open_workbook(path, write=True) as book:
        book.write_cells(L.KOREKSI_KASI, {(4, 1): 1, (4, 2): "SEK-01", (4, 3): "Realisasi",
                                          (4, 4): 30, (4, 5): "Salah ketik", (4, 6): "Kasi"})
        book.save()
    broken(path, capsys)
    after = rows(path)
    assert after[:len(before)] == before  # earlier rows untouched
    assert [r[4] for r in after[len(before):]] == ["koreksi", "validasi"]


def test_edited_row_is_detected(path, capsys):
    history = rows(path)
    history[1][5] = history[1][5] + " (diubah)"
    rewrite(path, history)
    found = broken(path, capsys)
    assert len(found) == 1 and found[0]["tingkat"] == "error"
    assert found[0]["lembar"] == L.RIWAYAT and found[0]["sel"] == f"A{TOP + 1}"


def test_deleted_row_is_detected(path, capsys):
    history = rows(path)
    del history[0]
    rewrite(path, history)
    assert broken(path, capsys)[0]["sel"] == f"A{TOP}"


def test_deleted_row_renumbered_and_rehashed_locally_is_still_detected(path, capsys):
    # Renumbering alone does not help: the next row's hash names the deleted one.
    history = rows(path)
    del history[1]
    for i, r in enumerate(history, start=1):
        r[0] = i
    rewrite(path, history)
    assert broken(path, capsys)


def test_reordered_rows_are_detected(path, capsys):
    history = rows(path)
    history[0], history[1] = history[1], history[0]
    rewrite(path, history)
    assert broken(path, capsys)[0]["sel"] == f"A{TOP}"


def test_rows_cut_from_the_end_need_the_printed_head(path, capsys):
    """Honest limit (docs/sop.md): dropping the last rows leaves a valid chain; only a
    chain head printed on an earlier report shows they are gone."""
    history = rows(path)
    anchored = history[-1][7]
    rewrite(path, history[:-1])
    assert broken(path, capsys) == []
    with open_workbook(path) as book:
        riwayat = Riwayat(book)
        assert not riwayat.memuat_kepala(anchored)
        assert riwayat.memuat_kepala(history[-2][7])


def test_report_prints_the_chain_head(path):
    """The head printed is the chain up to the last row that records a decision or a
    change of data (rows saying only that a report was regenerated do not move it)."""
    cli.main(["rekap", path, "--triwulan", "1"])
    with open_workbook(path) as book:
        riwayat = Riwayat(book)
        grid = book.read(L.rekap_tw(1))
    konsolidasi = [r for r in riwayat.rows if r.aksi == "konsolidasi"][-1]
    assert riwayat.anchor == konsolidasi.hash
    assert any(f"Kepala rantai Riwayat: {riwayat.anchor}" == v for row in grid for v in row)


# --- structured records --------------------------------------------------------------
def test_a_record_keeps_its_text_for_people_and_its_data_over_several_rows():
    from kinerja_xl.ops.inti.riwayat import DATA_PENANDA, PANJANG_SEL, Baris, rekaman, tulis_rekaman
    data = {"alasan": "titik. koma; pipa | sama=dengan\nbaris", "angka": ["1,5"] * 8000}
    parts = tulis_rekaman("Catatan untuk orang.", data)
    assert len(parts) > 1 and all(len(p) <= PANJANG_SEL for p in parts)
    assert parts[0].startswith("(bagian 1/") and "Catatan untuk orang." + DATA_PENANDA in parts[0]
    rows = [Baris(i, "2026-10-05 10:00:00", "u", "PK", "x", p, "sid", "")
            for i, p in enumerate(parts, start=1)]
    rows.insert(1, Baris(9, "2026-10-05 10:00:00", "u", "4", "validasi", "lain", "s2", ""))
    prosa = Baris(10, "2026-10-06 10:00:00", "u", "PK", "x", "Hanya kalimat.", "sid2", "")
    [satu, dua] = rekaman(rows + [prosa], "x")
    assert (satu.sidik, satu.teks, satu.data) == ("sid", "Catatan untuk orang.", data)
    assert (dua.teks, dua.data) == ("Hanya kalimat.", None)


def test_a_pk_perubahan_record_reads_under_headers_renamed_since():
    """A record keeps the headers of the contract it was written under; after a header
    is renamed (a contract step), its targets are still found under today's names."""
    import datetime as dt

    from kinerja_xl.ops.inti import riwayat as R
    tanggal = dt.date(2026, 7, 1)
    target = {"1.01": {h: str(i) for i, h in enumerate(R.KOLOM_SEBELUM[1:], start=1)}}
    data = R.data_pk(tanggal, "alasan", {"SEK": [1]}, target)
    dulu = ["Dulu " + h for h in data["kolom"]]
    rows = [R.Baris(1, "2026-07-01 10:00:00", "u", "PK", R.AKSI_PK, p, "sid", "")
            for p in R.tulis_rekaman("PK Perubahan.", {**data, "kolom": dulu})]
    [rekaman] = R.target_sebelum(rows)
    assert rekaman["target"] == target
    assert rekaman["tetap"] == {("SEK", 1)}
