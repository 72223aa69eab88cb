"""The README's two commands are what a new user and CI run; keep them in step with .ci/run,
and keep the apt line in step with what Qt's xcb plugin actually links to."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bonegui import display
from tests.elf_needed import needed

ROOT = Path(__file__).resolve().parents[1]

#: The C/C++ runtime that apt and dpkg themselves depend on: present wherever the apt line runs.
APT_BASE = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g", "libzstd1"}


def _readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def _bash_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", text, re.S)]


def _apt_packages(line: str) -> set[str]:
    (packages,) = re.findall(r"apt-get install -y ([^&;]+)", line)
    return set(packages.split())


def test_the_first_commands_install_run_and_test():
    text = _readme()
    install, tests = _bash_blocks(text)[:2]
    assert text.index(install) < 1500  # near the top, right after the one-paragraph summary
    assert install.endswith("python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/bonegui")
    assert "\n" not in install and "\n" not in tests
    headless = re.search(r"^`(\.venv/bin/pip install \. && \.venv/bin/bonegui simulate [^`]+)`$", text, re.M)
    assert headless and text.index(install) < headless.start() < text.index(tests)
    assert "pytest" in tests and "'.[test]'" in tests


def test_ci_runs_exactly_the_readme_test_command():
    tests = _bash_blocks(_readme())[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert f"( {tests} )" in ci


def test_ci_installs_the_readme_packages():
    install = _bash_blocks(_readme())[0]
    ci = (ROOT / ".ci" / "run").read_text()
    (ci_list,) = re.findall(r"^readme_packages=\(([^)]*)\)", ci, re.M)
    assert set(ci_list.split()) == _apt_packages(install) - {"python3-venv"}


def test_install_line_works_as_root_and_as_a_user():
    install = _bash_blocks(_readme())[0]
    assert install.startswith("S=$(command -v sudo); $S apt-get update && $S apt-get install -y ")
    assert "sudo apt-get" not in install  # a root shell in a container has no sudo
    text = _readme()
    assert "Python ≥ 3.11" in text
    project = (ROOT / "pyproject.toml").read_text()
    assert 'requires-python = ">=3.11"' in project


def test_offline_route_is_given():
    text = _readme()
    assert ".venv/bin/pip wheel -w wheelhouse ." in text
    assert ".venv/bin/pip install --no-index --find-links wheelhouse bonegui" in text


def _system_links(plugin: Path) -> set[str]:
    """Sonames outside Qt's own folders that the xcb plugin, its GL integrations and the Qt
    libraries they load link to directly."""
    qt = plugin.parents[2]  # .../PySide6/Qt
    roots = [plugin, *sorted((qt / "plugins" / "xcbglintegrations").glob("*.so"))]
    own = {p.name: p for d in (qt / "lib", qt.parent) for p in d.glob("*.so*")}
    seen, todo, system = set(), list(roots), set()
    while todo:
        lib = todo.pop()
        if lib in seen:
            continue
        seen.add(lib)
        for name in needed(lib):
            if name in own:
                todo.append(own[name])
            elif not name.startswith("ld-linux"):
                system.add(name)
    return system


def _dpkg_owners(sonames: set[str]) -> dict[str, str]:
    """{soname: the installed package that owns it} for the libraries the loader finds."""
    found = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
    paths: dict[str, str] = {}
    for soname in sonames:
        m = re.search(rf"^\s+{re.escape(soname)} \(.*\) => (\S+)$", found, re.M)
        if m:  # dpkg records /lib or /usr/lib, whichever the package shipped (merged /usr)
            p = m.group(1)
            paths[p] = paths[p.removeprefix("/usr") if p.startswith("/usr/") else "/usr" + p] = soname
    out = subprocess.run(["dpkg", "-S", *paths], capture_output=True, text=True).stdout
    return {paths[path.strip()]: pkg.split(":")[0] for pkg, _, path in (line.partition(": ") for line in out.splitlines())
            if path.strip() in paths}


def test_apt_line_names_every_library_the_xcb_plugin_links_to():
    plugin = display.xcb_plugin()
    if plugin is None:
        pytest.skip("Qt's xcb plugin (PySide6/Qt/plugins/platforms/libqxcb.so) is not installed here")
    links = _system_links(plugin)
    assert "libxcb-icccm.so.4" in links and "libEGL.so.1" in links  # the walk found the known ones
    packages = {display.debian_package(s) for s in links}
    if shutil.which("dpkg") and Path("/sbin/ldconfig").exists():
        owners = _dpkg_owners(links)  # the naming rule agrees with dpkg wherever a library is installed
        assert len(owners) >= len(links) // 2
        assert {s: display.debian_package(s) for s in owners} == owners
    readme = _apt_packages(_bash_blocks(_readme())[0]) - {"python3-venv"}
    assert readme == packages - APT_BASE, (
        f"README apt line lacks {sorted(packages - APT_BASE - readme)}, has extra {sorted(readme - packages)}")


def test_readme_screenshot_exists():
    (img,) = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", _readme())
    assert (ROOT / img).stat().st_size > 10_000


def test_readme_presets_exist():
    from bonegui.scenario import presets

    ids = {p.id for p in presets()}
    named = set(re.findall(r"--preset ([a-z0-9_]+)", _readme()))
    assert named and named <= ids, named - ids
