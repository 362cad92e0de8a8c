"""A value as a person sees it in a message: 8, not 8.0; 12.5 exactly as stored."""
from __future__ import annotations

from decimal import Decimal
from typing import Any


def tampil(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return "" if v is None else str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return str(v)
        d = Decimal(repr(v)).normalize()
        return format(d, "f")
    return str(v)
