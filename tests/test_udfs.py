"""The worksheet functions over the same vectors, and their generated VBA wrappers."""
from __future__ import annotations

import ast
import csv
import importlib.util
import inspect
import re
from pathlib import Path

import pytest

from kinerja_xl.build import udf_wrappers
from kinerja_xl.build.udf_wrappers import generate_udf_module

ROOT = Path(__file__).resolve().parents[1]
VECTORS = [ROOT / "tests" / "vectors" / "capaian.csv"]


def _load_udfs():
    spec = importlib.util.spec_from_file_location("kinerja_udfs", ROOT / "udfs" / "kinerja_udfs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


udfs = _load_udfs()
UDF_NAMES = ("KINERJA_AGREGAT", "KINERJA_CAPAIAN", "KINERJA_PREDIKAT")


def _rows() -> list:
    out = []
    for path in VECTORS:
        with path.open(newline="", encoding="utf-8") as f:
            out += [pytest.param(r, id=f"{path.parent.parent.name}:{i}")
                    for i, r in enumerate(csv.DictReader(f), start=2)]
    return out


def _cell(text: str) -> float | None:
    """What Excel hands over: a float, or None for an empty cell."""
    return None if text == "" else float(text)


@pytest.mark.parametrize("row", _rows())
def test_capaian_udf_vectors(row):
    hasil = udfs.KINERJA_CAPAIAN(_cell(row["target"]), _cell(row["realisasi"]), row["arah"],
                                 row["rumus"])
    if row["capaian"] == "":
        assert isinstance(hasil, str)
        assert udfs.KINERJA_PREDIKAT(hasil) in ("", "bukan angka")
    else:
        assert hasil == float(row["capaian"])
        assert udfs.KINERJA_PREDIKAT(hasil) == row["predikat"]


def test_capaian_udf_default_formula_and_text_input():
    assert udfs.KINERJA_CAPAIAN(8, 10, "Negatif") == 75.0
    assert udfs.KINERJA_CAPAIAN("7", "6,5", "Negatif", None) == 107.14
    assert udfs.KINERJA_CAPAIAN(200, 200.01, "Positif") == 100.01
    assert udfs.KINERJA_CAPAIAN(4, 3.875, "Negatif") == 103.13


@pytest.mark.parametrize("args, expected", [
    ((None, None, "Positif"), ""),
    ((100, None, "Positif"), ""),
    ((None, 5, "Positif"), "target kosong"),
    ((0, 5, "Positif"), "target 0"),
    ((10, 0, "Negatif", "T/R"), "realisasi 0"),
    ((100, "12,5a", "Positif"), "bukan angka"),
    ((100, "-", "Positif"), "bukan angka"),
    ((100, True, "Positif"), "bukan angka"),
    (([1, 2], 5, "Positif"), "harus satu sel"),
    ((100, 50, "Naik"), "isian tidak sah"),
    ((100, 50, "Negatif", "R/T"), "isian tidak sah"),
    ((100, 50, object()), "isian tidak sah"),
])
def test_capaian_udf_never_raises(args, expected):
    assert udfs.KINERJA_CAPAIAN(*args) == expected


def test_predikat_udf():
    assert udfs.KINERJA_PREDIKAT(90.994) == "Tinggi"
    assert udfs.KINERJA_PREDIKAT(90.995) == "Sangat Tinggi"
    assert udfs.KINERJA_PREDIKAT("75,5") == "Sedang"
    assert udfs.KINERJA_PREDIKAT(None) == ""
    assert udfs.KINERJA_PREDIKAT("abc") == "bukan angka"
    skala = [[80.0, "Baik"], [None, "Kurang"]]
    assert udfs.KINERJA_PREDIKAT(80, skala) == "Baik"
    assert udfs.KINERJA_PREDIKAT(79.99, skala) == "Kurang"
    assert udfs.KINERJA_PREDIKAT(80, [[80.0, "Baik"], [70.0, "Cukup"]]) == "skala tidak sah"
    assert udfs.KINERJA_PREDIKAT(80, [80.0, "Baik"]) == "skala harus 2 kolom"


def test_agregat_udf_ranges():
    # A row or column arrives as a list, a block as a list of rows, one cell as a value.
    assert udfs.KINERJA_AGREGAT([97.25, 99.1, None, None], "Rata-rata") == 98.175
    assert udfs.KINERJA_AGREGAT([[None], [3.38], [None], [3.61]], "Nilai Akhir") == 3.61
    assert udfs.KINERJA_AGREGAT([[1.0, 2.0], [3.0, 4.0]], "Jumlah") == 10.0
    assert udfs.KINERJA_AGREGAT(7.5, "Jumlah") == 7.5
    assert udfs.KINERJA_AGREGAT(["19,5", ""], "Jumlah") == 19.5
    assert udfs.KINERJA_AGREGAT([None, None], "Jumlah") == ""
    assert udfs.KINERJA_AGREGAT([1.0, "x"], "Jumlah") == "bukan angka"
    assert udfs.KINERJA_AGREGAT([1.0], "Median") == "isian tidak sah"


@pytest.mark.parametrize("agregasi", ["Jumlah", "Nilai Akhir", "Rata-rata"])
def test_agregat_udf_four_equal_values(agregasi):
    expected = 12.5 * 4 if agregasi == "Jumlah" else 12.5
    assert udfs.KINERJA_AGREGAT([12.5] * 4, agregasi) == expected


# --- generated VBA --------------------------------------------------------------------
def _vba_functions(text: str) -> dict[str, list[str]]:
    found = re.findall(r"^Function (\w+)\((.*)\)\r$", text, flags=re.MULTILINE)
    return {name: [p.strip() for p in params.split(",") if p.strip()] for name, params in found}


def test_module_header_and_line_ends():
    text = generate_udf_module()
    assert text.startswith('Attribute VB_Name = "KinerjaUDF"\r\n')
    assert "\n" not in text.replace("\r\n", "")
    assert '#Const App = "Microsoft Excel"' in text


def test_one_wrapper_per_udf_with_matching_arguments():
    vba = _vba_functions(generate_udf_module())
    assert sorted(vba) == sorted(UDF_NAMES)
    for name in UDF_NAMES:
        params = inspect.signature(getattr(udfs, name)).parameters.values()
        expected = [("Optional " if p.default is not inspect.Parameter.empty else "") + p.name
                    for p in params]
        assert vba[name] == expected


def test_wrapper_calls_python_through_xlwings():
    text = generate_udf_module()
    for name in UDF_NAMES:
        params = [p.name for p in inspect.signature(getattr(udfs, name)).parameters.values()]
        args = "Array(" + ", ".join(params) + ")"
        assert (f'{name} = XLPy.CallUDF("kinerja_udfs", "{name}", {args}, ThisWorkbook, '
                "Application.Caller)") in text
        assert f'{name} = XLPy.CallUDF("kinerja_udfs", "{name}", {args})\r\n' in text
        assert f"    {name} = Err.Description\r\nEnd Function" in text
    lines = text.split("\r\n")
    assert sum(line.startswith("Function ") for line in lines) == len(UDF_NAMES)
    assert lines.count("End Function") == len(UDF_NAMES)


def test_wrapper_reads_decorators_without_importing():
    source = '''
import xlwings as xw

@xw.func(volatile=True, call_in_wizard=False)
@xw.arg("wb", vba="ActiveWorkbook")
def F(a, wb, caller, b=1):
    pass

@xw.func
def G(a, *rest):
    pass

def helper(x):
    pass
'''
    text = generate_udf_module(source).replace("\r\n", "\n")
    assert "Function F(a, Optional b)\n" in text
    assert "    Application.Volatile\n" in text
    assert 'Controls(1).Enabled) Then Exit Function' in text
    # Arguments xlwings fills itself are not in the signature; "caller" is Nothing,
    # replaced by the calling range inside xlwings.
    assert 'Array(a, ActiveWorkbook, Nothing, b)' in text
    assert "Function G(a, ParamArray rest())\n" in text
    assert "argsArray = Array(a)\n" in text
    assert "ReDim Preserve argsArray(0 to UBound(rest) - LBound(rest) + 1)" in text
    assert "helper" not in text


def test_udf_source_parses_and_every_public_function_is_exposed():
    tree = ast.parse((ROOT / "udfs" / "kinerja_udfs.py").read_text(encoding="utf-8"))
    public = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)
              and not n.name.startswith("_")}
    assert public == {f.name for f in udf_wrappers.read_udfs()}
