"""The UI state of live Excel, behind one small shim.

Engines differ in what they can do: desktop Excel (engine "excel": COM on Windows,
AppleScript on macOS) has a status bar, screen updating, a calculation mode and,
on Windows, the application's own decimal and thousands separators; xlwings'
remote engine (Office.js/Office Scripts clients) has no status bar, can only
suspend screen updating until the next sync, and reports the calculation mode only
when its client sends it.  The operations and the ribbon ask this shim and never
check the engine themselves.

Every change is undone in `finally`, and one failed restore never stops the others:
a crash in the middle of a run must not leave Excel frozen or in manual calculation.
"""
from __future__ import annotations

import contextlib
import sys
from typing import Any, Callable, Iterator

JUDUL = "Laporan Kinerja"
PREFIX_STATUS = "Laporan Kinerja: "


def engine_name(book: Any) -> str:
    """'excel', 'remote', 'calamine' … or '' when it cannot be told."""
    try:
        return str(book.app.engine.name)
    except Exception:  # a book without an app (closed, or a stand-in)
        return ""


def on_windows() -> bool:
    return sys.platform.startswith("win")


class UI:
    """What the engine of `book` supports, and the state changes made through it."""

    def __init__(self, book: Any):
        self.book = book
        self.app = book.app
        self.engine = engine_name(book)
        self._undo: list[Callable[[], None]] = []
        self._status_taken = False

    # -- capabilities ---------------------------------------------------------------
    @property
    def desktop(self) -> bool:
        return self.engine == "excel"

    @property
    def com(self) -> bool:
        """Windows COM: protection, locking, separators and InputBox go through `.api`."""
        return self.desktop and on_windows()

    @property
    def remote(self) -> bool:
        return self.engine == "remote"

    @property
    def can_export_pdf(self) -> bool:
        return self.desktop

    # -- state that is restored -------------------------------------------------------
    def _remember(self, undo: Callable[[], None]) -> None:
        self._undo.append(undo)

    def restore(self) -> None:
        """Undo every change, newest first; each undo on its own."""
        while self._undo:
            undo = self._undo.pop()
            with contextlib.suppress(Exception):
                undo()
        self._status_taken = False

    @contextlib.contextmanager
    def session(self) -> Iterator["UI"]:
        """Screen updating off and manual calculation for the run; all restored after."""
        try:
            self._screen_off()
            self._calculation_manual()
            yield self
        finally:
            self.restore()

    def _screen_off(self) -> None:
        if self.desktop:
            before = self.app.screen_updating
            self.app.screen_updating = False
            self._remember(lambda: setattr(self.app, "screen_updating", before))
        elif self.remote:
            # Office.js can only suspend it until the next sync; turning it back on
            # is queued anyway so the intent is visible in the actions.
            self.app.screen_updating = False
            self._remember(lambda: setattr(self.app, "screen_updating", True))

    def _calculation_manual(self) -> None:
        if not (self.desktop or self.remote):
            return
        try:
            before = self.app.calculation
        except NotImplementedError:
            return  # a remote client that does not send the mode
        if before != "manual":
            self.app.calculation = "manual"
            self._remember(lambda: setattr(self.app, "calculation", before))

    def status(self, text: str) -> None:
        """Progress in Excel's status bar (desktop only); given back to Excel on restore."""
        if not self.desktop:
            return
        with contextlib.suppress(Exception):
            if not self._status_taken:
                before = self.app.status_bar
                self._status_taken = True
                self._remember(lambda: setattr(self.app, "status_bar", before))
            self.app.status_bar = PREFIX_STATUS + text

    @contextlib.contextmanager
    def indonesian_separators(self) -> Iterator[None]:
        """Decimal comma and thousands dot for the duration (Windows Excel only).

        Excel takes separators from Windows or its own options, never from a number
        format's locale tag, so a PDF made on an English Windows would show 1,234.56."""
        if not self.com:
            yield
            return
        xl = self.app.api
        before = (xl.UseSystemSeparators, xl.DecimalSeparator, xl.ThousandsSeparator)
        try:
            xl.DecimalSeparator = ","
            xl.ThousandsSeparator = "."
            xl.UseSystemSeparators = False
            yield
        finally:
            for attr, value in zip(("DecimalSeparator", "ThousandsSeparator",
                                    "UseSystemSeparators"), before[1:] + before[:1]):
                with contextlib.suppress(Exception):
                    setattr(xl, attr, value)

    # -- messages ---------------------------------------------------------------------
    def alert(self, pesan: str, kritis: bool = False) -> None:
        """A message box (every engine has one); never raises."""
        try:
            self.app.alert(pesan, title=JUDUL, mode="critical" if kritis else "info")
        except Exception:
            # Last resort: RunPython shows what is printed to stderr on failure only,
            # so the message at least reaches a log.
            print(pesan, file=sys.stderr)

    def confirm(self, pertanyaan: str) -> bool | None:
        """Yes/no on desktop Excel; None where the engine cannot wait for an answer
        (the remote engine's message box answers through a JavaScript callback)."""
        if not self.desktop:
            return None
        answer = self.app.alert(pertanyaan, title=JUDUL, buttons="yes_no", mode="info")
        return answer == "yes"

    def ask_password(self, prompt: str) -> str | None:
        """A masked password dialog on desktop Excel; None when cancelled or unsupported."""
        if not self.desktop:
            return None
        try:
            return _tk_password(prompt)
        except Exception:  # no Tk on this Python: Excel's own InputBox, unmasked
            pass
        if self.com:
            answer = self.app.api.InputBox(prompt, JUDUL, "", Type=2)
            return answer if isinstance(answer, str) and answer else None
        return None


def _tk_password(prompt: str) -> str | None:
    import tkinter
    from tkinter import simpledialog

    root = tkinter.Tk()
    root.withdraw()
    root.attributes("-topmost", True)  # above Excel, which keeps focus otherwise
    try:
        return simpledialog.askstring(JUDUL, prompt, show="*", parent=root) or None
    finally:
        root.destroy()
