"""docs/panduan.md and its pictures in docs/gambar stay in step."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PANDUAN = DOCS / "panduan.md"
GAMBAR = DOCS / "gambar"
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


def _script():
    path = ROOT / "scripts" / "gambar_panduan.py"
    spec = importlib.util.spec_from_file_location("gambar_panduan", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _links() -> list[str]:
    return IMAGE_LINK.findall(PANDUAN.read_text(encoding="utf-8"))


def test_every_image_link_points_to_an_existing_file():
    links = _links()
    assert links, "panduan.md has no pictures"
    for link in links:
        assert not link.startswith(("/", "http")), f"not a relative link: {link}"
        assert (DOCS / link).is_file(), f"missing picture: {link}"


def test_every_picture_is_referenced():
    used = {(DOCS / link).resolve() for link in _links()}
    for png in GAMBAR.iterdir():
        assert png.resolve() in used, f"{png.name} is not used in panduan.md"


def test_script_list_equals_files_present():
    script = _script()
    listed = [g.berkas for g in script.GAMBAR_PANDUAN]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(p.name for p in GAMBAR.iterdir())


def test_pictures_are_small_pngs():
    for png in GAMBAR.glob("*.png"):
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", png.name
        assert len(data) < 250_000, f"{png.name}: {len(data)} bytes"
