"""Real forms of real offices (tests/korpus/, see its README): every file read as its kind
calls for through the commands a user runs, every expected number compared.

A file is read exactly (every number the expected JSON lists is in the workbook, or in
`periksa-tabel`'s reading), or refused with a message that names the one step to take;
never a number in the wrong place, never "galat yang tidak terduga". The scorer
(tests/korpus_skor.py) derives each file's kind from its expected table, so a form
added to tests/korpus/ later is tested without code here.
"""
from __future__ import annotations

import pytest

from korpus_skor import KORPUS, berkas_korpus, harapan, jenis_berkas, skor

BERKAS = berkas_korpus()


def test_the_corpus_is_in_the_project():
    # A fresh clone has no ../shared: the forms and their expected numbers are ours.
    assert len(BERKAS) >= 4
    for path in BERKAS:
        assert path.with_suffix(".expected.json").is_file(), path.name
    assert (KORPUS / "README.md").is_file()
    kinds = {jenis_berkas(harapan(p)) for p in BERKAS}
    assert kinds == {"renja", "esakip", "renstra"}


@pytest.mark.parametrize("path", BERKAS, ids=lambda p: p.stem)
def test_every_real_form_is_read_exactly_or_refused_with_one_step(path, tmp_path):
    s = skor(path, tmp_path)
    assert s.jumlah > 0, s.ditolak
    assert s.cocok == s.jumlah, "\n".join(s.selisih[:20])
    if s.ditolak is not None:
        assert "galat yang tidak terduga" not in s.ditolak
        assert path.name in s.ditolak, s.ditolak
        assert s.langkah is not None, s.ditolak
