"""Row heights through the workbook interface: the file adapter writes `<row ht>`,
the xlwings adapter sets `row_height` (seen through the remote engine), and a plan
writes heights with its block and gives rows it no longer uses their default."""
from __future__ import annotations

import openpyxl

from kinerja_xl import layout as L
from kinerja_xl.io import open_workbook
from kinerja_xl.ops.inti.blok import Plan

def _rows(path, sheet):
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    return {r: (d.height, d.customHeight) for r, d in ws.row_dimensions.items()}


def test_file_adapter_writes_custom_heights(sample_book):
    sheet = L.TEMUAN
    with open_workbook(sample_book, write=True) as book:
        book.write_region(sheet, 5, [["a"], ["b"], ["c"]], width=1)
        book.set_row_heights(sheet, {5: 41.25, 6: 14.25, 9: 30})
        book.save()
    rows = _rows(sample_book, sheet)
    assert rows[5] == (41.25, True) and rows[6] == (14.25, True) and rows[9] == (30, True)
    with open_workbook(sample_book, write=True) as book:
        book.set_row_heights(sheet, {5: None, 9: None})
        book.save()
    rows = _rows(sample_book, sheet)
    assert rows.get(5, (None,))[0] is None and rows[6] == (14.25, True)
    assert rows.get(9, (None,))[0] is None


def test_plan_writes_heights_and_resets_rows_it_left(sample_book):
    sheet = L.TEMUAN
    top = L.TEMUAN_LAYOUT.data_row
    width = len(L.TEMUAN_HEADERS)
    for rows, heights in (([["x"]] * 4, [20, 30, 40, 50]), ([["y"]] * 2, [15, 45])):
        with open_workbook(sample_book, write=True) as book:
            plan = Plan()
            plan.block(sheet, top, [list(r) for r in rows], width, heights=heights)
            assert plan.apply(book, {}) == [sheet]
            book.save()
    got = _rows(sample_book, sheet)
    assert got[top] == (15, True) and got[top + 1] == (45, True)
    for r in (top + 2, top + 3):
        assert got.get(r, (None,))[0] is None, (r, got.get(r))


def test_unchanged_block_leaves_heights_alone(sample_book):
    sheet = L.TEMUAN
    top = L.TEMUAN_LAYOUT.data_row
    with open_workbook(sample_book, write=True) as book:
        plan = Plan()
        plan.block(sheet, top, [["x"]], len(L.TEMUAN_HEADERS), heights=[30])
        plan.apply(book, {})
        book.save()
    with open_workbook(sample_book, write=True) as book:
        plan = Plan()
        plan.block(sheet, top, [["x"]], len(L.TEMUAN_HEADERS), heights=[60])
        assert plan.apply(book, {}) == []
        assert book.changed_parts() == []


def test_xlwings_adapter_sets_row_height_per_run(monkeypatch):
    import xlwings as xw  # a pinned dependency
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    from test_xlwings_adapter import payload
    from xlwings.main import Engine, engines
    added = None
    if "remote" not in engines.engines_by_name:
        from xlwings.pro import _xlremote
        added = Engine(impl=_xlremote.engine)
        engines.add(added)
    try:
        from kinerja_xl.io.xlwings_adapter import ExcelWorkbook
        book = xw.Book(json=payload({"Temuan": [["x"]]}))
        wb = ExcelWorkbook(book)
        wb.set_row_heights("Temuan", {5: 30, 6: 30, 7: 45, 9: None})
        actions = [(a["func"], a["start_row"], a["row_count"], a["args"])
                   for a in book.json()["actions"]]
    finally:
        if added is not None:
            engines.engines.remove(added)
            engines.engines_by_name.pop("remote", None)
    # 0-based rows: 5..6 at 30 pt in one call, 7 at 45, 9 back to automatic
    assert actions == [("setRowHeight", 4, 2, [30]), ("setRowHeight", 6, 1, [45]),
                       ("setAutofit", 8, 1, ["rows"])]
