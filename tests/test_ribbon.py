"""The ribbon's Python side: the exact RunPython strings of the built workbook's VBA,
executed through xlwings' remote engine, and the UI state around them."""
from __future__ import annotations

import os
import re
import types
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI") == "true"

import xlwings as xw  # a dependency of the package, never missing

from test_xlwings_adapter import (frozen, filled, filled_large,  # noqa: E402,F401
                                  grids_of_file, payload, remote, replay)

from kinerja_xl import layout as L  # noqa: E402
from kinerja_xl import ribbon  # noqa: E402
from kinerja_xl.build.ribbon import BUTTONS  # noqa: E402


# --- the VBA as built ----------------------------------------------------------------
def py_literal(text: str) -> str:
    """PyLiteral() of KinerjaRibbon.bas, for the folder Kumpulkan Bahan passes."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch.isascii() and (ch.isalnum() or ch in " .,:_-()[]+=#~@{}$;"):
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04X}")
    return "'" + "".join(out) + "'"


def runpython_commands(xlsm: Path, folder: str) -> dict[str, str]:
    """Sub name → the Python command its RunPython line hands to Python."""
    try:
        from oletools import olevba
    except ImportError:
        if IN_CI:
            raise
        pytest.skip("oletools is not installed")
    parser = olevba.VBA_Parser(str(xlsm))
    code = {name: text for (_, _, name, text) in parser.extract_macros()}
    source = code["KinerjaRibbon.bas"]
    found = {}
    for sub, body in re.findall(r"Public Sub (\w+)\(control As IRibbonControl\)(.*?)End Sub",
                                source, re.S):
        line = re.search(r'^\s*RunPython (.+)$', body, re.M).group(1)
        parts = [p.strip() for p in line.split("&")]
        found[sub] = "".join(py_literal(folder) if p == "PyLiteral(folder)"
                             else p[1:-1].replace('""', '"') for p in parts)
    return found


def _alerts(actions: list[dict]) -> list[list]:
    return [a["args"] for a in actions if a["func"] == "alert"]


@pytest.fixture
def caller(remote, filled):
    """A remote book made from the filled workbook, set as xw.Book.caller()."""
    def make(grids=None, active=None):
        book = xw.Book(json=payload(grids or grids_of_file(filled), active=active))
        book.set_mock_caller()
        return book
    yield make
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller


# Excel round trips one button press may cost: a few for the press (screen updating,
# calculation, the message box) and a few per sheet it writes (clear, values, row
# heights, print area), whatever the data: measured on the sample (30 indicators) and
# at 420 indicators.
ACTIONS_PER_PRESS, ACTIONS_PER_SHEET = 10, 12
_WRITES = ("setValues", "rangeClearContents")


def action_budget(actions: list[dict]) -> tuple[int, int]:
    """(actions sent, the most allowed for the sheets they write)."""
    written = {a["sheet_position"] for a in actions if a["func"] in _WRITES}
    return len(actions), ACTIONS_PER_PRESS + ACTIONS_PER_SHEET * len(written)


@pytest.fixture(params=["filled", "filled_large"])
def workbook(request):
    return request.getfixturevalue(request.param)


def test_each_runpython_string_of_the_built_workbook_runs(caller, workbook, frozen, tmp_path):
    commands = runpython_commands(workbook, str(tmp_path / "salinan ßtaf"))
    (tmp_path / "salinan ßtaf").mkdir()
    assert sorted(commands) == sorted(b.sub_name for b in BUTTONS)
    grids = grids_of_file(workbook)
    for button in BUTTONS:
        book = caller(grids)
        exec(commands[button.sub_name], {})  # exactly what RunPython runs
        actions = book.json()["actions"]
        sent, budget = action_budget(actions)
        assert sent <= budget, (button.sub_name, sent, budget)
        alerts = _alerts(actions)
        assert len(alerts) == 1, button.sub_name
        prompt, title, _, mode, _ = alerts[0]
        assert title == "Laporan Kinerja" and "Traceback" not in prompt
        assert actions[-1]["func"] == "alert"  # shown after the UI state is restored
        if button.python_function in ("validasi", "konsolidasi", "rekap_triwulan",
                                      "rekap_tahunan"):
            assert mode == "info" and "Lembar diperbarui" in prompt, prompt
        if button.python_function == "ekspor_pdf":
            assert "Excel desktop" in prompt
        if button.python_function == "kumpulkan_bahan":
            assert "Traceback" not in prompt and mode == "info", prompt


def test_validasi_writes_findings_with_links_in_one_block(caller, frozen):
    book = caller()
    ribbon.validasi()
    grids = grids_of_file_from(book)
    actions = book.json()["actions"]
    sheet_index = list(grids).index(L.TEMUAN)
    writes = [a for a in actions if a["func"] == "setValues"
              and a["sheet_position"] == sheet_index]
    assert len(writes) == 1
    links = [row[-1] for row in writes[0]["values"] if row[-1]]
    assert links and all(v.startswith("=HYPERLINK(\"#'") for v in links)
    temuan = replay(actions, grids)["grids"][L.TEMUAN]
    assert len(temuan) > L.TEMUAN_LAYOUT.data_row


def grids_of_file_from(book) -> dict[str, list]:
    return {s["name"]: s["values"] for s in book.api["sheets"]}


def test_active_quarter_comes_from_pengaturan(caller, filled, frozen):
    grids = grids_of_file(filled)
    row = L.REF_DATA_ROW + L.SETTING_KEYS.index("Triwulan aktif") - 1
    grids[L.PENGATURAN][row][1] = 2
    book = caller(grids)
    ribbon.rekap_triwulan()
    written = {a["sheet_position"] for a in book.json()["actions"] if a["func"] == "setValues"}
    names = list(grids)
    assert names.index(L.rekap_tw(2)) in written and names.index(L.rekap_tw(1)) not in written


def test_an_error_ends_in_an_indonesian_alert_with_state_restored(caller, monkeypatch):
    import kinerja_xl.ops.konsolidasi as konsolidasi

    def boom(*args, **kwargs):
        raise RuntimeError("rusak di tengah jalan")

    monkeypatch.setattr(konsolidasi, "konsolidasi", boom)
    book = caller()
    ribbon.konsolidasi()
    funcs = [(a["func"], a["args"]) for a in book.json()["actions"]]
    assert funcs[:2] == [("setScreenUpdating", [False]), ("setCalculation", ["Manual"])]
    assert funcs[2:4] == [("setCalculation", ["Automatic"]), ("setScreenUpdating", [True])]
    prompt, _, _, mode, _ = funcs[4][1]
    assert mode == "critical" and "tidak selesai karena terjadi kesalahan" in prompt
    assert "rusak di tengah jalan" in prompt and "Traceback" not in prompt


def test_a_workbook_problem_is_reported_as_such(caller, filled):
    grids = grids_of_file(filled)
    del grids[L.PK]
    book = caller(grids)
    ribbon.validasi()
    (prompt, _, _, mode, _), = _alerts(book.json()["actions"])
    assert mode == "critical" and "Lembar 'PK' tidak ada" in prompt


def test_outside_excel_an_entry_point_needs_a_book(remote):
    # Without RunPython there is no calling book and so no message box to show.
    with pytest.raises(RuntimeError, match="tab Laporan Kinerja di Excel"):
        ribbon.validasi()


# --- desktop Excel: status bar, separators, PDF ------------------------------------------
class FakeExcel:
    """The parts of Excel's Application object the shim uses, with a history."""

    def __init__(self):
        self.engine = types.SimpleNamespace(name="excel")
        self.screen_updating = True
        self.calculation = "automatic"
        self.status_bar = False
        self.status_history: list = []
        self.alerts: list = []
        self.api = types.SimpleNamespace(DecimalSeparator=".", ThousandsSeparator=",",
                                         UseSystemSeparators=True, UserName="Kasubbag")

    def __setattr__(self, name, value):
        if name == "status_bar" and hasattr(self, "status_history"):
            self.status_history.append(value)
        object.__setattr__(self, name, value)

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        self.alerts.append((prompt, mode))
        return "ok"


class DesktopBook:
    """A remote book (for its values) seen through a desktop Excel application."""

    def __init__(self, book, app: FakeExcel, fullname: Path, pdfs: list):
        self._book, self.app, self.fullname, self._pdfs = book, app, str(fullname), pdfs

    def __getattr__(self, name):
        return getattr(self._book, name)

    @property
    def sheets(self):
        outer = self

        class Sheets:
            def __iter__(self):
                return iter(outer._book.sheets)

            def __getitem__(self, name):
                sheet = outer._book.sheets[name]
                return types.SimpleNamespace(
                    name=sheet.name, used_range=sheet.used_range, range=sheet.range,
                    to_pdf=lambda path, show=False: outer._export(sheet.name, path))

            @property
            def active(self):
                return outer._book.sheets.active

        return Sheets()

    def _export(self, sheet: str, path: str) -> None:
        api = self.app.api
        self._pdfs.append((sheet, api.DecimalSeparator, api.ThousandsSeparator,
                           api.UseSystemSeparators))
        Path(path).write_bytes(b"%PDF-1.7\n")


def test_ekspor_pdf_sets_separators_for_the_export_only(remote, filled, monkeypatch, tmp_path):
    monkeypatch.setattr("kinerja_xl.io.ui.on_windows", lambda: True)
    app, pdfs = FakeExcel(), []
    book = DesktopBook(xw.Book(json=payload(grids_of_file(filled), active=L.rekap_tw(3))),
                       app, tmp_path / "LaporanKinerja.xlsm", pdfs)
    ribbon.ekspor_pdf(book)
    assert pdfs == [(L.rekap_tw(3), ",", ".", False)]
    assert (app.api.DecimalSeparator, app.api.ThousandsSeparator,
            app.api.UseSystemSeparators) == (".", ",", True)
    (prompt, mode), = app.alerts
    target = tmp_path / ribbon.PDF_FOLDER / "9_Rekap_TW_III_2026.pdf"
    assert mode == "info" and str(target) in prompt and target.is_file()
    assert app.status_history[0].startswith("Laporan Kinerja:")
    assert app.status_bar is False and app.screen_updating is True
    assert app.calculation == "automatic"


def test_ekspor_pdf_picks_the_active_quarter_when_another_sheet_is_active(
        remote, filled, monkeypatch, tmp_path):
    monkeypatch.setattr("kinerja_xl.io.ui.on_windows", lambda: True)
    app, pdfs = FakeExcel(), []
    book = DesktopBook(xw.Book(json=payload(grids_of_file(filled), active=L.TEMUAN)),
                       app, tmp_path / "LaporanKinerja.xlsm", pdfs)
    ribbon.ekspor_pdf(book)
    assert [p[0] for p in pdfs] == [L.rekap_tw(1)]


def test_ekspor_pdf_with_tte_asks_for_the_password(remote, filled, monkeypatch, tmp_path):
    monkeypatch.setattr("kinerja_xl.io.ui.on_windows", lambda: True)
    asked = []
    monkeypatch.setattr("kinerja_xl.io.ui.UI.ask_password",
                        lambda self, prompt: asked.append(prompt) or None)
    grids = grids_of_file(filled)
    row = L.REF_DATA_ROW + L.SETTING_KEYS.index("Sertifikat TTE") - 1
    grids[L.PENGATURAN][row][1] = "kadin.p12"
    (tmp_path / "kadin.p12").write_bytes(b"not really a certificate")
    app, pdfs = FakeExcel(), []
    book = DesktopBook(xw.Book(json=payload(grids)), app, tmp_path / "LaporanKinerja.xlsm",
                       pdfs)
    ribbon.ekspor_pdf(book)
    assert asked == ["Sandi sertifikat TTE kadin.p12:"]
    (prompt, mode), = app.alerts
    assert "tanpa TTE" in prompt and mode == "info"


def test_the_shim_restores_desktop_state_after_an_error(monkeypatch):
    from kinerja_xl.io.ui import UI
    app = FakeExcel()
    ui = UI(types.SimpleNamespace(app=app))
    with pytest.raises(RuntimeError):
        with ui.session():
            ui.status("menulis")
            assert (app.screen_updating, app.calculation) == (False, "manual")
            raise RuntimeError
    assert (app.screen_updating, app.calculation, app.status_bar) == (True, "automatic", False)


# --- Ekspor PDF with TTE: the library's export → sign, only the signed file left -----------
class PdfDesktopBook(DesktopBook):
    """Excel's export replaced by a small real PDF (pyHanko signs real PDFs only)."""

    def _export(self, sheet: str, path: str) -> None:
        from test_tte import minimal_pdf
        self._pdfs.append(sheet)
        minimal_pdf(Path(path))


def _with_certificate(filled, name: str = "kadin.p12"):
    grids = grids_of_file(filled)
    row = L.REF_DATA_ROW + L.SETTING_KEYS.index("Sertifikat TTE") - 1
    grids[L.PENGATURAN][row][1] = name
    return grids


def test_ekspor_pdf_with_tte_leaves_only_the_signed_pdf(remote, filled, monkeypatch, tmp_path):
    from test_tte import CA, PASSWORD, SIGNER
    from kinerja_xl import tte
    monkeypatch.setattr("kinerja_xl.io.ui.on_windows", lambda: True)
    monkeypatch.setattr("kinerja_xl.io.ui.UI.ask_password",
                        lambda self, prompt: PASSWORD.decode("utf-8"))
    ca = CA()
    ca.p12(tmp_path / "kadin.p12")
    app, pdfs = FakeExcel(), []
    book = PdfDesktopBook(xw.Book(json=payload(_with_certificate(filled))), app,
                          tmp_path / "LaporanKinerja.xlsm", pdfs)
    ribbon.ekspor_pdf(book)
    (prompt, mode), = app.alerts
    folder = tmp_path / ribbon.PDF_FOLDER
    target = folder / "9_Rekap_TW_I_2026_TTE.pdf"  # a signed PDF's name says so
    assert mode == "info" and str(target) in prompt and SIGNER in prompt, prompt
    assert sorted(p.name for p in folder.iterdir()) == [target.name]
    h = tte.verify_pdf(target, [ca.pem(tmp_path / "ca.pem")])
    assert h["jumlah_tanda_tangan"] == 1 and h["utuh"] and h["sah"] and h["seluruh_berkas"]


def test_ekspor_pdf_with_a_wrong_password_writes_nothing(remote, filled, monkeypatch, tmp_path):
    from test_tte import CA
    monkeypatch.setattr("kinerja_xl.io.ui.on_windows", lambda: True)
    monkeypatch.setattr("kinerja_xl.io.ui.UI.ask_password", lambda self, prompt: "salah")
    CA().p12(tmp_path / "kadin.p12")
    app, pdfs = FakeExcel(), []
    book = PdfDesktopBook(xw.Book(json=payload(_with_certificate(filled))), app,
                          tmp_path / "LaporanKinerja.xlsm", pdfs)
    ribbon.ekspor_pdf(book)
    (prompt, mode), = app.alerts
    assert mode == "critical" and "Traceback" not in prompt
    assert pdfs == []  # the password is checked before the export
    assert list((tmp_path / ribbon.PDF_FOLDER).iterdir()) == []


def test_draf_dokumen_writes_the_word_draft_beside_the_workbook(remote, filled, tmp_path):
    """The active quarter's report beside the workbook; the LKjIP when the annual rekap
    sheet is active."""
    import docx
    app = FakeExcel()
    for active, name, title in ((L.TEMUAN, "Laporan Kinerja TW I 2026.docx", "TRIWULAN I"),
                                (L.REKAP_TAHUNAN, "LKjIP 2026.docx", "(LKjIP)")):
        book = DesktopBook(xw.Book(json=payload(grids_of_file(filled), active=active)),
                           app, tmp_path / "LaporanKinerja.xlsm", [])
        ribbon.draf_dokumen(book)
        prompt, mode = app.alerts[-1]
        target = tmp_path / name
        assert mode == "info" and str(target) in prompt, prompt
        text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
        assert title in text
