"""Drive a real LibreOffice Calc through UNO, typing as a person types.

Runs under the system interpreter (`/usr/bin/python3`, where Debian's python3-uno
lives), never under the project's venv: the tests start it as a subprocess with a
JSON script on stdin and read a JSON report on stdout.

Script:
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
or, for several documents one after another in one LibreOffice (it starts once, and
again after each document saved as .ods: list those last):
  {"locale": ..., "documents": [{"open": PATH, "steps": [...]}, ...]}
Report: {"ok": true} or {"ok": false, "error": "...", "document": N}.
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
</oor:items>
"""


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
        (user / "registrymodifications.xcu").write_text(PROFILE_XCU.format(locale=locale),
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
        # An empty document kept open, so LibreOffice does not quit when the last
        # document of the script is closed and the next one can be opened.
        self.keep = self.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0,
                                                      props(Hidden=True))

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


def run(script: dict) -> dict:
    office = None
    try:
        for i, document in enumerate(script.get("documents") or [script]):
            if office is None:
                office = Office(script.get("locale", "id-ID"))
            try:
                report = run_document(office, document)
            except Exception as exc:  # reported to the test as data, naming the document
                report = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            if not report.get("ok"):
                return {**report, "document": i}
            if any(step.get("format") == "ods" for step in document["steps"]):
                # After storing a document as .ods, LibreOffice dies opening the next
                # one: a new LibreOffice for the rest (list .ods documents last).
                office.close()
                office = None
        return {"ok": True}
    finally:
        if office is not None:
            office.close()


def run_document(office: Office, script: dict) -> dict:
    path = Path(script["open"]).resolve()
    lock = path.with_name(f".~lock.{path.name}#")
    try:
        url = uno.systemPathToFileUrl(str(path))
        doc = office.desktop.loadComponentFromURL(url, "_blank", 0, props(Hidden=True))
        if doc is None:
            return {"ok": False, "error": "document did not load"}
        frame = doc.getCurrentController().getFrame()

        def dispatch(cmd: str, **kw) -> None:
            office.dispatcher.executeDispatch(frame, cmd, "", 0, props(**kw))

        sheet = doc.getCurrentController().getActiveSheet()
        for step in script["steps"]:
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
        try:
            doc.close(True)
        except Exception as exc:  # every step is done and stored; say so, go on
            return {"ok": True, "close": f"{type(exc).__name__}"}
        return {"ok": True}
    finally:
        # A hidden document closed through UNO can leave LibreOffice's lock file
        # behind; the next opening would then be refused without a dialog.
        lock.unlink(missing_ok=True)


if __name__ == "__main__":
    try:
        report = run(json.load(sys.stdin))
    except Exception as exc:  # reported to the test as data
        report = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(report))
