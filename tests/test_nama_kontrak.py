"""Every name of the workbook contract is written once, in `kinerja_xl/layout.py`.

Code elsewhere uses a header, a sheet name, a setting key, a status word or a
quarter's name by its constant (`L.KODE_H`, `L.PK`, `L.TAHUN_KUNCI`, `L.STATUS_DRAF`,
`L.tw(2)`, `L.target_h(2)`), so renaming one in layout.py is one edit and a missed
use cannot keep the old word.  This test reads the package's source and fails on a
string constant outside layout.py and rules.py that equals a contract name;
docstrings, f-strings and formulas (text starting with "=") aside.

A few names are also ordinary words (`UMUM`: "Unit", "Status", "Nilai" …) that a
message or a label may say as a word; those fail only where the real risk is, as a
lookup key: an argument of `.col(`, `.get(`, `setting(`, `.row(` and the like, a key
of a dict handed to one of them, a subscript, or a `kolom=` naming a column.

`python tests/test_nama_kontrak.py` prints the offenders (file:line).
"""
from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "kinerja_xl"
# The two modules that define the names.
DEFINE = {"layout.py", "rules.py"}

# Sheet names and prefixes, and status words, by their constants in layout.py.
SHEETS = ("PENGATURAN", "UNIT", "PK", "RA", "DISPOSISI", "PEMBAGIAN_TUGAS", "BAHAN_PREFIX",
          "KOREKSI_KASI", "LAPORAN_PREFIX", "KOREKSI_KABID", "KABID_PREFIX",
          "PEMERIKSAAN_KADIN", "REKAP_PREFIX", "REKAP_TAHUNAN", "STATUS_SOP", "TEMUAN",
          "RIWAYAT")
STATUS = ("STATUS_DRAF", "STATUS_DIAJUKAN", "DISETUJUI", "DIKEMBALIKAN", "BELUM", "BERJALAN",
          "SELESAI", "STATUS_FINAL", "STATUS_BELUM_FINAL", "STATUS_TAHUNAN", "PERIODE_TAHUNAN",
          "KEPUTUSAN_KEDALUWARSA", "KEPUTUSAN_BELUM", "TARGET_PERUBAHAN")

# Names that are also ordinary words: checked only as lookup keys.
UMUM = frozenset({
    "Unit", "PK", "RA", "Status", "Jenis", "Level", "No", "Nilai", "Kunci", "Keterangan",
    "Output", "Sel", "Hash", "Pesan", "Tautan", "Waktu", "Aksi", "Langkah", "Catatan",
    "Oleh", "Alasan", "Kolom", "Lembar", "Tingkat", "Mulai", "Selesai", "Kepada",
    "Periode", "Bidang", "Tahun", "Tempat", "Alamat", "Logo", "Pengguna", "Ringkasan",
    "Kegiatan", "Pelaksana", "Kelengkapan", "Terlambat", "Keputusan", "Temuan",
    "Riwayat", "Pengaturan", "Tahunan", "Induk", "Jabatan", "Sidik", "Target",
    "Predikat", "NIP", "belum", "berjalan", "selesai", "Draf", "Diajukan", "Disetujui",
    "Dikembalikan", "FINAL",
})

KEY_METHODS = {"col", "column", "get", "setting", "row", "cell", "temuan", "add", "pop",
               "index"}
KEY_KEYWORDS = {"kolom", "header", "kunci"}
# The same word naming something else: {(module, the word, or the call whose first
# argument it is, or the constant or function it is written in): why}.
LAIN = {
    ("ops/inti/keputusan.py", "KOLOM"): "the field names a lock record in Riwayat keeps",
    ("ops/inti/keputusan.py", "_STAFF_HEADER"): "the same field names",
    ("ops/inti/keputusan.py", "_KOREKSI"): "the same field names",
    ("ops/inti/keputusan.py", "_where"): "the same field names",
    ("io/paket.py", "Target"): "the OOXML relationship attribute",
    ("io/xlsx_adapter.py", "Target"): "the OOXML relationship attribute",
    ("tabel/berkas.py", "Target"): "the OOXML relationship attribute",
    ("tabel/alias.py", "JenisTabel"): "the name of a kind of input table, for messages",
}


def _layout():
    sys.path.insert(0, str(ROOT))
    try:
        from kinerja_xl import layout
    finally:
        sys.path.remove(str(ROOT))
    return layout


def nama_kontrak(L=None) -> set[str]:
    """Every name of the contract: the headers of every `Columns` table, sheet names
    and prefixes, setting keys, status words and the quarters' names."""
    L = L or _layout()
    out: set[str] = set()
    for value in vars(L).values():
        if isinstance(value, L.Columns):
            out.update(value.headers)
    out.update(getattr(L, k) for k in SHEETS + STATUS)
    out.update(L.SETTING_KEYS)
    out.update(L.tw(n) for n in L.TRIWULAN)
    out.discard("")
    return out


def _skipped(tree: ast.AST) -> set[int]:
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
        if isinstance(node, ast.JoinedStr):
            # the text of an f-string, not the expressions inside its braces
            out.update(id(part) for part in node.values if isinstance(part, ast.Constant))
    return out


def _called(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")


def _on_settings(target: ast.AST) -> bool:
    """A dict of Pengaturan's values (`pengaturan["Tahun"]`, `pengaturan.get(...)`)."""
    return "pengaturan" in ast.unparse(target).casefold()


def _named(node: ast.AST) -> str | None:
    """'setting' or 'key' for a contract name written by its constant (`L.TAHUN_KUNCI`,
    `L.KODE_H`, `L.target_h(1)`); None for anything else."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
            and node.value.id in ("L", "layout"):
        if node.attr.endswith("_KUNCI"):
            return "setting"
        if node.attr.endswith(("_H", "_h")):
            return "key"
    return None


def position(node: ast.AST, up: dict[int, ast.AST], kind=lambda value: None) -> str | None:
    """Where a string sits: 'setting' (a Pengaturan key), 'key' (a lookup key: an
    argument of `.col(`, `.get(`, `setting(` …, a subscript, a `kolom=`, a key of a dict
    or an item of a tuple beside contract names) or None (anything else).  `kind(value)`
    says what a literal sibling is ('setting', 'key' or None)."""
    parent = up.get(id(node))
    if isinstance(parent, ast.keyword):
        return "key" if parent.arg in KEY_KEYWORDS else None
    if isinstance(parent, ast.Call) and node in parent.args:
        name = _called(parent)
        if name == "setting":
            return "setting"
        if name in KEY_METHODS:
            f = parent.func
            on = f.value if isinstance(f, ast.Attribute) else f
            return "setting" if _on_settings(on) else "key"
        return None
    if isinstance(parent, ast.Subscript):
        if parent.slice is not node:
            return None
        return "setting" if _on_settings(parent.value) else "key"
    if isinstance(parent, ast.Dict) and any(k is node for k in parent.keys):
        grand = up.get(id(parent))
        if isinstance(grand, ast.Call) and _called(grand) in KEY_METHODS:
            return "key"
        siblings = [k for k in parent.keys if k is not None and k is not node]
    elif isinstance(parent, (ast.Tuple, ast.List, ast.Set)):
        siblings = [e for e in parent.elts if e is not node]
    else:
        return None
    kinds = {_named(s) or (kind(s.value) if isinstance(s, ast.Constant)
                           and isinstance(s.value, str) else None) for s in siblings}
    kinds.discard(None)
    if not kinds:
        return None
    return "setting" if kinds == {"setting"} else "key"


def other_meaning(rel: str, node: ast.AST, up: dict[int, ast.AST]) -> bool:
    """A word `LAIN` names for this module, the first argument of a call it names, or
    a word inside a constant or a function it names."""
    if (rel, getattr(node, "value", None)) in LAIN:
        return True
    parent = up.get(id(node))
    if (isinstance(parent, ast.Call) and bool(parent.args) and parent.args[0] is node
            and (rel, _called(parent)) in LAIN):
        return True
    while parent is not None:
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if (rel, parent.name) in LAIN:
                return True
        elif isinstance(parent, (ast.Assign, ast.AnnAssign)):
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            if any(isinstance(t, ast.Name) and (rel, t.id) in LAIN for t in targets):
                return True
        parent = up.get(id(parent))
    return False


def literal_names(modules: list[tuple[str, ast.Module]], names: set[str],
                  umum: frozenset[str] = UMUM) -> list[str]:
    """'file:line 'name'' for each contract name written as a literal."""
    out = []
    for rel, tree in modules:
        if rel in DEFINE:
            continue
        up = {id(c): n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
        skip = _skipped(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if id(node) in skip or node.value.startswith("=") or node.value not in names:
                continue
            if other_meaning(rel, node, up):
                continue
            kind = (lambda v: "key" if v in names and v not in umum else None)
            if node.value in umum and position(node, up, kind) is None:
                continue
            out.append(f"kinerja_xl/{rel}:{node.lineno} {node.value!r}")
    return sorted(out, key=lambda s: (s.split(":")[0], int(s.split(":")[1].split()[0])))


def package_modules() -> list[tuple[str, ast.Module]]:
    return [(p.relative_to(PKG).as_posix(), ast.parse(p.read_text(encoding="utf-8")))
            for p in sorted(PKG.rglob("*.py"))]


def test_no_contract_name_is_written_outside_layout():
    offenders = literal_names(package_modules(), nama_kontrak())
    assert not offenders, ("contract names written as literals (use layout's constant):\n"
                           + "\n".join(offenders))


def test_the_check_sees_a_planted_literal():
    """The check flags a header used as a key or a value, a specific header anywhere,
    and leaves prose, docstrings, f-strings and formulas alone (a fixture)."""
    src = '''"""Kode"""
from .. import layout as L

def f(row, ref, grid):
    """Indikator"""
    a = L.LAPORAN.col("Indikator")
    b = row.get("Unit")
    c = L.PK_TABLE.row({"Kode": 1, "Satuan": "%"})
    d = ref.setting("Tahun")
    e = grid["Status"]
    g = ("Kode unit", "Realisasi TW II")
    h = "Unit"
    i = f"{a} Kode"
    j = "=Kode"
    k = "Tabel Unit bermasalah"
    m = problems.add(row, None, "x", kolom="Level")
'''
    found = literal_names([("ops/x.py", ast.parse(src)),
                           ("layout.py", ast.parse('KODE_H = "Kode"\n'))], nama_kontrak())
    assert found == ["kinerja_xl/ops/x.py:6 'Indikator'", "kinerja_xl/ops/x.py:7 'Unit'",
                     "kinerja_xl/ops/x.py:8 'Kode'", "kinerja_xl/ops/x.py:8 'Satuan'",
                     "kinerja_xl/ops/x.py:9 'Tahun'", "kinerja_xl/ops/x.py:10 'Status'",
                     "kinerja_xl/ops/x.py:11 'Kode unit'",
                     "kinerja_xl/ops/x.py:11 'Realisasi TW II'",
                     "kinerja_xl/ops/x.py:16 'Level'"], found


def test_a_header_renamed_in_layout_is_renamed_everywhere(tmp_path, monkeypatch):
    """The rename proof: a header's string is written once in layout.py (changing that
    one line renames it in every table that has it), and no other module holds it."""
    L = _layout()
    source = (PKG / "layout.py").read_text(encoding="utf-8")
    line = 'INDIKATOR_H = "Indikator"\n'
    assert source.count(line) == 1 and source.count('"Indikator"') == 1
    renamed = tmp_path / "layout_renamed.py"
    renamed.write_text(source.replace(line, 'INDIKATOR_H = "Nama indikator kinerja"\n'),
                       encoding="utf-8")
    spec = importlib.util.spec_from_file_location("kinerja_xl._layout_renamed", renamed)
    mod = importlib.util.module_from_spec(spec)
    mod.__package__ = "kinerja_xl"
    monkeypatch.setitem(sys.modules, spec.name, mod)
    spec.loader.exec_module(mod)
    tables = [k for k, v in vars(L).items() if isinstance(v, L.Columns)
              and "Indikator" in v.headers]
    assert len(tables) >= 5, tables
    for k in tables:
        old, new = getattr(L, k).headers, getattr(mod, k).headers
        assert "Indikator" not in new and new == tuple(
            "Nama indikator kinerja" if h == "Indikator" else h for h in old), k
    assert not [o for o in literal_names(package_modules(), {"Indikator"}) if o]


if __name__ == "__main__":
    print("\n".join(literal_names(package_modules(), nama_kontrak())) or "none")
