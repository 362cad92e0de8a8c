"""Value types a grid may hold beside the plain ones, shared by `io` and `rules`
(which may not import each other's packages in both directions)."""
from __future__ import annotations


class Persen(float):
    """A number shown with a percent format: the cell holds 0.25 and shows 25 %.

    Excel and LibreOffice both store `25%` typed into a cell this way and switch the
    cell to a percent format.  Adapters return such numbers as `Persen`, so a rule
    that reads an indicator measured in % can take what the person saw (25), never
    0.25 silently (`rules.nilai_tampil`).
    """

    # repr stays float's: rules read numbers exactly through Decimal(repr(x)).
