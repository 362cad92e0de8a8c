"""VBA wrappers for the worksheet functions in udfs/kinerja_udfs.py.

xlwings normally writes these at run time ("Import Functions"), which changes the
VBA project on the operator's PC.  We generate the same text at build time instead,
so the VBA project is fixed.  The text follows xlwings 0.37.8
`xlwings.udfs.generate_vba_wrapper` / `import_udfs` line for line (for a workbook,
not an add-in: `ThisWorkbook`), with our module name.

`xlwings.udfs` imports Windows-only modules, and on other platforms `xw.func` is a
no-op that records nothing, so the functions are found by reading the source with
`ast`: every top-level function decorated with `xw.func` / `xlwings.func`, its
arguments, defaults and `xw.arg(..., vba=...)` overrides.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

VB_NAME = "KinerjaUDF"
# The Python module xlwings imports for the calls ("UDF Modules" in xlwings.conf).
UDF_MODULE = "kinerja_udfs"
UDF_PATH = Path(__file__).resolve().parents[2] / "udfs" / "kinerja_udfs.py"

# xlwings writes the file in text mode on Windows, so its lines end in CRLF, as in
# every VBA module source.
_EOL = "\r\n"
_INDENT = "    "


@dataclass(frozen=True)
class Argumen:
    name: str
    optional: bool
    vararg: bool
    vba: str | None  # an expression xlwings passes instead of a visible argument


@dataclass(frozen=True)
class Fungsi:
    name: str
    args: tuple[Argumen, ...]
    volatile: bool = False
    call_in_wizard: bool = True


def _decorator_name(node: ast.expr) -> str | None:
    """'func' for @xw.func, @xw.func(...), @xlwings.func; 'arg' likewise."""
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        if target.value.id in ("xw", "xlwings"):
            return target.attr
    return None


def _kwargs(call: ast.expr) -> dict[str, object]:
    if not isinstance(call, ast.Call):
        return {}
    return {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}


def _vba_overrides(decorators: list[ast.expr]) -> dict[str, str]:
    overrides = {}
    for dec in decorators:
        if _decorator_name(dec) == "arg" and isinstance(dec, ast.Call) and dec.args:
            name = ast.literal_eval(dec.args[0]).lstrip("*")
            vba = _kwargs(dec).get("vba")
            if vba:
                overrides[name] = str(vba)
    return overrides


def _fungsi(node: ast.FunctionDef) -> Fungsi | None:
    funcs = [d for d in node.decorator_list if _decorator_name(d) == "func"]
    if not funcs:
        return None
    a = node.args
    if a.kwonlyargs or a.kwarg or a.posonlyargs:
        raise ValueError(f"{node.name}: xlwings does not support UDFs with keyword arguments")
    if a.vararg and a.defaults:
        raise ValueError(f"{node.name}: optional and variable arguments cannot be mixed")
    overrides = _vba_overrides(node.decorator_list)
    first_optional = len(a.args) - len(a.defaults)
    args = [Argumen(p.arg, i >= first_optional, False, overrides.get(p.arg))
            for i, p in enumerate(a.args)]
    if a.vararg:
        args.append(Argumen(a.vararg.arg, False, True, overrides.get(a.vararg.arg)))
    opts = _kwargs(funcs[0])
    return Fungsi(node.name, tuple(args), bool(opts.get("volatile", False)),
                  bool(opts.get("call_in_wizard", True)))


def read_udfs(source: str | None = None) -> list[Fungsi]:
    """The decorated functions, sorted by name as xlwings' dir(module) walk does."""
    text = UDF_PATH.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text)
    found = [_fungsi(n) for n in tree.body if isinstance(n, ast.FunctionDef)]
    return sorted((f for f in found if f is not None), key=lambda f: f.name)


class _Writer:
    """The indentation and label handling of xlwings.utils.VBAWriter."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.indent = 0

    def line(self, text: str) -> None:
        self.lines.append(_INDENT * self.indent + text)

    def label(self, text: str) -> None:
        self.lines.append(_INDENT * max(self.indent - 1, 0) + text + ":")


def _signature(f: Fungsi) -> tuple[str, str]:
    """('Function NAME(a, Optional b)', name of the ParamArray or '')."""
    parts, vararg = [], ""
    for arg in f.args:
        if arg.name == "caller" or arg.vba:
            continue  # passed by xlwings, not typed by the user
        if arg.optional:
            parts.append("Optional " + arg.name)
        elif arg.vararg:
            parts.append("ParamArray " + arg.name + "()")
            vararg = arg.name
        else:
            parts.append(arg.name)
    return f"Function {f.name}({', '.join(parts)})", vararg


def _vba_value(arg: Argumen) -> str:
    if arg.name == "caller":
        return "Nothing"  # replaced by the calling range inside call_udf
    return arg.vba or arg.name


def _write_varargs(w: _Writer, f: Fungsi, vararg: str) -> None:
    fixed = [_vba_value(a) for a in f.args if not a.vararg]
    w.line("Dim argsArray() As Variant")
    w.line("argsArray = Array(%s)" % ", ".join(fixed))
    w.line(f"ReDim Preserve argsArray(0 to UBound({vararg}) - LBound({vararg}) + {len(fixed)})")
    w.line(f"For k = LBound({vararg}) To UBound({vararg})")
    w.line(f"argsArray({len(fixed)} + k - LBound({vararg})) = {vararg}(k)")
    w.line("Next k")


def _write_function(w: _Writer, f: Fungsi) -> None:
    sig, vararg = _signature(f)
    w.line(sig)
    w.indent += 1
    if not f.call_in_wizard:
        w.line('If (Not Application.CommandBars("Standard").Controls(1).Enabled) '
               "Then Exit Function")
    if f.volatile:
        w.line("Application.Volatile")
    if vararg:
        _write_varargs(w, f, vararg)
        args_vba = "argsArray"
    else:
        args_vba = "Array(" + ", ".join(_vba_value(a) for a in f.args) + ")"
    call = f'XLPy.CallUDF("{UDF_MODULE}", "{f.name}", {args_vba}'
    w.line('#If App = "Microsoft Excel" Then')
    w.indent += 1
    w.line("If TypeOf Application.Caller Is Range Then On Error GoTo failed")
    w.line(f"{f.name} = {call}, ThisWorkbook, Application.Caller)")
    w.line("Exit Function")
    w.indent -= 1
    w.line("#Else")
    w.indent += 1
    w.line(f"{f.name} = {call})")
    w.line("Exit Function")
    w.indent -= 1
    w.line("#End If")
    w.label("failed")
    w.line(f"{f.name} = Err.Description")
    w.indent -= 1
    w.line("End Function")
    w.line("")


def generate_udf_module(source: str | None = None) -> str:
    """The text of the standard module `KinerjaUDF` (CRLF line ends)."""
    w = _Writer()
    w.line(f'Attribute VB_Name = "{VB_NAME}"')
    w.line("'Generated by kinerja_xl.build.udf_wrappers from udfs/kinerja_udfs.py.")
    w.line("""#Const App = "Microsoft Excel" 'Adjust when using outside of Excel""")
    for f in read_udfs(source):
        _write_function(w, f)
    return _EOL.join(w.lines) + _EOL
