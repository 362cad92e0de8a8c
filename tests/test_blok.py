"""The shortcuts of writing a report, each against the plain form it stands for.

Comparing a planned block with what the sheet holds: the row-by-row comparison
(`_same_block`) answers what converting both sides whole (`_same` of `_region` and
`_wanted`) answers, on blocks that differ, match, end early or late, and hold values
of every kind a grid or a plan has.  A report's cell numbers (`hitung.angka_sel`) are
what `number(as_decimal(x))` makes of them."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from kinerja_xl.io.base import Formula
from kinerja_xl.ops.inti.blok import _region, _same, _same_block, _wanted

VALUES = [None, None, "", "a", "b", 1, 1.0, 2, 2.5, True, False, Decimal("1"), Decimal("2.5"),
          Formula("=A1"), Formula(""), dt.datetime(2026, 1, 2, 3, 4, 5, 600),
          dt.datetime(2026, 1, 2, 3, 4, 5), float("nan")]


def _rows(rng: random.Random, n: int, width: int, pool: list) -> list[list]:
    return [[rng.choice(pool) for _ in range(rng.randint(0, width))] for _ in range(n)]


def test_row_by_row_comparison_answers_as_the_whole_one():
    rng = random.Random(23)
    answers = set()
    for case in range(4000):
        width, left, top = rng.choice((1, 2, 3)), rng.choice((1, 2)), rng.choice((1, 2, 3))
        pool = VALUES if case % 2 else [None, "", "a", 1, 1.0, Formula("=A1")]
        wanted = _rows(rng, rng.randint(0, 4), width, pool)
        grid = _rows(rng, rng.randint(0, 6), width + left, pool)
        if case % 3 == 0:  # the sheet holds the block, maybe with more around it
            # a formula we wrote reads back as its value, or as nothing
            grid = [[None] * (left - 1) + [rng.choice((None, "", 1, "a")) if type(v) is Formula
                                           else v for v in row]
                    for row in ([[]] * (top - 1) + wanted)]
            grid += [[]] * rng.randint(0, 2) + ([["x"]] if case % 9 == 0 else [])
        want = _same(_region(grid, top, left, width), _wanted(wanted, width))
        assert _same_block(grid, top, left, width, wanted) == want, (grid, top, left, width,
                                                                      wanted)
        answers.add(want)
    assert answers == {True, False}


def test_cell_numbers_skip_the_decimal_and_say_the_same():
    """hitung.angka_sel is number(as_decimal(x)): the same value and type for every
    number a report writes, the same refusal for what is no finite number."""
    import pytest

    from kinerja_xl.ops.inti.hitung import angka_sel, number
    from kinerja_xl.rules import as_decimal
    rng = random.Random(23)
    values = [0.0, -0.0, 1.0, -3.0, 0.1 + 0.2, 200.01, 1e15, 1e15 - 1, -1e15, 1e16, 2.0 ** 53,
              1e-300, 5e-324, 1.7976931348623157e308, 7, 2 ** 60 + 1, Decimal("2.50"), None]
    values += [rng.uniform(-1e6, 1e6) for _ in range(300)]
    values += [float(rng.randint(-10 ** 6, 10 ** 6)) for _ in range(100)]
    for v in values:
        want = number(as_decimal(v))
        got = angka_sel(v)
        assert (got, type(got)) == (want, type(want)), v
    for bad in (float("nan"), float("inf"), -float("inf"), True):
        with pytest.raises((ValueError, TypeError)):
            number(as_decimal(bad))
        with pytest.raises((ValueError, TypeError)):
            angka_sel(bad)
