"""The README's two commands are what a new user and CI run; keep them in step with .ci/run."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bash_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", text, re.S)]


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    blocks = _bash_blocks(readme)
    install, tests = blocks[0], blocks[1]
    assert "bonegui" in install and "pip install ." in install
    for lib in ("libegl1", "libgl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3"):
        assert lib in install
    assert "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text()
    assert f"( {tests} )" in ci


def test_readme_screenshot_exists():
    readme = (ROOT / "README.md").read_text()
    (img,) = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
    assert (ROOT / img).stat().st_size > 10_000


def test_readme_presets_exist():
    from bonegui.scenario import presets

    ids = {p.id for p in presets()}
    named = set(re.findall(r"--preset ([a-z0-9_]+)", (ROOT / "README.md").read_text()))
    assert named and named <= ids, named - ids
