"""The Permendagri 86/2017 "Evaluasi terhadap Hasil Renja Perangkat Daerah" form."""
from __future__ import annotations


def cocok_renja(spec):
    return None


def baca_renja(spec, pemisah=None):
    raise NotImplementedError
