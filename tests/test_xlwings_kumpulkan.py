"""Kumpulkan Bahan from the ribbon on the remote engine, answered Ya: within the
round-trip budget at 420 indicators, the same sheets as the file adapter gives, and
no cell written that the tool does not mean to write."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

import xlwings as xw  # a dependency of the package, never missing

from test_ribbon import action_budget  # noqa: E402
from test_xlwings_adapter import (NOW, FormulaCell, _assert_same_grid, _file_grid,  # noqa: E402,F401
                                  filled_large, grids_of_file, payload, remote, replay)

from kinerja_xl import layout as L  # noqa: E402
from kinerja_xl import ribbon  # noqa: E402
from kinerja_xl.io import open_workbook  # noqa: E402
from kinerja_xl.io.ui import UI  # noqa: E402
from kinerja_xl.io.xlwings_adapter import ExcelWorkbook  # noqa: E402


# (client, formulas readable): the Office clients keep a null's cell; Google Sheets
# empties it and cannot read formulas; desktop Excel empties it and reads formulas.
KINDS = [("Microsoft Office Scripts", False), ("Office.js", False),
         ("Google Apps Script", False), ("Google Apps Script", True)]


def _fill(path: Path) -> int:
    """A staff copy filled the way a person would (openpyxl): every third row's
    penghambat, every fourth row's realisation, Status Diajukan; the cells typed."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cols = {c.value: c.column for c in ws[L.BAHAN_HEADER_ROW] if c.value}
    typed = 0
    for i, r in enumerate(range(L.BAHAN_DATA_ROW, ws.max_row + 1)):
        kode = ws.cell(row=r, column=cols["Kode"]).value
        if not kode:
            continue
        if i % 3 == 0:
            ws.cell(row=r, column=cols[L.penghambat_h(1)]).value = f"Hambatan {kode}"
            typed += 1
        if i % 4 == 1:
            ws.cell(row=r, column=cols[L.realisasi_h(1)]).value = 1000 + i
            typed += 1
    ws.cell(row=L.STATUS_ROW, column=L.STATUS_FIRST_COL).value = L.STATUS_DIAJUKAN
    wb.save(path)
    return typed


@pytest.fixture(scope="module")
def collected(filled_large, tmp_path_factory):
    """(folder of filled staff copies of the 420-indicator workbook, the workbook as the
    file adapter leaves it after collecting them)."""
    from kinerja_xl.ops.bagikan import bagikan
    from kinerja_xl.ops.kumpulkan import kumpulkan
    from kinerja_xl.outputs_adapter import OutputsAdapter
    tmp = tmp_path_factory.mktemp("kumpulkan")
    folder = tmp / "salinan"
    with open_workbook(filled_large) as book:
        copies = [Path(r["berkas"]) for r in bagikan(book, 1, folder, now=NOW, outputs=OutputsAdapter()).baris]
    assert len(copies) == 12 and sum(_fill(p) for p in copies) > 200
    path = tmp / "file.xlsm"
    shutil.copy(filled_large, path)
    with pytest.MonkeyPatch.context() as mp:
        _freeze(mp)
        with open_workbook(path, write=True) as book:
            kumpulkan(book, [str(folder)], True, 1)
            book.save()
    return folder, path


@pytest.mark.parametrize("client, formulas", [KINDS[0], KINDS[3]])
def test_kumpulkan_bahan_answered_ya_is_within_budget_and_writes_what_the_file_adapter_writes(
        remote, filled_large, collected, monkeypatch, client, formulas):
    """On an Office client (nulls keep their cells) and where only cells that read
    as empty formulas may be spread over (desktop Excel, its answer stood in)."""
    folder, file_path = collected
    _freeze(monkeypatch)
    asked: list[str] = []

    def ya(self, pertanyaan):  # the person answers Ya to the one question
        asked.append(pertanyaan)
        return True

    monkeypatch.setattr(UI, "confirm", ya)
    grids = grids_of_file(filled_large)
    data = payload(grids)
    data["client"] = client
    reads = _excel_formulas(monkeypatch, {s: _file_grid(filled_large, s) for s in grids}) \
        if formulas else []
    book = xw.Book(json=data)
    ribbon.kumpulkan_bahan(str(folder), book=book)
    actions = book.json()["actions"]
    (prompt, _, _, mode, _), = [a["args"] for a in actions if a["func"] == "alert"]
    assert len(asked) == 1 and mode == "info" and "Diterapkan" in prompt, prompt
    sent, budget = action_budget(actions)
    sent += len(reads)  # a formula read is a round trip too
    print(f"\nKumpulkan Bahan, 12 salinan, 420 indikator, {client}, rumus "
          f"{'terbaca' if formulas else 'tidak terbaca'}: {sent} aksi, batas {budget}")
    assert sent <= budget, (sent, budget)
    after = replay(actions, grids)["grids"]
    expected = grids_of_file(file_path)
    assert list(after) == list(expected)
    for sheet in expected:
        _assert_same_grid(sheet, after[sheet], expected[sheet])


def _freeze(mp: pytest.MonkeyPatch) -> None:
    """The clock and user of both runs fixed (Riwayat, Diajukan pada)."""
    import datetime as dt

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return NOW

    fake = type("dt", (), {"datetime": Clock, "date": dt.date, "timedelta": dt.timedelta})
    for module in ("inti.riwayat", "inti.jalankan", "kumpulkan"):
        mp.setattr(f"kinerja_xl.ops.{module}.dt", fake)
    mp.setattr("kinerja_xl.io.safety.current_user", lambda: "operator")


def _excel_formulas(monkeypatch, grids: dict[str, list[list]]) -> list[str]:
    """Stand in for desktop Excel's answer to Range.Formula, which the remote engine
    cannot give: a formula's text, a value as itself, "" for an empty cell (the
    Windows checklist covers real Excel).  Returns the reads, one round trip each."""
    from xlwings.pro import _xlremote
    reads: list[str] = []

    def formula(self):
        reads.append(self.sheet.name)
        grid = grids[self.sheet.name]
        rows, cols = self.shape
        out = []
        for r in range(self.row - 1, self.row - 1 + rows):
            line = grid[r] if r < len(grid) else []
            out.append(tuple("" if c >= len(line) or line[c] is None else line[c]
                             for c in range(self.column - 1, self.column - 1 + cols)))
        return tuple(out)

    monkeypatch.setattr(_xlremote.Range, "formula", property(formula))
    return reads


@pytest.mark.parametrize("client, formulas", KINDS)
def test_a_value_or_formula_between_written_cells_is_never_written(
        remote, monkeypatch, client, formulas):
    """A value (A2, B3) and a formula (A4, read as empty: its value is not sent) between
    the cells written: on an Office client they lie inside the one write with a null;
    elsewhere outside every write, which spreads only over cells whose formula read
    says empty (C4:C5); a cell the tool empties gets "" (emptied), not null."""
    formula = FormulaCell('=IF(A1="","",A1)')
    grids = {"S": [["lama"], ["nilai"], [None, 5, None], [formula], [None], [None, None, 7]]}
    data = payload(grids)
    data["client"] = client
    if formulas:
        _excel_formulas(monkeypatch, grids)
    book = xw.Book(json=data)
    cells = {(1, 1): "baru", (3, 1): 1, (5, 1): 2, (3, 3): 3, (6, 3): None}
    ExcelWorkbook(book).write_cells("S", cells)
    actions = book.json()["actions"]
    office = client != "Google Apps Script"
    assert len(actions) == (1 if office else 4 if formulas else 5)
    covered = set()
    for a in actions:
        assert a["func"] == "setValues"
        for i, row in enumerate(a["values"]):
            for j, v in enumerate(row):
                cell = (a["start_row"] + i + 1, a["start_column"] + j + 1)
                covered.add(cell)
                assert (v is None) == (office and cell not in cells), (cell, v)
                if cell == (6, 3) or cell not in cells and not office:
                    assert v == "" and cell in {(6, 3), (4, 3), (5, 3)}, (cell, v)
    assert office or not {(2, 1), (3, 2), (4, 1)} & covered
    after = [list(r) for r in replay(actions, grids)["grids"]["S"]]
    for row in after:
        while row and row[-1] is None:
            row.pop()
    assert after == [["baru"], ["nilai"], [1, 5, 3], [formula], [2]]
