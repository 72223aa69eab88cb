"""`bonegui cohort (SCENARIO.json | --preset ID) [--n 1000] [--seed 1] [--years N] [--step DAYS]
--out FILE.csv|FILE.json`: people like the scenario's patient (bonegui.model.cohort), one row per
output step with the 5th, 50th and 95th percentiles, the WHO-class shares and the median 10-year
fracture risks. Deterministic for a seed. Bad input exits 2 with one line."""

from __future__ import annotations

import json
import sys

EXIT_OK, EXIT_USAGE = 0, 2


def add_parser(sub) -> None:
    p = sub.add_parser("cohort", help="a virtual cohort around the scenario's patient: percentiles, WHO classes, fracture risk")
    p.add_argument("scenario_file", nargs="?", metavar="SCENARIO.json")
    p.add_argument("--preset", dest="cohort_preset", metavar="ID")
    p.add_argument("--n", type=int, default=1000, metavar="PEOPLE", help="people in the cohort, 10-5000 (default 1000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1): the same seed gives the same file")
    p.add_argument("--years", type=float, help="override the scenario span (years)")
    p.add_argument("--step", type=int, default=7, metavar="DAYS", help="output every DAYS days, 1-91 (default 7)")
    p.add_argument("--out", required=True, metavar="FILE.csv|FILE.json")


def cohort_to_csv(result, scenario) -> str:
    import io

    import numpy as np

    from bonegui.output import flags_comment, units_comment

    names = result.names
    buf = io.StringIO()
    buf.write(units_comment(names, result.units) + flags_comment(scenario) + ",".join(names) + "\n")
    np.savetxt(buf, np.column_stack([result[n] for n in names]), delimiter=",", fmt="%.10g")
    return buf.getvalue()


def cohort_to_json(result, scenario) -> str:
    from bonegui import __version__
    from bonegui.output import dose_flags
    from bonegui.scenario import scenario_to_dict

    return json.dumps({
        "generator": f"bonegui {__version__}", "n": result.n, "seed": result.seed,
        "units": dict(result.units), "dose_flags": dose_flags(scenario),
        "series": {k: [float(x) for x in v] for k, v in result.series.items()},
        "scenario": scenario_to_dict(scenario),
    })


def run(args, load_input, error) -> int:
    from bonegui.model.cohort import simulate_cohort
    from bonegui.scenario import ScenarioError, check_scenario
    from bonegui.scenario.io import atomic_write_text

    scenario = load_input(args.scenario_file, args.cohort_preset)
    if args.years is not None:
        scenario = scenario.with_span(args.years)
    if not 1 <= args.step <= 91:
        raise error(f"--step: {args.step} is outside 1-91 days")
    if not args.out.lower().endswith((".csv", ".json")):
        raise error(f"--out: {args.out!r} must end in .csv or .json")
    try:
        check_scenario(scenario)
        result = simulate_cohort(scenario, n=args.n, seed=args.seed, step_days=float(args.step))
    except ScenarioError as e:
        field = "--years" if e.field == "span_years" and args.years is not None else e.field
        raise error(f"{field}: {e.problem}") from None
    except ValueError as e:  # the cohort's own arguments (n)
        raise error(f"--{e}") from None
    text = cohort_to_json(result, scenario) if args.out.lower().endswith(".json") else cohort_to_csv(result, scenario)
    try:
        atomic_write_text(args.out, text)
    except OSError as e:
        raise error(f"--out: cannot write {args.out!r} ({e.strerror})") from None
    print(f"wrote {args.out} ({len(result['t_years'])} rows, {result.n} people, seed {result.seed})", file=sys.stderr)
    return EXIT_OK
