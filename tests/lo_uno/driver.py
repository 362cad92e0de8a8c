"""Drive a real LibreOffice Calc through UNO, typing as a person types.

Runs under the system interpreter (`/usr/bin/python3`, where Debian's python3-uno
lives), never under the project's venv: the tests start it as a subprocess with a
JSON script on stdin and read a JSON report on stdout.

Script, one document:
  {"open": PATH, "locale": "id-ID" | "en-US",
   "steps": [
     {"sheet": NAME},                          # activate a sheet
     {"unprotect": true},                      # remove the active sheet's protection
     {"type": {"F10": "12,5", "G10": "25%"}},  # GoToCell + EnterString, in order
     {"clear_format": "F10"},                  # Clear Direct Formatting of a cell
     {"delete_rows": ROW, "count": N},         # select rows, .uno:DeleteRows
     {"insert_rows": ROW, "count": N},         # rows inserted above ROW
     {"save_as": PATH, "format": "xlsx"|"xlsm"|"ods"|"xls"},
     {"save": true}                            # plain save in the file's own format
   ]}
or several documents, one after the other, in one LibreOffice (one start instead of
many): {"locale": ..., "documents": [{"open": PATH, "steps": [...]}, ...]}.

Report: {"ok": true, "alive": true} or {"ok": false, "error": "...", ...}.  `ok` is
false when LibreOffice died at any point (after each document it is given a moment to
run what it defers to idle time, where a crash after a save shows), or did not end
cleanly when asked.

The profile hides Calc's formula bar.  Debian's `libreoffice-calc-nogui` (what CI
installs) ships none of Calc's dialog files (`modules/scalc/ui/*.ui`); typing into a
cell makes Calc build its formula bar at idle time, whose Name Box loads
`posbox.ui`, and the missing file aborts soffice.  That is not a fault of any
workbook: any typed document, a plain one included, crashes that way.  A desktop
LibreOffice ships the file.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import uno  # noqa: F401  (python3-uno: sets up the bridge)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

FILTERS = {
    "xlsx": "Calc MS Excel 2007 XML",
    "xlsm": "Calc MS Excel 2007 VBA XML",
    "ods": "calc8",
    "xls": "MS Excel 97",
}

PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Input"><prop oor:name="AutoInput" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="WarnAlienFormat" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Views/Windows"><node oor:name="{formula_bar}" oor:op="replace"><prop oor:name="Visible" oor:op="fuse"><value>false</value></prop></node></item>
</oor:items>
"""


# Calc's formula bar as a child window (FID_INPUTLINE_STATUS); see the module's text.
FORMULA_BAR = 26100
# How long LibreOffice is left to its idle work after a document's steps.
SETTLE = 0.5


def props(**kw) -> tuple:
    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name, p.Value = k, v
        out.append(p)
    return tuple(out)


class Office:
    def __init__(self, locale: str):
        self.tmp = Path(tempfile.mkdtemp(prefix="kinerja-uno-"))
        user = self.tmp / "profil" / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(PROFILE_XCU.format(locale=locale, formula_bar=FORMULA_BAR),
                                                         encoding="utf-8")
        self.pipe = "kinerja" + uuid.uuid4().hex[:12]
        env = dict(os.environ)
        env.pop("DISPLAY", None)
        env.setdefault("SAL_USE_VCLPLUGIN", "svp")
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        self.proc = subprocess.Popen(
            [soffice, f"-env:UserInstallation={(self.tmp / 'profil').as_uri()}",
             "--headless", "--invisible", "--nologo", "--nodefault", "--norestore",
             "--nolockcheck", f"--accept=pipe,name={self.pipe};urp;"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.ctx = resolver.resolve(
                    f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("LibreOffice did not start")
                time.sleep(0.2)
        smgr = self.ctx.ServiceManager
        self.desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        self.dispatcher = smgr.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", self.ctx)

    def close(self) -> None:
        try:
            self.desktop.terminate()
        except Exception:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


def alive(office: Office) -> bool:
    return office.proc.poll() is None


def run_document(office: Office, doc_script: dict) -> dict:
    path = Path(doc_script["open"]).resolve()
    lock = path.with_name(f".~lock.{path.name}#")
    try:
        url = uno.systemPathToFileUrl(str(path))
        doc = office.desktop.loadComponentFromURL(url, "_blank", 0, props(Hidden=True))
        if doc is None:
            return {"ok": False, "error": f"{path.name}: document did not load"}
        frame = doc.getCurrentController().getFrame()

        def dispatch(cmd: str, **kw) -> None:
            office.dispatcher.executeDispatch(frame, cmd, "", 0, props(**kw))

        sheet = doc.getCurrentController().getActiveSheet()
        for step in doc_script["steps"]:
            if "sheet" in step:
                sheet = doc.getSheets().getByName(step["sheet"])
                doc.getCurrentController().setActiveSheet(sheet)
            elif "unprotect" in step:
                sheet.unprotect("")
            elif "type" in step:
                for ref, text in step["type"].items():
                    dispatch(".uno:GoToCell", ToPoint=ref)
                    dispatch(".uno:EnterString", StringName=text)
            elif "clear_format" in step:
                # Format > Clear Direct Formatting, as a person does before retyping.
                dispatch(".uno:GoToCell", ToPoint=step["clear_format"])
                dispatch(".uno:ResetAttributes")
            elif "delete_rows" in step:
                first, count = step["delete_rows"], step.get("count", 1)
                dispatch(".uno:GoToCell", ToPoint=f"A{first}:A{first + count - 1}")
                dispatch(".uno:DeleteRows")
            elif "insert_rows" in step:
                first, count = step["insert_rows"], step.get("count", 1)
                dispatch(".uno:GoToCell", ToPoint=f"A{first}:A{first + count - 1}")
                dispatch(".uno:InsertRowsBefore")
            elif "save_as" in step:
                target = uno.systemPathToFileUrl(str(Path(step["save_as"]).resolve()))
                doc.storeToURL(target, props(FilterName=FILTERS[step["format"]],
                                             Overwrite=True))
            elif "save" in step:
                doc.store()
            else:
                return {"ok": False, "error": f"unknown step {step}"}
        # A person does not close the window at once: what LibreOffice defers to idle
        # time after typing and saving runs now, and a crash there shows.
        time.sleep(SETTLE)
        if not alive(office):
            return {"ok": False, "error": f"{path.name}: LibreOffice died after the steps"}
        doc.close(True)
        return {"ok": True}
    finally:
        # A hidden document closed through UNO can leave LibreOffice's lock file
        # behind; the next opening would then be refused without a dialog.
        lock.unlink(missing_ok=True)


def run(script: dict) -> dict:
    office = Office(script.get("locale", "id-ID"))
    documents = script.get("documents") or [script]
    report: dict = {"ok": True, "documents": len(documents)}
    try:
        for doc_script in documents:
            try:
                one = run_document(office, doc_script)
            except Exception as exc:  # a dead LibreOffice shows as a disposed bridge
                one = {"ok": False, "error": f"{Path(doc_script['open']).name}: "
                                             f"{type(exc).__name__}: {exc}"}
            if not one["ok"]:
                report.update(one)
                break
    finally:
        report["alive"] = alive(office)
        office.close()
        report["exit"] = office.proc.returncode
    if not report["alive"] or report["exit"] != 0:
        report["ok"] = False
        report.setdefault("error", f"LibreOffice ended with code {report['exit']}")
    return report


if __name__ == "__main__":
    try:
        report = run(json.load(sys.stdin))
    except Exception as exc:  # reported to the test as data
        report = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(report))
