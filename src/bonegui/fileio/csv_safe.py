"""CSV text cells that a spreadsheet will show, never run.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some versions, a tab or carriage return before one) as a formula: a pinned-run name
``=HYPERLINK("http://...")`` would become a live link. ``csv_text_cell`` prefixes such text with
an apostrophe, which spreadsheets display as plain text (OWASP "CSV injection"). Only for TEXT
columns: numbers are written by the number formatter and never pass through here.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_text_cell(text: str) -> str:
    """``text`` made safe for a spreadsheet: a leading formula character gets a ``'`` before it."""
    text = str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_line(cells: Iterable[object]) -> str:
    """One CSV line (with its newline) from mixed cells: str cells go through ``csv_text_cell``
    and are quoted as needed; numbers are written with ``%.10g``."""
    out = []
    for c in cells:
        if isinstance(c, str):
            out.append(csv_text_cell(c))
        elif isinstance(c, bool) or c is None:
            out.append("" if c is None else str(c).lower())
        elif isinstance(c, (int, float)):
            out.append(f"{c:.10g}")
        else:
            out.append(csv_text_cell(str(c)))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(out)
    return buf.getvalue()
