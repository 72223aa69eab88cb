"""`bonegui validate [--case ID ...] [--report DIR]`: every calibration case (CALIBRATION.md
C1-C20) run through the window's simulate(), printed as a table with one row per case part.

Exit status: 0 when every part passes, 1 when any fails (or cannot run yet), 2 for bad input.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help="run every calibration case and print model vs literature")
    p.add_argument("--case", action="append", metavar="ID", dest="case_ids",
                   help="run only this case (e.g. C3); may be given more than once")
    p.add_argument("--report", metavar="DIR",
                   help="also write DIR/validation.md and DIR/validation.png (model vs target, tolerance bands)")


def _err(msg: str) -> int:
    print(f"bonegui validate: {msg}", file=sys.stderr)
    return EXIT_USAGE


def run(args) -> int:
    from bonegui.validation import CaseError, load_cases, run_cases
    from bonegui.validation.report import format_table, summary

    try:
        cases = load_cases()
    except CaseError as e:
        return _err(str(e))
    wanted = [c.strip().upper() for ids in (args.case_ids or []) for c in ids.split(",") if c.strip()]
    if wanted:
        known = {c.id.upper(): c for c in cases}
        unknown = [w for w in wanted if w not in known]
        if unknown:
            return _err(f"--case: unknown case {', '.join(unknown)}; known cases: {', '.join(c.id for c in cases)}")
        cases = tuple(known[w] for w in dict.fromkeys(wanted))
    report_dir = None
    if args.report:
        report_dir = Path(args.report)
        if report_dir.exists() and not report_dir.is_dir():
            return _err(f"--report: {args.report!r} is a file, not a folder")
        try:
            report_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            return _err(f"--report: cannot create {args.report!r} ({e.strerror})")

    result = run_cases(cases)
    print(format_table(result))
    print()
    print(summary(result))
    if report_dir is not None:
        code = _write_report(result, report_dir)
        if code != EXIT_OK:
            return code
    return EXIT_OK if result.passed else EXIT_FAIL


def _write_report(result, report_dir: Path) -> int:
    from bonegui.validation.report import markdown

    # the figure is painted with Qt into an image: no window, so no display is needed
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bonegui.app.dialogs.validation_figure import save_figure

    png = report_dir / "validation.png"
    md = report_dir / "validation.md"
    try:
        save_figure(result, png)
        md.write_text(markdown(result, png.name, command=f"bonegui validate --report {report_dir}"), encoding="utf-8")
    except OSError as e:
        return _err(f"--report: cannot write into {str(report_dir)!r} ({e.strerror or e})")
    print(f"wrote {md} and {png}", file=sys.stderr)
    return EXIT_OK
