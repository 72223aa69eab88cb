"""`bonegui core`: the unmodulated Pivonka 2008 bone-cell core with optional infusions.

    bonegui core --days 140 --infuse PTH=1000 --from-day 20 --to-day 80 --out core.csv

The lab bench for the classic experiments (Pivonka 2008, Lemaire 2004): a continuous OPG
infusion gives net bone gain, RANKL or PTH infusion net loss. Writes one row per day:
t_days, obp_pm, oba_pm, oca_pm, rankl_pm, opg_pm, tgfb_pm, bv_rel, after a ``# units:`` line.
``--sbml FILE.xml`` also writes the same experiment as an SBML Level 3 model (bonegui.sbml).
Bad input: exit status 2 and one line on stderr naming the option and the allowed range.
"""

from __future__ import annotations

import csv
import io
import math
import sys

COLUMNS = ("t_days", "obp_pm", "oba_pm", "oca_pm", "rankl_pm", "opg_pm", "tgfb_pm", "bv_rel")
UNITS = {"t_days": "d", **{c: "pM" for c in COLUMNS[1:7]}, "bv_rel": "1 (relative to day 0)"}
DAYS_RANGE = (1.0, 36525.0)
#: allowed infusion rate per factor, pM/d (0 up to 1000x the factor's own production scale)
INFUSION_MAX = {"PTH": 1.0e5, "OPG": 1.0e8, "RANKL": 1.0e5, "TGFb": 10.0}


class CoreUsageError(Exception):
    pass


def add_parser(sub) -> None:
    p = sub.add_parser(
        "core",
        help="the unmodulated Pivonka bone-cell core with optional infusions",
        description="Run the unmodulated Pivonka 2008 core from its steady state, with optional "
        "constant infusions (pM/day) between --from-day and --to-day; write a daily CSV.",
    )
    p.add_argument("--days", type=str, default="140", help="simulated days (1-36525; default 140)")
    p.add_argument("--infuse", action="append", default=[], metavar="FACTOR=RATE",
                   help="infusion in pM/day; FACTOR is PTH, OPG, RANKL or TGFb; repeatable")
    p.add_argument("--from-day", dest="from_day", type=str, default="0", help="infusion start day (default 0)")
    p.add_argument("--to-day", dest="to_day", type=str, default=None, help="infusion stop day (default: the end)")
    p.add_argument("--out", metavar="FILE.csv", help="output CSV ('-' for stdout)")
    p.add_argument("--sbml", metavar="FILE.xml",
                   help="also (or only) write this experiment as an SBML Level 3 model; needs pip install 'bonegui[sbml]'")


def _number(option: str, text: str, lo: float, hi: float, unit: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise CoreUsageError(f"{option}: {text!r} is not a number; allowed {lo:g}-{hi:g} {unit}") from None
    if not math.isfinite(value) or not lo <= value <= hi:
        raise CoreUsageError(f"{option}: {text} is outside {lo:g}-{hi:g} {unit}")
    return value


def parse_infusions(items: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        name, sep, rate = item.partition("=")
        name = name.strip()
        if not sep or name not in INFUSION_MAX:
            raise CoreUsageError(
                f"--infuse: {item!r} must be FACTOR=RATE with FACTOR one of {', '.join(INFUSION_MAX)}"
            )
        out[name] = _number(f"--infuse {name}", rate.strip(), 0.0, INFUSION_MAX[name], "pM/day")
    return out


def parse(args) -> tuple[float, dict[str, float], float, float]:
    days = _number("--days", args.days, *DAYS_RANGE, "days")
    infusion = parse_infusions(args.infuse)
    from_day = _number("--from-day", args.from_day, 0.0, days, "days (0 to --days)")
    to_day = days if args.to_day is None else _number("--to-day", args.to_day, 0.0, days, "days (0 to --days)")
    if to_day < from_day:
        raise CoreUsageError(f"--to-day: {to_day:g} is before --from-day ({from_day:g}); allowed {from_day:g}-{days:g} days")
    return days, infusion, from_day, to_day


def run(args) -> int:
    try:
        days, infusion, from_day, to_day = parse(args)
        if not args.out and not args.sbml:
            raise CoreUsageError("give --out FILE.csv and/or --sbml FILE.xml")
        if args.sbml and not args.sbml.lower().endswith(".xml"):
            raise CoreUsageError(f"--sbml: {args.sbml!r} must end in .xml")
        for option, path in (("--out", args.out), ("--sbml", args.sbml)):
            if path and path != "-" and not _parent_is_dir(path):
                raise CoreUsageError(f"{option}: cannot write {path!r}: no such folder")
    except CoreUsageError as e:
        print(f"bonegui core: {e}", file=sys.stderr)
        return 2
    from bonegui.scenario.io import atomic_write_text

    if args.sbml:
        from bonegui import sbml

        try:
            xml = sbml.sbml_text(infusion, from_day, to_day, days)
        except sbml.SbmlUnavailable as e:
            print(f"bonegui core: --sbml: {e}", file=sys.stderr)
            return 2
        if not _write(atomic_write_text, "--sbml", args.sbml, xml):
            return 2
        what = ", ".join(f"{k} {v:g} pM/d" for k, v in infusion.items())
        what = f"infusing {what} on days {from_day:g}-{to_day:g}" if what else "no infusion"
        print(f"wrote {args.sbml} (SBML Level 3: the Pivonka 2008 core, {what}, {days:g} days)", file=sys.stderr)
    if not args.out:
        return 0

    from bonegui.model.bone import run_core
    from bonegui.output import units_comment

    result = run_core(days, infusion, from_day, to_day)
    text = units_comment(COLUMNS, UNITS) + core_csv(result)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        if not _write(atomic_write_text, "--out", args.out, text):
            return 2
        print(f"wrote {args.out} ({len(result['t_days'])} rows)", file=sys.stderr)
    return 0


def _write(write, option: str, path: str, text: str) -> bool:
    try:
        write(path, text)
    except OSError as e:
        print(f"bonegui core: {option}: cannot write {path!r}: {e.strerror}", file=sys.stderr)
        return False
    return True


def _parent_is_dir(path: str) -> bool:
    from pathlib import Path

    return Path(path).resolve().parent.is_dir()


def core_csv(result) -> str:
    """Header and one row per day (time as %g, values to 9 significant digits)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    cols = [result[c] for c in COLUMNS]
    for i in range(len(cols[0])):
        w.writerow([f"{cols[0][i]:g}"] + [f"{c[i]:.9g}" for c in cols[1:]])
    return buf.getvalue()
