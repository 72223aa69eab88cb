"""`bonegui`: the window, and headless subcommands that drive the same simulate() it uses.

    bonegui                                   open the window
    bonegui --screenshot FILE.png [--size WxH] [--layout-report FILE.json] [--preset ID] [--presentation]
    bonegui simulate (SCENARIO.json | --preset ID) [--years N] [--step DAYS] --out FILE.csv|FILE.json
    bonegui presets
    bonegui core ...                          the unmodulated Pivonka core with infusions
    bonegui validate [--report DIR]           the model against the literature
    bonegui cohort (SCENARIO.json | --preset ID) [--n N] [--seed S] --out FILE.csv|FILE.json

Bad input exits with status 2 and one line on stderr; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from bonegui import __version__

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, status 2 (argparse prints usage too; keep it short)
        raise _UsageError(f"{self.prog}: {message}")


class _UsageError(Exception):
    pass


def _build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="bonegui", description="Bone Remodeling Lab: a teaching simulator of hormones and bone remodeling.")
    p.add_argument("--version", action="version", version=f"bonegui {__version__}")
    p.add_argument("--screenshot", metavar="FILE.png", help="open the window offscreen, wait for the plots, save a PNG and exit")
    p.add_argument("--preset", metavar="ID", help="start from this preset (see `bonegui presets`)")
    p.add_argument("--size", metavar="WxH", help="window size, e.g. 1024x768 (default 1600x1000 for --screenshot)")
    p.add_argument("--layout-report", metavar="FILE.json",
                   help="with --screenshot: also write what the layout is (plot areas, overlapping or cut-off text)")
    p.add_argument("--presentation", action="store_true", help="presentation mode (large fonts, thick lines)")
    p.add_argument("--scenario", metavar="FILE", help="open this scenario file")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    sim = sub.add_parser("simulate", help="run a scenario headless and write CSV or JSON")
    sim.add_argument("scenario_file", nargs="?", metavar="SCENARIO.json")
    sim.add_argument("--preset", dest="sim_preset", metavar="ID")
    sim.add_argument("--years", type=float, help="override the scenario span (years)")
    sim.add_argument("--step", type=int, default=1, metavar="DAYS", help="output every DAYS days, 1-365 (default 1)")
    sim.add_argument("--out", required=True, metavar="FILE.csv|FILE.json")

    sub.add_parser("presets", help="list the presets: id<TAB>title")

    from bonegui import cli_cohort, cli_core, cli_validate

    cli_core.add_parser(sub)
    cli_validate.add_parser(sub)
    cli_cohort.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """The `bonegui` command. A reader that closes the pipe early (`bonegui presets | head -1`)
    ends it quietly with status 0: the reader got what it asked for."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # inside the try: a closed pipe shows up here for short outputs
        return code
    except BrokenPipeError:
        # Python would report the failed flush at exit; point stdout at devnull first
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_OK


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _build_parser().parse_args(argv)
        if args.command == "simulate":
            return _cmd_simulate(args)
        if args.command == "presets":
            return _cmd_presets()
        if args.command == "core":
            from bonegui import cli_core

            return cli_core.run(args)
        if args.command == "validate":
            from bonegui import cli_validate

            return cli_validate.run(args)
        if args.command == "cohort":
            from bonegui import cli_cohort

            return cli_cohort.run(args, _load_input_scenario, _CliError)
        return _run_window(args)
    except _UsageError as e:
        return _fail(str(e))
    except _CliError as e:
        return _fail(f"bonegui: {e}")


def main_gui() -> int:
    return main()


class _CliError(Exception):
    pass


def _fail(message: str) -> int:
    print(message.replace("\n", " "), file=sys.stderr)
    return EXIT_USAGE


def _cmd_presets() -> int:
    from bonegui.scenario import presets

    for p in presets():
        print(f"{p.id}\t{p.title}")
    return EXIT_OK


def _load_input_scenario(file: str | None, preset: str | None):
    from bonegui.scenario import ScenarioError, load_preset, load_scenario

    if bool(file) == bool(preset):
        raise _CliError("give a scenario file or --preset ID (exactly one)")
    try:
        return load_preset(preset) if preset else load_scenario(file)
    except ScenarioError as e:
        raise _CliError(str(e)) from None


def _cmd_simulate(args) -> int:
    from bonegui.model.simulate import simulate
    from bonegui.output import write_result
    from bonegui.scenario import ScenarioError, check_scenario

    scenario = _load_input_scenario(args.scenario_file, args.sim_preset)
    if args.years is not None:
        scenario = scenario.with_span(args.years)
    if not 1 <= args.step <= 365:
        raise _CliError(f"--step: {args.step} is outside 1-365 days")
    if not args.out.lower().endswith((".csv", ".json")):
        raise _CliError(f"--out: {args.out!r} must end in .csv or .json")
    try:
        check_scenario(scenario)
        result = simulate(scenario)
    except ScenarioError as e:
        field = "--years" if e.field == "span_years" and args.years is not None else e.field
        raise _CliError(f"{field}: {e.problem}") from None
    rows = result.every(args.step) if args.step > 1 else result
    try:
        write_result(args.out, rows, scenario)
    except OSError as e:
        raise _CliError(f"--out: cannot write {args.out!r} ({e.strerror})") from None
    print(f"wrote {args.out} ({len(rows)} rows)", file=sys.stderr)
    return EXIT_OK


def parse_size(text: str) -> tuple[int, int]:
    """"1024x768" -> (1024, 768); one clear line if it is not WxH with sides of 320 to 8000 px."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        w, h = (int(v) for v in parts)
    except ValueError:
        raise _CliError(f"--size: {text!r} is not WxH (for example 1024x768)") from None
    if not (320 <= w <= 8000 and 240 <= h <= 8000):
        raise _CliError(f"--size: {w}x{h} is outside 320x240 to 8000x8000 pixels")
    return w, h


def _run_window(args) -> int:
    from bonegui.display import window_problem, window_problem_line

    env = dict(os.environ)
    if args.screenshot:  # run_app renders offscreen unless a platform was chosen
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = window_problem(env)
    if problem:
        print(window_problem_line(problem), file=sys.stderr)
        return EXIT_USAGE
    if not args.screenshot:  # the interactive window keeps a log; batch screenshots do not
        from bonegui import logs

        logs.install()
    from bonegui.app.main import run_app

    size = parse_size(args.size) if args.size else None
    if args.layout_report and not args.screenshot:
        raise _CliError("--layout-report: only with --screenshot (the report describes that window)")
    return run_app(
        screenshot=args.screenshot,
        preset=args.preset,
        presentation=args.presentation,
        scenario_file=args.scenario,
        size=size,
        layout_report=args.layout_report,
    )
