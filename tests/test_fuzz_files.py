"""Deterministic mutation fuzzing of the scenario and lesson readers (issue 14).

4,000 scenario and 1,000 lesson files, mutated from the shipped presets and lessons
(tests/fuzz_mutations.py), are written to disk and loaded through the real file loaders. Each
must give a clean error (the ScenarioError family, one line, at most 200 characters after the
file name, naming a field or a whole-file problem) or a valid load that saves back equal; every
20th valid one simulates (span capped at 2 years) to finite values. A failure names the seed
and index: ``mutated_file(kind, SEED, index)`` rebuilds the file. Cost: ~20-30 s on the 2-core
CI machine (docs/reliability.md); benchmarks/fuzz_soak.py runs 10,000+ with a per-file timeout.
"""

from collections import Counter

import pytest

from tests.fuzz_mutations import check_file, mutated_file, simulates_finite

SEED = 14
COUNTS = {"scenario": 4000, "lesson": 1000}


@pytest.mark.parametrize("kind", sorted(COUNTS))
def test_mutated_files_give_clean_errors_or_valid_round_trips(tmp_path, kind):
    outcomes: Counter = Counter()
    valid = 0
    suffix = ".bonelab.json" if kind == "scenario" else ".json"
    for i in range(COUNTS[kind]):
        path = tmp_path / f"fuzz-{i}{suffix}"
        path.write_bytes(mutated_file(kind, SEED, i))
        try:
            outcome, value = check_file(kind, path)
        except Exception as e:  # noqa: BLE001 - report which file, then fail
            raise AssertionError(f"{kind} file {i} (mutated_file({kind!r}, {SEED}, {i})): {type(e).__name__}: {e}") from e
        outcomes[outcome] += 1
        if outcome == "valid":
            if valid % 20 == 0:
                simulates_finite(value)
            valid += 1
        path.unlink()
    assert sum(outcomes.values()) == COUNTS[kind]
    # the mutations must exercise both paths, not only one
    assert outcomes["error"] > COUNTS[kind] // 2 and outcomes["valid"] > COUNTS[kind] // 20, outcomes


def test_the_fuzzer_is_deterministic():
    assert mutated_file("scenario", SEED, 7) == mutated_file("scenario", SEED, 7)
    assert mutated_file("lesson", SEED, 7) != mutated_file("lesson", SEED, 8)
